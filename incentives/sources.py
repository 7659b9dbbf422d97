"""The one place incentives reads other stages' facts: our certificates and practice.

``certificates`` and ``practice`` promise these selectors (they are built in parallel
and may not be installed yet; until they are, nobody has our certificates or practice
points and the engine says so):

* ``certificates.selectors.valid_certificates(*, user_ids, on)
  -> dict[int, list[CertificateFact]]`` (certificate_id, type_code, name, skill_area,
  level 1/2/3, issued_on, expires_on|None, status)
* ``practice.selectors.points_by_user(*, user_ids, start, end) -> dict[int, Decimal]``
* ``practice.selectors.helper_minutes_by_user(*, user_ids, start, end)
  -> dict[int, int]``

Each is called once per batch (constant queries), never per person. Test scores come
from ``assessments`` (best graded, non-practice score per test slug).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .rules import Credential


def _selector(module: str, name: str):
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, name, None)


def available() -> dict[str, bool]:
    return {
        "certificates": _selector("certificates.selectors", "valid_certificates")
        is not None,
        "practice_points": _selector("practice.selectors", "points_by_user")
        is not None,
        "helper_minutes": _selector("practice.selectors", "helper_minutes_by_user")
        is not None,
    }


def our_credentials(*, user_ids: list[int], on: date) -> dict[int, list[Credential]]:
    fn = _selector("certificates.selectors", "valid_certificates")
    if fn is None:
        return {}
    out: dict[int, list[Credential]] = {}
    for user_id, facts in fn(user_ids=user_ids, on=on).items():
        out[user_id] = [
            Credential(
                source="ours",
                kind=getattr(f, "skill_area", "") or f.type_code,
                level=int(f.level),
                issued_on=f.issued_on,
                expires_on=f.expires_on,
                revoked_on=on if getattr(f, "status", "valid") == "revoked" else None,
                name=f.name,
                ref=f"certificate:{f.certificate_id}",
            )
            for f in facts
        ]
    return out


def practice_points(
    *, user_ids: list[int], windows: Iterable[tuple[date, date]]
) -> dict[tuple[date, date], dict[int, Decimal]]:
    fn = _selector("practice.selectors", "points_by_user")
    return {
        (start, end): (fn(user_ids=user_ids, start=start, end=end) if fn else {})
        for start, end in windows
    }


def helper_minutes(
    *, user_ids: list[int], windows: Iterable[tuple[date, date]]
) -> dict[tuple[date, date], dict[int, int]]:
    fn = _selector("practice.selectors", "helper_minutes_by_user")
    return {
        (start, end): (fn(user_ids=user_ids, start=start, end=end) if fn else {})
        for start, end in windows
    }


def best_test_scores(*, user_ids: list[int], on: date) -> dict[int, dict[str, Decimal]]:
    from django.db.models import Max

    from assessments.models import Attempt

    rows = (
        Attempt.objects.filter(
            user_id__in=user_ids,
            is_practice=False,
            score_percent__isnull=False,
            graded_at__date__lte=on,
        )
        .values("user_id", "test__slug")
        .annotate(best=Max("score_percent"))
    )
    out: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        out.setdefault(row["user_id"], {})[row["test__slug"]] = row["best"]
    return out
