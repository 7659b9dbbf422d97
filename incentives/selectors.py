"""Reads for incentives: build the engine's frozen facts for many staff at once.

``facts_for(user_ids=…, policy=…, as_of=…)`` uses a constant number of queries however
many staff, credentials or practice entries there are (one per fact table, one per
practice window; tests assert the count).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from . import rules, sources
from .models import (
    OPEN_STATUSES,
    Appraisal,
    EligibilityCase,
    ExternalQualification,
    Policy,
    PromotionRecord,
    RewardRecord,
    RuleKind,
)
from .policy_schema import criterion_from_dict


def staff_queryset():
    return (
        get_user_model()
        .objects.filter(is_active=True, employee_number__isnull=False)
        .exclude(employee_number="")
    )


def engine_policy(policy: Policy) -> rules.Policy:
    """The engine's frozen policy from the database (rules prefetched or one query)."""
    engine_rules = []
    for rule in policy.rules.all():
        criteria = tuple(
            criterion_from_dict(c, f"{rule.code}.criteria[{i}]")
            for i, c in enumerate(rule.criteria)
        )
        engine_rules.append(
            rules.Rule(
                code=rule.code,
                name=rules.Text(rule.name_zh, rule.name_en),
                kind=rules.RuleKind(rule.kind),
                criteria=criteria,
                match=rule.match,
                grade_delta=rule.grade_delta,
                amount=rule.amount,
                honour=rules.Text(
                    rule.honour_zh or rule.name_zh, rule.honour_en or rule.name_en
                )
                if rule.kind == RuleKind.HONOUR
                else None,
                group=rule.group,
                rank=rule.rank,
            )
        )
    return rules.Policy(
        name=policy.name,
        version=policy.version,
        effective_from=policy.effective_from,
        effective_to=policy.effective_to,
        budget_cap=policy.budget_cap,
        rules=tuple(engine_rules),
    )


def policies_in_effect(on: date, name: str | None = None) -> list[Policy]:
    qs = Policy.objects.filter(is_active=True, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    if name:
        qs = qs.filter(name=name)
    # The newest version of each policy name.
    newest: dict[str, Policy] = {}
    for policy in qs.order_by("name", "-version").prefetch_related("rules"):
        newest.setdefault(policy.name, policy)
    return list(newest.values())


def _grants(user_ids: list[int], as_of: date) -> dict[int, list[rules.PriorGrant]]:
    out: dict[int, list[rules.PriorGrant]] = {}
    promotions = PromotionRecord.objects.filter(
        user_id__in=user_ids,
        reverses__isnull=True,
        reversed_by__isnull=True,
        effective_date__lte=as_of,
    ).values_list(
        "user_id", "rule_code", "rule_group", "grade_from", "grade_to", "effective_date"
    )
    for user_id, code, group, g_from, g_to, when in promotions:
        out.setdefault(user_id, []).append(
            rules.PriorGrant(
                rule_code=code,
                group=group,
                kind=rules.RuleKind.GRADE_STEP,
                grade_delta=g_to - g_from,
                granted_on=when,
            )
        )
    rewards = RewardRecord.objects.filter(
        user_id__in=user_ids, reverses__isnull=True, reversed_by__isnull=True
    ).values_list(
        "user_id",
        "rule_code",
        "rule_group",
        "kind",
        "amount",
        "period_start",
        "period_end",
    )
    for user_id, code, group, kind, amount, start, end in rewards:
        out.setdefault(user_id, []).append(
            rules.PriorGrant(
                rule_code=code,
                group=group,
                kind=rules.RuleKind(kind),
                amount=amount,
                granted_on=start,
                active=end is None or end >= as_of,
            )
        )
    return out


def facts_for(
    *, users: list, policy: rules.Policy, as_of: date
) -> dict[int, rules.PersonFacts]:
    """Facts of the given users (User objects with the staff fields loaded)."""
    user_ids = [u.pk for u in users]
    appraisals: dict[int, dict[int, str]] = {}
    for user_id, year, rating in Appraisal.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "year", "rating"):
        appraisals.setdefault(user_id, {})[year] = rating
    creds: dict[int, list[rules.Credential]] = {}
    for q in ExternalQualification.objects.filter(user_id__in=user_ids).values(
        "id",
        "user_id",
        "kind",
        "level",
        "issued_on",
        "expires_on",
        "revoked_on",
        "number",
    ):
        creds.setdefault(q["user_id"], []).append(
            rules.Credential(
                source="external",
                kind=q["kind"],
                level=q["level"],
                issued_on=q["issued_on"],
                expires_on=q["expires_on"],
                revoked_on=q["revoked_on"],
                name=q["number"],
                ref=f"qualification:{q['id']}",
            )
        )
    for user_id, ours in sources.our_credentials(user_ids=user_ids, on=as_of).items():
        creds.setdefault(user_id, []).extend(ours)
    needed = rules.windows_needed(policy, as_of)
    points = sources.practice_points(
        user_ids=user_ids, windows=needed["practice_points"]
    )
    minutes = sources.helper_minutes(
        user_ids=user_ids, windows=needed["helper_minutes"]
    )
    uses_tests = any(
        isinstance(c, rules.TestScoreCriterion)
        for r in policy.rules
        for c in r.criteria
    )
    scores = sources.best_test_scores(user_ids=user_ids, on=as_of) if uses_tests else {}
    grants = _grants(user_ids, as_of)
    out = {}
    for u in users:
        out[u.pk] = rules.PersonFacts(
            person_id=u.pk,
            employee_no=u.employee_number or "",
            post_type=u.post_type or "",
            grade=u.grade,
            grade_since=u.grade_since,
            hire_date=u.hire_date,
            appraisals=appraisals.get(u.pk, {}),
            credentials=tuple(creds.get(u.pk, ())),
            test_scores=scores.get(u.pk, {}),
            practice_points={
                win: Decimal(values.get(u.pk, 0)) for win, values in points.items()
            },
            helper_minutes={
                win: int(values.get(u.pk, 0)) for win, values in minutes.items()
            },
            grants=tuple(grants.get(u.pk, ())),
        )
    return out


def open_cases():
    return EligibilityCase.objects.filter(status__in=OPEN_STATUSES).select_related(
        "user", "user__org_unit", "rule", "policy", "first_approver"
    )


def budget_used(policy: Policy) -> Decimal:
    """One-time amounts plus 12 months of each monthly allowance approved under the
    policy (a reversal subtracts what it reverses)."""
    total = Decimal(0)
    for kind, amount, reverses in RewardRecord.objects.filter(
        policy=policy
    ).values_list("kind", "amount", "reverses_id"):
        value = amount * 12 if kind == RuleKind.MONTHLY else amount
        total += -value if reverses else value
    return total


def growth_for(user, as_of: date):
    """What "My growth" shows: the evaluations under each policy in effect, and the
    person's records."""
    evaluations = []
    for policy in policies_in_effect(as_of):
        engine = engine_policy(policy)
        facts = facts_for(users=[user], policy=engine, as_of=as_of)[user.pk]
        evaluations.append(rules.evaluate(facts, engine, as_of))
    promotions = list(
        PromotionRecord.objects.filter(user=user).select_related("reversed_by")
    )
    rewards = list(RewardRecord.objects.filter(user=user).select_related("reversed_by"))
    return evaluations, promotions, rewards
