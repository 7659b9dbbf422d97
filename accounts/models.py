"""People, their place in the community, their staff post and their preferences.

The custom user exists from migration 0001. Roles are Django groups (see roles.py).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# AppendOnlyError is re-exported: callers catch it from here.
from cms.immutable import AppendOnlyError, AppendOnlyModel  # noqa: F401

PHONE_VALIDATOR = RegexValidator(
    regex=r"^1[3-9]\d{9}$",
    message=_(
        "Enter a mainland China mobile number: 11 digits starting with 13–19, "
        "e.g. 13812345678."
    ),
    code="invalid_phone",
)


class OrgUnit(models.Model):
    """A small tree: district → street → community."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")
        COMMUNITY = "community", _("Community")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    help_phone = models.CharField(_("help phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="orgunit_unique_name"
            )
        ]

    PARENT_KIND = {Kind.STREET: Kind.DISTRICT, Kind.COMMUNITY: Kind.STREET}

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = self.PARENT_KIND.get(self.kind)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("A district has no parent unit.")})
        wrong_parent = self.parent is None or self.parent.kind != expected
        if expected is not None and wrong_parent:
            raise ValidationError(
                {
                    "parent": _("This kind of unit must sit under a %(kind)s.")
                    % {"kind": OrgUnit.Kind(expected).label}
                }
            )


class PostType(models.TextChoices):
    CHIEF = "chief", _("Community head (社区正职)")
    DEPUTY = "deputy", _("Community deputy (社区副职)")
    OTHER = "other", _("Other community staff (其他工作人员)")


#: Earliest birth year we accept; the latest is the current year.
BIRTH_YEAR_MIN = 1900


def normalize_phone(value: str | None) -> str | None:
    """Strip what people type around a mainland mobile number: spaces, dashes, +86."""
    if value is None:
        return None
    digits = "".join(ch for ch in str(value).strip() if ch not in " -()\u3000")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    return digits or None


#: Allowed grade range for each post type (the community pay scale).
GRADE_RANGES: dict[str, tuple[int, int]] = {
    PostType.CHIEF: (7, 18),
    PostType.DEPUTY: (4, 15),
    PostType.OTHER: (1, 12),
}


class TextSize(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    LARGE = 1, _("Large")
    LARGER = 2, _("Larger")
    LARGEST = 3, _("Largest")


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(
        _("mobile phone"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[PHONE_VALIDATOR],
        error_messages={"unique": _("This mobile number is already registered.")},
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    # Staff facts
    employee_number = models.CharField(
        _("employee number"), max_length=32, null=True, blank=True, unique=True
    )
    post_type = models.CharField(
        _("post type"), max_length=16, choices=PostType.choices, blank=True
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
    )
    grade_since = models.DateField(_("grade since"), null=True, blank=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    # Preferences
    text_size = models.PositiveSmallIntegerField(
        _("text size"), choices=TextSize.choices, default=TextSize.NORMAL
    )
    high_contrast = models.BooleanField(_("high contrast"), default=False)
    elder_mode = models.BooleanField(_("elder mode"), default=False)
    auto_read_aloud = models.BooleanField(_("read aloud automatically"), default=False)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
    )
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.phone == "":
            self.phone = None
        if self.employee_number == "":
            self.employee_number = None
        errors: dict[str, list] = {}
        if self.grade is not None and not self.post_type:
            errors.setdefault("post_type", []).append(
                _("Choose a post type before setting a grade.")
            )
        if self.post_type and self.grade is not None:
            low, high = GRADE_RANGES[self.post_type]
            if not low <= self.grade <= high:
                errors.setdefault("grade", []).append(
                    _(
                        "Grade %(grade)s is outside the range %(low)s–%(high)s "
                        "for %(post)s."
                    )
                    % {
                        "grade": self.grade,
                        "low": low,
                        "high": high,
                        "post": PostType(self.post_type).label,
                    }
                )
        self._clean_dates(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_dates(self, errors: dict[str, list]) -> None:
        today = timezone.localdate()
        if self.birth_year is not None and not (
            BIRTH_YEAR_MIN <= self.birth_year <= today.year
        ):
            errors.setdefault("birth_year", []).append(
                _("Enter a birth year between %(low)s and %(high)s, e.g. 1956.")
                % {"low": BIRTH_YEAR_MIN, "high": today.year}
            )
        for field in ("hire_date", "grade_since"):
            value = getattr(self, field)
            if value is not None and value > today:
                errors.setdefault(field, []).append(
                    _("This date is in the future. Enter a date up to today.")
                )
        if (
            self.grade_since is not None
            and self.hire_date is not None
            and self.grade_since < self.hire_date
        ):
            errors.setdefault("grade_since", []).append(
                _("The grade cannot start before the hire date (%(date)s).")
                % {"date": self.hire_date.isoformat()}
            )
        if (
            self.birth_year is not None
            and self.hire_date is not None
            and self.hire_date.year - self.birth_year < 16
        ):
            errors.setdefault("hire_date", []).append(
                _("The hire date must be at least 16 years after the birth year.")
            )

    @property
    def name_for_display(self) -> str:
        return str(self)


#: The staff facts HR keeps; every change to one is recorded in StaffFactChange.
STAFF_FACT_FIELDS = (
    "post_type",
    "grade",
    "grade_since",
    "hire_date",
    "org_unit",
    "employee_number",
)


class StaffFactChange(AppendOnlyModel):
    """One change to one staff fact: who changed it, when, before → after.

    Append-only; written only by ``accounts.services.staff_facts_update`` (and
    account creation). The incentives stage reads it through
    ``accounts.selectors.staff_fact_history``. Values are stored as text (dates in
    ISO form, the community as its id) so a row never changes meaning later.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="staff_fact_changes",
    )
    actor = models.ForeignKey(
        User,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    field = models.CharField(_("field"), max_length=32)
    old_value = models.CharField(_("before"), max_length=100, blank=True)
    new_value = models.CharField(_("after"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("staff fact change")
        verbose_name_plural = _("staff fact changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["user", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.field}: {self.old_value} → {self.new_value}"


class OneTimePasswordIssue(AppendOnlyModel):
    """Audit: who gave a resident a one-time password, and when (never the password)."""

    class Reason(models.TextChoices):
        REGISTERED = "registered", _("Registered at the community centre")
        RESET = "reset", _("New one-time password")

    resident = models.ForeignKey(
        User,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="one_time_passwords",
    )
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)

    class Meta:
        verbose_name = _("one-time password issued")
        verbose_name_plural = _("one-time passwords issued")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.resident_id} ← {self.issued_by_id} ({self.reason})"
