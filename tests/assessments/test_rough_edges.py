"""Rough edges of skill tests (issue 8, point 7): the introduction says which attempt
counts, a new attempt that could lower a grade asks first, a resident's result
follows the real distance to the pass mark, and slots are checked against the bank
when a test is saved or published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import EDITORS
from assessments import services
from assessments.models import Attempt, SkillTest

from .conftest import tf
from .test_admin import _test_form
from .test_views import save_url

pytestmark = pytest.mark.django_db


def _with_totp(user):
    """Admin roles must have an authenticator (accounts.mfa_required)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def take(client, test, *, right: int):
    """Start, answer the first ``right`` true/false questions right (the rest
    wrong), hand in; return the attempt."""
    client.post(
        reverse("assessments:intro", args=[test.slug]), {"confirm_replace": "1"}
    )
    attempt = Attempt.objects.filter(test=test).order_by("-number").first()
    for position in range(len(attempt.layout)):
        answer = "true" if position < right else "false"
        client.post(
            save_url(attempt),
            {"position": str(position), f"q{position}-answer": answer},
        )
    client.post(
        reverse("assessments:submit", args=[attempt.pk]),
        {"token": attempt.submit_token},
    )
    attempt.refresh_from_db()
    return attempt


@pytest.mark.parametrize(
    ("method", "words"),
    [
        ("highest", "Your best attempt counts"),
        ("last", "Your last attempt counts"),
        ("average", "The average of all your attempts counts"),
        ("first", "Only your first attempt counts"),
    ],
)
def test_the_introduction_says_which_attempt_counts(
    client, staff, make_test, method, words
):
    test = make_test(
        [tf()], grading_method=method, max_attempts=3, time_limit_minutes=20
    )
    client.force_login(staff)
    html = client.get(reverse("assessments:intro", args=[test.slug])).content.decode()
    assert words in html
    assert "3 attempts left" in html
    assert "Pass mark: 60%" in html
    assert "Time limit: 20 minutes" in html


def test_a_new_attempt_that_could_lower_the_grade_asks_first(client, staff, make_test):
    test = make_test([tf(name=f"q{i}") for i in range(5)], grading_method="last")
    client.force_login(staff)
    first = take(client, test, right=5)
    assert first.score_percent == 100
    intro = reverse("assessments:intro", args=[test.slug])
    html = client.get(intro).content.decode()
    assert "Your grade now is 100%" in html
    assert 'name="confirm_replace"' in html
    # starting without ticking "I understand" starts nothing
    refused = client.post(intro)
    assert refused.status_code == 302
    assert Attempt.objects.filter(test=test).count() == 1
    assert client.post(intro, {"confirm_replace": "1"}).status_code == 302
    assert Attempt.objects.filter(test=test).count() == 2


def test_with_the_best_attempt_counting_no_confirmation_is_asked(
    client, staff, make_test
):
    test = make_test([tf()], grading_method="highest")
    client.force_login(staff)
    take(client, test, right=1)
    intro = reverse("assessments:intro", args=[test.slug])
    assert 'name="confirm_replace"' not in client.get(intro).content.decode()
    client.post(intro)
    assert Attempt.objects.filter(test=test).count() == 2


@pytest.mark.parametrize(
    ("right", "words", "not_words"),
    [
        pytest.param(1, "This needs more practice first", "Almost there", id="20%"),
        pytest.param(
            2, "Not passed yet: the pass mark is 60%", "Almost there", id="40%"
        ),
        pytest.param(5, None, "Almost there", id="100%"),
    ],
)
def test_a_resident_result_follows_the_distance_to_the_pass_mark(
    client, make_user, make_test, right, words, not_words
):
    test = make_test(
        [tf(name=f"q{i}") for i in range(5)], audience="resident", slug="check"
    )
    resident = make_user()
    client.force_login(resident)
    attempt = take(client, test, right=right)
    html = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    if words:
        assert words in html
    assert not_words not in html


