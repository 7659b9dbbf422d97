"""The incentives demo: 30 staff with every situation the issue asks for; idempotent."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import demo as accounts_demo
from incentives import demo, selectors, services
from incentives.models import CaseStatus, EligibilityCase, PromotionRecord, RewardRecord
from incentives.rules import RuleKind, evaluate

pytestmark = pytest.mark.django_db


def test_demo_covers_every_situation_and_is_idempotent():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    User = get_user_model()
    staff = User.objects.exclude(employee_number__isnull=True)
    assert staff.count() >= 30
    counts = {
        s: EligibilityCase.objects.filter(status=s).count() for s in CaseStatus.values
    }
    assert counts["pending"] > 0
    assert counts["second"] > 0
    assert counts["approved"] > 0
    assert counts["rejected"] > 0
    kinds = set(EligibilityCase.objects.values_list("kind", flat=True).distinct())
    assert {RuleKind.GRADE_STEP, RuleKind.ONE_TIME, RuleKind.MONTHLY} <= kinds

    today = timezone.localdate()
    (batch,) = services.evaluate_batch(as_of=today)
    _policy, evaluations, users = batch
    by_name = {u.username: evaluations[u.pk] for u in users}

    def result(username, code):
        return next(r for r in by_name[username].results if r.rule.code == code)

    step_short = result("demo_guo", "tenure_step")  # one step away
    assert not step_short.eligible
    assert [c.type for c in step_short.missing] == ["years_in_grade"]
    blocked = result("demo_luo", "tenure_step")  # blocked by an appraisal
    assert [c.type for c in blocked.missing] == ["appraisal"]
    capped = result("zhaolei", "tenure_step")  # 正职 at 18
    assert [c.type for c in capped.missing] == ["post_range"]
    expired = result("demo_feng", "qual_monthly_intermediate")
    assert "到期" in expired.criteria[0].text.zh
    assert not expired.eligible

    before = (
        User.objects.count(),
        EligibilityCase.objects.count(),
        PromotionRecord.objects.count(),
        RewardRecord.objects.count(),
    )
    demo.seed(io.StringIO())
    after = (
        User.objects.count(),
        EligibilityCase.objects.count(),
        PromotionRecord.objects.count(),
        RewardRecord.objects.count(),
    )
    assert before == after
    # The person promoted in the demo has the new grade and a fresh start date.
    he = User.objects.get(username="demo_he")
    assert he.grade == 11
    assert (
        evaluate(
            selectors.facts_for(
                users=[he], policy=selectors.engine_policy(_policy), as_of=today
            )[he.pk],
            selectors.engine_policy(_policy),
            today,
        )
        .results[0]
        .eligible
        is False
    )
