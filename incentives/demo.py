"""Demo data for incentives: the example policy, 30 staff with varied facts, and a
review queue with pending, approved and rejected cases. Idempotent (seed_demo runs it
after accounts).

Dates are relative to today, so the demo shows the same situations whenever it runs:
some staff eligible for each kind of outcome, one a month short of a grade step, one
blocked by an appraisal, two capped by their post's range (赵磊 正职 18, 吴强 副职 15),
one whose qualification expired.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import OrgUnit
from accounts.roles import HR, STAFF

from . import services
from .models import (
    Appraisal,
    CaseStatus,
    EligibilityCase,
    ExternalQualification,
    PromotionRecord,
    RewardRecord,
)

EXAMPLE = Path(__file__).resolve().parent / "policies" / "example.yaml"
COMMUNITIES = ["昆明路社区", "桂林路社区", "福明里社区", "滨西社区"]


def _years_ago(today: date, years: int, days: int = 0) -> date:
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - timedelta(days=days)


def _people(today: date):
    """(username, name, post, grade, grade_since, appraisal overrides, qualifications)

    qualifications: (level, issued, expires)."""
    y = today.year
    ya = lambda n, d=0: _years_ago(today, n, d)  # noqa: E731
    return [
        # grade step after 3 full years, all appraisals 合格 or better
        ("demo_gao", "高明", "other", 5, ya(3, 20), {}, []),
        ("demo_lin", "林静", "deputy", 8, ya(4), {y - 2: "excellent"}, []),
        ("demo_he", "何平", "chief", 10, ya(3, 1), {}, []),
        # one step away: a month short of 3 full years
        ("demo_guo", "郭晓", "other", 6, ya(3, -30), {}, []),
        # blocked by one 基本合格 in the span
        ("demo_luo", "罗丹", "other", 7, ya(4), {y - 2: "basically_qualified"}, []),
        # qualification raises: junior/intermediate/senior, with awards & allowances
        ("demo_zheng", "郑凯", "other", 4, ya(1), {}, [(1, ya(0, 40), None)]),
        (
            "demo_xie",
            "谢娜",
            "deputy",
            6,
            ya(2),
            {},
            [(1, ya(3), None), (2, ya(1), None)],
        ),
        ("demo_han", "韩冰", "chief", 9, ya(2), {}, [(3, ya(1, 10), ya(-4))]),
        # capped: junior raise for someone already at the top of 其他 (12)
        ("demo_tang", "唐亮", "other", 12, ya(1), {}, [(1, ya(1), None)]),
        # qualification expired: no allowance any more
        ("demo_feng", "冯雪", "other", 5, ya(2), {}, [(2, ya(5), ya(0, 30))]),
        # award blocked: the year it was obtained was rated 基本合格
        (
            "demo_cao",
            "曹阳",
            "other",
            5,
            ya(2),
            {y - 1: "basically_qualified"},
            [(1, date(y - 1, 5, 1), None)],
        ),
        # the rest: ordinary staff at various points
        ("demo_xu", "徐磊", "other", 3, ya(1), {}, []),
        ("demo_deng", "邓红", "deputy", 5, ya(2), {}, []),
        ("demo_song", "宋佳", "other", 2, ya(0, 200), {}, []),
        ("demo_pan", "潘越", "chief", 12, ya(2, 100), {}, []),
        ("demo_yuan", "袁梅", "other", 8, ya(1, 50), {}, []),
        ("demo_jiang", "蒋涛", "deputy", 10, ya(2, 300), {}, []),
        ("demo_cai", "蔡琳", "other", 4, ya(0, 90), {}, []),
        ("demo_du", "杜鹏", "other", 9, ya(2, 10), {}, []),
        ("demo_ye", "叶青", "deputy", 7, ya(1, 200), {}, []),
        ("demo_cheng", "程远", "other", 6, ya(2, 60), {}, []),
    ]


def _appraisal_years(user, today: date) -> range:
    start = min(today.year - 7, (user.grade_since or today).year)
    return range(start, today.year)


def _hr2():
    User = get_user_model()
    user = User.objects.filter(username="hr2").first()
    if user is None:
        user = User(username="hr2", display_name="钱慧")
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        user.groups.add(Group.objects.get(name=HR))
    return user


def seed(stdout) -> None:
    today = timezone.localdate()
    User = get_user_model()
    policy, _ = services.policy_load(
        text=EXAMPLE.read_text("utf-8"), filename=EXAMPLE.name
    )
    units = {u.name: u for u in OrgUnit.objects.filter(name__in=COMMUNITIES)}
    staff_group = Group.objects.get(name=STAFF)
    people = _people(today)
    for number, (username, name, post, grade, since, ratings, quals) in enumerate(
        people, start=101
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            hired = min(since, _years_ago(today, 6))
            user = User(
                username=username,
                display_name=name,
                employee_number=f"HP-{number:04d}",
                post_type=post,
                grade=grade,
                grade_since=since,
                hire_date=hired,
                org_unit=units.get(COMMUNITIES[number % len(COMMUNITIES)]),
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            user.groups.add(staff_group)
        for year in range(today.year - 7, today.year):
            Appraisal.objects.get_or_create(
                user=user,
                year=year,
                defaults={"rating": ratings.get(year, "qualified")},
            )
        for level, issued, expires in quals:
            ExternalQualification.objects.get_or_create(
                user=user,
                kind="social_work",
                level=level,
                defaults={
                    "number": f"SW{number}{level}",
                    "issued_on": issued,
                    "expires_on": expires,
                },
            )
    # Everyone on the accounts demo roster gets appraisals too (all 合格).
    for user in User.objects.filter(employee_number__startswith="HP-0"):
        for year in _appraisal_years(user, today):
            Appraisal.objects.get_or_create(
                user=user, year=year, defaults={"rating": "qualified"}
            )
    services.cases_sync(as_of=today)
    hr = User.objects.filter(username="hr").first()
    hr2 = _hr2()
    decided = (
        PromotionRecord.objects.exists()
        or RewardRecord.objects.exists()
        or EligibilityCase.objects.filter(status=CaseStatus.REJECTED).exists()
    )
    if hr is not None and not decided:
        _decide(hr, hr2, today)
    counts = {
        s: EligibilityCase.objects.filter(status=s).count() for s in CaseStatus.values
    }
    stdout.write(
        f"incentives: policy {policy}; {len(people)} extra staff; cases {counts}"
    )


def _decide(hr, hr2, today: date) -> None:
    def case(username, code):
        return EligibilityCase.objects.filter(
            user__username=username, rule__code=code, status=CaseStatus.PENDING
        ).first()

    # An approved promotion (two approvers) and an approved award + allowance.
    c = case("demo_he", "tenure_step")
    if c:
        services.case_approve(case_id=c.pk, actor=hr, effective_date=today)
        services.case_approve(case_id=c.pk, actor=hr2, effective_date=today)
    for code in ("qual_award_intermediate", "qual_monthly_intermediate"):
        c = case("demo_xie", code)
        if c:
            services.case_approve(case_id=c.pk, actor=hr, effective_date=today)
    # A promotion waiting for its second approver.
    c = case("demo_lin", "tenure_step")
    if c:
        services.case_approve(case_id=c.pk, actor=hr, effective_date=today)
    # A rejected case.
    c = case("demo_zheng", "qual_monthly_junior")
    if c:
        services.case_reject(
            case_id=c.pk,
            actor=hr2,
            reason="证书扫描件不清晰，请重新提交 / the scan is unreadable; resubmit",
        )
    services.cases_sync(as_of=today)
