"""The site on a 390×844 phone in elder mode, at the default and the largest text size:
the header is one compact row (short name, 求助, 菜单) whose menu works without
JavaScript; every public, resident and staff page opens with its own heading (and its
main action) in the top half of the first screen; axe stays clean; the desktop header
at 1280px still shows every switch."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from accounts.roles import RESIDENTS, STAFF, sync_roles
from assessments import services as assess
from assessments.models import SkillTest, TestSlot
from tests.assessments.conftest import mc, tf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEIGHT = 844
HALF = HEIGHT / 2

ROW_JS = """
() => {
  const box = s => { const e = document.querySelector(s);
    if (!e || !e.checkVisibility()) return null;
    const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  return {brand: box('.brand'), help: box('.help-link'), menu: box('.menu-button'),
          header: document.querySelector('.site-header').getBoundingClientRect().height,
          overflow: document.documentElement.scrollWidth - innerWidth,
          elderVisible: document.querySelector('.elder-toggle').checkVisibility()};
}
"""


def top_of(page, selector: str) -> float:
    return page.evaluate(
        "(s) => document.querySelector(s).getBoundingClientRect().top", selector
    )


def make_person(django_user_model, username: str, role: str, **prefs):
    sync_roles()
    user = django_user_model.objects.create_user(
        username=username, password="pw-123456-long", **prefs
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def phone(browser, live_server, user=None, *, width=390, size=0, js=True):
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT},
        locale="zh-CN",
        java_script_enabled=js,
    )
    if user is not None:
        user.elder_mode = True
        user.text_size = size
        user.save()
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie,
                    "url": live_server.url,
                }
            ]
        )
    else:
        context.add_cookies(
            [
                {"name": "dl_elder_mode", "value": "1", "url": live_server.url},
                {"name": "dl_text_size", "value": str(size), "url": live_server.url},
            ]
        )
    return context.new_page()


def assert_opens_on(page, heading="main h1", action=None):
    top = top_of(page, heading)
    assert 0 <= top < HALF, f"{page.url}: heading at {top:.0f}px"
    if action:
        act = top_of(page, action)
        assert 0 <= act < HALF, f"{page.url}: main action at {act:.0f}px"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")


# --- the header ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 390, 430])
@pytest.mark.parametrize("size", [0, 3])
def test_phone_header_is_one_compact_row(
    home, browser, live_server, django_user_model, width, size
):
    user = make_person(django_user_model, "wang", RESIDENTS)
    page = phone(browser, live_server, user, width=width, size=size)
    try:
        page.goto(live_server.url + "/")
        row = page.evaluate(ROW_JS)
        assert row["overflow"] <= 0
        for part in ("brand", "help", "menu"):
            assert row[part], f"{part} is not shown"
        # one row: the three parts share one line
        tops = [row[p]["top"] for p in ("brand", "help", "menu")]
        bottoms = [row[p]["bottom"] for p in ("brand", "help", "menu")]
        assert max(tops) < min(bottoms), row
        assert row["header"] < 130, row
        # the settings wait behind the menu button
        assert not row["elderVisible"]
        assert_opens_on(page)
    finally:
        page.context.close()


def test_menu_holds_every_setting_and_works_without_javascript(
    home, browser, live_server, django_user_model
):
    user = make_person(django_user_model, "wang", RESIDENTS)
    page = phone(browser, live_server, user, size=0, js=False)
    try:
        page.goto(live_server.url + "/")
        page.locator(".menu-button").click()
        for name in ["长辈模式", "高对比度", "English", "我的账户", "退出登录", "首页"]:
            assert page.get_by_text(name, exact=False).first.is_visible(), name
        assert page.locator("button[name=text_size]").last.is_visible()

        # log-out is a quiet link, not one of the biggest targets
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('a, button, summary')]
                .filter(e => e.checkVisibility())
                .map(e => { const r = e.getBoundingClientRect();
                            return {area: r.width * r.height,
                                    logout: e.classList.contains('logout-link')}; })"""
        )
        logout = next(s["area"] for s in sizes if s["logout"])
        biggest = sorted((s["area"] for s in sizes), reverse=True)[:3]
        assert logout < min(biggest)

        # A+ comes back with the menu still open, one step larger
        with page.expect_navigation():
            page.locator("button[name=text_size]").last.click()
        assert "text-size-1" in page.evaluate("document.documentElement.className")
        assert page.evaluate("document.querySelector('.site-menu').open")
        assert page.locator("button[name=text_size]").last.is_visible()
        assert page.evaluate("scrollY") == 0
        user.refresh_from_db()
        assert user.text_size == 1
    finally:
        page.context.close()


