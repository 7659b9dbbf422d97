"""Two HR users approving one case at the same moment produce exactly one record
(PostgreSQL row locks). Skipped unless DATABASE_URL points at PostgreSQL."""

from __future__ import annotations

import os
import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from incentives import services
from incentives.models import (
    Appraisal,
    EligibilityCase,
    ExternalQualification,
    RewardRecord,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
        reason="needs PostgreSQL in DATABASE_URL",
    ),
]


def test_two_hr_approving_one_case_at_once_make_one_record(policy, make_staff, hr, hr2):
    u = make_staff("E1")
    for y in (2023, 2024, 2025):
        Appraisal.objects.create(user=u, year=y, rating="qualified")
    ExternalQualification.objects.create(
        user=u, kind="social_work", level=1, issued_on=date(2025, 3, 1)
    )
    services.cases_sync(as_of=date(2026, 6, 30))
    case = EligibilityCase.objects.get(user=u, rule__code="qual_award_junior")
    go = threading.Barrier(4)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve(actor):
        try:
            go.wait()
            services.case_approve(
                case_id=case.pk, actor=actor, effective_date=date(2026, 6, 30)
            )
            result = "ok"
        except (ValidationError, PermissionDenied):
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve, args=(a,)) for a in (hr, hr2, hr, hr2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert RewardRecord.objects.filter(user=u).count() == 1
