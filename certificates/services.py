"""Writes for certificates: issuing (automatic and by hand), renewal, revocation,
reinstatement, expiry and reminders, the holder's name choice.

Promises:

- one certificate per (holder, type, validity period): the unique constraint is the
  last word, and a losing racer gets the winner's certificate back (no error, no gap);
- serial numbers ``DL-<year>-<6 digits>`` have no gaps and no duplicates within a year:
  the per-year counter row is locked (``select_for_update``) and its increment lives in
  the same savepoint as the certificate insert, so a rolled back insert gives the
  number back;
- every change is audited (``CertificateEvent``) and announced with
  ``certificates.signals.certificate_changed`` after commit;
- the PDF is rendered by a Celery task queued on commit.

``today`` is a parameter everywhere it matters (the clock is passed in).
"""

from __future__ import annotations

import calendar
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import HR, user_has_role

from .codes import new_code
from .models import (
    Certificate,
    CertificateEvent,
    CertificateNotice,
    CertificateType,
    SerialCounter,
    Status,
)
from .requirements import evidence_json, get_kind
from .signals import certificate_changed

log = logging.getLogger("digiladder.certificates")

#: A valid certificate this close to its expiry can be renewed (and is reminded).
RENEWAL_WINDOW_DAYS = 60
REMINDER_DAYS = (60, 30)


class CertificateError(ValidationError):
    """Something a user asked for that cannot be done; the message says why."""


# ------------------------------------------------------------------------ helpers


def _announce(certificate_id: int, change: str) -> None:
    """Send ``certificate_changed`` through the outbox if it exists, else on commit."""
    try:
        from events.outbox import publish
    except ImportError:
        transaction.on_commit(
            lambda: certificate_changed.send(
                sender=Certificate, certificate_id=certificate_id, change=change
            )
        )
    else:
        publish(
            "certificates.signals.certificate_changed",
            certificate_id=certificate_id,
            change=change,
        )


def _queue_render(certificate_id: int) -> None:
    from .tasks import render_pdf

    transaction.on_commit(lambda: render_pdf.delay(certificate_id))


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def holder_name_for(user) -> str:
    return (user.display_name or user.get_full_name() or user.username).strip()


def can_manage(user) -> bool:
    """HR and superusers issue by hand, revoke, reinstate and see every certificate."""
    return user_has_role(user, HR)


def _require_manager(actor) -> None:
    if not can_manage(actor):
        raise PermissionError(_("Only HR can do this."))


def _next_serial(year: int) -> str:
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"DL-{year}-{counter.last:06d}"


def _event(certificate, action, *, actor=None, reason: str = "") -> None:
    CertificateEvent.objects.create(
        certificate=certificate, action=action, actor=actor, reason=reason
    )


# ------------------------------------------------------------------------ issuing


@dataclass(frozen=True)
class Earned:
    evidence: tuple[dict, ...]
    score: Decimal | None


def _achieved_at(evidence: dict):
    value = evidence.get("achieved_at")
    return datetime.fromisoformat(value) if value else None


def requirements_met(
    *, user_id: int, cert_type: CertificateType, since: datetime | None = None
) -> Earned | None:
    """Evidence when the person meets the type's requirements, else None.

    ``since``: for a renewal, evidence must be newer than the certificate it renews
    (retake the test); evidence without a date always counts. A type without
    requirements is only ever issued by hand.
    """
    rows = list(cert_type.requirements.all())
    if not rows:
        return None
    found = []
    for row in rows:
        kind = get_kind(row.kind)
        value = kind.evaluate(user_id=user_id, requirement=row) if kind else None
        evidence = evidence_json(value) if value is not None else None
        if evidence is not None and since is not None:
            achieved = _achieved_at(evidence)
            if achieved is not None and achieved <= since:
                evidence = None
        if evidence is None and cert_type.match == CertificateType.Match.ALL:
            return None
        if evidence is not None:
            found.append(evidence)
    if not found:
        return None
    scores = [Decimal(e["score"]) for e in found if e.get("score") is not None]
    score = max(scores).quantize(Decimal("0.01")) if scores else None
    return Earned(evidence=tuple(found), score=score)


