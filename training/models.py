"""Training content (Wagtail pages, skill-area snippet) and learner records.

Page tree: HomePage → CourseIndexPage (one) → CoursePage → LessonPage, plus
LearningPathPage under the index. Records (enrolment, progress, assists, completion)
are written only through ``training.services``.

Steps: every block of a lesson body is one step of the guided mode, in order, and is
identified by its StreamField block id (so re-ordering a published lesson never
marks the wrong step done).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import EnglishTitleMixin, prefer_english

from .blocks import LessonBodyBlock


class SkillArea(models.Model):
    """A shared taxonomy: assessments, certificates and incentives point here."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("skill area")
        verbose_name_plural = _("skill areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if prefer_english() and self.name_en:
            return self.name_en
        return self.name


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    STAFF = "staff", _("Community staff")
    EVERYONE = "everyone", _("Everyone")


class Level(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")


class CourseIndexPage(EnglishTitleMixin, Page):  # noqa: DJ008 - Page.__str__ is the title
    """The catalogue: every course, filtered by audience, skill area and level."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["training.CoursePage", "training.LearningPathPage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("title_en"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue_for

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = catalogue_for(index_page=self, request=request)
        return context


class CoursePage(EnglishTitleMixin, Page):  # noqa: DJ008 - Page.__str__ is the title
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.EVERYONE,
    )
    skill_area = models.ForeignKey(
        SkillArea,
        verbose_name=_("skill area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.BEGINNER
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("cover image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Required when there is a cover image: what does the picture show?"
        ),
    )
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    summary_en = models.TextField(_("English summary"), max_length=500, blank=True)
    learning_outcomes = models.TextField(
        _("learning outcomes"),
        blank=True,
        help_text=_("One outcome per line."),
    )
    learning_outcomes_en = models.TextField(
        _("English learning outcomes"),
        blank=True,
        help_text=_("One outcome per line, in the same order."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisite courses"),
        symmetrical=False,
        blank=True,
        related_name="required_by",
    )
    requires_passed_test = models.BooleanField(
        _("completion also needs a passed skill test"),
        default=False,
        help_text=_("The skill test is linked from the assessments section."),
    )

    parent_page_types = ["training.CourseIndexPage"]
    subpage_types = ["training.LessonPage"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_en"),
        index.SearchField("summary"),
        index.SearchField("summary_en"),
        index.SearchField("learning_outcomes"),
        index.FilterField("audience"),
        index.FilterField("level"),
        index.FilterField("skill_area"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("audience"), FieldPanel("level")]),
                FieldPanel("skill_area"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Who and what"),
        ),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_alt")],
            heading=_("Cover"),
        ),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        FieldPanel("learning_outcomes"),
        FieldPanel("learning_outcomes_en"),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
        FieldPanel("requires_passed_test"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self) -> None:
        super().clean()
        if self.cover_image_id and not (self.cover_alt or "").strip():
            raise ValidationError(
                {
                    "cover_alt": _(
                        "Describe the cover picture for people who cannot see it."
                    )
                }
            )

    @property
    def display_summary(self) -> str:
        if prefer_english() and self.summary_en:
            return self.summary_en
        return self.summary

    @property
    def summary_is_english(self) -> bool:
        return prefer_english() and bool(self.summary_en)

    @property
    def outcomes_are_english(self) -> bool:
        return prefer_english() and bool(self.learning_outcomes_en.strip())

    @property
    def outcome_list(self) -> list[str]:
        """Outcomes in the viewer's language when given, else the Chinese ones."""
        text = (
            self.learning_outcomes_en
            if self.outcomes_are_english
            else self.learning_outcomes
        )
        return [line.strip() for line in text.splitlines() if line.strip()]

    #: Related rows the course page shows, kept with the page in the route cache
    #: (cms.pagecache.remember_route).
    route_cache_related = ("skill_area", "cover_image")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_detail_for

        context = super().get_context(request, *args, **kwargs)
        context["detail"] = course_detail_for(course=self, request=request)
        return context


class LessonPage(EnglishTitleMixin, Page):  # noqa: DJ008 - Page.__str__ is the title
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("steps"), blank=True)
    #: len(body), kept on save so course outlines need not load every body.
    steps_total = models.PositiveIntegerField(
        _("number of steps"), default=0, editable=False
    )

    parent_page_types = ["training.CoursePage"]
    subpage_types: list[str] = []

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def save(self, *args, **kwargs):
        self.steps_total = len(self.body.raw_data)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "steps_total"}
        return super().save(*args, **kwargs)

    @property
    def step_count(self) -> int:
        return len(self.body.raw_data)

    def step_url(self, number: int) -> str:
        return reverse("training:step", args=[self.pk, number])

    def serve(self, request, *args, **kwargs):
        from . import views

        return views.lesson_serve(request, self)

    def serve_preview(self, request, mode_name):
        # Editors preview every block on one page, without enrolment checks.
        from . import views

        return views.lesson_preview(request, self)