def test_a_result_just_under_the_pass_mark_says_almost(client, make_user, make_test):
    test = make_test(
        [tf(name=f"q{i}") for i in range(10)],
        audience="resident",
        slug="check",
        pass_mark_percent=60,
    )
    client.force_login(make_user())
    attempt = take(client, test, right=5)  # 50 %
    html = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    assert "Almost there: the pass mark is 60%" in html


@pytest.fixture
def editor_client(client, make_user):
    user = make_user(EDITORS, username="editor")
    user.is_superuser = True
    user.save()
    _with_totp(user)
    client.force_login(user)
    return client


def test_a_slot_asking_more_than_the_bank_holds_is_refused(editor_client, category):
    for i in range(4):
        services.question_save(spec=tf(name=f"q{i}"), category=category)
    data = _test_form(category, **{"slots-0-random_count": "5"})
    response = editor_client.post(reverse("skill-tests:add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "has only 4 question(s) left to draw from, but this slot asks for 5" in html
    assert not SkillTest.objects.filter(slug="new-test").exists()
    # asking for what the bank holds saves
    data = _test_form(category, **{"slots-0-random_count": "4"})
    assert editor_client.post(reverse("skill-tests:add"), data).status_code == 302


def test_two_slots_sharing_a_category_cannot_draw_more_than_it_holds(
    editor_client, category
):
    for i in range(4):
        services.question_save(spec=tf(name=f"q{i}"), category=category)
    data = _test_form(category, **{"slots-0-random_count": "3"})
    data.update(
        {
            "slots-TOTAL_FORMS": "2",
            "slots-1-section": "",
            "slots-1-random_category": str(category.pk),
            "slots-1-include_subcategories": "on",
            "slots-1-random_count": "2",
            "slots-1-marks": "1",
            "slots-1-ORDER": "2",
            "slots-1-id": "",
        }
    )
    response = editor_client.post(reverse("skill-tests:add"), data)
    assert response.status_code == 200
    assert "has only 1 question(s) left" in response.content.decode()


def test_slot_errors_are_in_chinese_in_a_chinese_admin(
    editor_client, category, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    services.question_save(spec=tf(), category=category)
    data = _test_form(category, **{"slots-0-random_count": "5"})
    response = editor_client.post(
        reverse("skill-tests:add"), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "只剩 1 道题可以抽" in response.content.decode()


def test_the_admin_dashboard_tells_reviewers_how_many_answers_wait(
    client, staff, reviewer, make_test, category
):
    from decimal import Decimal

    from assessments.models import TestSlot

    from .conftest import essay

    question = services.question_save(spec=essay(), category=category)
    test = make_test()
    TestSlot.objects.create(test=test, question=question, marks=Decimal(5))
    client.force_login(staff)
    client.post(reverse("assessments:intro", args=[test.slug]))
    attempt = Attempt.objects.get(user=staff)
    client.post(save_url(attempt), {"position": "0", "q0-answer": "I would hang up."})
    client.post(
        reverse("assessments:submit", args=[attempt.pk]),
        {"token": attempt.submit_token},
    )
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 written answer is waiting for grading." in html
    assert reverse("assessments-grading:queue") in html


def test_the_grading_form_shows_the_rubric_in_admin_fields(
    client, staff, reviewer, make_test, category
):
    from decimal import Decimal

    from assessments.models import AttemptAnswer, TestSlot

    from .conftest import essay

    question = services.question_save(
        spec=essay(),
        category=category,
        rubric=[
            {"label": "Names the trick", "max_points": "2"},
            {"label": "Says what to do", "max_points": "3"},
        ],
    )
    test = make_test()
    TestSlot.objects.create(test=test, question=question, marks=Decimal(5))
    attempt = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=0, response="Hang up."
    )
    services.attempt_submit(attempt_id=attempt.pk, user=staff)
    answer = AttemptAnswer.objects.get(attempt=attempt)
    client.force_login(reviewer)
    html = client.get(
        reverse("assessments-grading:grade", args=[answer.pk])
    ).content.decode()
    rubric = html[html.index('id="rubric-heading"') :]
    assert "<td>Names the trick</td><td>2</td>" in rubric
    assert "<td>Says what to do</td><td>3</td>" in rubric
    assert "w-field" in html  # fields drawn like the rest of the admin