def _latest(holder_id: int, cert_type_id: int) -> Certificate | None:
    return (
        Certificate.objects.filter(
            holder_id=holder_id, certificate_type_id=cert_type_id
        )
        .order_by("-period")
        .first()
    )


def _needs_new(latest: Certificate | None, today: date) -> bool:
    if latest is None:
        return True
    if latest.status == Status.EXPIRED:
        return True
    if latest.status == Status.VALID and latest.expires_on is not None:
        return (latest.expires_on - today).days <= RENEWAL_WINDOW_DAYS
    return False


def _issue(
    *,
    holder,
    cert_type: CertificateType,
    today: date,
    evidence: tuple[dict, ...] = (),
    score: Decimal | None = None,
    issued_by=None,
    reason: str = "",
) -> tuple[Certificate | None, bool]:
    """Issue the next period's certificate if one is due; (certificate, created)."""
    latest = _latest(holder.pk, cert_type.pk)
    if not _needs_new(latest, today):
        return latest, False
    period = latest.period + 1 if latest else 1
    expires = (
        add_months(today, cert_type.validity_months)
        if cert_type.validity_months
        else None
    )
    try:
        with transaction.atomic():
            certificate = Certificate(
                certificate_type=cert_type,
                holder=holder,
                period=period,
                serial=_next_serial(today.year),
                code=new_code(),
                status=Status.VALID,
                holder_name=holder_name_for(holder),
                level=cert_type.level,
                score=score,
                evidence=list(evidence),
                issued_on=today,
                expires_on=expires,
                issued_by=issued_by,
                issue_reason=reason,
                renewed_from=latest,
                badge_salt=secrets.token_hex(16),
            )
            certificate.full_clean(validate_unique=False, validate_constraints=False)
            certificate.save()
    except IntegrityError:
        # Someone else issued this period first (or, once in 2^100, the code
        # collided): theirs stands. The savepoint gave the serial number back.
        winner = Certificate.objects.filter(
            holder=holder, certificate_type=cert_type, period=period
        ).first()
        if winner is None:
            raise
        return winner, False

    action = (
        CertificateEvent.Action.ISSUED_BY_HAND
        if issued_by
        else CertificateEvent.Action.ISSUED
    )
    _event(certificate, action, actor=issued_by, reason=reason)
    _announce(certificate.pk, "issued")
    if latest is not None:
        latest.status = Status.RENEWED
        latest.save(update_fields=["status"])
        _event(latest, CertificateEvent.Action.RENEWED)
        _announce(latest.pk, "renewed")
    _queue_render(certificate.pk)
    return certificate, True


