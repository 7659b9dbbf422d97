"""A resident in elder mode on a 360px phone takes a whole guided lesson, in a real
Chromium: once with the keyboard only, once with clicks (with a wrong tap and "show me"
on the try-it step). axe finds no WCAG 2.2 A/AA problem on the pages on the way."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from training import services
from training.models import CourseCompletion, LessonProgress, StepAssist

from .conftest import (
    guided,
    knowledge_check,
    make_course,
    make_image,
    make_site,
    make_user,
    try_it,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lesson_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home, index = make_site()
    picture = make_image("phone home screen")
    course = make_course(
        index,
        title="智能手机入门",
        bodies=[
            [
                guided("打开手机，看看主屏幕", image=picture),
                try_it(picture, label="设置"),
                knowledge_check(),
                guided("做得好，回到主屏幕"),
            ]
        ],
        lessons=1,
    )
    resident = make_user("wang", display_name="王阿姨", elder_mode=True)
    return index, course, resident


def logged_in_page(new_page, live_server, user, width=360):
    client = Client()
    client.force_login(user)
    page = new_page(width=width, height=780, locale="zh-CN")
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


def tab_to(
    page, *, text: str | None = None, css_class: str | None = None, limit: int = 80
) -> None:
    """Press Tab until the focused element shows ``text`` (or has ``css_class``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """([text, cls]) => {
                const el = document.activeElement;
                if (!el) return false;
                if (cls) return el.classList.contains(cls);
                return (el.innerText || el.value || "").includes(text);
            }""",
            [text, css_class],
        )
        if found:
            return
    raise AssertionError(f"could not reach {text or css_class} with Tab")


def counter(page) -> str:
    return page.locator(".step-counter").inner_text()


def test_guided_lesson_with_the_keyboard_only(new_page, live_server, lesson_world, axe):
    index, course, resident = lesson_world
    services.enrolment_create(user=resident, course=course)
    page = logged_in_page(new_page, live_server, resident)

    page.goto(live_server.url + index.url)
    axe(page)
    page.goto(live_server.url + course.url)
    axe(page)
    tab_to(page, text="开始第一课")
    page.keyboard.press("Enter")
    page.wait_for_url("**/step/1/*")
    assert "第 1 步，共 4 步" in counter(page)
    axe(page)
    tab_to(page, text="下一步")
    page.keyboard.press("Enter")

    # try it: reach the place on the picture with Tab, press Enter
    page.wait_for_url("**/step/2/*")
    assert "第 2 步，共 4 步" in counter(page)
    axe(page)
    tab_to(page, css_class="try-it-target")
    page.keyboard.press("Enter")
    page.wait_for_selector(".try-it-success")
    assert "找到了" in page.locator(".try-it-success").inner_text()
    tab_to(page, text="下一步")
    page.keyboard.press("Enter")

    # knowledge check: arrow keys choose, Enter checks
    page.wait_for_url("**/step/3/*")
    tab_to(page, css_class="kc-radio")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector(".knowledge-check .callout")
    assert "答对了" in page.locator(".knowledge-check .callout").inner_text()
    axe(page)
    tab_to(page, text="下一步")
    page.keyboard.press("Enter")

    page.wait_for_url("**/step/4/*")
    tab_to(page, text="完成本课")
    page.keyboard.press("Enter")
    page.wait_for_url("**/finished/")
    # the only lesson: the page opens on the whole course being finished
    assert "已学完课程“智能手机入门”" in page.locator("h1").inner_text()
    axe(page)

    progress = LessonProgress.objects.get(user=resident)
    assert progress.completed_at is not None
    assert len(progress.completed_steps) == 4
    assert CourseCompletion.objects.filter(user=resident, course=course).exists()


