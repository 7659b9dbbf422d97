"""The adapter reads the real practice and certificates selectors once they exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from incentives import selectors, sources
from incentives.rules import evaluate

pytestmark = pytest.mark.django_db


def test_practice_points_reach_the_explanation(policy, make_staff, hr):
    from practice.services import points_adjust

    assert sources.available() == {
        "certificates": True,
        "practice_points": True,
        "helper_minutes": True,
    }
    user = make_staff("E1")
    today = timezone.localdate()
    points_adjust(
        user=user, points=Decimal(120), reason="demo", by=hr, occurred_on=today
    )
    # points older than the 12-month window do not count
    points_adjust(
        user=user,
        points=Decimal(500),
        reason="old",
        by=hr,
        occurred_on=date(today.year - 2, 1, 1),
    )
    engine = selectors.engine_policy(policy)
    facts = selectors.facts_for(users=[user], policy=engine, as_of=today)[user.pk]
    result = next(
        r
        for r in evaluate(facts, engine, today).results
        if r.rule.code == "digital_talent_award"
    )
    points = next(c for c in result.criteria if c.type == "practice_points")
    assert points.met
    assert points.text.zh.endswith("已有 120 分")
    # no certificate of ours yet: the award is still missing it
    assert [c.type for c in result.missing] == ["credential"]
