"""The points ledger (append-only, balances in SQL) and helper-session limits."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice import selectors, services, tasks
from practice.models import (
    HelperSession,
    HelperSessionState,
    LedgerImmutable,
    PointsEntry,
    PointsKind,
)
from practice.services import PracticeError

D = Decimal
pytestmark = pytest.mark.django_db


def add(user, points, day, kind=PointsKind.ADJUSTMENT):
    return PointsEntry.objects.create(
        user=user, kind=kind, points=D(points), occurred_on=day, reason="t"
    )


# ------------------------------------------------------------------ ledger


def test_entries_cannot_be_changed_or_deleted(people):
    entry = add(people.staff, 5, date(2026, 3, 1))
    entry.points = D(500)
    with pytest.raises(LedgerImmutable):
        entry.save()
    with pytest.raises(LedgerImmutable):
        entry.delete()
    with pytest.raises(LedgerImmutable):
        PointsEntry.objects.filter(pk=entry.pk).update(points=D(1))
    with pytest.raises(LedgerImmutable):
        PointsEntry.objects.all().delete()
    assert PointsEntry.objects.get().points == D(5)


def test_balances_over_any_period_with_corrections_as_new_entries(people):
    staff, other = people.staff, people.staff2
    first = add(staff, 10, date(2026, 1, 15))
    add(staff, 4, date(2026, 2, 1))
    add(staff, "2.5", date(2025, 12, 31))
    add(other, 7, date(2026, 1, 20))
    services.points_correct(
        entry_id=first.pk, points=D(6), reason="算错了", by=people.hr
    )
    assert PointsEntry.objects.count() == 5  # the original is untouched
    assert PointsEntry.objects.get(pk=first.pk).points == D(10)
    with CaptureQueriesContext(connection) as ctx:
        result = selectors.points_by_user(
            user_ids=[staff.pk, other.pk, people.staff2.pk + 999],
            start=date(2026, 1, 1),
            end=date(2026, 1, 31),
        )
    assert len(ctx.captured_queries) == 1
    assert result == {staff.pk: D(6), other.pk: D(7), people.staff2.pk + 999: D(0)}
    assert selectors.points_balance(
        user_id=staff.pk, start=date(2025, 1, 1), end=date(2026, 12, 31)
    ) == D("12.5")


def test_hr_adjustment_needs_a_reason_and_hr(people):
    with pytest.raises(PracticeError, match="Only HR"):
        services.points_adjust(
            user=people.staff, points=D(3), reason="x", by=people.staff2
        )
    with pytest.raises(PracticeError, match="reason"):
        services.points_adjust(user=people.staff, points=D(3), reason=" ", by=people.hr)
    with pytest.raises(PracticeError, match="own points"):
        services.points_adjust(user=people.hr, points=D(3), reason="x", by=people.hr)
    entry = services.points_adjust(
        user=people.staff, points=D(-2), reason="重复计分", by=people.hr
    )
    assert (entry.kind, entry.points, entry.created_by) == (
        "adjustment",
        D(-2),
        people.hr,
    )


# ------------------------------------------------------------------ helper sessions


def local(day_offset=0, hour=9, minute=0):
    today = timezone.localdate() - timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(today, datetime.min.time())).replace(
        hour=hour, minute=minute
    )


def record(people, starts_at, minutes=60, **kwargs):
    kwargs.setdefault("residents", [people.resident])
    return services.helper_session_record(
        helper=people.staff,
        starts_at=starts_at,
        minutes=minutes,
        place="社区活动室",
        now=local(0, 23, 0),
        **kwargs,
    )


def test_overlapping_sessions_for_one_helper_are_refused(people):
    record(people, local(1, 9, 0), 60)
    with pytest.raises(PracticeError, match="overlaps"):
        record(people, local(1, 9, 30), 30)
    record(people, local(1, 10, 0), 30)  # touching is fine
    assert HelperSession.objects.count() == 2


def test_daily_cap_counts_minutes_of_that_day(people, settings):
    settings.PRACTICE_HELPER_DAILY_CAP_MINUTES = 120
    record(people, local(1, 8, 0), 90)
    with pytest.raises(PracticeError, match="At most 120 minutes"):
        record(people, local(1, 14, 0), 45)
    record(people, local(1, 14, 0), 30)
    record(people, local(2, 14, 0), 100)  # another day


def test_residents_must_be_ones_the_helper_can_help(people):
    with pytest.raises(PracticeError, match="not a resident you can record"):
        record(people, local(1), residents=[people.west_resident])
    with pytest.raises(PracticeError, match="Choose the residents"):
        record(people, local(1), residents=[])
    session = record(people, local(1), residents=[], residents_without_account=3)
    assert session.residents_count == 3


def test_only_listed_residents_or_the_supervisor_confirm_and_only_then_points(
    people,
):
    session = record(people, local(1), 90, residents=[people.resident])
    assert not PointsEntry.objects.exists()
    for outsider in (people.resident2, people.staff2, people.staff):
        with pytest.raises(PracticeError, match="Only the residents listed"):
            services.helper_session_confirm(session_id=session.pk, user=outsider)
    services.helper_session_confirm(session_id=session.pk, user=people.resident)
    services.helper_session_confirm(session_id=session.pk, user=people.resident)  # 2×
    entry = PointsEntry.objects.get()
    assert (entry.kind, entry.points, entry.user) == ("helper", D(3), people.staff)
    other = record(people, local(2), 30)
    services.helper_session_confirm(session_id=other.pk, user=people.chief)
    assert PointsEntry.objects.count() == 2
    minutes = selectors.helper_minutes_by_user(
        user_ids=[people.staff.pk], start=local(3).date(), end=local(0).date()
    )
    assert minutes == {people.staff.pk: 120}


def test_unconfirmed_sessions_expire_and_cannot_be_confirmed(people, settings):
    settings.PRACTICE_HELPER_CONFIRM_DAYS = 7
    session = record(people, local(1), 60)
    HelperSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert tasks.expire_helper_sessions.delay().get() == 1
    session.refresh_from_db()
    assert session.state == HelperSessionState.EXPIRED
    with pytest.raises(PracticeError, match="waited too long"):
        services.helper_session_confirm(session_id=session.pk, user=people.resident)
    assert not PointsEntry.objects.exists()
    assert selectors.helper_minutes_by_user(
        user_ids=[people.staff.pk], start=local(3).date(), end=local(0).date()
    ) == {people.staff.pk: 0}
    # an expired session no longer blocks its time slot
    record(people, local(1), 60)


def test_sessions_in_the_future_are_refused(people):
    with pytest.raises(PracticeError, match="after it has happened"):
        services.helper_session_record(
            helper=people.staff,
            starts_at=timezone.now() + timedelta(hours=2),
            minutes=30,
            place="x",
            residents=[people.resident],
        )
