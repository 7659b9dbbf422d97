"""In a real Chromium on a 390px phone in elder mode: a resident completes a whole
course by tapping only, and cannot complete one by tapping 下一步 alone."""

from __future__ import annotations

import pytest

from training import services
from training.models import CourseCompletion, LessonProgress

from .conftest import (
    guided,
    knowledge_check,
    make_course,
    make_image,
    make_site,
    make_user,
    try_it,
)
from .test_training_browser import logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home, index = make_site()
    picture = make_image("phone home screen")
    course = make_course(
        index,
        title="智能手机入门",
        bodies=[
            [guided("打开手机"), try_it(picture), knowledge_check(), guided("好")],
            [guided("再看一遍"), try_it(picture, label="设置")],
        ],
        lessons=2,
    )
    resident = make_user("wang", display_name="王阿姨", elder_mode=True)
    services.enrolment_create(user=resident, course=course)
    return course, resident


def test_a_resident_completes_a_whole_course_by_tapping_only(
    new_page, live_server, course_world, axe
):
    course, resident = course_world
    page = logged_in_page(new_page, live_server, resident, width=390)
    page.goto(live_server.url + course.url)
    page.get_by_role("link", name="开始第一课").click()
    page.get_by_role("button", name="下一步").click()
    # try it: tap the place on the picture
    page.wait_for_url("**/step/2/*")
    page.get_by_role("button", name="设置").click()
    page.wait_for_selector(".try-it-success")
    page.get_by_role("button", name="下一步").click()
    # knowledge check: tap an answer, tap "check"
    page.wait_for_url("**/step/3/*")
    page.get_by_label("挂断电话，问家人").check()
    page.get_by_role("button", name="看看我答对没有").click()
    page.wait_for_selector(".knowledge-check .callout")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/step/4/*")
    page.get_by_role("button", name="完成本课").click()
    page.wait_for_url("**/finished/")
    assert not CourseCompletion.objects.exists()
    axe(page)
    # lesson 2: the right place is shown after a try, then tapped
    page.get_by_role("link", name="下一课").click()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/step/2/*")
    page.get_by_role("button", name="我找不到，请告诉我").click()
    page.get_by_role("button", name="设置").click()
    page.wait_for_selector(".try-it-success")
    page.get_by_role("button", name="完成本课").click()
    page.wait_for_url("**/finished/")
    assert "您已学完课程" in page.locator("main").inner_text()
    assert CourseCompletion.objects.filter(user=resident, course=course).exists()


def test_tapping_next_alone_does_not_complete_a_course(
    new_page, live_server, course_world, axe
):
    course, resident = course_world
    page = logged_in_page(new_page, live_server, resident, width=390)
    page.goto(live_server.url + course.url)
    page.get_by_role("link", name="开始第一课").click()
    for _ in range(3):
        page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="完成本课").click()
    # back on the first practice not done, told so in plain words
    page.wait_for_url("**/step/2/*")
    assert "还有 2 个练习没有做" in page.locator("body").inner_text()
    axe(page)
    # tapping on past it again still does not finish the lesson
    for _ in range(2):
        page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="完成本课").click()
    page.wait_for_url("**/step/2/*")
    assert LessonProgress.objects.get(user=resident).completed_at is None
    assert not CourseCompletion.objects.exists()