def certificates_issue_earned(*, user_id: int, today: date | None = None) -> list:
    """Issue every active type the person has earned and not yet holds. Idempotent:
    safe to call after every event, twice, or from a nightly sweep."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    holder = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if holder is None:
        return []
    issued = []
    types = CertificateType.objects.filter(is_active=True).prefetch_related(
        "requirements"
    )
    for cert_type in types:
        latest = _latest(user_id, cert_type.pk)
        if not _needs_new(latest, today):
            continue
        earned = requirements_met(
            user_id=user_id,
            cert_type=cert_type,
            since=latest.issued_at if latest is not None else None,
        )
        if earned is None:
            continue
        with transaction.atomic():
            certificate, created = _issue(
                holder=holder,
                cert_type=cert_type,
                today=today,
                evidence=earned.evidence,
                score=earned.score,
            )
        if created:
            issued.append(certificate)
    return issued


def certificate_issue_by_hand(
    *, actor, holder, cert_type: CertificateType, reason: str, today: date | None = None
) -> Certificate:
    """HR issues a certificate (e.g. training done elsewhere); the reason is audited."""
    _require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(
            {"reason": _("Say why you issue it by hand (e.g. where they trained).")}
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        latest = _latest(holder.pk, cert_type.pk)
        if latest is not None and latest.status == Status.REVOKED:
            raise CertificateError(
                _(
                    "%(name)s's certificate %(serial)s of this type was revoked. "
                    "Reinstate it instead of issuing a new one."
                )
                % {"name": latest.holder_name, "serial": latest.serial}
            )
        certificate, created = _issue(
            holder=holder,
            cert_type=cert_type,
            today=today,
            evidence=({"label": reason, "url": "", "score": None},),
            issued_by=actor,
            reason=reason,
        )
    if not created:
        raise CertificateError(
            _("%(name)s already holds a valid certificate of this type: %(serial)s.")
            % {"name": certificate.holder_name, "serial": certificate.serial}
        )
    return certificate


# ------------------------------------------------------------ revoke / reinstate


def _locked(certificate_id: int) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate_id)


def certificate_revoke(
    *, actor, certificate_id: int, reason: str, public_reason: str = ""
) -> Certificate:
    _require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError({"reason": _("Say why the certificate is revoked.")})
    with transaction.atomic():
        certificate = _locked(certificate_id)
        if certificate.status == Status.REVOKED:
            raise CertificateError(
                _("Certificate %(serial)s is already revoked.")
                % {"serial": certificate.serial}
            )
        certificate.status = Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoke_reason = reason
        certificate.public_reason = (public_reason or "").strip()[:300]
        certificate.save(
            update_fields=["status", "revoked_at", "revoke_reason", "public_reason"]
        )
        _event(certificate, CertificateEvent.Action.REVOKED, actor=actor, reason=reason)
        _announce(certificate.pk, "revoked")
        _queue_render(certificate.pk)
    return certificate


def certificate_reinstate(
    *, actor, certificate_id: int, reason: str, today: date | None = None
) -> Certificate:
    _require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError({"reason": _("Say why the certificate is reinstated.")})
    today = today or timezone.localdate()
    with transaction.atomic():
        certificate = _locked(certificate_id)
        if certificate.status != Status.REVOKED:
            raise CertificateError(
                _("Certificate %(serial)s is not revoked, so it cannot be reinstated.")
                % {"serial": certificate.serial}
            )
        if Certificate.objects.filter(renewed_from=certificate).exists():
            certificate.status = Status.RENEWED
        elif certificate.expires_on is not None and certificate.expires_on <= today:
            certificate.status = Status.EXPIRED
        else:
            certificate.status = Status.VALID
        certificate.revoked_at = None
        certificate.public_reason = ""
        certificate.save(update_fields=["status", "revoked_at", "public_reason"])
        _event(
            certificate, CertificateEvent.Action.REINSTATED, actor=actor, reason=reason
        )
        _announce(certificate.pk, "reinstated")
        _queue_render(certificate.pk)
    return certificate


# ---------------------------------------------------------------- holder choices


def certificate_set_show_name(*, user, certificate_id: int, show: bool) -> Certificate:
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .filter(pk=certificate_id, holder=user)
            .first()
        )
        if certificate is None:
            raise Certificate.DoesNotExist
        certificate.show_full_name = bool(show)
        certificate.save(update_fields=["show_full_name"])
    return certificate


# --------------------------------------------------------- expiry and reminders


def certificates_expire(*, today: date) -> list[int]:
    """Mark valid certificates whose expiry date has come as expired."""
    expired = []
    due = Certificate.objects.filter(
        status=Status.VALID, expires_on__isnull=False, expires_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            certificate = _locked(pk)
            if certificate.status != Status.VALID:
                continue
            certificate.status = Status.EXPIRED
            certificate.save(update_fields=["status"])
            _event(certificate, CertificateEvent.Action.EXPIRED)
            CertificateNotice.objects.get_or_create(
                certificate=certificate,
                kind=CertificateNotice.Kind.EXPIRED,
                defaults={"user_id": certificate.holder_id},
            )
            _announce(certificate.pk, "expired")
            _queue_render(certificate.pk)
        expired.append(pk)
    return expired


def certificates_remind(*, today: date) -> list[tuple[int, str]]:
    """Remind holders 60 and 30 days before expiry (notice + email), once each."""
    sent = []
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    candidates = Certificate.objects.filter(
        status=Status.VALID, expires_on__gt=today, expires_on__lte=horizon
    ).select_related("holder", "certificate_type")
    for certificate in candidates:
        days_left = (certificate.expires_on - today).days
        kind = (
            CertificateNotice.Kind.EXPIRES_30
            if days_left <= 30
            else CertificateNotice.Kind.EXPIRES_60
        )
        with transaction.atomic():
            notice, created = CertificateNotice.objects.get_or_create(
                certificate=certificate,
                kind=kind,
                defaults={"user": certificate.holder},
            )
        if not created:
            continue
        if certificate.holder.email:
            _email_reminder(certificate, days_left)
            CertificateNotice.objects.filter(pk=notice.pk).update(emailed=True)
        sent.append((certificate.pk, kind))
    return sent


def _email_reminder(certificate: Certificate, days_left: int) -> None:
    holder = certificate.holder
    with translation.override(holder.language or settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "days_left": days_left,
            "mine_url": settings.CERTIFICATES_BASE_URL.rstrip("/")
            + "/certificates/mine/",
        }
        subject = _("Your certificate %(name)s expires on %(date)s") % {
            "name": certificate.certificate_type.display_name,
            "date": certificate.expires_on.isoformat(),
        }
        body = render_to_string("certificates/email_reminder.txt", context)
    try:
        send_mail(subject, body, None, [holder.email])
    except Exception:  # the in-site notice stands; mail is best effort
        log.exception("reminder email for certificate %s failed", certificate.pk)


def notices_mark_read(*, user) -> int:
    return CertificateNotice.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# ------------------------------------------------------------------------- PDF


def certificate_render_pdf(*, certificate_id: int) -> Certificate:
    """Draw the certificate's PDF and store it (replacing the old one).

    A failure is recorded on the certificate (``pdf_error``, visible in the admin)
    and re-raised so the task retries.
    """
    from django.core.files.base import ContentFile

    from .documents import certificate_missing_glyphs, certificate_pdf

    certificate = Certificate.objects.select_related(
        "certificate_type__issuer__logo",
        "certificate_type__signature_image",
        "certificate_type__skill_area",
    ).get(pk=certificate_id)
    design = certificate.certificate_type.design_version
    missing = "".join(certificate_missing_glyphs(certificate))[:100]
    try:
        data = certificate_pdf(certificate)
    except Exception as exc:
        Certificate.objects.filter(pk=certificate_id).update(
            pdf_error=f"{type(exc).__name__}: {exc}"[:2000], missing_glyphs=missing
        )
        raise
    old_name = certificate.pdf.name
    storage = certificate.pdf.storage
    new_name = storage.save(
        f"certificates/pdf/{certificate.issued_on.year}/{certificate.serial}.pdf",
        ContentFile(data),
    )
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate_id).update(
            pdf=new_name,
            pdf_rendered_at=timezone.now(),
            pdf_error="",
            pdf_design_version=design,
            missing_glyphs=missing,
        )
    if old_name and old_name != new_name:
        try:
            storage.delete(old_name)
        except Exception:  # noqa: BLE001 - a stale file is harmless
            log.warning("could not delete old certificate PDF %s", old_name)
    certificate.refresh_from_db()
    return certificate


# ---------------------------------------------------------------------- nightly

SWEEP_DAYS = 3


def certificates_nightly(*, today: date) -> dict:
    from assessments.models import Attempt
    from training.models import CourseCompletion

    from .tasks import render_pdf

    expired = certificates_expire(today=today)
    reminded = certificates_remind(today=today)
    since = timezone.now() - timedelta(days=SWEEP_DAYS)
    user_ids = set(
        Attempt.objects.filter(
            passed=True, is_practice=False, graded_at__gte=since
        ).values_list("user_id", flat=True)
    ) | set(
        CourseCompletion.objects.filter(completed_at__gte=since).values_list(
            "user_id", flat=True
        )
    )
    issued = 0
    for user_id in sorted(user_ids):
        issued += len(certificates_issue_earned(user_id=user_id, today=today))
    without_pdf = list(Certificate.objects.filter(pdf="").values_list("pk", flat=True))
    for pk in without_pdf:
        render_pdf.delay(pk)
    return {
        "expired": len(expired),
        "reminded": len(reminded),
        "issued": issued,
        "rerender": len(without_pdf),
    }
