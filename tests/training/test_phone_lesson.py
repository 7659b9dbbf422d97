"""A guided lesson on a 390×844 (and 360px) phone in elder mode, at every text size:
the heading starts in the top half of the first screen, nothing covers a try-it target
(``elementFromPoint`` at its centre hits it), and every verdict — wrong tap, right tap,
knowledge check, with and without JavaScript — shows in view, in a live region, and is
read aloud when the read-aloud preference is on. Moving on stays the person's choice."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client

from training import services

from .conftest import (
    guided,
    knowledge_check,
    make_course,
    make_image,
    make_site,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_HEIGHT = 844

# Records what would be spoken instead of making sound (see tests/cms).
FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, 'speechSynthesis', {value: {
  speaking: false, pending: false,
  getVoices: () => [{name: "Tingting", lang: "zh-CN"}],  // read-aloud needs zh
  cancel() {},
  speak(u) { window.__spoken.push(u.text); },
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""

TARGETS_JS = """
() => [...document.querySelectorAll('.try-it-target')].map(t => {
  const r = t.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {x, y, top: r.top, bottom: r.bottom, vh: innerHeight,
          hits: !!hit && (hit === t || t.contains(hit)),
          what: hit ? hit.outerHTML.slice(0, 80) : null};
})
"""

IN_VIEW_JS = """
(sel) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: r.height, vh: innerHeight,
          live: !!el.closest('[aria-live]'), hidden: el.hidden};
}
"""


def bottom_try_it(image) -> dict:
    """A try-it whose target lies low on the picture, like the 拒绝 button of an
    incoming call: where the sticky controls used to sit."""
    return {
        "type": "try_it",
        "id": str(uuid.uuid4()),
        "value": {
            "image": image.pk,
            "image_alt": "来电界面，下面有拒绝和接听两个按钮",
            "instruction": "练一练：这个电话很可疑，点“拒绝”挂掉它。",
            "targets": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "x": 12,
                        "y": 80,
                        "width": 26,
                        "height": 13,
                        "label": "拒绝",
                    },
                }
            ],
            "hint": "红色的圆按钮，下面写着“拒绝”。",
            "success": "做得对！可疑电话，直接挂断。",
        },
    }


@pytest.fixture
def phone_lesson(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home, index = make_site()
    picture = make_image("incoming call")
    course = make_course(
        index,
        title="识别电话和网络诈骗",
        bodies=[
            [
                guided("陌生来电先看号码", image=picture),
                bottom_try_it(picture),
                knowledge_check(),
                guided("做得好"),
            ]
        ],
        lessons=2,
    )
    resident = make_user("wang", display_name="王阿姨", elder_mode=True)
    services.enrolment_create(user=resident, course=course)
    lesson = course.get_children().first().specific
    return course, lesson, resident


def phone(browser, live_server, user, *, width=390, js=True, speech=False):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": width, "height": PHONE_HEIGHT},
        locale="zh-CN",
        java_script_enabled=js,
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
    page = context.new_page()
    if speech:
        page.add_init_script(FAKE_SPEECH)
    return page


def set_prefs(user, **prefs):
    for name, value in prefs.items():
        setattr(user, name, value)
    user.save()


def assert_in_view(page, selector):
    box = page.evaluate(IN_VIEW_JS, selector)
    assert box is not None, f"no {selector}"
    assert not box["hidden"], f"{selector} is hidden"
    assert box["top"] >= 0, (selector, box)
    assert box["bottom"] <= box["vh"] + 1, (selector, box)
    assert box["live"], f"{selector} is not in a live region"


def heading_top(page) -> float:
    return page.evaluate(
        "document.querySelector('main h1').getBoundingClientRect().top"
    )


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("size", [0, 1, 2, 3])
def test_try_it_target_is_on_screen_and_hit_testable_above_the_controls(
    browser, live_server, phone_lesson, width, size
):
    course, lesson, resident = phone_lesson
    set_prefs(resident, text_size=size)
    page = phone(browser, live_server, resident, width=width)
    try:
        # as every link to a step opens it
        page.goto(live_server.url + lesson.step_url(2) + "#step")
        page.wait_for_load_state("load")
        assert -1 <= heading_top(page) < PHONE_HEIGHT / 2
        targets = page.evaluate(TARGETS_JS)
        assert targets
        for target in targets:
            assert target["top"] >= 0, target
            assert target["bottom"] <= target["vh"], target
            assert target["hits"], f"the centre of the target hits {target['what']}"
        # the controls are not over the picture
        picture = page.locator("[data-try-it-picture]").bounding_box()
        controls = page.locator(".guided-nav").bounding_box()
        assert controls["y"] >= picture["y"] + picture["height"]

        # a real tap at the target's centre is the right answer, not "Next"
        page.mouse.click(targets[0]["x"], targets[0]["y"])
        page.wait_for_selector(".try-it-success")
        assert_in_view(page, ".try-it-success")
        page.wait_for_timeout(300)
        assert "/step/2/" in page.url  # still on the step: moving on is her choice
        assert_in_view(page, ".try-it-success")
        assert scroll_width_ok(page)
    finally:
        page.context.close()


def scroll_width_ok(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_wrong_tap_hint_shows_beside_the_picture_and_is_read_aloud(
    browser, live_server, phone_lesson
):
    course, lesson, resident = phone_lesson
    set_prefs(resident, text_size=3, auto_read_aloud=True)
    page = phone(browser, live_server, resident, speech=True)
    try:
        page.goto(live_server.url + lesson.step_url(2) + "#step")
        page.wait_for_load_state("load")
        picture = page.locator("[data-try-it-picture]").bounding_box()
        # a tap on the upper part of the picture, away from the target
        page.mouse.click(
            picture["x"] + picture["width"] * 0.5,
            picture["y"] + picture["height"] * 0.3,
        )
        assert_in_view(page, "[data-try-it-hint]")
        spoken = "".join(page.evaluate("window.__spoken"))
        assert "红色的圆按钮" in spoken

        # "show me": the place is marked, the hint stays in view
        page.get_by_role("button", name="我找不到，请告诉我").click()
        page.wait_for_selector("[data-try-it-picture].is-revealed")
        assert_in_view(page, "[data-try-it-hint]")

        # the right tap: praise in view and read aloud
        page.locator(".try-it-target").first.click()
        page.wait_for_selector(".try-it-success")
        assert_in_view(page, ".try-it-success")
        assert "做得对" in "".join(page.evaluate("window.__spoken"))
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [0, 3])
def test_without_javascript_the_page_comes_back_at_the_verdict(
    browser, live_server, phone_lesson, size
):
    course, lesson, resident = phone_lesson
    set_prefs(resident, text_size=size)
    page = phone(browser, live_server, resident, js=False)
    try:
        page.goto(live_server.url + lesson.step_url(2) + "#step")
        target = page.locator(".try-it-target").first
        box = target.bounding_box()
        assert box["y"] + box["height"] <= PHONE_HEIGHT
        target.click()
        page.wait_for_url("**found=*")
        assert_in_view(page, ".try-it-success")
        # the tapped picture is next to it: the target is still on screen
        box = page.locator(".try-it-target").first.bounding_box()
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= PHONE_HEIGHT

        page.goto(live_server.url + lesson.step_url(3) + "#step")
        page.get_by_label("马上转账").check()
        page.get_by_role("button", name="看看我答对没有").click()
        page.wait_for_url("**answer-*")
        assert_in_view(page, ".knowledge-check .verdict")
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [0, 3])
def test_knowledge_check_verdict_in_view_and_choices_wrap_as_words(
    browser, live_server, phone_lesson, axe, size
):
    course, lesson, resident = phone_lesson
    set_prefs(resident, text_size=size, auto_read_aloud=True)
    page = phone(browser, live_server, resident, speech=True)
    try:
        page.goto(live_server.url + lesson.step_url(3) + "#step")
        page.wait_for_load_state("load")
        assert -1 <= heading_top(page) < PHONE_HEIGHT / 2
        page.get_by_label("马上转账").check()
        page.get_by_role("button", name="看看我答对没有").click()
        page.wait_for_selector(".knowledge-check .verdict")
        assert_in_view(page, ".knowledge-check .verdict")
        assert "不太对" in "".join(page.evaluate("window.__spoken"))
        assert "/step/3/" in page.url

        # "✔ 正确答案" stays on one line; the question stays inside its box
        mark = page.locator(".kc-mark").bounding_box()
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.kc-mark')).lineHeight)"
        )
        assert mark["height"] < 1.5 * line, mark
        legend = page.locator(".kc-question").bounding_box()
        box = page.locator(".kc-fieldset").bounding_box()
        assert legend["y"] > box["y"], "the question runs over the box's border"
        assert legend["x"] + legend["width"] <= box["x"] + box["width"]
        axe(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [0, 3])
def test_course_step_and_finished_pages_open_on_their_heading_and_action(
    browser, live_server, phone_lesson, axe, size
):
    course, lesson, resident = phone_lesson
    set_prefs(resident, text_size=size)
    page = phone(browser, live_server, resident)
    try:
        half = PHONE_HEIGHT / 2
        page.goto(live_server.url + course.get_parent().url)  # the catalogue
        assert heading_top(page) < half
        assert scroll_width_ok(page)
        page.goto(live_server.url + "/learn/")  # my learning: Continue comes first
        assert heading_top(page) < half
        action = page.locator(".course-card .btn-primary").first.bounding_box()
        assert action["y"] < half, action
        if size == 3:
            axe(page)

        page.goto(live_server.url + course.url)
        assert heading_top(page) < half
        action = page.locator(".course-action .btn-primary").bounding_box()
        assert action["y"] < half, action
        assert scroll_width_ok(page)

        page.goto(live_server.url + lesson.step_url(1) + "#step")
        assert 0 <= heading_top(page) < half
        next_button = page.locator(".nav-next").bounding_box()
        assert next_button["y"] + next_button["height"] <= PHONE_HEIGHT
        if size == 3:
            axe(page)

        # the last step's "Finish" opens the celebration and the next lesson
        # (once the practice steps are done: completion needs them)
        from training import selectors, services

        for number in selectors.undone_practice_steps(lesson, None):
            services.progress_record_step(
                user=resident, lesson=lesson, step=number, practised=True
            )
        page.goto(live_server.url + lesson.step_url(4) + "#step")
        page.locator(".nav-next").click()
        page.wait_for_url("**/finished/")
        assert heading_top(page) < half
        assert "学完了这一课" in page.locator("h1").inner_text()
        primary = page.locator("main .btn-primary").first
        assert "下一课" in primary.inner_text()
        assert primary.bounding_box()["y"] < half
        axe(page)
    finally:
        page.context.close()


def test_residents_i_help_are_cards_on_a_phone(browser, live_server, phone_lesson):
    course, lesson, resident = phone_lesson
    staff = make_user("li", role="Staff", display_name="李社工", elder_mode=True)
    resident.registered_by = staff
    resident.save()
    set_prefs(staff, text_size=3)
    page = phone(browser, live_server, staff)
    try:
        page.goto(live_server.url + "/learn/helped/")
        assert heading_top(page) < PHONE_HEIGHT / 2
        assert scroll_width_ok(page)
        # each value is as wide as the card, not one character per line
        widths = page.evaluate(
            "[...document.querySelectorAll('.helped-table td')]"
            ".map(td => td.getBoundingClientRect().width)"
        )
        assert widths
        assert min(widths) > 250, widths
    finally:
        page.context.close()