class LearningPathPage(EnglishTitleMixin, Page):  # noqa: DJ008 - Page.__str__ is the title
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    summary_en = models.TextField(_("English summary"), max_length=500, blank=True)

    parent_page_types = ["training.CourseIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        InlinePanel("path_courses", label=_("Courses, in order"), min_num=1),
    ]

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    @property
    def display_summary(self) -> str:
        if prefer_english() and self.summary_en:
            return self.summary_en
        return self.summary

    def get_context(self, request, *args, **kwargs):
        from .selectors import path_detail_for

        context = super().get_context(request, *args, **kwargs)
        context["detail"] = path_detail_for(path=self, request=request)
        return context


class LearningPathCourse(Orderable):
    path = ParentalKey(
        LearningPathPage, on_delete=models.CASCADE, related_name="path_courses"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("course", "training.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("course in a path")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "course"], name="path_course_unique"
            )
        ]


# --- learner records -------------------------------------------------------


class Enrolment(models.Model):
    class How(models.TextChoices):
        SELF = "self", _("Enrolled themselves")
        BY_STAFF = "by_staff", _("Enrolled by a staff member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    how = models.CharField(
        _("how"), max_length=16, choices=How.choices, default=How.SELF
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    current_step = models.PositiveIntegerField(_("current step"), default=1)
    completed_steps = models.JSONField(
        _("completed step ids"), default=list, blank=True
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last activity"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    #: When the lesson was marked finished before finishing meant doing its practice
    #: steps (kept by the data migration that reopened it; never set afterwards).
    unverified_completed_at = models.DateTimeField(
        _("marked finished without its practice at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="lessonprogress_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson} · {self.current_step}"


class StepAssist(models.Model):
    """A community helper sat with the learner for this step (or the whole lesson)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="assisted_steps",
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        on_delete=models.CASCADE,
        related_name="assists_given",
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="+"
    )
    #: 0 means the whole lesson was marked done with help (normal mode).
    step = models.PositiveIntegerField(_("step"), default=0)
    block_id = models.CharField(_("step id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("helped at"), default=timezone.now)

    class Meta:
        verbose_name = _("assisted step")
        verbose_name_plural = _("assisted steps")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "helper", "lesson", "block_id"],
                name="stepassist_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.helper} helped {self.learner} ({self.lesson}, {self.step})"


class CourseCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="coursecompletion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.course}"


class ReopenedCompletion(models.Model):
    """A course completion recorded before completion required the practice steps,
    reopened because they were not done. Kept so who finished what, and when, is
    not lost; completion reports count only ``CourseCompletion``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("marked completed at"))
    reopened_at = models.DateTimeField(_("reopened at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reopened course completion")
        verbose_name_plural = _("reopened course completions")

    def __str__(self) -> str:
        return f"{self.user} ↺ {self.course}"


class Booklet(models.Model):
    """A large-print PDF of a lesson or a whole course, cached per content version.

    ``key`` names one version: the page, its published revision (and a digest of the
    content, so a page changed without a revision still gets a new file), the
    language and the help contact printed on every page. Rows of a page with an
    older version are removed (files too) when a newer one is rendered.
    """

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson")
        COURSE = "course", _("Course")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("version key"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.CharField(_("content version"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    help_phone = models.CharField(_("help phone"), max_length=32, blank=True)
    help_place = models.CharField(_("help place"), max_length=200, blank=True)
    help_address = models.TextField(_("help address"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("PDF file"), upload_to="booklets/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("large-print booklet")
        verbose_name_plural = _("large-print booklets")
        indexes = [models.Index(fields=["page", "language"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.page_id} · {self.language} · {self.status}"


__all__ = [
    "Audience",
    "Booklet",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LearningPathCourse",
    "LearningPathPage",
    "LessonPage",
    "LessonProgress",
    "Level",
    "ReopenedCompletion",
    "SkillArea",
    "StepAssist",
]
