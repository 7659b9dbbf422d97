"""A roster change queues one evaluation on commit; the task is idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from incentives.models import Appraisal, EligibilityCase
from incentives.tasks import evaluate_incentives_task

pytestmark = pytest.mark.django_db


def _incentive_jobs(callbacks) -> list:
    """The on-commit callbacks this app queued (a saved user also tells the shared
    cache, where there is one: accounts.usercache)."""
    return [c for c in callbacks if getattr(c, "__module__", "").startswith("incent")]


def test_grade_change_queues_an_evaluation_on_commit(
    policy, make_staff, django_capture_on_commit_callbacks
):
    cache.clear()
    user = make_staff("E1", grade_since=date(2025, 1, 1))
    for y in range(2020, 2026):
        Appraisal.objects.create(user=user, year=y, rating="qualified")
    assert not EligibilityCase.objects.exists()
    # when HR corrects the grade start date (e.g. in the admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user.grade_since = date(2021, 1, 1)
        user.save(update_fields=["grade_since"])
    # then exactly one evaluation ran (eager Celery) and found the grade step
    assert len(_incentive_jobs(callbacks)) == 1
    assert EligibilityCase.objects.filter(rule__code="tenure_step").count() == 1


def test_unrelated_saves_do_not_queue(make_staff, django_capture_on_commit_callbacks):
    user = make_staff("E1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user.save(update_fields=["last_login"])
    assert _incentive_jobs(callbacks) == []


def test_task_is_idempotent(policy, make_staff):
    user = make_staff("E1", grade_since=date(2021, 1, 1))
    for y in range(2021, 2026):
        Appraisal.objects.create(user=user, year=y, rating="qualified")
    first = evaluate_incentives_task("2026-06-30")
    second = evaluate_incentives_task("2026-06-30")
    assert first["created"] == 1
    assert second == {"created": 0, "updated": 0, "lapsed": 0, "ended": 0}
