"""Incentive facts, policies, eligibility cases and the records HR approval creates.

Staff facts (employee number, post type, grade, grade since, hire date) stay on
``accounts.User``. Here: annual appraisals, external qualifications, policies with their
rules, eligibility cases found by the engine, and the immutable promotion/reward records
and audit log. Records are never edited or deleted; a correction is a reversal record.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cms.immutable import DELETE, AppendOnlyModel


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    QUALIFIED = "qualified", _("Qualified (合格)")
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified (基本合格)")
    UNQUALIFIED = "unqualified", _("Unqualified (不合格)")


class Level(models.IntegerChoices):
    JUNIOR = 1, _("Junior (初级)")
    INTERMEDIATE = 2, _("Intermediate (中级)")
    SENIOR = 3, _("Senior (高级)")


class Appraisal(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual appraisal")
        verbose_name_plural = _("annual appraisals")
        ordering = ["user_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year"], name="appraisal_one_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.year} {self.get_rating_display()}"


class ExternalQualification(models.Model):
    """A professional qualification from elsewhere (e.g. 社会工作师), verified by HR."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="external_qualifications",
    )
    kind = models.SlugField(
        _("kind"),
        max_length=64,
        help_text=_("A short code the policy uses, e.g. social_work."),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    number = models.CharField(_("certificate number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    scan = models.FileField(
        _("scan"), upload_to="incentives/qualifications/", blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("external qualification")
        verbose_name_plural = _("external qualifications")
        ordering = ["user_id", "kind", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "level"], name="qualification_one_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.get_level_display()}"

    def clean(self) -> None:
        if self.expires_on and self.issued_on and self.expires_on < self.issued_on:
            raise ValidationError(
                {"expires_on": _("The expiry date is before the issue date.")}
            )


class RuleKind(models.TextChoices):
    GRADE_STEP = "grade_step", _("Grade step")
    ONE_TIME = "one_time", _("One-time award")
    MONTHLY = "monthly", _("Monthly allowance")
    HONOUR = "honour", _("Honour")


class Policy(ClusterableModel):
    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    budget_cap = models.DecimalField(
        _("budget cap (CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active policies are evaluated every night."),
    )
    source = models.TextField(_("source file"), blank=True, editable=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="policy_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": _("The end date is before the start date.")}
            )


class PolicyRule(models.Model):
    policy = ParentalKey(
        Policy, on_delete=models.CASCADE, related_name="rules", verbose_name=_("policy")
    )
    sort_order = models.IntegerField(null=True, blank=True, editable=False)
    code = models.SlugField(_("code"), max_length=64)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    match = models.CharField(
        _("criteria must"),
        max_length=3,
        choices=[("all", _("all be met")), ("any", _("any be met"))],
        default="all",
    )
    criteria = models.JSONField(
        _("criteria"),
        default=list,
        help_text=_("A list of criteria; docs/incentives.md describes each type."),
    )
    grade_delta = models.PositiveSmallIntegerField(_("grades added"), default=0)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    honour_zh = models.CharField(_("honour (Chinese)"), max_length=200, blank=True)
    honour_en = models.CharField(_("honour (English)"), max_length=200, blank=True)
    group = models.SlugField(
        _("highest-only group"),
        max_length=64,
        blank=True,
        help_text=_("Rules in one group: only the highest rank applies."),
    )
    rank = models.PositiveSmallIntegerField(_("rank in group"), default=0)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="rule_unique_code")
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        from .policy_schema import PolicyError, rule_from_dict, rule_to_dict

        try:
            rule_from_dict(rule_to_dict(self), path="rule")
        except PolicyError as exc:
            raise ValidationError(str(exc)) from exc


class CaseStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    SECOND = "second", _("Waiting for a second approver")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    LAPSED = "lapsed", _("No longer eligible")


OPEN_STATUSES = (CaseStatus.PENDING, CaseStatus.SECOND)


class EligibilityCase(models.Model):
    """An outcome the engine found a person eligible for, waiting for HR."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="incentive_cases",
    )
    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        PolicyRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.PENDING,
    )
    found_on = models.DateField(_("found on"))
    grade_from = models.PositiveSmallIntegerField(_("grade from"), null=True)
    grade_to = models.PositiveSmallIntegerField(_("grade to"), null=True)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=10, decimal_places=2, null=True
    )
    ends_on = models.DateField(_("ends on"), null=True)
    summary_zh = models.CharField(_("outcome"), max_length=200)
    summary_en = models.CharField(_("outcome (English)"), max_length=200)
    reasons = models.JSONField(_("reasons"), default=list)
    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility case")
        verbose_name_plural = _("eligibility cases")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rule"],
                condition=models.Q(status__in=["pending", "second"]),
                name="case_one_open_per_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.rule.name_zh} · {self.summary_zh}"

    @property
    def needs_two_approvers(self) -> bool:
        return self.kind == RuleKind.GRADE_STEP


class ImmutableModel(AppendOnlyModel):
    """Decision records and the audit log: append-only, refused with a translated
    validation error (the admin shows it)."""

    class Meta:
        abstract = True

    @classmethod
    def append_only_error(cls, action: str) -> Exception:
        if action == DELETE:
            return ValidationError(_("These records cannot be deleted."))
        return ValidationError(_("These records cannot be changed."))


class PromotionRecord(ImmutableModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="promotion_records",
    )
    case = models.OneToOneField(
        EligibilityCase,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promotion",
    )
    grade_from = models.PositiveSmallIntegerField(_("grade from"))
    grade_to = models.PositiveSmallIntegerField(_("grade to"))
    effective_date = models.DateField(_("effective date"))
    rule_code = models.CharField(_("rule"), max_length=64)
    rule_group = models.CharField(_("group"), max_length=64, blank=True)
    rule_name = models.CharField(_("rule name"), max_length=200)
    policy_name = models.CharField(_("policy"), max_length=100)
    policy_version = models.PositiveIntegerField(_("policy version"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second approver"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("promotion record")
        verbose_name_plural = _("promotion records")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.grade_from}→{self.grade_to} {self.effective_date}"


class RewardRecord(ImmutableModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="reward_records",
    )
    case = models.OneToOneField(
        EligibilityCase,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reward",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=10, decimal_places=2)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    rule_code = models.CharField(_("rule"), max_length=64)
    rule_group = models.CharField(_("group"), max_length=64, blank=True)
    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="+"
    )
    policy_version = models.PositiveIntegerField(_("policy version"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward record")
        verbose_name_plural = _("reward records")
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.amount}"


class AuditEntry(ImmutableModel):
    """Append-only: who did what, when, with the state before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("what"), max_length=64)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class AllowanceEnd(ImmutableModel):
    """A monthly allowance stops: its qualification was revoked or lapsed, or a higher
    allowance replaced it. The allowance record itself stays as it was."""

    record = models.OneToOneField(
        RewardRecord,
        verbose_name=_("allowance"),
        on_delete=models.PROTECT,
        related_name="end",
    )
    ended_on = models.DateField(_("ended on"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("allowance end")
        verbose_name_plural = _("allowance ends")

    def __str__(self) -> str:
        return f"{self.record} → {self.ended_on}"