def test_desktop_header_shows_every_switch_without_opening_the_menu(
    home, browser, live_server, django_user_model, axe
):
    user = make_person(django_user_model, "wang", RESIDENTS)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    client = Client()
    client.force_login(user)
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
    try:
        page.goto(live_server.url + "/")
        assert not page.locator(".menu-button").is_visible()
        for selector in [
            ".elder-toggle",
            ".contrast-toggle",
            "button[name=text_size]",
            ".lang-switch button",
            ".logout-link",
            ".help-link",
            ".main-nav a",
        ]:
            assert page.locator(selector).first.is_visible(), selector
        header = page.locator(".site-header").bounding_box()
        assert header["height"] < 260
        assert top_of(page, "main h1") < 300
        axe(page)
    finally:
        context.close()


# --- every page opens on its heading ------------------------------------------------


def skill_test():
    category = assess.category_ensure(path="Bank/Phone")
    test = SkillTest.objects.create(
        title="防范电信诈骗小测验", slug="phone-check", audience="resident"
    )
    for i, spec in enumerate([tf(), mc()]):
        question = assess.question_save(spec=spec, category=category)
        TestSlot.objects.create(
            test=test, question=question, sort_order=i, marks=Decimal(1)
        )
    return test


@pytest.mark.parametrize("size", [0, 3])
def test_public_pages_open_on_their_heading(home, browser, live_server, axe, size):
    page = phone(browser, live_server, size=size)
    try:
        page.goto(live_server.url + "/")
        assert_opens_on(page, action="main .entry")
        page.goto(live_server.url + "/about/")
        assert_opens_on(page)
        page.goto(live_server.url + "/accounts/login/")
        assert_opens_on(page, action="main form input:not([type=hidden])")
        if size == 3:
            axe(page)
        page.goto(live_server.url + "/no-such-page/")
        assert_opens_on(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [0, 3])
def test_resident_pages_open_on_their_heading(
    home, browser, live_server, django_user_model, axe, size
):
    user = make_person(django_user_model, "wang", RESIDENTS, display_name="王阿姨")
    test = skill_test()
    page = phone(browser, live_server, user, size=size)
    try:
        for path in ["/", "/learn/", "/tests/", "/account/"]:
            page.goto(live_server.url + path)
            assert_opens_on(page)
            if size == 3:
                axe(page)
        page.goto(live_server.url + f"/tests/{test.slug}/")
        # the test's intro: its heading and the start button
        assert_opens_on(page, action="main form button[type=submit]")
        if size == 3:
            axe(page)
        with page.expect_navigation():
            page.get_by_role("button", name="开始测试").click()
        assert_opens_on(page)  # question 1 of 2
        if size == 3:
            axe(page)
        page.locator("button[name='go'][value='next']").click()
        page.wait_for_url("**/q/2/")
        assert_opens_on(page)
        page.locator("button[name='go'][value='review']").click()
        page.wait_for_url("**/review/")
        assert_opens_on(page)
        page.locator("form[data-submit-once] button[type=submit]").click()
        page.wait_for_url("**/result/")
        assert_opens_on(page)
        if size == 3:
            axe(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [0, 3])
def test_staff_pages_open_on_their_heading(
    home, browser, live_server, django_user_model, axe, size
):
    staff = make_person(django_user_model, "li", STAFF, display_name="李社工")
    page = phone(browser, live_server, staff, size=size)
    try:
        for path in ["/", "/learn/", "/learn/helped/", "/tests/", "/account/assist/"]:
            page.goto(live_server.url + path)
            assert_opens_on(page)
            if size == 3:
                axe(page)
    finally:
        page.context.close()
