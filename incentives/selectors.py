"""Reads for incentives: build the engine's frozen facts for many staff at once.

``facts_for(users=…, policy=…, as_of=…)`` uses a constant number of queries however
many staff, credentials or practice entries there are (one per fact table, one per
practice window; tests assert the count).
"""

from __future__ import annotations

from datetime import date, timedelta
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


#: What the engine needs of a staff member (see staff_rows()).
STAFF_FIELDS = (
    "pk",
    "username",
    "employee_number",
    "post_type",
    "grade",
    "grade_since",
    "hire_date",
)


def staff_rows() -> list:
    """All staff as light read-only rows (named tuples with ``STAFF_FIELDS``), by
    employee number: a batch over everyone needs no model instances."""
    return list(
        staff_queryset()
        .order_by("employee_number")
        .values_list(*STAFF_FIELDS, named=True)
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


def _grants(user_ids, as_of: date) -> dict[int, list[rules.PriorGrant]]:
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
        "end__ended_on",
    )
    for user_id, code, group, kind, amount, start, end, ended in rewards:
        if ended is not None:
            # paid until the day before it ended
            last = ended - timedelta(days=1)
            end = last if end is None else min(end, last)
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


def _decimal(value) -> Decimal:
    return value if type(value) is Decimal else Decimal(value or 0)


def facts_for(
    *, users: list, policy: rules.Policy, as_of: date, scope=None
) -> dict[int, rules.PersonFacts]:
    """Facts of the given users (User objects or ``staff_rows()`` rows: anything with
    the ``STAFF_FIELDS`` attributes).

    ``scope``, a queryset of the same users' ids (``staff_queryset().values("pk")``),
    lets the database select this app's fact rows with a subquery instead of a list
    of thousands of ids (the nightly batch over all staff).
    """
    user_ids = [u.pk for u in users]
    among = user_ids if scope is None else scope
    appraisals: dict[int, dict[int, str]] = {}
    for user_id, year, rating in (
        Appraisal.objects.filter(user_id__in=among)
        .order_by()
        .values_list("user_id", "year", "rating")
    ):
        try:
            appraisals[user_id][year] = rating
        except KeyError:
            appraisals[user_id] = {year: rating}
    creds: dict[int, list[rules.Credential]] = {}
    credential = rules.Credential
    for pk, user_id, kind, level, issued, expires, revoked, number in (
        # the model's order (kind, level) settles ties between equal credentials
        ExternalQualification.objects.filter(user_id__in=among).values_list(
            "pk",
            "user_id",
            "kind",
            "level",
            "issued_on",
            "expires_on",
            "revoked_on",
            "number",
        )
    ):
        cred = credential(
            "external",
            kind,
            level,
            issued,
            expires,
            revoked,
            number,
            f"qualification:{pk}",
        )
        try:
            creds[user_id].append(cred)
        except KeyError:
            creds[user_id] = [cred]
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
    grants = _grants(among, as_of)
    out = {}
    person = rules.PersonFacts
    no_appraisals: dict[int, str] = {}
    no_scores: dict[str, Decimal] = {}
    for u in users:
        pk = u.pk
        out[pk] = person(
            person_id=pk,
            employee_no=u.employee_number or "",
            post_type=u.post_type or "",
            grade=u.grade,
            grade_since=u.grade_since,
            hire_date=u.hire_date,
            appraisals=appraisals.get(pk, no_appraisals),
            credentials=tuple(creds.get(pk, ())),
            test_scores=scores.get(pk, no_scores),
            practice_points={
                win: _decimal(values.get(pk)) for win, values in points.items()
            },
            helper_minutes={
                win: int(values.get(pk) or 0) for win, values in minutes.items()
            },
            grants=tuple(grants.get(pk, ())),
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
    rewards = list(
        RewardRecord.objects.filter(user=user).select_related("reversed_by", "end")
    )
    return evaluations, promotions, rewards
