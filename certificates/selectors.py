"""Reads for certificates: constant query counts whatever the data size.

``valid_certificates`` is the contract with incentives (which may not import models
from here): plain frozen dataclasses keyed by user id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import Certificate, CertificateNotice, Status


@dataclass(frozen=True)
class CertificateFact:
    certificate_id: int
    type_code: str  # CertificateType.slug
    name: str  # Chinese name of the type
    name_en: str
    skill_area: str | None  # SkillArea.slug
    level: int  # 1 初级, 2 中级, 3 高级
    kind: str  # "certificate" or "completion"
    serial: str
    issued_on: date
    expires_on: date | None
    status: str  # status on the asked date: "valid" (or "renewed": still valid, a
    # newer one exists)


def valid_certificates(*, user_ids, on: date) -> dict[int, list[CertificateFact]]:
    """Certificates valid on ``on`` (issued by then, not expired by then, not revoked),
    per user id; users without any are absent. One query."""
    rows = (
        Certificate.objects.filter(holder_id__in=list(user_ids), issued_on__lte=on)
        .exclude(status=Status.REVOKED)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on))
        .select_related("certificate_type__skill_area")
        .order_by("holder_id", "issued_on", "pk")
    )
    result: dict[int, list[CertificateFact]] = defaultdict(list)
    for c in rows:
        t = c.certificate_type
        result[c.holder_id].append(
            CertificateFact(
                certificate_id=c.pk,
                type_code=t.slug,
                name=t.name,
                name_en=t.name_en,
                skill_area=t.skill_area.slug if t.skill_area else None,
                level=int(c.level),
                kind=t.kind,
                serial=c.serial,
                issued_on=c.issued_on,
                expires_on=c.expires_on,
                status=Status.RENEWED if c.status == Status.RENEWED else Status.VALID,
            )
        )
    return dict(result)


def certificates_of(*, user):
    """The holder's certificates, newest first, with what the list shows (3 queries)."""
    return list(
        Certificate.objects.filter(holder=user)
        .select_related("certificate_type__skill_area", "certificate_type__issuer")
        .prefetch_related("certificate_type__requirements__skill_test")
        .order_by("-issued_on", "-pk")
    )


def unread_notices(*, user):
    return list(
        CertificateNotice.objects.filter(user=user, read_at__isnull=True)
        .select_related("certificate__certificate_type")
        .order_by("-created_at")
    )


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate a (normalised) verification code names; always one query."""
    return (
        Certificate.objects.filter(code=code)
        .select_related(
            "certificate_type__skill_area",
            "certificate_type__issuer",
            "renewed_by",
        )
        .first()
    )
