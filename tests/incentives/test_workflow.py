"""Policies from files, batch evaluation into cases, HR approval with two approvers,
immutable records, reversals, the audit log and budget caps."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incentives import selectors, services
from incentives.models import (
    Appraisal,
    AuditEntry,
    CaseStatus,
    EligibilityCase,
    ExternalQualification,
    PromotionRecord,
    RewardRecord,
)
from incentives.policy_schema import PolicyError, parse_policy_text

AS_OF = date(2026, 6, 30)


def appraise(user, years, rating="qualified"):
    for y in years:
        Appraisal.objects.create(user=user, year=y, rating=rating)


# --- policy files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        pytest.param(
            ("rules", 0, "criteria", 0, "type", "years_in_post"),
            "rules[0].criteria[0].type",
            id="unknown-criterion",
        ),
        pytest.param(
            ("rules", 4, "amount", "15OO"), "rules[4].amount", id="malformed-amount"
        ),
        pytest.param(
            ("rules", 1, "criteria", 0, "min_level", 4),
            "rules[1].criteria[0].min_level",
            id="level-out-of-range",
        ),
        pytest.param(("rules", 0, "kind", "bonus"), "rules[0].kind", id="unknown-kind"),
        pytest.param(("effective_from", "2026-13-01"), "effective_from", id="bad-date"),
        pytest.param(
            ("rules", 0, "colour", "red"), "rules[0].colour", id="unknown-rule-field"
        ),
    ],
)
def test_bad_policy_is_refused_with_the_path(change, path):
    import yaml

    from tests.incentives.conftest import EXAMPLE

    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    *keys, last, value = change
    target = data
    for k in keys:
        target = target[k]
    target[last] = value
    with pytest.raises(PolicyError) as info:
        parse_policy_text(json.dumps(data, default=str), "p.json")
    assert info.value.path == path


@pytest.mark.django_db
def test_load_policy_command_is_idempotent_and_refuses_changed_same_version(tmp_path):
    from tests.incentives.conftest import EXAMPLE

    out = io.StringIO()
    call_command("load_policy", str(EXAMPLE), stdout=out)
    call_command("load_policy", str(EXAMPLE), stdout=out)
    assert "already loaded" in out.getvalue()
    changed = tmp_path / "p.yaml"
    changed.write_text(EXAMPLE.read_text("utf-8").replace('"1500.00"', '"1600.00"'))
    with pytest.raises(CommandError, match="increase the version"):
        call_command("load_policy", str(changed))
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text("utf-8").replace("min_years: 3", "min_years: x"))
    with pytest.raises(CommandError, match=r"rules\[0\]\.criteria\[0\]\.min_years"):
        call_command("load_policy", str(bad))


# --- evaluation -------------------------------------------------------------


@pytest.mark.django_db
def test_facts_for_all_staff_in_constant_queries(policy, make_staff):
    engine = selectors.engine_policy(policy)

    def count(n_staff):
        for i in range(n_staff):
            u = make_staff(f"Q{n_staff}-{i}")
            appraise(u, range(2020, 2026))
            ExternalQualification.objects.create(
                user=u, kind="social_work", level=1, issued_on=date(2024, 1, 1)
            )
        users = list(selectors.staff_queryset())
        with CaptureQueriesContext(connection) as ctx:
            selectors.facts_for(users=users, policy=engine, as_of=AS_OF)
        return len(ctx.captured_queries)

    assert count(2) == count(12)


@pytest.mark.django_db
def test_evaluate_command_json_and_csv(policy, make_staff):
    u = make_staff("E1", grade_since=date(2023, 6, 30))
    appraise(u, [2023, 2024, 2025])
    out = io.StringIO()
    call_command("evaluate_incentives", "--as-of", "2026-06-30", stdout=out)
    rows = json.loads(out.getvalue())
    step = next(r for r in rows if r["rule"] == "tenure_step")
    assert step["employee_no"] == "E1"
    assert step["eligible"] is True
    assert step["outcome"] == "薪级 5 → 6 级"
    assert "需要 任现级满 3 年：自 2023-06-30 起已满 3 年" in step["reasons"]
    out = io.StringIO()
    call_command(
        "evaluate_incentives",
        "--as-of",
        "2026-06-29",
        "--format",
        "csv",
        "--language",
        "en",
        stdout=out,
    )
    line = next(x for x in out.getvalue().splitlines() if ",tenure_step," in x)
    assert ",false," in line
    assert "2 full years since 2023-06-30" in line
    with pytest.raises(CommandError):
        call_command("evaluate_incentives", "--as-of", "30/06/2026")


@pytest.mark.django_db
def test_cases_sync_is_idempotent_and_lapses(policy, make_staff):
    u = make_staff("E1", grade_since=date(2023, 1, 1))
    appraise(u, [2023, 2024, 2025])
    first = services.cases_sync(as_of=AS_OF)
    assert first["created"] == 1
    assert services.cases_sync(as_of=AS_OF) == {"created": 0, "updated": 0, "lapsed": 0}
    case = EligibilityCase.objects.get()
    assert (case.rule.code, case.grade_from, case.grade_to) == ("tenure_step", 5, 6)
    Appraisal.objects.filter(user=u, year=2024).update(rating="unqualified")
    assert services.cases_sync(as_of=AS_OF)["lapsed"] == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.LAPSED


# --- approval ---------------------------------------------------------------


@pytest.fixture
def step_case(policy, make_staff):
    u = make_staff("E1", grade_since=date(2023, 1, 1))
    appraise(u, [2023, 2024, 2025])
    services.cases_sync(as_of=AS_OF)
    return EligibilityCase.objects.get(user=u)


@pytest.mark.django_db
def test_promotion_needs_two_different_approvers_and_updates_grade(step_case, hr, hr2):
    assert (
        services.case_approve(case_id=step_case.pk, actor=hr, effective_date=AS_OF)
        is None
    )
    with pytest.raises(PermissionDenied, match="second"):
        services.case_approve(case_id=step_case.pk, actor=hr, effective_date=AS_OF)
    record = services.case_approve(
        case_id=step_case.pk, actor=hr2, effective_date=AS_OF
    )
    assert (record.grade_from, record.grade_to, record.policy_version) == (5, 6, 1)
    assert (record.approved_by, record.second_approver) == (hr, hr2)
    user = step_case.user
    user.refresh_from_db()
    assert (user.grade, user.grade_since) == (6, AS_OF)
    with pytest.raises(ValidationError, match="already been decided"):
        services.case_approve(case_id=step_case.pk, actor=hr2, effective_date=AS_OF)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["case.approve_first", "promotion.create", "case.approve"]
    # The promotion restarts the count: no new step case.
    services.cases_sync(as_of=AS_OF)
    assert not EligibilityCase.objects.filter(status=CaseStatus.PENDING).exists()


@pytest.mark.django_db
def test_nobody_decides_their_own_case(step_case, hr):
    from django.contrib.auth.models import Group

    from accounts.roles import HR

    step_case.user.groups.add(Group.objects.get(name=HR))
    with pytest.raises(PermissionDenied, match="own case"):
        services.case_approve(
            case_id=step_case.pk, actor=step_case.user, effective_date=AS_OF
        )
    with pytest.raises(PermissionDenied, match="own case"):
        services.case_reject(case_id=step_case.pk, actor=step_case.user, reason="x")


@pytest.mark.django_db
def test_only_hr_decides(step_case, make_staff):
    other = make_staff("E9")
    with pytest.raises(PermissionDenied, match="only HR"):
        services.case_approve(case_id=step_case.pk, actor=other, effective_date=AS_OF)


@pytest.mark.django_db
def test_reject_needs_a_reason(step_case, hr):
    with pytest.raises(ValidationError, match="reason"):
        services.case_reject(case_id=step_case.pk, actor=hr, reason="  ")
    services.case_reject(case_id=step_case.pk, actor=hr, reason="档案待核")
    step_case.refresh_from_db()
    assert (step_case.status, step_case.reject_reason) == (
        CaseStatus.REJECTED,
        "档案待核",
    )


@pytest.fixture
def award_case(policy, make_staff):
    u = make_staff("E2")
    appraise(u, [2023, 2024, 2025])
    ExternalQualification.objects.create(
        user=u, kind="social_work", level=1, issued_on=date(2025, 3, 1)
    )
    services.cases_sync(as_of=AS_OF)
    return EligibilityCase.objects.get(user=u, rule__code="qual_award_junior")


@pytest.mark.django_db
def test_reward_record_is_immutable_and_corrected_by_reversal(award_case, hr, hr2):
    record = services.case_approve(
        case_id=award_case.pk, actor=hr, effective_date=AS_OF
    )
    assert record.amount == Decimal("1500.00")
    record.amount = Decimal(1)
    with pytest.raises(ValidationError):
        record.save()
    with pytest.raises(ValidationError):
        record.delete()
    with pytest.raises(ValidationError):
        RewardRecord.objects.filter(pk=record.pk).update(amount=1)
    with pytest.raises(ValidationError):
        AuditEntry.objects.all().delete()
    reversal = services.reward_reverse(
        record_id=record.pk, actor=hr2, reason="重复发放"
    )
    assert reversal.reverses == record
    assert RewardRecord.objects.count() == 2
    # once reversed, the award may be found again
    services.cases_sync(as_of=AS_OF)
    assert EligibilityCase.objects.filter(
        rule__code="qual_award_junior", status=CaseStatus.PENDING
    ).exists()


@pytest.mark.django_db
def test_budget_cap_enforced_at_approval(award_case, hr, policy):
    policy.budget_cap = Decimal("1000.00")
    policy.save(update_fields=["budget_cap"])
    with pytest.raises(ValidationError, match="over the policy budget"):
        services.case_approve(case_id=award_case.pk, actor=hr, effective_date=AS_OF)
    assert not RewardRecord.objects.exists()
    award_case.refresh_from_db()
    assert award_case.status == CaseStatus.PENDING


@pytest.mark.django_db
def test_promotion_reversal_restores_grade(step_case, hr, hr2):
    services.case_approve(case_id=step_case.pk, actor=hr, effective_date=AS_OF)
    record = services.case_approve(
        case_id=step_case.pk, actor=hr2, effective_date=AS_OF
    )
    services.promotion_reverse(record_id=record.pk, actor=hr, reason="录入错误")
    step_case.user.refresh_from_db()
    assert step_case.user.grade == 5
    assert PromotionRecord.objects.count() == 2


def test_docs_carry_the_example_policy_verbatim():
    from tests.incentives.conftest import EXAMPLE

    docs = (EXAMPLE.parents[2] / "docs" / "incentives.md").read_text("utf-8")
    assert EXAMPLE.read_text("utf-8").rstrip("\n") in docs


@pytest.mark.django_db
def test_rule_edited_in_the_admin_is_validated_by_the_schema(policy):
    rule = policy.rules.get(code="qual_award_junior")
    rule.criteria = [*rule.criteria, {"type": "years_in_post", "min_years": 3}]
    with pytest.raises(ValidationError, match=r"criteria\[3\]\.type"):
        rule.full_clean()
    rule.criteria = rule.criteria[:-1]
    rule.amount = None
    with pytest.raises(ValidationError, match="amount"):
        rule.full_clean()