def test_guided_lesson_with_clicks_wrong_tap_and_show_me(
    new_page, live_server, lesson_world
):
    index, course, resident = lesson_world
    services.enrolment_create(user=resident, course=course)
    page = logged_in_page(new_page, live_server, resident)
    page.goto(live_server.url + course.url)
    page.get_by_role("link", name="开始第一课").click()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/step/2/*")

    # a tap beside the target shows the gentle hint, without leaving the step
    picture = page.locator("[data-try-it-picture]")
    hint = page.locator("[data-try-it-hint]")
    assert hint.is_hidden()
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.85, "y": box["height"] * 0.6})
    assert hint.is_visible()
    assert "齿轮" in hint.inner_text()
    # "show me" reveals the place and its name
    page.get_by_role("button", name="我找不到，请告诉我").click()
    assert "is-revealed" in picture.get_attribute("class")
    assert page.locator(".try-it-label").first.is_visible()
    page.get_by_role("button", name="设置").click()
    page.wait_for_selector(".try-it-success")
    page.get_by_role("button", name="下一步").click()

    page.wait_for_url("**/step/3/*")
    page.get_by_label("马上转账").check()
    page.get_by_role("button", name="看看我答对没有").click()
    assert "不太对" in page.locator(".knowledge-check .callout").inner_text()
    page.get_by_role("button", name="下一步").click()
    # back and forward again: the back button keeps the place
    page.wait_for_url("**/step/4/*")
    page.get_by_role("button", name="上一步").click()
    page.wait_for_url("**/step/3/*")
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="完成本课").click()
    page.wait_for_url("**/finished/")
    assert LessonProgress.objects.get(user=resident).completed_at is not None


def test_guided_lesson_works_without_javascript(browser, live_server, lesson_world):
    index, course, resident = lesson_world
    services.enrolment_create(user=resident, course=course)
    client = Client()
    client.force_login(resident)
    context = browser.new_context(
        viewport={"width": 360, "height": 780},
        java_script_enabled=False,
        locale="zh-CN",
    )
    try:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(live_server.url + course.url)
        page.get_by_role("link", name="开始第一课").click()
        page.get_by_role("button", name="下一步").click()
        page.wait_for_url("**/step/2/*")
        page.get_by_role("button", name="我找不到，请告诉我").click()
        assert "is-revealed" in page.locator("[data-try-it-picture]").get_attribute(
            "class"
        )
        page.get_by_role("button", name="设置").click()
        assert "找到了" in page.locator(".try-it-success").inner_text()
    finally:
        context.close()


def test_staff_helping_a_resident_sees_the_banner_and_help_is_recorded(
    new_page, live_server, lesson_world, axe
):
    index, course, resident = lesson_world
    resident.org_unit = None
    staff = make_user("li", role="Staff", display_name="李社工")
    resident.registered_by = staff
    resident.save()
    services.enrolment_create(user=resident, course=course)
    page = logged_in_page(new_page, live_server, staff, width=1280)
    page.goto(live_server.url + "/learn/helped/")
    axe(page)
    page.get_by_role("button", name="开始帮助 王阿姨").click()
    axe(page)  # "My learning" of the helped resident, with the banner
    page.goto(live_server.url + course.url)
    assert "正在帮助：王阿姨" in page.locator(".helping-banner").inner_text()
    page.get_by_role("link", name="开始第一课").click()
    axe(page)  # the lesson, every step on one page (normal mode)
    page.get_by_role("button", name="一步一步来（引导模式）").click()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/step/2/*")
    assist = StepAssist.objects.get()
    assert (assist.learner, assist.helper, assist.step) == (resident, staff, 1)


def test_no_horizontal_scrolling_at_320px_in_elder_mode(
    new_page, live_server, lesson_world
):
    index, course, resident = lesson_world
    services.enrolment_create(user=resident, course=course)
    page = logged_in_page(new_page, live_server, resident, width=320)
    lesson = course.get_children().get().specific
    urls = [index.url, course.url, *(lesson.step_url(n) for n in range(1, 5))]
    urls.append(lesson.url + "?mode=all")
    for url in urls:
        page.goto(live_server.url + url)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, (url, overflow)
