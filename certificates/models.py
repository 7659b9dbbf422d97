"""Certificate types (edited in the Wagtail admin) and the certificates people hold.

Records are written only through ``certificates.services``. A certificate is unique per
(holder, type, period): ``period`` counts the validity periods of that person's
certificates of that type (1 for the first, 2 for its renewal, …), so a retried or
duplicated issuing task can never make a second one for the same period.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable

from cms.models import prefer_english

from .requirements import kind_choices


class Level(models.IntegerChoices):
    JUNIOR = 1, _("Junior (初级)")
    INTERMEDIATE = 2, _("Intermediate (中级)")
    SENIOR = 3, _("Senior (高级)")


class Issuer(models.Model):
    """The community organisation that issues certificates (an Open Badges Issuer)."""

    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    url = models.URLField(_("web address"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("url"),
        FieldPanel("email"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = _("certificate issuer")
        verbose_name_plural = _("certificate issuers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if prefer_english() and self.name_en:
            return self.name_en
        return self.name


class CertificateType(ClusterableModel):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Skill certificate (证书)")
        COMPLETION = "completion", _("Completion certificate (结业证书)")

    class Layout(models.TextChoices):
        CLASSIC = "classic", _("Classic: framed, centred")
        MODERN = "modern", _("Modern: colour band on the left")

    class Match(models.TextChoices):
        ALL = "all", _("All of the requirements")
        ANY = "any", _("Any one of the requirements")

    slug = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.CERTIFICATE
    )
    description = models.TextField(_("what it certifies (Chinese)"), blank=True)
    description_en = models.TextField(_("what it certifies (English)"), blank=True)
    skill_area = models.ForeignKey(
        "training.SkillArea",
        verbose_name=_("skill area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate_types",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.JUNIOR
    )
    match = models.CharField(
        _("earned by"), max_length=8, choices=Match.choices, default=Match.ALL
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Leave empty when the certificate never expires."),
    )
    layout = models.CharField(
        _("design"), max_length=16, choices=Layout.choices, default=Layout.CLASSIC
    )
    issuer = models.ForeignKey(
        Issuer,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="certificate_types",
    )
    signatory_name = models.CharField(_("signed by (name)"), max_length=100)
    signatory_title = models.CharField(_("signed by (title)"), max_length=100)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(
        _("issued automatically"),
        default=True,
        help_text=_("Untick to stop issuing new certificates of this type."),
    )
    #: Bumped on every save; a certificate whose PDF was drawn with an older design
    #: version is re-rendered by the bulk job.
    design_version = models.PositiveIntegerField(default=1, editable=False)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
                FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("skill_area"), FieldPanel("level")]),
                FieldPanel("description"),
                FieldPanel("description_en"),
            ],
            heading=_("What it is"),
        ),
        MultiFieldPanel(
            [FieldPanel("match"), InlinePanel("requirements", min_num=0)],
            heading=_("How it is earned"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("validity_months"),
                FieldPanel("layout"),
                FieldPanel("issuer"),
                FieldRowPanel(
                    [FieldPanel("signatory_name"), FieldPanel("signatory_title")]
                ),
                FieldPanel("signature_image"),
                FieldPanel("is_active"),
            ],
            heading=_("Validity and design"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")
        ordering = ["skill_area__name", "level", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if prefer_english() and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_description(self) -> str:
        if prefer_english() and self.description_en:
            return self.description_en
        return self.description

    def save(self, *args, **kwargs):
        if self.pk:
            self.design_version = (self.design_version or 0) + 1
        super().save(*args, **kwargs)


class ParamsFormField(forms.JSONField):
    """The settings of a requirement, typed as JSON in the admin, with a plain error
    (and an example) when the text is not JSON."""

    default_error_messages = {
        "invalid": _(
            "These settings are not valid JSON. Write them in braces with double "
            'quotes, e.g. {"task_ids": [12]}, or leave the box empty.'
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 2, "placeholder": '{"task_ids": [12]}'}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and not value.strip():
            return {}
        return super().to_python(value)


class RequirementParamsField(models.JSONField):
    """``params`` of a requirement: a JSON object whose keys the kind declares."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ParamsFormField, **kwargs})


