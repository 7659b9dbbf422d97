"""Practice: tasks with rubrics, submissions with versions and files, reviews,
digital-helper sessions, residents' stories and the append-only points ledger.

Records are written only through ``practice.services``; reads go through
``practice.selectors``. Ledger rows can be added, never changed or deleted
(corrections are new rows), so the model and its queryset refuse updates/deletes.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from cms.immutable import AppendOnlyModel
from cms.models import prefer_english

ZERO = Decimal(0)


def _display(zh: str, en: str) -> str:
    return en if prefer_english() and en else zh


# --------------------------------------------------------------------- rubrics


class Rubric(ClusterableModel):
    """Criteria with maximum points and level descriptors; reusable between tasks."""

    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("description"),
        InlinePanel("criteria", heading=_("Criteria"), label=_("Criterion"), min_num=1),
    ]

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return _display(self.title, self.title_en)

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all()), ZERO)


class RubricCriterion(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion (Chinese)"), max_length=200)
    title_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    levels = models.TextField(
        _("level descriptors"),
        blank=True,
        help_text=_(
            "One level per line, best first, e.g. “10: clear chart with a title”."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldPanel("max_points"),
        FieldPanel("levels"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return _display(self.title, self.title_en)

    @property
    def level_lines(self) -> list[str]:
        return [line.strip() for line in self.levels.splitlines() if line.strip()]


# --------------------------------------------------------------------- tasks


class PointsMode(models.TextChoices):
    FIXED = "fixed", _("Fixed points when accepted")
    SCALED = "scaled", _("Scaled by the rubric score")


class PracticeTask(ClusterableModel):
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    brief = RichTextField(_("brief (Chinese)"))
    brief_en = RichTextField(_("brief (English)"), blank=True)
    accepts_text = models.BooleanField(_("accepts text"), default=True)
    accepts_files = models.BooleanField(_("accepts files"), default=True)
    accepts_link = models.BooleanField(_("accepts a link"), default=False)
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skill_area = models.ForeignKey(
        "training.SkillArea",
        verbose_name=_("skill area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_tasks",
    )
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    points = models.DecimalField(
        _("points when accepted"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(ZERO)],
    )
    points_mode = models.CharField(
        _("how points are given"),
        max_length=8,
        choices=PointsMode.choices,
        default=PointsMode.FIXED,
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    communities = ParentalManyToManyField(
        "accounts.OrgUnit",
        verbose_name=_("communities"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to open the task to staff of every community."),
    )
    reviewer_group = models.ForeignKey(
        Group,
        verbose_name=_("reviewer group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named reviewers"),
        blank=True,
        related_name="+",
    )
    reviews_required = models.PositiveSmallIntegerField(
        _("independent reviews"),
        choices=[(1, _("One review")), (2, _("Two independent reviews"))],
        default=1,
    )
    review_margin = models.DecimalField(
        _("third review when the two scores differ by more than (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(100))],
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
                FieldPanel("brief"),
                FieldPanel("brief_en"),
                FieldRowPanel(
                    [
                        FieldPanel("accepts_text"),
                        FieldPanel("accepts_files"),
                        FieldPanel("accepts_link"),
                    ],
                    heading=_("What people hand in"),
                ),
                FieldRowPanel([FieldPanel("course"), FieldPanel("skill_area")]),
            ],
            heading=_("About the task"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("rubric"),
                FieldRowPanel([FieldPanel("points"), FieldPanel("points_mode")]),
                FieldRowPanel(
                    [FieldPanel("reviews_required"), FieldPanel("review_margin")]
                ),
            ],
            heading=_("Scoring"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("due_at")]),
                FieldPanel("communities"),
                FieldPanel("reviewer_group"),
                FieldPanel("reviewers"),
                FieldPanel("is_published"),
            ],
            heading=_("Who and when"),
        ),
    ]

    class Meta:
        verbose_name = _("practice task")
        verbose_name_plural = _("practice tasks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return _display(self.title, self.title_en)

    @property
    def display_brief(self) -> str:
        return _display(self.brief, self.brief_en)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not (self.accepts_text or self.accepts_files or self.accepts_link):
            errors.setdefault("accepts_text", []).append(
                _("Choose at least one kind of deliverable.")
            )
        if self.opens_at and self.due_at and self.due_at <= self.opens_at:
            errors.setdefault("due_at", []).append(
                _("The due date must come after the opening date.")
            )
        if self.points_mode == PointsMode.SCALED and not self.rubric_id:
            errors.setdefault("points_mode", []).append(
                _("Scaled points need a rubric: choose one, or give fixed points.")
            )
        if self.reviews_required == 2 and not self.rubric_id:
            errors.setdefault("reviews_required", []).append(
                _("Two independent reviews are compared by rubric score: add a rubric.")
            )
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_published:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return True

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.due_at and now > self.due_at)


# --------------------------------------------------------------------- submissions


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Handed in, waiting for review")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class Decision(models.TextChoices):
    ACCEPT = "accepted", _("Accept")
    RETURN = "returned", _("Return for revision")
    REJECT = "rejected", _("Reject")


class Submission(models.Model):
    """One person's work on one task; each hand-in is a ``SubmissionVersion``."""

    task = models.ForeignKey(
        PracticeTask,
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="practice_submissions",
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=SubmissionState.choices,
        default=SubmissionState.DRAFT,
    )
    #: Bumped by every state change; reviewers post the value they saw.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    final_score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Showcase (成果展示)
    share_in_showcase = models.BooleanField(_("shown in the showcase"), default=False)
    share_publicly = models.BooleanField(_("shown on the public site"), default=False)
    showcase_title = models.CharField(_("showcase title"), max_length=200, blank=True)
    showcase_summary = models.TextField(_("showcase summary"), blank=True)
    featured = models.BooleanField(_("featured"), default=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "author"], name="practice_one_submission_per_task"
            )
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.task} · {self.author}"

    @property
    def is_editable(self) -> bool:
        return self.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)


