"""Admin side: GIFT import (command and upload with preview), export, question editing
with versions, the grading queue and the statistics report with CSV."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import EDITORS, REVIEWERS
from assessments import gift, services
from assessments.models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Question,
    QuestionCategory,
    QuestionVersion,
    TestSlot,
)
from tests.accounts.factories import activate_totp

from .conftest import essay, mc, tf

pytestmark = pytest.mark.django_db

GOOD = """\
$CATEGORY: 防诈骗

::Q1 验证码:: 有人打电话要验证码，应该告诉他吗？{F#不要告诉任何人。}

::Q2 正确做法:: 接到“公检法”电话要求转账，怎么办？{
  =挂断电话并拨打 110 核实 #对。
  ~按对方要求转账
}
"""

BAD_LINE_7 = (
    GOOD
    + """
::Q3 坏题:: 缺少右括号的题目 {=对 ~错
"""
)


@pytest.fixture
def gift_file(tmp_path):
    def write(text, name="bank.gift"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def editor_client(client, make_user):
    user = make_user(EDITORS, username="editor")
    user.is_superuser = True  # model permissions for the viewsets
    user.save()
    activate_totp(user)  # superusers must have an authenticator app
    client.force_login(user)
    return client


def test_import_command_imports_into_nested_categories(gift_file):
    out = StringIO()
    call_command("import_gift", gift_file(GOOD), category="题库", stdout=out)
    assert "Imported 2" in out.getvalue()
    cat = QuestionCategory.objects.get(path="题库/防诈骗")
    assert set(cat.questions.values_list("name", flat=True)) == {
        "Q1 验证码",
        "Q2 正确做法",
    }
    # importing again skips what is already there (idempotent)
    out = StringIO()
    call_command("import_gift", gift_file(GOOD), category="题库", stdout=out)
    assert "Imported 0" in out.getvalue()
    assert "2 already there" in out.getvalue()
    assert Question.objects.count() == 2


def test_import_command_dry_run_writes_nothing(gift_file):
    out = StringIO()
    call_command(
        "import_gift", gift_file(GOOD), category="题库", dry_run=True, stdout=out
    )
    assert "2 question(s) would be imported" in out.getvalue()
    assert Question.objects.count() == 0
    assert QuestionCategory.objects.count() == 0


def test_import_command_bad_file_imports_nothing_and_prints_line_numbers(gift_file):
    path = gift_file(BAD_LINE_7)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_gift", path, category="题库", stderr=err)
    bad_line = (
        BAD_LINE_7.splitlines().index("::Q3 坏题:: 缺少右括号的题目 {=对 ~错") + 1
    )
    assert f"{path}:{bad_line}:" in err.getvalue()
    assert Question.objects.count() == 0


def test_import_command_partial_imports_the_good_ones(gift_file):
    out, err = StringIO(), StringIO()
    call_command(
        "import_gift",
        gift_file(BAD_LINE_7),
        category="题库",
        partial=True,
        stdout=out,
        stderr=err,
    )
    assert Question.objects.count() == 2
    assert "1 problem(s)" in out.getvalue()
    assert err.getvalue().count(":") >= 2


def test_demo_banks_import_cleanly():
    data = Path(__file__).resolve().parents[2] / "assessments" / "demo_data"
    for path in sorted(data.glob("*.gift")):
        assert gift.parse_gift(path.read_text(encoding="utf-8")), path


def test_admin_upload_shows_a_preview_then_imports_on_confirm(
    editor_client, django_capture_on_commit_callbacks
):
    url = reverse("assessments-gift:import")
    resp = editor_client.post(url, {"category": "题库", "text": GOOD})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Q1 验证码" in html
    assert "Q2 正确做法" in html
    # the full category each question will land in ($CATEGORY nests below the path)
    assert "<td>题库/防诈骗</td>" in html
    assert Question.objects.count() == 0  # preview only
    # confirm names the previewed upload; the text is not sent again
    token = re.search(r'name="job" value="([0-9a-f-]+)"', html).group(1)
    assert 'name="gift"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        resp = editor_client.post(url, {"confirm": "1", "job": token, "partial": "0"})
    assert resp.status_code == 302
    assert Question.objects.count() == 2


def test_admin_upload_of_a_bad_file_lists_problems_and_offers_no_import(editor_client):
    resp = editor_client.post(
        reverse("assessments-gift:import"), {"category": "题库", "text": BAD_LINE_7}
    )
    html = resp.content.decode()
    assert "gift-problems" in html
    # only "import the good ones" is offered, never the whole file
    assert 'name="partial" value="0"' not in html
    assert "Import the 2 good questions and leave out the ones with problems" in html


def test_export_category_downloads_gift_that_reads_back(editor_client, category):
    services.question_save(spec=mc(), category=category)
    services.question_save(spec=tf(), category=category)
    resp = editor_client.get(reverse("assessments-gift:export", args=[category.pk]))
    assert resp.status_code == 200
    assert "attachment" in resp["Content-Disposition"]
    specs = gift.parse_gift(resp.content.decode())
    assert {s.name for s in specs} == {"mc", "tf"}


def test_question_edit_in_admin_makes_a_version_and_shows_gift_errors(
    editor_client, category
):
    q = services.question_save(spec=tf(), category=category)
    url = reverse("questions:edit", args=[q.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "The sky is blue." in page.content.decode()
    bad = editor_client.post(
        url, {"category": category.pk, "gift_text": "::x:: broken {=a ~b"}
    )
    assert bad.status_code == 200
    assert "Line 1" in bad.content.decode() or "第 1 行" in bad.content.decode()
    ok = editor_client.post(
        url, {"category": category.pk, "gift_text": "::tf:: The sky is green. {F}"}
    )
    assert ok.status_code == 302
    q.refresh_from_db()
    assert q.current_version.number == 2
    assert QuestionVersion.objects.filter(question=q).count() == 2


def test_question_create_in_admin(editor_client, category):
    resp = editor_client.post(
        reverse("questions:add"),
        {
            "category": category.pk,
            "gift_text": "::新题:: 1+1=? {#2}",
            "rubric_text": "",
        },
    )
    assert resp.status_code == 302
    q = Question.objects.get(name="新题")
    assert q.kind == "numerical"
    assert q.current_version.number == 1


def test_skill_test_admin_pages_render(editor_client, make_test):
    test = make_test([tf()])
    assert editor_client.get(reverse("skill-tests:index")).status_code == 200
    assert (
        editor_client.get(reverse("skill-tests:edit", args=[test.pk])).status_code
        == 200
    )
    assert editor_client.get(reverse("skill-tests:add")).status_code == 200
    assert editor_client.get(reverse("question-categories:index")).status_code == 200


def _essay_attempt(staff, make_test, category):
    q = services.question_save(
        spec=essay(), category=category, rubric=[{"label": "清楚", "max_points": "4"}]
    )
    test = make_test()
    TestSlot.objects.create(test=test, question=q, marks=Decimal(2))
    a = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=a.pk, user=staff, position=0, response="挂断"
    )
    services.attempt_submit(attempt_id=a.pk, user=staff)
    return a


def test_grading_queue_and_grade_form(client, staff, reviewer, make_test, category):
    a = _essay_attempt(staff, make_test, category)
    answer = AttemptAnswer.objects.get(attempt=a)
    reviewer.is_staff = True
    reviewer.save()
    from django.contrib.auth.models import Permission

    reviewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reviewer)
    html = client.get(reverse("assessments-grading:queue")).content.decode()
    assert reverse("assessments-grading:grade", args=[answer.pk]) in html
    resp = client.post(
        reverse("assessments-grading:grade", args=[answer.pk]),
        {"points_0": "3", "comment": "不错"},
    )
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.state == AttemptState.GRADED
    assert a.score_percent == Decimal(75)


def test_admin_words_keep_their_assessment_meaning_in_chinese(
    staff, reviewer, make_test, category, editor_client
):
    # "Grade" (mark an answer) and "Name" (of a question) are also account words
    # (staff grade 等级, person's name 姓名); the accounts catalogue must not win here.
    from django.contrib.auth.models import Permission
    from django.test import Client

    editor_client.cookies["django_language"] = "zh-hans"
    html = editor_client.post(
        reverse("assessments-gift:import"), {"category": "题库", "text": GOOD}
    ).content.decode()
    assert "<th>名称</th>" in html
    assert "姓名" not in html
    # question types by their names, not the internal codes
    assert "<td>判断题</td>" in html
    assert "<td>单选题</td>" in html
    assert "<td>truefalse</td>" not in html

    _essay_attempt(staff, make_test, category)
    reviewer.is_staff = True
    reviewer.save()
    reviewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(reviewer)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("assessments-grading:queue")).content.decode()
    assert ">评分</a>" in html
    assert "等级" not in html


def test_grading_queue_needs_the_reviewer_role(client, staff, make_user):
    from django.contrib.auth.models import Permission

    editor = make_user(EDITORS)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    resp = client.get(reverse("assessments-grading:queue"))
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message
    assert resp.status_code in (302, 403)
    if resp.status_code == 302:
        assert resp["Location"] == reverse("wagtailadmin_home")


def _graded_attempts(make_user, make_test, n=6):
    test = make_test([tf(name="a"), mc(name="b"), tf(name="c", correct=False)])
    for i in range(n):
        user = make_user()
        a = services.attempt_start(user=user, test=test)
        services.attempt_answer_save(
            attempt_id=a.pk, user=user, position=0, response=True
        )
        services.attempt_answer_save(
            attempt_id=a.pk, user=user, position=1, response=i % 3
        )
        services.attempt_answer_save(
            attempt_id=a.pk, user=user, position=2, response=bool(i % 2)
        )
        services.attempt_submit(attempt_id=a.pk, user=user)
    return test


def test_statistics_report_renders_and_exports_csv(client, make_user, make_test):
    from django.contrib.auth.models import Permission

    test = _graded_attempts(make_user, make_test)
    viewer = make_user(REVIEWERS)
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    resp = client.get(reverse("assessments-stats:report", args=[test.pk]))
    assert resp.status_code == 200, resp.get("Location")
    html = resp.content.decode()
    assert "<svg" in html
    assert "question-stats" in html
    assert Attempt.objects.filter(test=test, state=AttemptState.GRADED).count() == 6
    # question "a" everyone got right: facility 100%
    assert "<td>a</td><td>True / false</td><td>6</td><td>100.0</td>" in html
    assert "A number like (+2) after a name" in html  # random draws are explained
    resp = client.get(
        reverse("assessments-stats:report", args=[test.pk]) + "?format=csv"
    )
    body = resp.content.decode("utf-8-sig")
    assert resp["Content-Type"].startswith("text/csv")
    assert "cronbach_alpha" in body
    assert body.count("\n") >= 12


def test_statistics_index_lists_tests(client, make_user, make_test):
    from django.contrib.auth.models import Permission

    test = _graded_attempts(make_user, make_test, n=2)
    user = make_user(REVIEWERS)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    html = client.get(reverse("assessments-stats:index")).content.decode()
    assert reverse("assessments-stats:report", args=[test.pk]) in html


def test_deleting_a_question_used_in_an_attempt_is_refused_not_a_500(
    editor_client, staff, make_test
):
    test = make_test([tf()])
    services.attempt_start(user=staff, test=test)
    question = test.slots.get().question
    url = reverse("questions:delete", args=[question.pk])
    resp = editor_client.post(url)
    assert resp.status_code in (200, 302)
    assert Question.objects.filter(pk=question.pk).exists()


def test_an_unused_question_can_be_deleted(editor_client, category):
    q = services.question_save(spec=tf(), category=category)
    resp = editor_client.post(reverse("questions:delete", args=[q.pk]))
    assert resp.status_code == 302
    assert not Question.objects.filter(pk=q.pk).exists()


def _test_form(category, **overrides):
    data = {
        "title": "新测试",
        "title_en": "New test",
        "slug": "new-test",
        "intro": "",
        "audience": "staff",
        "is_published": "on",
        "pass_mark_percent": "60",
        "grading_method": "highest",
        "grace_seconds": "60",
        "max_attempts": "0",
        "wait_minutes": "0",
        "review_level": "feedback",
        "review_when": "immediately",
        "shuffle_answers": "on",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "1",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-section": "基础",
        "slots-0-random_category": str(category.pk),
        "slots-0-include_subcategories": "on",
        "slots-0-random_count": "2",
        "slots-0-marks": "1",
        "slots-0-ORDER": "1",
        "slots-0-id": "",
    }
    data.update(overrides)
    return data


def test_a_skill_test_is_created_in_the_admin_with_a_random_slot(
    editor_client, category
):
    for i in range(2):  # the slot draws 2: the bank must hold them
        services.question_save(spec=tf(name=f"q{i}"), category=category)
    resp = editor_client.post(reverse("skill-tests:add"), _test_form(category))
    assert resp.status_code == 302, resp.content.decode()[:3000]
    from assessments.models import SkillTest

    test = SkillTest.objects.get(slug="new-test")
    slot = test.slots.get()
    assert slot.random_category == category
    assert slot.random_count == 2


def test_a_slot_without_a_source_is_a_validation_error(editor_client, category):
    data = _test_form(category, **{"slots-0-random_category": ""})
    resp = editor_client.post(reverse("skill-tests:add"), data)
    assert resp.status_code == 200
    assert "Choose either a fixed question" in resp.content.decode()
    from assessments.models import SkillTest

    assert not SkillTest.objects.filter(slug="new-test").exists()


def test_question_inspect_lists_every_version(editor_client, category):
    q = services.question_save(spec=tf(), category=category)
    services.question_save(
        spec=tf(text="Grass is green."), category=category, question=q
    )
    html = editor_client.get(reverse("questions:inspect", args=[q.pk])).content.decode()
    assert "v1 · " in html
    assert "v2 · " in html
    assert "Grass is green." in html
    assert "The sky is blue." in html
