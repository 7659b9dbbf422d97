"""The large-print booklet in a real browser (issue 8, point 6): the course page's
big print button on a 390×844 phone in elder mode at the largest text size, the
"Preparing…" page that tells the reader when the booklet is ready, and Residents I
help — all passing axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from training import selectors, services
from training.models import Booklet

from .conftest import guided, make_course, make_image, make_site, make_user, try_it

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def course_and_resident(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home, index = make_site()
    picture = make_image("phone home screen")
    course = make_course(
        index,
        title="智能手机入门",
        bodies=[[guided("打开手机", image=picture), try_it(picture)]],
        lessons=2,
    )
    resident = make_user("wang", display_name="王阿姨", elder_mode=True, text_size=3)
    return course, resident


def phone(browser, live_server, user, width=390):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": width, "height": 844}, locale="zh-CN"
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_course_page_print_button_is_big_and_gives_the_booklet(
    browser, live_server, course_and_resident, axe
):
    course, resident = course_and_resident
    page = phone(browser, live_server, resident)
    try:
        page.goto(live_server.url + course.url)
        button = page.get_by_role("link", name="打印大字版")
        button.wait_for()
        box = button.bounding_box()
        assert box["height"] >= 60
        assert box["width"] >= 60
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 30  # the largest text size of elder mode
        lesson_link = page.locator(".lesson-print").first
        assert lesson_link.bounding_box()["height"] >= 60
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        button.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "booklet-course-page-390-elder-3.png"))
        axe(page)

        # the button's address gives the PDF (tasks run in-process here)
        response = page.context.request.get(
            live_server.url + button.get_attribute("href")
        )
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    finally:
        page.context.close()


def test_preparing_page_says_when_the_booklet_is_ready(
    browser, live_server, course_and_resident, axe
):
    course, resident = course_and_resident
    from accounts.models import OrgUnit

    resident.org_unit = OrgUnit.objects.create(
        name="东社区", kind="community", help_phone="021-1"
    )
    resident.save()
    # a render is under way in a worker (the row exists, pending)
    contact = services.booklet_contact_for(viewer=resident)
    booklet = services.booklet_request(
        page=course,
        kind="course",
        contact=contact,
        language="zh-hans",
        lessons=selectors.booklet_lessons(course),
        queue=False,
    )
    page = phone(browser, live_server, resident)
    try:
        page.goto(f"{live_server.url}/learn/course/{course.pk}/booklet.pdf")
        page.get_by_role("heading", name="正在准备大字版…").wait_for()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "booklet-preparing-390-elder-3.png"))
        axe(page)
        assert page.get_by_role("link", name="打开大字版").is_visible()

        services.booklet_render(booklet_id=booklet.pk)  # the worker finishes
        page.locator("[data-booklet-status]").get_by_text("大字版准备好了").wait_for(
            timeout=20000
        )
        assert Booklet.objects.get().status == Booklet.Status.READY
    finally:
        page.context.close()


def test_residents_i_help_offers_a_booklet_per_course(
    browser, live_server, course_and_resident, axe
):
    course, resident = course_and_resident
    from accounts.models import OrgUnit

    east = OrgUnit.objects.create(name="东社区", kind="community", help_phone="021-1")
    resident.org_unit = east
    resident.save()
    staff = make_user("li", role="Staff", org_unit=east, elder_mode=True, text_size=3)
    services.enrolment_create(user=resident, course=course)
    page = phone(browser, live_server, staff)
    try:
        page.goto(f"{live_server.url}/learn/helped/")
        link = page.locator(".helped-print").first
        link.wait_for()
        assert f"for={resident.pk}" in link.get_attribute("href")
        assert link.bounding_box()["height"] >= 60
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SHOTS / "booklet-helped-390-elder-3.png"), full_page=True
        )
        axe(page)
    finally:
        page.context.close()