class SubmissionVersion(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    link = models.URLField(_("link"), blank=True)
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Decision.choices, blank=True
    )
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="practice_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


def _file_token() -> str:
    return secrets.token_urlsafe(24)


class SubmissionFile(models.Model):
    """A checked upload. ``name`` in storage is random; ``original_name`` is shown."""

    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="files"
    )
    token = models.CharField(max_length=64, unique=True, default=_file_token)
    storage_name = models.CharField(max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="practice_reviews",
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["version", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "reviewer"], name="practice_one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.reviewer}"


class CriterionScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["review", "criterion__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="practice_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


# --------------------------------------------------------------------- helper sessions


class HelperSessionState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    EXPIRED = "expired", _("Expired without confirmation")


class HelperSession(models.Model):
    """A staff member helped residents with their phones (数字助老)."""

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="helper_sessions",
    )
    community = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("started at"))
    ends_at = models.DateTimeField(_("ended at"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    residents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("residents helped"),
        blank=True,
        related_name="helper_sessions_received",
    )
    residents_without_account = models.PositiveSmallIntegerField(
        _("residents without an account"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=HelperSessionState.choices,
        default=HelperSessionState.PENDING,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("helper session")
        verbose_name_plural = _("helper sessions")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["helper", "starts_at"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.helper} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def residents_count(self) -> int:
        return len(self.residents.all()) + self.residents_without_account


# --------------------------------------------------------------------- stories


class ResidentStory(models.Model):
    """“张阿姨第一次自己挂上了号”: a short story, shown only with recorded consent."""

    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("story"))
    shown_name = models.CharField(
        _("name shown"),
        max_length=50,
        help_text=_("How the resident agreed to be called, e.g. 张阿姨."),
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident (if they have an account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    community = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skill_area = models.ForeignKey(
        "training.SkillArea",
        verbose_name=_("skill area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_note = models.CharField(
        _("how consent was given"),
        max_length=200,
        blank=True,
        help_text=_(
            "e.g. signed paper form kept at the centre; said yes on the phone."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    share_publicly = models.BooleanField(_("shown on the public site"), default=False)
    featured = models.BooleanField(_("featured"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldPanel("story"),
        FieldRowPanel([FieldPanel("shown_name"), FieldPanel("resident")]),
        FieldRowPanel([FieldPanel("community"), FieldPanel("skill_area")]),
        FieldRowPanel([FieldPanel("consent_given_on"), FieldPanel("consent_note")]),
        FieldRowPanel(
            [
                FieldPanel("is_published"),
                FieldPanel("share_publicly"),
                FieldPanel("featured"),
            ]
        ),
    ]

    class Meta:
        verbose_name = _("resident's story")
        verbose_name_plural = _("residents' stories")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (self.is_published or self.share_publicly) and not (
            self.consent_given_on and self.consent_note.strip()
        ):
            raise ValidationError(
                {
                    "consent_note": _(
                        "Record the resident's consent (date and how) before the "
                        "story is shown."
                    )
                }
            )


# --------------------------------------------------------------------- ledger


class LedgerImmutable(Exception):
    """Ledger entries are never changed or deleted: add a correction instead."""


class PointsKind(models.TextChoices):
    TASK = "task", _("Accepted practice task")
    HELPER = "helper", _("Confirmed helper session")
    ADJUSTMENT = "adjustment", _("Adjustment by HR")
    CORRECTION = "correction", _("Correction")


class PointsEntry(AppendOnlyModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="practice_points",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PointsKind.choices)
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=2)
    #: The day the points count for (balances over a period use this).
    occurred_on = models.DateField(_("counts on"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    submission = models.OneToOneField(
        Submission,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_entry",
    )
    helper_session = models.OneToOneField(
        HelperSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_entry",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["user", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.user} {self.points:+} ({self.get_kind_display()})"

    @classmethod
    def append_only_error(cls, action: str) -> Exception:
        verb = {"update": "updated", "delete": "deleted"}.get(action, "changed")
        return LedgerImmutable(f"points entries cannot be {verb}; add a correction")
