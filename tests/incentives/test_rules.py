"""The pure eligibility engine: every criterion, policy semantics, boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from incentives.rules import (
    AppraisalCriterion,
    Credential,
    CredentialCriterion,
    HelperHoursCriterion,
    NotGrantedCriterion,
    PersonFacts,
    Policy,
    PostTypeCriterion,
    PracticePointsCriterion,
    PriorGrant,
    Rule,
    RuleKind,
    TestScoreCriterion,
    Text,
    YearsInGradeCriterion,
    evaluate,
    full_years,
    window,
    windows_needed,
)

AS_OF = date(2026, 6, 30)
DIGITAL = Text("数字技能证书", "digital skills certificate")
SOCIAL = Text("社会工作者职业资格", "social work qualification")


def facts(**kw) -> PersonFacts:
    base = {
        "person_id": 1,
        "employee_no": "E001",
        "post_type": "other",
        "grade": 5,
        "grade_since": date(2022, 1, 1),
        "appraisals": {
            2022: "qualified",
            2023: "qualified",
            2024: "qualified",
            2025: "qualified",
        },
    }
    base.update(kw)
    return PersonFacts(**base)


def one_rule(*criteria, kind=RuleKind.HONOUR, match="all", **kw) -> Policy:
    rule = Rule(
        code=kw.pop("code", "r"),
        name=Text("规则", "rule"),
        kind=kind,
        criteria=tuple(criteria),
        match=match,
        honour=Text("荣誉", "honour") if kind is RuleKind.HONOUR else None,
        **kw,
    )
    return Policy(name="p", version=1, effective_from=date(2020, 1, 1), rules=(rule,))


def result(f: PersonFacts, policy: Policy, on: date = AS_OF):
    return evaluate(f, policy, on).results[0]


def cred(
    level,
    issued=date(2026, 3, 1),
    expires=None,
    revoked=None,
    *,
    kind="digital",
    source="ours",
):
    return Credential(
        source=source,
        kind=kind,
        level=level,
        issued_on=issued,
        expires_on=expires,
        revoked_on=revoked,
    )


# --- full years and windows -------------------------------------------------


@pytest.mark.parametrize(
    ("since", "on", "years"),
    [
        pytest.param(date(2023, 3, 1), date(2026, 3, 1), 3, id="exactly-3-years"),
        pytest.param(date(2023, 3, 1), date(2026, 2, 28), 2, id="one-day-short"),
        pytest.param(date(2024, 2, 29), date(2027, 2, 28), 2, id="leap-day-short"),
        pytest.param(date(2024, 2, 29), date(2027, 3, 1), 3, id="leap-day-next-day"),
        pytest.param(date(2026, 7, 1), date(2026, 6, 30), 0, id="future-start"),
    ],
)
def test_full_years(since, on, years):
    assert full_years(since, on) == years


@pytest.mark.parametrize(
    ("on", "months", "expected"),
    [
        pytest.param(
            date(2026, 6, 30), 12, (date(2025, 7, 1), date(2026, 6, 30)), id="12-months"
        ),
        pytest.param(
            date(2026, 3, 31),
            1,
            (date(2026, 3, 1), date(2026, 3, 31)),
            id="month-end-clamped",
        ),
    ],
)
def test_window(on, months, expected):
    assert window(on, months) == expected


# --- credential criterion ---------------------------------------------------

MID_DIGITAL = CredentialCriterion(kind="digital", min_level=2, label=DIGITAL)


@pytest.mark.parametrize(
    ("creds", "met", "zh", "en"),
    [
        pytest.param(
            (cred(1),),
            False,
            "需要 中级及以上数字技能证书：已有 初级（2026-03-01 颁发）",
            "Needs digital skills certificate, intermediate or higher: has junior "
            "(issued 2026-03-01)",
            id="lower-level-held",
        ),
        pytest.param(
            (cred(2, expires=date(2029, 2, 28)),),
            True,
            "需要 中级及以上数字技能证书：已有 中级"
            "（2026-03-01 颁发，2029-02-28 到期）",
            "Needs digital skills certificate, intermediate or higher: has "
            "intermediate (issued 2026-03-01, expires 2029-02-28)",
            id="level-held",
        ),
        pytest.param(
            (cred(1), cred(3, issued=date(2025, 1, 1))),
            True,
            "需要 中级及以上数字技能证书：已有 高级（2025-01-01 颁发）",
            "Needs digital skills certificate, intermediate or higher: has senior "
            "(issued 2025-01-01)",
            id="higher-level-counts",
        ),
        pytest.param(
            (),
            False,
            "需要 中级及以上数字技能证书：还没有",
            "Needs digital skills certificate, intermediate or higher: none held",
            id="none",
        ),
        pytest.param(
            (cred(2, issued=date(2020, 1, 1), expires=date(2026, 6, 29)),),
            False,
            "需要 中级及以上数字技能证书：已有 中级（已于 2026-06-29 到期）",
            "Needs digital skills certificate, intermediate or higher: has "
            "intermediate (expired on 2026-06-29)",
            id="expired-day-before",
        ),
        pytest.param(
            (cred(2, issued=date(2020, 1, 1), expires=AS_OF),),
            True,
            "需要 中级及以上数字技能证书：已有 中级"
            "（2020-01-01 颁发，2026-06-30 到期）",
            "Needs digital skills certificate, intermediate or higher: has "
            "intermediate (issued 2020-01-01, expires 2026-06-30)",
            id="expires-on-the-day-still-valid",
        ),
        pytest.param(
            (cred(2, revoked=date(2026, 5, 1)),),
            False,
            "需要 中级及以上数字技能证书：已有 中级（已于 2026-05-01 撤销）",
            "Needs digital skills certificate, intermediate or higher: has "
            "intermediate (revoked on 2026-05-01)",
            id="revoked",
        ),
        pytest.param(
            (cred(2, issued=date(2026, 7, 1)),),
            False,
            "需要 中级及以上数字技能证书：已有 中级（2026-07-01 才颁发）",
            "Needs digital skills certificate, intermediate or higher: has "
            "intermediate (issued only on 2026-07-01)",
            id="issued-after-as-of",
        ),
        pytest.param(
            (cred(3, kind="other"),),
            False,
            "需要 中级及以上数字技能证书：还没有",
            "Needs digital skills certificate, intermediate or higher: none held",
            id="other-kind-ignored",
        ),
    ],
)
def test_credential_criterion(creds, met, zh, en):
    r = result(facts(credentials=creds), one_rule(MID_DIGITAL))
    assert r.eligible is met
    assert r.criteria[0].met is met
    assert r.criteria[0].text == Text(zh, en)


@pytest.mark.parametrize(
    ("source", "held_source", "met"),
    [
        pytest.param("external", "external", True, id="external-wanted-external"),
        pytest.param("external", "ours", False, id="external-wanted-ours-held"),
        pytest.param("ours", "external", False, id="ours-wanted-external-held"),
        pytest.param("any", "external", True, id="any-source"),
    ],
)
def test_credential_source(source, held_source, met):
    c = CredentialCriterion(kind="digital", min_level=1, source=source, label=DIGITAL)
    r = result(facts(credentials=(cred(1, source=held_source),)), one_rule(c))
    assert r.eligible is met


def test_exact_level_criterion_ignores_higher():
    c = CredentialCriterion(kind="digital", min_level=1, max_level=1, label=DIGITAL)
    assert not result(facts(credentials=(cred(2),)), one_rule(c)).eligible
    assert result(facts(credentials=(cred(1),)), one_rule(c)).eligible


# --- other criteria ---------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "met", "zh"),
    [
        pytest.param(
            {"T1": Decimal("80")},
            True,
            "需要 数字测试 成绩 ≥ 80 分：最好成绩 80 分",
            id="exactly-min",
        ),
        pytest.param(
            {"T1": Decimal("79.5")},
            False,
            "需要 数字测试 成绩 ≥ 80 分：最好成绩 79.5 分",
            id="just-below",
        ),
        pytest.param(
            {}, False, "需要 数字测试 成绩 ≥ 80 分：还没有考过", id="not-taken"
        ),
    ],
)
def test_test_score(scores, met, zh):
    c = TestScoreCriterion(
        test="T1", min_score=Decimal(80), label=Text("数字测试", "t")
    )
    r = result(facts(test_scores=scores), one_rule(c))
    assert (r.eligible, r.criteria[0].text.zh) == (met, zh)


@pytest.mark.parametrize(
    ("points", "met"),
    [
        pytest.param(Decimal(100), True, id="exactly-100"),
        pytest.param(Decimal("99.9"), False, id="just-below"),
    ],
)
def test_practice_points_window(points, met):
    c = PracticePointsCriterion(min_points=Decimal(100), window_months=12)
    win = (date(2025, 7, 1), AS_OF)
    r = result(facts(practice_points={win: points}), one_rule(c))
    assert r.eligible is met
    assert "近 12 个月实践积分 ≥ 100" in r.criteria[0].text.zh


def test_windows_needed_lists_every_window_the_policy_reads():
    policy = one_rule(
        PracticePointsCriterion(min_points=Decimal(1), window_months=12),
        HelperHoursCriterion(min_hours=Decimal(50), window_months=6),
    )
    assert windows_needed(policy, AS_OF) == {
        "practice_points": {(date(2025, 7, 1), AS_OF)},
        "helper_minutes": {(date(2025, 12, 31), AS_OF)},
    }


def test_missing_window_is_a_programming_error_not_zero():
    c = PracticePointsCriterion(min_points=Decimal(1))
    with pytest.raises(ValueError, match="windows_needed"):
        evaluate(facts(), one_rule(c), AS_OF)


@pytest.mark.parametrize(
    ("minutes", "met"),
    [
        pytest.param(3000, True, id="50-hours"),
        pytest.param(2999, False, id="a-minute-short"),
    ],
)
def test_helper_hours(minutes, met):
    c = HelperHoursCriterion(min_hours=Decimal(50), window_months=12)
    r = result(facts(helper_minutes={(date(2025, 7, 1), AS_OF): minutes}), one_rule(c))
    assert r.eligible is met


@pytest.mark.parametrize(
    ("since", "on", "met"),
    [
        pytest.param(
            date(2023, 3, 1), date(2026, 3, 1), True, id="exactly-3-full-years"
        ),
        pytest.param(date(2023, 3, 1), date(2026, 2, 28), False, id="one-day-short"),
        pytest.param(None, AS_OF, False, id="no-grade-start"),
    ],
)
def test_years_in_grade(since, on, met):
    r = result(
        facts(grade_since=since), one_rule(YearsInGradeCriterion(min_years=3)), on
    )
    assert r.eligible is met


def test_years_in_grade_explains_actual_years():
    r = result(
        facts(grade_since=date(2023, 3, 1)),
        one_rule(YearsInGradeCriterion(min_years=3)),
        date(2026, 2, 28),
    )
    assert r.criteria[0].text == Text(
        "需要 任现级满 3 年：自 2023-03-01 起已满 2 年",
        "Needs 3 full years in the current grade: 2 full years since 2023-03-01",
    )


@pytest.mark.parametrize(
    ("criterion", "appraisals", "met", "zh_part"),
    [
        pytest.param(
            AppraisalCriterion(span="grade"),
            {
                2022: "excellent",
                2023: "qualified",
                2024: "qualified",
                2025: "qualified",
            },
            True,
            "2022 优秀",
            id="grade-span-all-ok",
        ),
        pytest.param(
            AppraisalCriterion(span="grade"),
            {
                2022: "qualified",
                2023: "basically_qualified",
                2024: "qualified",
                2025: "qualified",
            },
            False,
            "2023 年为 基本合格",
            id="grade-span-one-basic",
        ),
        pytest.param(
            AppraisalCriterion(span="grade"),
            {2022: "qualified", 2024: "qualified", 2025: "qualified"},
            False,
            "2023 年无记录",
            id="grade-span-missing-year",
        ),
        pytest.param(
            AppraisalCriterion(span="year", year=2023),
            {2023: "unqualified"},
            False,
            "2023 年为 不合格",
            id="given-year-bad",
        ),
        pytest.param(
            AppraisalCriterion(span="last_year", min_rating="excellent"),
            {2025: "excellent"},
            True,
            "2025 优秀",
            id="last-year-excellent",
        ),
        pytest.param(
            AppraisalCriterion(span="last_year", min_rating="excellent"),
            {2025: "qualified"},
            False,
            "2025 年为 合格",
            id="last-year-not-excellent",
        ),
    ],
)
def test_appraisal(criterion, appraisals, met, zh_part):
    r = result(facts(appraisals=appraisals), one_rule(criterion))
    assert r.eligible is met
    assert zh_part in r.criteria[0].text.zh


def test_appraisal_of_the_credential_year():
    rule = one_rule(MID_DIGITAL, AppraisalCriterion(span="credential_year"))
    ok = facts(
        credentials=(cred(2, issued=date(2024, 5, 1)),), appraisals={2024: "qualified"}
    )
    bad = facts(
        credentials=(cred(2, issued=date(2024, 5, 1)),),
        appraisals={2024: "basically_qualified"},
    )
    pending = facts(credentials=(cred(2, issued=date(2026, 5, 1)),), appraisals={})
    assert result(ok, rule).eligible
    assert not result(bad, rule).eligible
    r = result(pending, rule)
    assert not r.eligible
    assert "取得证书当年（2026 年）考核" in r.criteria[1].text.zh
    assert "2026 年无记录" in r.criteria[1].text.zh


@pytest.mark.parametrize(
    ("post", "met"),
    [
        pytest.param("chief", True, id="head"),
        pytest.param("other", False, id="other"),
        pytest.param("", False, id="no-post"),
    ],
)
def test_post_type(post, met):
    r = result(facts(post_type=post), one_rule(PostTypeCriterion(("chief", "deputy"))))
    assert r.eligible is met


@pytest.mark.parametrize(
    ("per", "grants", "met"),
    [
        pytest.param("ever", (), True, id="never-granted"),
        pytest.param(
            "ever",
            (PriorGrant("r", granted_on=date(2020, 1, 1)),),
            False,
            id="granted-years-ago",
        ),
        pytest.param(
            "year",
            (PriorGrant("r", granted_on=date(2025, 12, 31)),),
            True,
            id="per-year-granted-last-year",
        ),
        pytest.param(
            "year",
            (PriorGrant("r", granted_on=date(2026, 1, 1)),),
            False,
            id="per-year-granted-this-year",
        ),
        pytest.param(
            "ever",
            (PriorGrant("other", granted_on=date(2020, 1, 1)),),
            True,
            id="other-rule-granted",
        ),
    ],
)
def test_not_granted(per, grants, met):
    r = result(facts(grants=grants), one_rule(NotGrantedCriterion(per=per)))
    assert r.eligible is met


def test_any_combination():
    policy = one_rule(
        PostTypeCriterion(("chief",)), YearsInGradeCriterion(min_years=3), match="any"
    )
    r = result(facts(post_type="other"), policy)
    assert r.eligible
    assert [c.met for c in r.criteria] == [False, True]


# --- the real policies ------------------------------------------------------


def step_rule() -> Rule:
    return Rule(
        code="grade_step",
        name=Text("任职满三年晋一级", "one step per 3 years"),
        kind=RuleKind.GRADE_STEP,
        grade_delta=1,
        criteria=(YearsInGradeCriterion(min_years=3), AppraisalCriterion(span="grade")),
    )


def qual_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            code=f"qual_grade_{level}",
            name=Text(f"职业资格{level}", f"qualification {level}"),
            kind=RuleKind.GRADE_STEP,
            grade_delta=level,
            group="qual_grade",
            rank=level,
            criteria=(
                CredentialCriterion(
                    kind="social_work",
                    min_level=level,
                    max_level=level,
                    source="external",
                    label=SOCIAL,
                ),
            ),
        )
        for level in (1, 2, 3)
    )


def award_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            code=f"qual_award_{level}",
            name=Text(f"取证奖励{level}", f"award {level}"),
            kind=RuleKind.ONE_TIME,
            amount=amount,
            criteria=(
                CredentialCriterion(
                    kind="social_work",
                    min_level=level,
                    max_level=level,
                    source="external",
                    label=SOCIAL,
                ),
                AppraisalCriterion(span="credential_year"),
                NotGrantedCriterion(),
            ),
        )
        for level, amount in (
            (1, Decimal(1500)),
            (2, Decimal(3000)),
            (3, Decimal(5000)),
        )
    )


def allowance_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            code=f"qual_monthly_{level}",
            name=Text(f"津贴{level}", f"allowance {level}"),
            kind=RuleKind.MONTHLY,
            amount=amount,
            group="qual_monthly",
            rank=level,
            criteria=(
                CredentialCriterion(
                    kind="social_work",
                    min_level=level,
                    max_level=level,
                    source="external",
                    label=SOCIAL,
                ),
            ),
        )
        for level, amount in ((1, Decimal(200)), (2, Decimal(300)), (3, Decimal(500)))
    )


def policy_of(*rules, **kw) -> Policy:
    return Policy(
        name="社区", version=3, effective_from=date(2024, 1, 1), rules=rules, **kw
    )


def by_code(evaluation):
    return {r.rule.code: r for r in evaluation.results}


@pytest.mark.parametrize(
    ("post", "grade", "since", "on", "appraisals", "grade_to"),
    [
        pytest.param(
            "other",
            5,
            date(2023, 3, 1),
            date(2026, 3, 1),
            {2023: "qualified", 2024: "excellent", 2025: "qualified"},
            6,
            id="step-after-exactly-3-years",
        ),
        pytest.param(
            "other",
            5,
            date(2023, 3, 1),
            date(2026, 2, 28),
            {2023: "qualified", 2024: "excellent", 2025: "qualified"},
            None,
            id="no-step-one-day-short",
        ),
        pytest.param(
            "other",
            5,
            date(2023, 3, 1),
            date(2026, 3, 1),
            {2023: "qualified", 2024: "unqualified", 2025: "qualified"},
            None,
            id="blocked-by-appraisal",
        ),
        pytest.param(
            "chief",
            18,
            date(2020, 1, 1),
            date(2026, 3, 1),
            dict.fromkeys(range(2020, 2026), "qualified"),
            None,
            id="head-at-top-18",
        ),
        pytest.param(
            "deputy",
            14,
            date(2020, 1, 1),
            date(2026, 3, 1),
            dict.fromkeys(range(2020, 2026), "qualified"),
            15,
            id="deputy-to-top-15",
        ),
        pytest.param(
            "other",
            12,
            date(2020, 1, 1),
            date(2026, 3, 1),
            dict.fromkeys(range(2020, 2026), "qualified"),
            None,
            id="other-at-top-12",
        ),
    ],
)
def test_grade_step_rule(post, grade, since, on, appraisals, grade_to):
    f = facts(post_type=post, grade=grade, grade_since=since, appraisals=appraisals)
    r = by_code(evaluate(f, policy_of(step_rule()), on))["grade_step"]
    assert r.eligible is (grade_to is not None)
    if grade_to is not None:
        assert (r.outcome.grade_from, r.outcome.grade_to) == (grade, grade_to)


def test_capped_rule_explains_the_range():
    f = facts(
        post_type="chief",
        grade=18,
        grade_since=date(2020, 1, 1),
        appraisals=dict.fromkeys(range(2020, 2026), "qualified"),
    )
    r = by_code(evaluate(f, policy_of(step_rule()), AS_OF))["grade_step"]
    assert r.criteria[-1].text == Text(
        "需要 低于社区正职最高 18 级：现为 18 级",
        "Needs a grade below the community head top of 18: is 18",
    )


@pytest.mark.parametrize(
    ("held", "grants", "post", "grade", "winner", "grade_to"),
    [
        pytest.param((1,), (), "other", 5, "qual_grade_1", 6, id="junior-plus-1"),
        pytest.param(
            (1, 2),
            (),
            "other",
            5,
            "qual_grade_2",
            7,
            id="intermediate-highest-not-cumulative",
        ),
        pytest.param((1, 2, 3), (), "other", 5, "qual_grade_3", 8, id="senior-plus-3"),
        pytest.param(
            (1, 2),
            (
                PriorGrant(
                    "qual_grade_1",
                    group="qual_grade",
                    kind=RuleKind.GRADE_STEP,
                    grade_delta=1,
                ),
            ),
            "other",
            6,
            "qual_grade_2",
            7,
            id="junior-already-granted-deducted",
        ),
        pytest.param(
            (2,),
            (
                PriorGrant(
                    "qual_grade_2",
                    group="qual_grade",
                    kind=RuleKind.GRADE_STEP,
                    grade_delta=2,
                ),
            ),
            "other",
            7,
            None,
            None,
            id="same-level-already-granted",
        ),
        pytest.param((3,), (), "other", 11, "qual_grade_3", 12, id="capped-to-12"),
        pytest.param((3,), (), "deputy", 15, None, None, id="deputy-at-top"),
    ],
)
def test_highest_only_grade_with_deduction(held, grants, post, grade, winner, grade_to):
    creds = tuple(
        cred(level, issued=date(2025, 1, level), kind="social_work", source="external")
        for level in held
    )
    f = facts(post_type=post, grade=grade, credentials=creds, grants=grants)
    results = by_code(evaluate(f, policy_of(*qual_rules()), AS_OF))
    eligible = [code for code, r in results.items() if r.eligible]
    assert eligible == ([winner] if winner else [])
    if winner:
        assert results[winner].outcome.grade_to == grade_to


def test_superseded_rule_says_which_rule_won():
    creds = (
        cred(1, kind="social_work", source="external"),
        cred(2, kind="social_work", source="external"),
    )
    results = by_code(
        evaluate(facts(credentials=creds), policy_of(*qual_rules()), AS_OF)
    )
    assert results["qual_grade_1"].notes[-1].zh == "同组按最高：由「职业资格2」代替"


@pytest.mark.parametrize(
    ("held", "appraisals", "grants", "expected"),
    [
        pytest.param(
            {1: 2025},
            {2025: "qualified"},
            (),
            {"qual_award_1": 1500},
            id="junior-award",
        ),
        pytest.param(
            {1: 2024, 2: 2025},
            {2024: "qualified", 2025: "excellent"},
            (PriorGrant("qual_award_1"),),
            {"qual_award_2": 3000},
            id="intermediate-after-junior-paid",
        ),
        pytest.param(
            {1: 2024, 2: 2025},
            {2024: "qualified", 2025: "qualified"},
            (),
            {"qual_award_1": 1500, "qual_award_2": 3000},
            id="each-level-once-both-unpaid",
        ),
        pytest.param(
            {2: 2025},
            {2025: "basically_qualified"},
            (),
            {},
            id="blocked-by-that-years-appraisal",
        ),
        pytest.param(
            {3: 2025},
            {2025: "qualified"},
            (PriorGrant("qual_award_3"),),
            {},
            id="paid-once-only",
        ),
    ],
)
def test_one_time_awards_once_per_level(held, appraisals, grants, expected):
    creds = tuple(
        cred(level, issued=date(year, 5, 1), kind="social_work", source="external")
        for level, year in held.items()
    )
    f = facts(credentials=creds, appraisals=appraisals, grants=grants)
    results = evaluate(f, policy_of(*award_rules()), AS_OF).results
    assert {r.rule.code: r.outcome.amount for r in results if r.eligible} == expected


@pytest.mark.parametrize(
    ("held", "grants", "expected"),
    [
        pytest.param(
            {1: None, 2: None},
            (),
            ("qual_monthly_2", 300, None),
            id="highest-valid-level",
        ),
        pytest.param(
            {1: None, 2: date(2026, 6, 1)},
            (),
            ("qual_monthly_1", 200, None),
            id="expired-intermediate-falls-back-to-junior",
        ),
        pytest.param(
            {3: date(2028, 1, 31)},
            (),
            ("qual_monthly_3", 500, date(2028, 1, 31)),
            id="stops-on-expiry-date",
        ),
        pytest.param(
            {2: None},
            (
                PriorGrant(
                    "qual_monthly_2",
                    group="qual_monthly",
                    kind=RuleKind.MONTHLY,
                    amount=Decimal(300),
                ),
            ),
            None,
            id="already-receiving",
        ),
        pytest.param(
            {3: None},
            (
                PriorGrant(
                    "qual_monthly_2",
                    group="qual_monthly",
                    kind=RuleKind.MONTHLY,
                    amount=Decimal(300),
                ),
            ),
            ("qual_monthly_3", 500, None),
            id="senior-replaces-intermediate",
        ),
        pytest.param({}, (), None, id="nothing-held"),
    ],
)
def test_monthly_allowance_by_highest_valid_level(held, grants, expected):
    creds = tuple(
        cred(
            level,
            issued=date(2024, 1, 1),
            expires=exp,
            kind="social_work",
            source="external",
        )
        for level, exp in held.items()
    )
    f = facts(credentials=creds, grants=grants)
    eligible = evaluate(f, policy_of(*allowance_rules()), AS_OF).eligible
    if expected is None:
        assert eligible == ()
    else:
        (r,) = eligible
        assert (r.rule.code, r.outcome.amount, r.outcome.ends_on) == (
            expected[0],
            Decimal(expected[1]),
            expected[2],
        )


def test_revoked_qualification_ends_allowance():
    creds = (
        cred(
            2,
            issued=date(2024, 1, 1),
            revoked=date(2026, 6, 1),
            kind="social_work",
            source="external",
        ),
    )
    assert (
        evaluate(
            facts(credentials=creds), policy_of(*allowance_rules()), AS_OF
        ).eligible
        == ()
    )


def test_digital_talent_award_needs_both_certificate_and_points():
    rule = Rule(
        code="digital_talent",
        name=Text("数字人才奖", "digital talent award"),
        kind=RuleKind.ONE_TIME,
        amount=Decimal(1000),
        criteria=(
            MID_DIGITAL,
            PracticePointsCriterion(min_points=Decimal(100)),
            NotGrantedCriterion(),
        ),
    )
    win = window(AS_OF, 12)
    ok = facts(credentials=(cred(2),), practice_points={win: Decimal(120)})
    short = facts(credentials=(cred(2),), practice_points={win: Decimal(60)})
    r_ok = evaluate(ok, policy_of(rule), AS_OF).results[0]
    r_short = evaluate(short, policy_of(rule), AS_OF).results[0]
    assert r_ok.eligible
    assert r_ok.outcome.summary.zh == "一次性奖励 1,000.00 元"
    assert not r_short.eligible
    assert [c.met for c in r_short.missing] == [False]
    assert r_short.missing[0].type == "practice_points"


def test_policy_outside_its_dates_grants_nothing():
    p = policy_of(step_rule(), effective_to=date(2025, 12, 31))
    f = facts(
        grade_since=date(2020, 1, 1),
        appraisals=dict.fromkeys(range(2020, 2026), "qualified"),
    )
    assert evaluate(f, p, date(2025, 12, 31)).eligible
    r = evaluate(f, p, date(2026, 1, 1)).results[0]
    assert not r.eligible
    assert "不含该日期" in r.notes[0].zh


def test_honour_outcome():
    rule = Rule(
        code="helper_honour",
        name=Text("助老之星", "helper star"),
        kind=RuleKind.HONOUR,
        honour=Text("助老之星", "Helper star"),
        criteria=(
            HelperHoursCriterion(min_hours=Decimal(50)),
            NotGrantedCriterion("year"),
        ),
    )
    f = facts(helper_minutes={window(AS_OF, 12): 3600})
    r = evaluate(f, policy_of(rule), AS_OF).results[0]
    assert r.eligible
    assert r.outcome.summary == Text("荣誉：助老之星", "honour: Helper star")


def test_evaluation_is_deterministic_and_in_policy_order():
    p = policy_of(step_rule(), *qual_rules(), *award_rules(), *allowance_rules())
    f = facts(credentials=(cred(2, kind="social_work", source="external"),))
    a, b = evaluate(f, p, AS_OF), evaluate(f, p, AS_OF)
    assert a == b
    assert [r.rule.code for r in a.results] == [r.code for r in p.rules]
