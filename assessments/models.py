"""Question bank, skill tests, attempts and answers.

A Question points at its current QuestionVersion; versions are never changed once
written, so an attempt (which freezes the version ids it drew in ``Attempt.layout``) is
always graded and reviewed against exactly what the person saw. The stored spec is the
engine's QuestionSpec as JSON (see spec_json.py).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cms.immutable import AppendOnlyModel


class QuestionKind(models.TextChoices):
    TRUEFALSE = "truefalse", _("True / false")
    MULTICHOICE = "multichoice", _("Single choice")
    MULTIRESPONSE = "multiresponse", _("Multiple response")
    SHORTANSWER = "shortanswer", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    ESSAY = "essay", _("Essay / practical")
    DESCRIPTION = "description", _("Description (no marks)")


MANUAL_KINDS = {QuestionKind.ESSAY}
UNMARKED_KINDS = {QuestionKind.DESCRIPTION}


class QuestionCategory(models.Model):
    """A folder of the question bank; ``path`` is "Parent/Child/Grandchild"."""

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path or self.name

    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = (
                QuestionCategory.objects.filter(pk=self.pk)
                .values_list("path", flat=True)
                .first()
            )
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def clean(self) -> None:
        if "/" in (self.name or ""):
            raise ValidationError({"name": _("A category name cannot contain “/”.")})
        node = self.parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A category cannot sit inside itself.")}
                )
            node = node.parent
        path = self.compute_path()
        clash = QuestionCategory.objects.filter(path=path).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "name": _("There is already a category called %(path)s.")
                    % {"path": path}
                }
            )

    def compute_path(self) -> str:
        name = (self.name or "").strip()
        return f"{self.parent.path}/{name}" if self.parent_id else name

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def descendant_ids(self) -> list[int]:
        return list(
            QuestionCategory.objects.filter(
                Q(pk=self.pk) | Q(path__startswith=self.path + "/")
            ).values_list("pk", flat=True)
        )


class Question(models.Model):
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = models.ManyToManyField(
        "training.SkillArea",
        verbose_name=_("skill areas"),
        blank=True,
        related_name="questions",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    #: Set while a background GIFT import is still running: such questions are
    #: hidden everywhere until the whole import succeeds (then this is cleared in
    #: one statement), and deleted with the job if it fails.
    import_job = models.ForeignKey(
        "GiftImportJob",
        verbose_name=_("being imported by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__path", "name"]
        indexes = [models.Index(fields=["category", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def version_number(self) -> int:
        return self.current_version.number if self.current_version_id else 0


class QuestionVersion(models.Model):
    """One immutable state of a question. ``spec`` is QuestionSpec as JSON."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    spec = models.JSONField(_("specification"))
    #: Essay/practical rubric: [{"label": str, "max_points": "2"}, ...].
    rubric = models.JSONField(_("rubric"), default=list, blank=True)
    source_gift = models.TextField(_("GIFT source"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="questionversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("allow_change", False):
            raise ValueError("Question versions are immutable; create a new one.")
        super().save(*args, **kwargs)

    @cached_property
    def as_spec(self):
        from .spec_json import spec_from_json

        return spec_from_json(self.spec)


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest grade")
    AVERAGE = "average", _("Average grade")
    FIRST = "first", _("First attempt")
    LAST = "last", _("Last attempt")


class ReviewLevel(models.TextChoices):
    SCORE = "score", _("Score only")
    FEEDBACK = "feedback", _("Score and feedback")
    ANSWERS = "answers", _("Score, feedback and correct answers")


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after submitting")
    AFTER_CLOSE = "after_close", _("After the test closes")


class Audience(models.TextChoices):
    STAFF = "staff", _("Community staff")
    RESIDENT = "resident", _("Residents (gentle check)")


class SkillTest(ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skill_tests",
        help_text=_(
            "If the course needs a passed skill test, passing this one completes it."
        ),
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.STAFF
    )
    is_published = models.BooleanField(_("published"), default=True)
    pass_mark_percent = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no time limit."),
    )
    grace_seconds = models.PositiveIntegerField(
        _("grace period (seconds)"),
        default=60,
        help_text=_(
            "Answers arriving this long after the deadline are still accepted."
        ),
    )
    max_attempts = models.PositiveIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means unlimited.")
    )
    wait_minutes = models.PositiveIntegerField(
        _("wait between attempts (minutes)"), default=0
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=16,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    review_level = models.CharField(
        _("what people see after submitting"),
        max_length=16,
        choices=ReviewLevel.choices,
        default=ReviewLevel.FEEDBACK,
    )
    review_when = models.CharField(
        _("when feedback is shown"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
    )
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)
    allow_all_on_one_page = models.BooleanField(
        _("allow all questions on one page"),
        default=True,
        help_text=_("Staff may choose to see every question on one page."),
    )
    is_practice = models.BooleanField(
        _("practice mode"),
        default=False,
        help_text=_("Practice attempts are never counted towards grades or courses."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("skill test")
        verbose_name_plural = _("skill tests")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title_en and (get_language() or "").startswith("en"):
            return self.title_en
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The test must close after it opens.")}
            )

    def is_open(self, now) -> bool:
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class TestSlot(models.Model):
    """One place in a test: a fixed question, or N drawn at random from a pool."""

    __test__ = False  # not a pytest class, despite the name

    test = ParentalKey(
        SkillTest,
        verbose_name=_("test"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0, editable=False)
    section = models.CharField(
        _("section"),
        max_length=120,
        blank=True,
        help_text=_("Slots with the same section title are shown together."),
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("fixed question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"import_job__isnull": True},
    )
    random_category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("random from category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    include_subcategories = models.BooleanField(
        _("include subcategories"), default=True
    )
    random_tag = models.ForeignKey(
        "training.SkillArea",
        verbose_name=_("random from skill area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Draw from every question tagged with this skill area."),
    )
    random_count = models.PositiveIntegerField(
        _("how many at random"), default=1, validators=[MinValueValidator(1)]
    )
    marks = models.DecimalField(
        _("marks per question"), max_digits=6, decimal_places=2, default=Decimal(1)
    )

    panels = [
        "section",
        "question",
        "random_category",
        "include_subcategories",
        "random_tag",
        "random_count",
        "marks",
    ]

    class Meta:
        verbose_name = _("test slot")
        verbose_name_plural = _("test slots")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        if self.question_id:
            return str(self.question)
        return f"{self.random_count} × {self.random_category or self.random_tag}"

    def clean(self) -> None:
        sources = [
            bool(self.question_id),
            bool(self.random_category_id or self.random_tag_id),
        ]
        if sources.count(True) != 1:
            raise ValidationError(
                _(
                    "Choose either a fixed question, or a category or skill area to "
                    "draw from."
                )
            )
        if self.marks is not None and self.marks < 0:
            raise ValidationError({"marks": _("Marks cannot be negative.")})


class Accommodation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="test_accommodations",
    )
    test = models.ForeignKey(
        SkillTest,
        verbose_name=_("test"),
        on_delete=models.CASCADE,
        related_name="accommodations",
    )
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    no_time_limit = models.BooleanField(_("no time limit"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "test"], name="accommodation_unique_user_test"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.test}"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    NEEDS_GRADING = "needs_grading", _("Waiting for a reviewer")
    GRADED = "graded", _("Graded")


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="test_attempts",
    )
    test = models.ForeignKey(
        SkillTest,
        verbose_name=_("test"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    number = models.PositiveIntegerField(_("attempt number"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=AttemptState.choices,
        default=AttemptState.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    grace_seconds = models.PositiveIntegerField(_("grace (seconds)"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted automatically"), default=False)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    marks = models.DecimalField(
        _("marks"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    max_marks = models.DecimalField(
        _("maximum marks"), max_digits=9, decimal_places=4, default=Decimal(0)
    )
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    is_practice = models.BooleanField(_("practice"), default=False)
    #: Frozen when the attempt starts: [{"slot": id, "section": str, "version": id,
    #: "question": id, "kind": str, "marks": "1", "order": [source indexes]}, ...].
    layout = models.JSONField(_("layout"), default=list)
    submit_token = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "test", "number"], name="attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["user", "test"],
                condition=Q(state="in_progress"),
                name="attempt_one_in_progress",
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.test} #{self.number}"

    @property
    def hard_deadline(self):
        if self.deadline is None:
            return None
        return self.deadline + timedelta(seconds=self.grace_seconds)

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        hard = self.hard_deadline
        return hard is not None and now > hard

    @property
    def is_finished(self) -> bool:
        return self.state != AttemptState.IN_PROGRESS

    @property
    def question_count(self) -> int:
        return len(self.layout)


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("attempt"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    position = models.PositiveIntegerField(_("position"))
    version = models.ForeignKey(
        QuestionVersion,
        verbose_name=_("question version"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    marks = models.DecimalField(
        _("marks available"), max_digits=6, decimal_places=2, default=Decimal(1)
    )
    response = models.JSONField(_("response"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)
    fraction = models.DecimalField(
        _("fraction"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    needs_manual = models.BooleanField(_("needs a reviewer"), default=False)
    rubric_scores = models.JSONField(_("rubric scores"), default=list, blank=True)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grader_comment = models.TextField(_("reviewer comment"), blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="attemptanswer_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"

    @property
    def is_answered(self) -> bool:
        return self.response not in (None, "", [], {})


class MarkChangeKind(models.TextChoices):
    GRADE = "grade", _("Graded by a reviewer")
    OVERRIDE = "override", _("Mark changed")


class MarkChange(AppendOnlyModel):
    """Append-only history of marks given by hand, per attempt.

    A reviewer's grade of a written answer and every later change of any mark
    (an override, which needs the ``override_mark`` permission and a reason) add one
    row: who, when, the answer's mark before and after, and the attempt's score and
    pass state before and after. Rows are never changed or deleted.
    """

    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("attempt"),
        on_delete=models.CASCADE,
        related_name="mark_changes",
    )
    answer = models.ForeignKey(
        AttemptAnswer,
        verbose_name=_("answer"),
        on_delete=models.CASCADE,
        related_name="mark_changes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MarkChangeKind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Kept so the history still says who it was if the account is removed.
    changed_by_name = models.CharField(_("changed by (name)"), max_length=150)
    changed_at = models.DateTimeField(_("changed"))
    old_fraction = models.DecimalField(
        _("mark before"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    new_fraction = models.DecimalField(_("mark after"), max_digits=8, decimal_places=7)
    old_score_percent = models.DecimalField(
        _("score before (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    new_score_percent = models.DecimalField(
        _("score after (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    old_passed = models.BooleanField(_("passed before"), null=True, blank=True)
    new_passed = models.BooleanField(_("passed after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("mark change")
        verbose_name_plural = _("mark changes")
        ordering = ["attempt", "changed_at", "pk"]
        permissions = [
            (
                "override_mark",
                _("Can change a mark already given (with a reason)"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.old_fraction} → {self.new_fraction}"

    @classmethod
    def append_only_error(cls, action: str) -> Exception:
        return ValueError("The mark history is append-only.")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for you to confirm")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing was imported")


class GiftImportJob(models.Model):
    """A GIFT upload kept on the server from preview to import.

    The preview stores the text here and the confirm step only names the job (its
    ``token``), so nothing is sent twice. The import runs in a background task in
    short transactions; ``processed`` says how far it got (it resumes from there),
    and the questions stay hidden (``Question.import_job``) until all are in.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    text = models.TextField(_("GIFT text"))
    category_path = models.CharField(_("category path"), max_length=500)
    partial = models.BooleanField(_("import the good questions only"), default=False)
    skip_existing = models.BooleanField(default=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEWED,
    )
    total = models.PositiveIntegerField(_("questions"), default=0)
    processed = models.PositiveIntegerField(_("done so far"), default=0)
    created_count = models.PositiveIntegerField(_("imported"), default=0)
    skipped_count = models.PositiveIntegerField(_("already there"), default=0)
    #: Categories this job created, so a failed import can remove them again.
    created_categories = models.JSONField(default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("GIFT import")
        verbose_name_plural = _("GIFT imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.category_path} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, self.processed * 100 // self.total)

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
