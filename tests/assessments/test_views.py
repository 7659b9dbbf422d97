"""Learner pages: taking a test through plain form posts and the autosave endpoint."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    ReviewLevel,
    TestSlot,
)

from .conftest import essay, matching, mc, ordering, tf

pytestmark = pytest.mark.django_db

SECRETS = ("SECRET", "fraction", "correct", "RIGHT-FEEDBACK")


def q_url(attempt, n):
    return reverse("assessments:question", args=[attempt.pk, n])


def save_url(attempt):
    return reverse("assessments:save", args=[attempt.pk])


@pytest.fixture
def started(client, staff, make_test):
    test = make_test([tf(), mc(), matching(), ordering()])
    client.force_login(staff)
    resp = client.post(reverse("assessments:intro", args=[test.slug]))
    attempt = Attempt.objects.get(user=staff, test=test)
    assert resp.status_code == 302
    assert resp["Location"] == q_url(attempt, 1)
    return attempt


def test_my_tests_lists_published_tests(client, staff, make_test):
    make_test([tf()], slug="visible")
    make_test([tf()], slug="hidden", is_published=False)
    client.force_login(staff)
    html = client.get(reverse("assessments:my_tests")).content.decode()
    assert "/tests/visible/" in html
    assert "/tests/hidden/" not in html


def test_residents_see_resident_checks_and_staff_see_all(client, make_user, make_test):
    make_test([tf()], slug="for-staff", audience="staff")
    make_test([tf()], slug="for-residents", audience="resident")
    client.force_login(make_user())
    html = client.get(reverse("assessments:my_tests")).content.decode()
    assert "/tests/for-residents/" in html
    assert "/tests/for-staff/" not in html
    from accounts.roles import STAFF

    client.force_login(make_user(STAFF))
    html = client.get(reverse("assessments:my_tests")).content.decode()
    assert "/tests/for-residents/" in html
    assert "/tests/for-staff/" in html


def test_only_staff_can_open_or_start_a_staff_test(client, make_user, make_test):
    test = make_test([tf()], slug="for-staff", audience="staff")
    resident = make_user()
    client.force_login(resident)
    url = reverse("assessments:intro", args=[test.slug])
    client.cookies["django_language"] = "en"
    page = client.get(url)
    assert page.status_code == 403
    assert "only staff accounts can take it" in page.content.decode()
    assert reverse("assessments:my_tests") in page.content.decode()
    assert client.post(url).status_code == 403
    assert not Attempt.objects.filter(user=resident).exists()
    check = make_test([tf()], slug="for-residents", audience="resident")
    url = reverse("assessments:intro", args=[check.slug])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302


def test_pages_need_login(client, make_test):
    test = make_test([tf()])
    resp = client.get(reverse("assessments:intro", args=[test.slug]))
    assert resp.status_code == 302
    assert "login" in resp["Location"]


def test_question_page_shows_no_answers_fractions_or_feedback(client, started):
    for n in range(1, 5):
        html = client.get(q_url(started, n)).content.decode()
        for marker in SECRETS:
            assert marker not in html, (n, marker)
        assert "data-read-aloud" in html


def test_multichoice_values_are_display_positions_not_source_indexes(client, started):
    entry = started.layout[1]
    html = client.get(q_url(started, 2)).content.decode()
    # the first option shown carries value 0 whatever its place in the source
    first_text = ["two", "three", "four"][entry["order"][0]]
    assert html.index('value="0"') < html.index(first_text)


def test_plain_post_saves_the_answer_and_moves_on(client, started):
    resp = client.post(q_url(started, 1), {"q0-answer": "true", "go": "next"})
    assert resp.status_code == 302
    assert resp["Location"] == q_url(started, 2)
    assert AttemptAnswer.objects.get(attempt=started, position=0).response is True


def test_multichoice_post_maps_back_to_the_source_answer(client, started):
    display = started.layout[1]["order"].index(0)  # where "two" was shown
    client.post(q_url(started, 2), {"q1-answer": str(display), "go": "next"})
    assert AttemptAnswer.objects.get(attempt=started, position=1).response == 0


def test_matching_and_ordering_through_forms(client, started):
    order = started.layout[2]["order"]
    rights = ["chat", "health", "maps"]
    pick = {r: str(order.index(i)) for i, r in enumerate(rights)}
    client.post(
        q_url(started, 3),
        {
            "q2-match-0": pick["chat"],
            "q2-match-1": pick["health"],
            "q2-match-2": pick["maps"],
        },
    )
    assert AttemptAnswer.objects.get(attempt=started, position=2).response == {
        "微信": "chat",
        "健康码": "health",
        "地图": "maps",
    }
    # ordering: a move button swaps two items and stays on the page
    shown = [["unlock", "open app", "tap book"][i] for i in started.layout[3]["order"]]
    resp = client.post(
        q_url(started, 4),
        {"q3-item": ["0", "1", "2"], "q3-move": "0:down"},
    )
    assert resp.status_code == 302
    assert "#q3" in resp["Location"]
    saved = AttemptAnswer.objects.get(attempt=started, position=3).response
    assert saved == [shown[1], shown[0], shown[2]]


def test_autosave_returns_json_and_is_idempotent(client, started):
    for _ in range(2):
        resp = client.post(save_url(started), {"position": "0", "q0-answer": "false"})
        assert resp.status_code == 200
        assert resp.json()["saved"] is True
    assert AttemptAnswer.objects.filter(attempt=started, position=0).count() == 1
    assert AttemptAnswer.objects.get(attempt=started, position=0).response is False


@pytest.mark.parametrize(
    ("data", "status"),
    [
        pytest.param(
            {"position": "9", "q9-answer": "true"}, 400, id="slot-outside-attempt"
        ),
        pytest.param({"position": "x"}, 400, id="position-not-a-number"),
        pytest.param(
            {"position": "1", "q1-answer": "7"}, 400, id="choice-out-of-range"
        ),
        pytest.param(
            {"position": "0", "q0-answer": "maybe"}, 400, id="truefalse-garbage"
        ),
    ],
)
def test_autosave_refuses_bad_input_with_400(client, started, data, status):
    resp = client.post(save_url(started), data)
    assert resp.status_code == status
    assert resp.json()["saved"] is False
    assert (
        not AttemptAnswer.objects.filter(attempt=started)
        .exclude(response=None)
        .exists()
    )


def test_someone_elses_attempt_is_403(client, started, make_user):
    client.force_login(make_user())
    assert (
        client.post(
            save_url(started), {"position": "0", "q0-answer": "true"}
        ).status_code
        == 403
    )
    assert client.get(q_url(started, 1)).status_code == 403
    assert client.post(q_url(started, 1), {"q0-answer": "true"}).status_code == 403
    submit = reverse("assessments:submit", args=[started.pk])
    assert client.post(submit, {"token": started.submit_token}).status_code == 403
    started.refresh_from_db()
    assert started.state == AttemptState.IN_PROGRESS


def test_autosave_after_deadline_hands_the_attempt_in(client, started):
    Attempt.objects.filter(pk=started.pk).update(
        deadline=timezone.now() - timedelta(minutes=5), grace_seconds=0
    )
    resp = client.post(save_url(started), {"position": "0", "q0-answer": "true"})
    assert resp.status_code == 409
    assert resp.json()["closed"] is True
    started.refresh_from_db()
    assert started.state == AttemptState.GRADED
    assert started.auto_submitted


def test_opening_an_overdue_attempt_hands_it_in(client, started):
    client.post(save_url(started), {"position": "0", "q0-answer": "true"})
    Attempt.objects.filter(pk=started.pk).update(
        deadline=timezone.now() - timedelta(minutes=5), grace_seconds=0
    )
    resp = client.get(q_url(started, 2))
    assert resp.status_code == 302
    assert resp["Location"] == reverse("assessments:result", args=[started.pk])
    started.refresh_from_db()
    assert started.state == AttemptState.GRADED


def test_review_lists_unanswered_questions(client, started):
    client.post(save_url(started), {"position": "0", "q0-answer": "true"})
    html = client.get(reverse("assessments:review", args=[started.pk])).content.decode()
    assert "3 questions have no answer yet" in html or "3 道题还没有作答" in html
    for n in (2, 3, 4):
        assert q_url(started, n) in html


def test_result_shows_what_was_chosen_only_for_answered_questions(client, started):
    client.cookies["django_language"] = "en"
    client.post(save_url(started), {"position": "0", "q0-answer": "true"})
    client.post(
        reverse("assessments:submit", args=[started.pk]),
        {"token": started.submit_token},
    )
    html = client.get(reverse("assessments:result", args=[started.pk])).content.decode()
    # question 1 was answered; 2 (choice), 3 (matching) and 4 (ordering) were not
    assert html.count("You chose:") == 1
    assert html.count("Not answered") == 3
    assert "Your order:" not in html  # not the untouched shuffled order
    assert "→" not in html  # no empty matching pairs


def test_question_texts_are_marked_with_the_content_language_on_english_pages(
    client, started
):
    # the bank is written in Chinese: an English page must say so, or read-aloud
    # and screen readers speak the Chinese with an English voice
    client.cookies["django_language"] = "en"
    html = client.get(q_url(started, 1)).content.decode()
    assert 'lang="en"' in html  # the page itself
    assert 'id="q0-text" lang="zh-Hans"' in html
    assert 'id="q0-options" lang="zh-Hans"' in html
    client.post(
        reverse("assessments:submit", args=[started.pk]),
        {"token": started.submit_token},
    )
    html = client.get(reverse("assessments:result", args=[started.pk])).content.decode()
    assert 'id="review-0-text" lang="zh-Hans"' in html
    started.test.intro = "本测试从题库中随机抽题。"
    started.test.save()
    html = client.get(
        reverse("assessments:intro", args=[started.test.slug])
    ).content.decode()
    assert '<div lang="zh-Hans"><p>本测试从题库中随机抽题。</p></div>' in html


def test_double_submit_is_one_submission(client, started):
    submit = reverse("assessments:submit", args=[started.pk])
    r1 = client.post(submit, {"token": started.submit_token})
    started.refresh_from_db()
    first_time = started.submitted_at
    r2 = client.post(submit, {"token": started.submit_token})
    started.refresh_from_db()
    assert r1.status_code == r2.status_code == 302
    assert started.submitted_at == first_time
    assert Attempt.objects.filter(user=started.user).count() == 1


def test_submit_with_a_stale_token_is_refused(client, started):
    resp = client.post(
        reverse("assessments:submit", args=[started.pk]), {"token": "nope"}
    )
    assert resp.status_code == 400
    started.refresh_from_db()
    assert started.state == AttemptState.IN_PROGRESS


@pytest.mark.parametrize(
    ("level", "when", "shows_feedback", "shows_answer"),
    [
        pytest.param(ReviewLevel.SCORE, "immediately", False, False, id="score-only"),
        pytest.param(ReviewLevel.FEEDBACK, "immediately", True, False, id="feedback"),
        pytest.param(ReviewLevel.ANSWERS, "immediately", True, True, id="answers"),
        pytest.param(
            ReviewLevel.ANSWERS, "after_close", False, False, id="answers-after-close"
        ),
    ],
)
def test_result_page_follows_review_options(
    client, staff, make_test, level, when, shows_feedback, shows_answer
):
    test = make_test(
        [mc()],
        review_level=level,
        review_when=when,
        closes_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(staff)
    client.post(reverse("assessments:intro", args=[test.slug]))
    attempt = Attempt.objects.get(user=staff)
    wrong = attempt.layout[0]["order"].index(1)  # "three"
    client.post(save_url(attempt), {"position": "0", "q0-answer": str(wrong)})
    client.post(
        reverse("assessments:submit", args=[attempt.pk]),
        {"token": attempt.submit_token},
    )
    html = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    assert "0%" in html
    assert ("WRONG-FEEDBACK-SECRET" in html) is shows_feedback
    assert ("<strong>two</strong>" in html) is shows_answer


def test_all_on_one_page_saves_every_question(client, staff, make_test):
    test = make_test([tf(), mc()])
    client.force_login(staff)
    client.post(reverse("assessments:intro", args=[test.slug]))
    attempt = Attempt.objects.get(user=staff)
    url = reverse("assessments:all", args=[attempt.pk])
    html = client.get(url).content.decode()
    assert 'name="q0-answer"' in html
    assert 'name="q1-answer"' in html
    resp = client.post(url, {"q0-answer": "true", "q1-answer": "0"})
    assert resp.status_code == 302
    answers = dict(
        AttemptAnswer.objects.filter(attempt=attempt).values_list(
            "position", "response"
        )
    )
    assert answers[0] is True
    assert answers[1] == attempt.layout[1]["order"][0]


def test_question_page_query_count_does_not_grow_with_questions(
    client, staff, make_test, category, django_assert_max_num_queries
):
    small = make_test([tf(name=f"s{i}") for i in range(2)], slug="small")
    big = make_test([tf(name=f"b{i}") for i in range(50)], slug="big")
    client.force_login(staff)
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for test in (small, big):
        client.post(reverse("assessments:intro", args=[test.slug]))
        attempt = Attempt.objects.get(user=staff, test=test)
        client.get(q_url(attempt, 1))  # the first page after the redirect
        client.get(q_url(attempt, 1))  # (the first page ever makes the site settings)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(q_url(attempt, 2)).status_code == 200
        counts.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.post(
                    save_url(attempt), {"position": "1", "q1-answer": "true"}
                ).status_code
                == 200
            )
        counts.append(len(ctx))
        services.attempt_submit(attempt_id=attempt.pk, user=staff)
    assert counts[0] == counts[2], counts  # question page: 2 vs 50 questions
    assert counts[1] == counts[3], counts  # autosave
    with django_assert_max_num_queries(12):
        client.get(reverse("assessments:my_tests"))


def test_starting_a_test_costs_the_same_queries_for_2_or_40_questions(
    client, staff, make_test, category
):
    """The start is what a crowd hits at once: no query per question drawn, per
    version or per subcategory (fixed slots, and random slots drawing from a
    category and its subcategories)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sub = services.category_ensure(path="Bank/Basics/Deeper")
    for i in range(25):
        services.question_save(spec=tf(name=f"pool{i}"), category=sub)
    small = make_test(
        [tf(name=f"s{i}") for i in range(2)], slug="small", random_from=category
    )
    big = make_test(
        [tf(name=f"b{i}") for i in range(20)],
        slug="big",
        random_from=category,
        random_count=20,
    )
    TestSlot.objects.filter(test__in=[small, big], random_category=category).update(
        include_subcategories=True
    )
    client.force_login(staff)
    counts = []
    for test, expected in ((small, 3), (big, 40)):
        url = reverse("assessments:intro", args=[test.slug])
        assert client.get(url).status_code == 200  # as people do: intro, then start
        client.get(url)  # (the first page ever makes the site's settings row)
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url)
        assert response.status_code == 302
        assert "/attempt/" in response["Location"]
        attempt = Attempt.objects.get(user=staff, test=test)
        assert len(attempt.layout) == expected
        assert len({e["question"] for e in attempt.layout}) == expected
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_essay_answer_waits_for_reviewer_on_result_page(
    client, staff, make_test, category
):
    q = services.question_save(spec=essay(), category=category)
    test = make_test()
    TestSlot.objects.create(test=test, question=q, marks=Decimal(5))
    client.force_login(staff)
    client.post(reverse("assessments:intro", args=[test.slug]))
    attempt = Attempt.objects.get(user=staff)
    client.post(save_url(attempt), {"position": "0", "q0-answer": "I would hang up."})
    client.post(
        reverse("assessments:submit", args=[attempt.pk]),
        {"token": attempt.submit_token},
    )
    html = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    assert "reviewer" in html.lower() or "审核" in html


