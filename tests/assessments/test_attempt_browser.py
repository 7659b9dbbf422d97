"""A whole attempt in a real browser: elder mode at 360px, refresh mid-test, double
submit, and the axe audit on every test page. Screenshots go to /tmp/shots/assess/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt, AttemptAnswer, AttemptState

from .conftest import matching, mc, ordering, tf

SHOTS = Path("/tmp/shots/assess")  # noqa: S108 - where the team looks at shots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    # no horizontal scrolling on a narrow phone
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    ), name


def test_whole_attempt_in_elder_mode_at_360px(
    live_server, new_page, axe, make_user, make_test
):
    # given an elderly resident in elder mode and a short check
    user = make_user(username="granny")
    user.elder_mode = True
    user.save()
    test = make_test(
        [tf(), mc(), matching(), ordering()],
        slug="check",
        time_limit_minutes=30,
        audience="resident",
    )
    page = new_page(width=360, height=800, locale="zh-CN")
    login(page, live_server, user)

    # the intro page
    page.goto(live_server.url + reverse("assessments:intro", args=[test.slug]))
    assert page.locator("button.read-aloud[data-read-aloud]").count() >= 1
    shot(page, "01-intro-elder-360")
    axe(page)
    page.get_by_role("button", name="开始测试").or_(
        page.get_by_role("button", name="Start the test")
    ).click()

    # question 1: one question per screen, big real radio inputs, read-aloud buttons
    page.wait_for_url("**/q/1/")
    attempt = Attempt.objects.get(user=user)
    assert page.locator("fieldset.assess-q").count() == 1
    assert page.locator("[data-read-aloud][data-read-target='#q0-text']").count() == 1
    assert (
        page.locator("[data-read-aloud][data-read-target='#q0-options']").count() == 1
    )
    option = page.locator("label.assess-option").first
    box = option.bounding_box()
    assert box["height"] >= 60
    assert "elder-mode" in (page.locator("html").get_attribute("class") or "")
    shot(page, "02-question-elder-360")
    axe(page)
    page.locator("input[name='q0-answer'][value='true']").check()
    page.wait_for_function(
        # "Answer saved at 10:31:05.": the time is only there once the server has
        # answered ("正在保存…", "Saving…", also says 保存).
        "document.querySelector('[data-save-status]').textContent.match(/\\d:\\d\\d/)"
    )
    # refresh mid-test: the answer is still there (autosaved, no submit pressed)
    page.reload()
    assert page.locator("input[name='q0-answer'][value='true']").is_checked()
    assert AttemptAnswer.objects.get(attempt=attempt, position=0).response is True

    # next questions through the plain "next" button
    page.locator("button[name='go'][value='next']").click()
    page.wait_for_url("**/q/2/")
    page.locator("input[name='q1-answer']").first.check()
    page.locator("button[name='go'][value='next']").click()
    page.wait_for_url("**/q/3/")
    page.locator("select[name='q2-match-0']").select_option(index=1)
    shot(page, "03-matching-elder-360")
    axe(page)
    page.locator("button[name='go'][value='next']").click()
    page.wait_for_url("**/q/4/")
    first_before = page.locator(".assess-order-text").first.inner_text()
    page.locator("button[name='q3-move']").nth(1).click()  # first item: move down
    assert page.locator(".assess-order-text").nth(1).inner_text() == first_before
    shot(page, "04-ordering-elder-360")
    axe(page)
    page.locator("button[name='go'][value='review']").click()

    # review: lists what is left, then a double click on hand-in is one submission
    page.wait_for_url("**/review/")
    shot(page, "05-review-elder-360")
    axe(page)
    page.locator("form[data-submit-once] button[type=submit]").dblclick()
    page.wait_for_url("**/result/")
    shot(page, "06-result-elder-360")
    axe(page)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert Attempt.objects.filter(user=user).count() == 1
    assert page.locator("[data-read-aloud]").count() >= 1
    answers = dict(
        AttemptAnswer.objects.filter(attempt=attempt).values_list(
            "position", "response"
        )
    )
    assert answers[0] is True
    assert answers[2]
    assert answers[3]


def test_desktop_pages_pass_axe(live_server, new_page, axe, make_user, make_test):
    from accounts.roles import STAFF

    user = make_user(STAFF, username="worker")
    test = make_test(
        [tf(), mc(), matching(), ordering()], slug="desk", time_limit_minutes=20
    )
    page = new_page(width=1280, height=900, locale="en-US")
    login(page, live_server, user)
    page.goto(live_server.url + reverse("assessments:my_tests"))
    shot(page, "10-my-tests-1280")
    axe(page)
    page.goto(live_server.url + reverse("assessments:intro", args=[test.slug]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/q/1/")
    attempt = Attempt.objects.get(user=user)
    page.goto(live_server.url + reverse("assessments:all", args=[attempt.pk]))
    shot(page, "11-all-on-one-page-1280")
    axe(page)
    page.goto(live_server.url + reverse("assessments:review", args=[attempt.pk]))
    axe(page)
    # the "no answer yet" links sit in one tidy row: no stray bullets, same height
    links = page.locator(".assess-unanswered li")
    assert links.count() == 4
    assert links.first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    tops = {round(li.bounding_box()["y"]) for li in links.all()}
    assert len(tops) == 1


def test_time_warning_is_announced_calmly(live_server, new_page, make_user, make_test):
    from datetime import timedelta

    from django.utils import timezone

    from assessments import services

    user = make_user(username="timed")
    test = make_test([tf(), mc()], slug="timed", time_limit_minutes=10)
    attempt = services.attempt_start(user=user, test=test)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=270)
    )
    page = new_page(width=1280, locale="en-US")
    login(page, live_server, user)
    page.goto(live_server.url + reverse("assessments:question", args=[attempt.pk, 1]))
    alert = page.locator("[data-timer-alert]")
    assert alert.get_attribute("aria-live") == "polite"
    page.wait_for_function(
        "document.querySelector('[data-timer-alert]').textContent.includes('5 minutes')"
    )
    assert "About 4 minutes left" in page.locator("[data-timer-text]").inner_text()
    # nothing moves on by itself: still on question 1 after the warning
    assert page.url.endswith("/q/1/")
    shot(page, "07-time-warning-1280")


STORED_ANSWERS = """Object.keys(localStorage)
    .filter(k => k.indexOf('digiladder-autosave') === 0)
    .map(k => localStorage.getItem(k))"""


@pytest.mark.parametrize(
    ("locale", "lost", "back"),
    [
        pytest.param("zh-CN", "与服务器的连接断了", "连接已恢复", id="zh"),
        pytest.param(
            "en", "connection to the server is lost", "connection is back", id="en"
        ),
    ],
)
def test_autosave_keeps_the_answer_while_offline_and_sends_it_when_back(
    live_server, new_page, axe, staff, make_test, locale, lost, back
):
    # given a staff member on question 1 of a test
    test = make_test([tf(), tf(name="second")], slug="offline")
    page = new_page(width=390, height=844, locale=locale)
    login(page, live_server, staff)
    page.goto(live_server.url + reverse("assessments:intro", args=[test.slug]))
    page.get_by_role("button", name="开始测试").or_(
        page.get_by_role("button", name="Start the test")
    ).click()
    page.wait_for_url("**/q/1/")
    attempt = Attempt.objects.get(user=staff)
    answer = AttemptAnswer.objects.get(attempt=attempt, position=0)

    # when the save endpoint stops answering and the person chooses an answer
    calls = {"aborted": 0, "passed": 0}

    def offline(route):
        calls["aborted"] += 1
        route.abort("internetdisconnected")

    page.route("**/save/", offline)
    page.locator("fieldset.assess-q input[type=radio]").first.check()

    # then they are told plainly, in a live region next to the question
    banner = page.locator("[data-connection]")
    banner.filter(has_text=lost).wait_for()
    assert banner.get_attribute("aria-live") == "polite"
    assert banner.is_visible()
    shot(page, f"offline-{locale}")
    axe(page)
    # the answer is kept in the page's storage, and retried (with pauses)
    stored = page.evaluate(STORED_ANSWERS)
    assert len(stored) == 1
    assert "q0-" in stored[0]
    # Retried: wait (up to 15 s on a loaded machine) for a second try.
    for _ in range(150):
        if calls["aborted"] >= 2:
            break
        page.wait_for_timeout(100)
    assert calls["aborted"] >= 2
    answer.refresh_from_db()
    assert answer.response is None  # nothing arrived yet

    # and going on while offline does not lose the page
    page.get_by_role("button", name=re.compile("下一题|next question")).click()
    assert page.url.endswith("/q/1/")

    # when the connection comes back
    page.unroute("**/save/")

    def online(route):
        calls["passed"] += 1
        route.continue_()

    page.route("**/save/", online)
    banner.filter(has_text=back).wait_for(timeout=40_000)

    # then the answer has arrived, once acknowledged, and storage is clear
    answer.refresh_from_db()
    assert answer.response is True
    assert calls["passed"] >= 1
    assert page.evaluate(STORED_ANSWERS) == []
    shot(page, f"back-online-{locale}")


def test_a_changed_mark_is_shown_on_the_result_page_accessibly(
    live_server, new_page, axe, staff, make_user, make_test
):
    from decimal import Decimal

    from accounts.roles import EDITORS
    from assessments import services

    test = make_test([tf(), tf(name="b", correct=False)], slug="changed")
    attempt = services.attempt_start(user=staff, test=test)
    for position in (0, 1):
        services.attempt_answer_save(
            attempt_id=attempt.pk, user=staff, position=position, response=True
        )
    services.attempt_submit(attempt_id=attempt.pk, user=staff)
    wrong = AttemptAnswer.objects.get(attempt=attempt, position=1)
    services.attempt_answer_override(
        answer_id=wrong.pk,
        user=make_user(EDITORS, username="ed"),
        fraction=Decimal(1),
        reason="题目有歧义，两种答案都算对。",
    )
    page = new_page(width=390, height=844, locale="zh-CN")
    login(page, live_server, staff)
    page.goto(live_server.url + reverse("assessments:result", args=[attempt.pk]))
    section = page.locator("#mark-changes")
    assert section.is_visible()
    text = section.inner_text()
    assert "题目有歧义" in text
    assert "50%" in text
    assert "100%" in text
    shot(page, "result-mark-changed-zh")
    axe(page)