class Requirement(Orderable):
    """One condition of a type. ``kind`` names an entry of the requirement registry
    (``certificates.requirements``); which of the optional fields it reads is up to
    the kind (kinds added by other apps keep their settings in ``params``)."""

    certificate_type = ParentalKey(
        CertificateType, on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(_("requirement"), max_length=40, choices=kind_choices)
    skill_test = models.ForeignKey(
        "assessments.SkillTest",
        verbose_name=_("skill test"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_score = models.DecimalField(
        _("minimum score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Optional. Empty means the test's own pass mark."),
    )
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    learning_path = models.ForeignKey(
        "training.LearningPathPage",
        verbose_name=_("learning path"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    params = RequirementParamsField(
        _("settings"),
        default=dict,
        blank=True,
        help_text=_(
            "Only for requirements that need more settings (such as accepted practice "
            'work: {"task_ids": [12]} or {"skill_area": "data-analysis"}). Leave empty '
            "otherwise."
        ),
    )

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("skill_test"), FieldPanel("min_score")]),
        FieldRowPanel([FieldPanel("course"), FieldPanel("learning_path")]),
        FieldPanel("params"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        from .requirements import get_kind

        kind = get_kind(self.kind)
        return kind.describe(self) if kind else self.kind

    def clean(self) -> None:
        from .requirements import get_kind

        kind = get_kind(self.kind)
        if kind is None:
            raise ValidationError({"kind": _("Choose a requirement.")})
        self._clean_params(kind)
        kind.clean(self)

    def _clean_params(self, kind) -> None:
        """``params`` must be a JSON object with only the keys the kind declares
        (``params_keys``; a kind without it checks its settings itself)."""
        if self.params in (None, ""):
            self.params = {}
        if not isinstance(self.params, dict):
            raise ValidationError(
                {
                    "params": _(
                        "The settings must be a JSON object in braces, "
                        'e.g. {"task_ids": [12]}.'
                    )
                }
            )
        allowed = getattr(kind, "params_keys", None)
        if allowed is None:
            return
        unknown = sorted(set(self.params) - set(allowed))
        if not unknown:
            return
        if allowed:
            message = _(
                "Unknown setting: %(unknown)s. This requirement understands: "
                "%(allowed)s."
            ) % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
        else:
            message = _(
                "This requirement takes no settings (remove %(unknown)s); choose the "
                "test, course or learning path in the boxes above."
            ) % {"unknown": ", ".join(unknown)}
        raise ValidationError({"params": message})


class SerialCounter(models.Model):
    """The last serial number used in a year; locked while a certificate is issued so
    serial numbers have no gaps and no duplicates."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("serial counter")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Status(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    RENEWED = "renewed", _("Renewed")


class Certificate(models.Model):
    certificate_type = models.ForeignKey(
        CertificateType,
        verbose_name=_("certificate type"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    period = models.PositiveIntegerField(_("validity period"), default=1)
    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    #: Normalised verification code (20 Crockford base-32 characters, 100 bits).
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.VALID
    )
    holder_name = models.CharField(_("name on the certificate"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    score = models.DecimalField(
        _("score (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by hand by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issue_reason = models.TextField(_("reason for issuing by hand"), blank=True)
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason (internal)"), blank=True)
    public_reason = models.CharField(
        _("reason shown on the verification page"), max_length=300, blank=True
    )
    show_full_name = models.BooleanField(
        _("show full name on the verification page"), default=False
    )
    #: Salt for the hashed Open Badges recipient identity.
    badge_salt = models.CharField(max_length=32, editable=False)
    pdf = models.FileField(
        _("PDF"), upload_to="certificates/pdf/%Y/", blank=True, max_length=200
    )
    pdf_design_version = models.PositiveIntegerField(default=0, editable=False)
    pdf_rendered_at = models.DateTimeField(_("PDF made at"), null=True, blank=True)
    pdf_error = models.TextField(_("last PDF error"), blank=True)
    missing_glyphs = models.CharField(
        _("characters no font has"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "certificate_type", "period"],
                name="certificate_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]
        permissions = [
            ("issue_certificate", "Can issue certificates by hand"),
            ("revoke_certificate", "Can revoke and reinstate certificates"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} · {self.holder_name}"

    @property
    def display_code(self) -> str:
        from .codes import format_code

        return format_code(self.code)


class CertificateEvent(models.Model):
    """Audit trail: who did what to a certificate, when and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ISSUED_BY_HAND = "issued_by_hand", _("Issued by hand")
        RENEWED = "renewed", _("Renewed")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        REINSTATED = "reinstated", _("Reinstated")
        RENDERED = "rendered", _("PDF made")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.action} {self.at:%Y-%m-%d}"


class CertificateNotice(models.Model):
    """An in-site notice to a holder (shown on "My certificates"). One per kind and
    certificate, so the nightly job can run twice without reminding twice."""

    class Kind(models.TextChoices):
        EXPIRES_60 = "expires_60", _("Expires within 60 days")
        EXPIRES_30 = "expires_30", _("Expires within 30 days")
        EXPIRED = "expired", _("Expired")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="notices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate notice")
        verbose_name_plural = _("certificate notices")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind"], name="certificate_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind}"


class BulkJob(models.Model):
    """A background re-render or ZIP of a filtered set, with visible progress."""

    class Kind(models.TextChoices):
        RERENDER = "rerender", _("Re-make PDFs")
        ZIP = "zip", _("ZIP of PDFs")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    certificate_ids = models.JSONField(default=list)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    result = models.FileField(upload_to="certificates/zips/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk job")
        verbose_name_plural = _("bulk jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.done}/{len(self.certificate_ids)}"

    @property
    def total(self) -> int:
        return len(self.certificate_ids)


__all__ = [
    "BulkJob",
    "Certificate",
    "CertificateEvent",
    "CertificateNotice",
    "CertificateType",
    "Issuer",
    "Level",
    "Requirement",
    "SerialCounter",
    "Status",
]
