"""My growth and the HR admin screens, through the test client."""

from __future__ import annotations

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from incentives import services
from incentives.models import (
    Appraisal,
    CaseStatus,
    EligibilityCase,
    ExternalQualification,
    PromotionRecord,
)

pytestmark = pytest.mark.django_db


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def eligible(policy, make_staff):
    user = make_staff("E1", grade_since=date(2021, 1, 1))
    for y in range(2021, 2026):
        Appraisal.objects.create(user=user, year=y, rating="qualified")
    ExternalQualification.objects.create(
        user=user, kind="social_work", level=2, issued_on=date(2024, 3, 1)
    )
    services.cases_sync(as_of=timezone.localdate())
    return user


def test_my_growth_shows_grade_ready_and_missing(client, eligible):
    client.force_login(eligible)
    html = client.get(reverse("incentives:growth"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = html.content.decode()
    assert html.status_code == 200
    assert "我的成长" in text
    assert "薪级 5 → 7 级" in text  # intermediate qualification: +2 by the highest
    assert (
        "需要 中级及以上数字技能（数据分析）证书：还没有" in text
    )  # what is missing for the digital award
    assert 'href="/tests/"' in text  # a link to close it


def test_my_growth_needs_login_and_explains_to_non_staff(client, make_staff, policy):
    response = client.get(reverse("incentives:growth"))
    assert response.status_code == 302
    from tests.accounts.factories import make_user

    client.force_login(make_user("resident1"))
    response = client.get(reverse("incentives:growth"))
    assert response.status_code == 200
    assert "employee number" in response.content.decode() or "工号" in (
        response.content.decode()
    )


def test_queue_is_for_hr_only(client, eligible, make_staff):
    client.force_login(make_staff("E7"))
    assert client.get(reverse("incentives-review:queue")).status_code in (302, 403)


def test_hr_approves_through_the_admin_with_two_people(client, eligible, hr, hr2):
    case = EligibilityCase.objects.get(rule__code="qual_grade_intermediate")
    client.force_login(with_totp(hr))
    queue = client.get(reverse("incentives-review:queue"))
    assert queue.status_code == 200
    assert "薪级 5 → 7 级" in queue.content.decode()
    url = reverse("incentives-review:case", args=[case.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "approve", "effective_date": "2026-07-01"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SECOND
    client.force_login(with_totp(hr2))
    client.post(url, {"action": "approve", "effective_date": "2026-07-01"})
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert PromotionRecord.objects.get().grade_to == 7


def test_reject_without_reason_keeps_case_open(client, eligible, hr):
    case = EligibilityCase.objects.get(rule__code="tenure_step")
    client.force_login(with_totp(hr))
    url = reverse("incentives-review:case", args=[case.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING


def test_admin_import_preview_then_apply(client, hr, make_staff):
    make_staff("E1")
    client.force_login(with_totp(hr))
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "a.csv", "employee_no,year,rating\nE1,2024,很好\n".encode()
    )
    response = client.post(
        reverse("incentives-import:import"), {"kind": "appraisals", "file": bad}
    )
    assert "很好" in response.content.decode()
    assert not Appraisal.objects.exists()
    good = SimpleUploadedFile(
        "a.csv", "employee_no,year,rating\nE1,2024,优秀\n".encode("gb18030")
    )
    response = client.post(
        reverse("incentives-import:import"), {"kind": "appraisals", "file": good}
    )
    assert response.context["preview"].encoding == "gb18030"
    token = response.context["preview"].token
    client.post(reverse("incentives-import:import"), {"confirm": "1", "token": token})
    assert Appraisal.objects.get().rating == "excellent"


def test_report_exports(client, eligible, hr):
    client.force_login(with_totp(hr))
    url = reverse("incentives-reports:report")
    assert client.get(url).status_code == 200
    csv_response = client.get(url, {"export": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "昆明路社区" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(url, {"export": "pdf"})
    assert pdf.content[:5] == b"%PDF-"
    from pathlib import Path

    out = Path(__file__).resolve().parents[2] / "var" / "shots" / "incentives"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.pdf").write_bytes(pdf.content)


def test_records_are_read_only_in_the_admin(client, hr):
    client.force_login(with_totp(hr))
    response = client.get("/admin/incentive-promotions/new/")
    assert response.status_code in (302, 403)


def test_policy_edit_screen_with_its_rules_opens_for_hr(client, hr, policy):
    client.force_login(with_totp(hr))
    response = client.get(f"/admin/incentive-policies/edit/{policy.pk}/")
    assert response.status_code == 200
    assert "tenure_step" in response.content.decode()


def _chart_bars(html: str) -> dict[tuple[str, int], tuple[int, str]]:
    """{(post, grade): (data-n, the count label drawn above the bar)} of the SVG."""
    import re

    start = html.index('<svg class="grade-chart"')
    svg = html[start : html.index("</svg>", start)]
    bars = re.findall(
        r'<g class="grade-bar" data-post="(\w*)" data-grade="(\d+)" data-n="(\d+)">'
        r'.*?<text class="grade-count"[^>]*>([^<]*)</text>',
        svg,
        flags=re.S,
    )
    found = {(post, int(grade)): (int(n), label) for post, grade, n, label in bars}
    assert len(found) == len(bars), "one bar per (post type, grade)"
    return found


def test_report_draws_a_grade_chart_with_one_labelled_bar_per_post_and_grade(
    client, make_staff, hr
):
    # given staff at a few grades of each post type
    for i, (post, grade) in enumerate(
        [("chief", 8), ("chief", 8), ("chief", 10), ("deputy", 5)]
        + [("deputy", 5), ("deputy", 5), ("other", 5)]
    ):
        make_staff(f"C{i}", post_type=post, grade=grade)
    client.force_login(with_totp(hr))
    # when HR opens the report
    html = client.get(
        reverse("incentives-reports:report"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    # then the chart has exactly one bar per (post type, grade), labelled with its count
    assert _chart_bars(html) == {
        ("chief", 8): (2, "2"),
        ("chief", 10): (1, "1"),
        ("deputy", 5): (3, "3"),
        ("other", 5): (1, "1"),
    }
    start = html.index('<svg class="grade-chart"')
    svg = html[start : html.index("</svg>", start)]
    assert 'role="img"' in svg
    assert 'aria-labelledby="grade-chart-title grade-chart-desc"' in svg
    assert '<desc id="grade-chart-desc">' in svg
    # the table stays as the data equivalent
    assert "<details" in html
    assert html.count("<tr><td>") >= 4


def test_grade_chart_layout_spans_each_post_range_and_scales_bars():
    from incentives.charts import PLOT_H, grade_chart

    chart = grade_chart(
        [
            {"post_code": "chief", "post_type": "正职", "grade": 8, "n": 4},
            {"post_code": "other", "post_type": "其他", "grade": 3, "n": 2},
            {"post_code": "deputy", "post_type": "副职", "grade": 15, "n": 1},
        ]
    )
    assert [p.post_code for p in chart.panels] == ["chief", "deputy", "other"]
    assert [t.grade for t in chart.panels[0].ticks] == list(range(7, 19))
    assert [t.grade for t in chart.panels[1].ticks] == list(range(4, 16))
    (chief,) = chart.panels[0].bars
    (other,) = chart.panels[2].bars
    assert chief.height == PLOT_H
    assert other.height == PLOT_H / 2
    # patterns, not colour alone, tell the post types apart
    assert len({p.pattern for p in chart.panels}) == 3
    assert grade_chart([]).panels == ()
