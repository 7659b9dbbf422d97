"""Real Chromium: a staff member hands in work with a picture, a reviewer accepts it in
the admin, the author shares it and it appears in the showcase; a resident in elder
mode on a 390×844 phone confirms a helper session with one big tap. axe finds no
WCAG 2.2 A/AA problem on the learner pages on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from practice import services
from practice.models import HelperSession, PointsEntry, Submission
from tests.training.conftest import make_site

from .conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in_page(new_page, live_server, user, width=1280, height=900):
    client = Client()
    client.force_login(user)
    page = new_page(width=width, height=height, locale="zh-CN")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_site()
    return tmp_path


def test_submit_review_and_showcase(
    new_page, live_server, axe, people, make_task, media
):
    task = make_task(title="分析调查表", title_en="")
    # the staff member hands in text and a picture
    page = logged_in_page(new_page, live_server, people.staff)
    page.goto(f"{live_server.url}/practice/")
    assert page.locator("h1").inner_text() == "我的实践"
    axe(page)
    page.get_by_role("link", name="分析调查表").click()
    page.get_by_label("您的作答").fill("整理了 312 份问卷，需求最多的是网上挂号。")
    page.locator("#id_files").set_input_files(
        [{"name": "图表.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    axe(page)
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert "已提交" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="图表.png").is_visible()
    axe(page)

    # a reviewer accepts it in the admin, scoring each criterion
    sub = Submission.objects.get()
    review = logged_in_page(new_page, live_server, people.reviewer)
    review.goto(f"{live_server.url}/admin/practice-reviews/")
    review.locator("table.listing a.button").first.click()
    review.wait_for_selector("input[name^='points_']")
    for field in review.locator("input[name^='points_']").all():
        field.fill("9")
    review.locator("input[name='decision'][value='accepted']").check()
    review.get_by_label("给作者的意见").fill("图表清楚。")
    review.get_by_role("button", name="保存审核意见").click()
    review.wait_for_load_state()
    sub.refresh_from_db()
    assert sub.state == "accepted"
    assert PointsEntry.objects.get(submission=sub).points == 20

    # the author sees the feedback and shares the work
    page.goto(f"{live_server.url}/practice/task/{task.pk}/")
    assert "图表清楚。" in page.locator("main").inner_text()
    page.get_by_label("在成果展示中展示这份成果").check()
    page.get_by_label("展示标题").fill("三百份问卷里的需求")
    page.get_by_role("button", name="保存我的选择").click()
    page.wait_for_load_state()
    axe(page)
    page.goto(f"{live_server.url}/practice/showcase/")
    assert page.get_by_role("heading", name="三百份问卷里的需求").is_visible()
    axe(page)
    # not shared publicly: the public showcase does not list it
    page.goto(f"{live_server.url}/practice/showcase/public/")
    assert "三百份问卷里的需求" not in page.locator("main").inner_text()
    axe(page)


def test_resident_confirms_in_elder_mode_on_a_phone(
    new_page, live_server, axe, people, media
):
    people.resident.elder_mode = True
    people.resident.save()
    session = services.helper_session_record(
        helper=people.staff,
        starts_at=timezone.now() - timedelta(hours=3),
        minutes=60,
        place="社区活动室",
        topic="网上挂号",
        residents=[people.resident],
    )
    page = logged_in_page(new_page, live_server, people.resident, width=390, height=844)
    page.goto(f"{live_server.url}/practice/confirm/")
    assert "elder-mode" in page.locator("html").get_attribute("class")
    axe(page)
    button = page.get_by_role("button", name="是的，帮助过我")
    box = button.bounding_box()
    assert box["height"] >= 60
    assert box["width"] >= 60
    heading = page.locator("h1").bounding_box()
    # The shared site header alone fills most of a phone's first screen in elder
    # mode (not this page's doing); the page's heading still starts on it.
    assert heading["y"] < 844
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('button')?.className",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert "btn-confirm" in hit  # nothing covers the button
    no_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_scroll
    button.click()
    page.wait_for_load_state()
    assert "谢谢您" in page.locator(".messages").inner_text()
    axe(page)
    session.refresh_from_db()
    assert session.state == "confirmed"
    assert HelperSession.objects.get().confirmed_by == people.resident
    assert PointsEntry.objects.get().user == people.staff