def test_pages_speak_chinese_by_default(client, started, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    html = client.get(q_url(started, 1)).content.decode()
    assert "第 1 题，共 4 题" in html
    assert "朗读" in html
    assert "保存，下一题" in html
    html = client.get(reverse("assessments:review", args=[started.pk])).content.decode()
    assert "还有 4 道题没有作答" in html


def test_refused_answers_are_logged(client, started, make_user, caplog):
    caplog.set_level("WARNING", logger="digiladder.assessments")
    client.post(save_url(started), {"position": "9", "q9-answer": "true"})
    client.force_login(make_user())
    client.post(save_url(started), {"position": "0", "q0-answer": "true"})
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert f"attempt {started.pk} has no position 9" in messages
    assert f"autosaved into attempt {started.pk}" in messages


def test_a_question_page_displays_one_question_however_long_the_test(
    client, staff, make_test, monkeypatch
):
    """Only the question shown is laid out for display (its options shuffled and
    marked): the page's work does not grow with the number of questions."""
    from assessments import selectors

    laid_out = []
    real = selectors.display_for

    def counting(spec, entry, response):
        laid_out.append(spec.kind)
        return real(spec, entry, response)

    monkeypatch.setattr(selectors, "display_for", counting)
    client.force_login(staff)
    for slug, count in (("short", 2), ("long", 30)):
        test = make_test([mc(name=f"{slug}{i}") for i in range(count)], slug=slug)
        attempt = services.attempt_start(user=staff, test=test)
        laid_out.clear()
        page = client.get(q_url(attempt, 2))
        assert page.status_code == 200
        assert f"Question 2 of {count}" in page.content.decode()
        assert laid_out == ["multichoice"]


def test_a_timed_question_page_says_when_to_hand_in_in_local_time(
    client, staff, make_test
):
    test = make_test([tf(), mc()], slug="timed-page", time_limit_minutes=10)
    client.force_login(staff)
    client.post(reverse("assessments:intro", args=[test.slug]))
    attempt = Attempt.objects.get(user=staff, test=test)
    # 14:05 UTC is 22:05 in Shanghai (the site's time zone)
    attempt.deadline = timezone.now().replace(hour=14, minute=5) + timedelta(days=1)
    attempt.save(update_fields=["deadline"])
    html = client.get(q_url(attempt, 1)).content.decode()
    assert "hand in by 22:05" in html
    assert 'data-seconds-left="' in html
    # the words the timer script shows come from a shared fragment, in this language
    assert "data-timer-strings" in html
    assert "Less than a minute left" in html
