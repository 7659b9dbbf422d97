"""The site shell in a real browser: elder mode, text size, contrast, layout, axe.

Numbers come from /shared/UX-ELDER.md: body ≥ 18px (elder ≥ 22px, largest step ≥ 30px),
headings and primary actions ≥ 22px (elder ≥ 30px), targets ≥ 44×44 (elder ≥ 60×60 with
≥ 8px between them), no horizontal scroll at 320px, no WCAG 2.2 A/AA violations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.preferences import COOKIE_NAMES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots/shell")  # noqa: S108 (where the team looks at screenshots)

TARGETS_JS = """
() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const els = [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect();
    return e.checkVisibility() && !e.closest('.visually-hidden')
      && r.width > 0 && r.height > 0 && r.bottom + scrollY > 0;
  });
  return els.map(e => {
    const r = e.getBoundingClientRect();
    const outer = e.parentElement ? e.parentElement.closest(sel) : null;
    return {
      what: e.outerHTML.slice(0, 90),
      left: r.left + scrollX, top: r.top + scrollY,
      right: r.right + scrollX, bottom: r.bottom + scrollY,
      width: r.width, height: r.height,
      inside: outer ? els.indexOf(outer) : -1,
    };
  });
}
"""

STYLES_JS = """
() => {
  const px = (el, prop) => el ? parseFloat(getComputedStyle(el)[prop]) : null;
  const p = document.querySelector('main p');
  return {
    htmlClass: document.documentElement.className,
    body: px(document.body, 'fontSize'),
    h1: px(document.querySelector('h1'), 'fontSize'),
    h2: px(document.querySelector('main h2'), 'fontSize'),
    primary: px(document.querySelector('.btn-primary, .entry-go'), 'fontSize'),
    elderToggle: px(document.querySelector('.elder-toggle'), 'fontSize'),
    pFont: px(p, 'fontSize'),
    pLine: px(p, 'lineHeight'),
    pAfter: px(p, 'marginBottom'),
    overflow: document.documentElement.scrollWidth
      - document.documentElement.clientWidth,
  };
}
"""


@pytest.fixture
def site(home):
    return home


# Records what would be spoken instead of making sound.
FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, 'speechSynthesis', {value: {
  speaking: false, pending: false,
  getVoices: () => [
    {name: "Tingting", lang: "zh-CN"}, {name: "Samantha", lang: "en-US"},
  ],
  cancel() {},
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def styles(page) -> dict:
    return page.evaluate(STYLES_JS)


def assert_targets(page, minimum: float, spacing: float | None = None) -> None:
    targets = page.evaluate(TARGETS_JS)
    assert len(targets) >= 8, targets  # header switches, menu, entries, help
    small = [
        t for t in targets if t["width"] < minimum - 0.5 or t["height"] < minimum - 0.5
    ]
    assert not small, f"targets smaller than {minimum}px: " + "\n".join(
        f"{t['width']:.0f}×{t['height']:.0f} {t['what']}" for t in small
    )
    if spacing is None:
        return
    crowded = []
    for i, a in enumerate(targets):
        for j in range(i + 1, len(targets)):
            b = targets[j]
            if a["inside"] == j or b["inside"] == i:
                continue  # nested (a link inside a link-like card): one target
            dx = max(0, b["left"] - a["right"], a["left"] - b["right"])
            dy = max(0, b["top"] - a["bottom"], a["top"] - b["bottom"])
            if max(dx, dy) < spacing - 0.5:
                crowded.append(f"{a['what']}  <->  {b['what']} ({max(dx, dy):.1f}px)")
    assert not crowded, "targets closer than 8px:\n" + "\n".join(crowded)


def click_and_wait(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def set_guest_prefs(page, live_server, **prefs) -> None:
    page.context.add_cookies(
        [
            {
                "name": COOKIE_NAMES[name],
                "value": str(int(value)),
                "url": live_server.url,
            }
            for name, value in prefs.items()
        ]
    )


def log_in(page, live_server, user) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )


# --- elder mode and text size, switched with the header controls ----------------------


def test_normal_mode_meets_the_normal_numbers(site, live_server, page):
    page.goto(live_server.url + "/")
    s = styles(page)
    assert "elder-mode" not in s["htmlClass"]
    assert s["body"] >= 18
    assert s["h1"] >= 22
    assert s["h2"] >= 22
    assert s["primary"] >= 22
    assert s["pLine"] >= 1.3 * s["pFont"]
    assert s["pAfter"] >= 1.3 * s["pLine"] - 0.5
    assert_targets(page, 44)


def test_guest_turns_on_elder_mode_and_largest_text_and_it_is_remembered(
    site, live_server, page
):
    page.goto(live_server.url + "/")

    # when: the elder-mode switch in the header is pressed
    click_and_wait(page, "button[name=elder_mode]")

    # then: elder-mode numbers hold and the switch says it is on
    assert (
        page.locator("button[name=elder_mode]").get_attribute("aria-pressed") == "true"
    )
    s = styles(page)
    assert "elder-mode" in s["htmlClass"]
    assert s["body"] >= 22
    assert s["h1"] >= 30
    assert s["h2"] >= 30
    assert s["primary"] >= 30
    assert s["elderToggle"] >= 30
    assert_targets(page, 60, spacing=8)

    # when: A+ is pressed until the largest step
    larger = "button[name=text_size]:not([disabled]) >> nth=-1"
    for _ in range(3):
        click_and_wait(page, larger)
    assert page.locator("button[name=text_size]").last.is_disabled()

    s = styles(page)
    assert "text-size-3" in s["htmlClass"]
    assert s["body"] >= 30
    assert s["h1"] >= 30
    assert s["pLine"] >= 1.3 * s["pFont"]
    assert_targets(page, 60, spacing=8)

    # then: a reload (the cookie) keeps both choices
    page.reload()
    s = styles(page)
    assert "elder-mode" in s["htmlClass"]
    assert "text-size-3" in s["htmlClass"]
    assert s["body"] >= 30
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies[COOKIE_NAMES["elder_mode"]] == "1"
    assert cookies[COOKIE_NAMES["text_size"]] == "3"


def test_largest_text_without_elder_mode_is_at_least_30px(site, live_server, page):
    page.goto(live_server.url + "/")
    for _ in range(3):
        click_and_wait(page, "button[name=text_size]:not([disabled]) >> nth=-1")
    s = styles(page)
    assert "elder-mode" not in s["htmlClass"]
    assert s["body"] >= 30
    assert_targets(page, 44)


def test_logged_in_choice_is_saved_on_the_account(
    site, live_server, new_page, django_user_model
):
    user = django_user_model.objects.create_user("grandma", password="pw-12345-x")
    page = new_page()
    log_in(page, live_server, user)
    page.goto(live_server.url + "/")

    click_and_wait(page, "button[name=elder_mode]")
    click_and_wait(page, "button[name=high_contrast]")

    user.refresh_from_db()
    assert user.elder_mode
    assert user.high_contrast
    # another device: same account, no preference cookies before the first page
    other = new_page(width=360)
    log_in(other, live_server, user)
    assert not [c for c in other.context.cookies() if c["name"].startswith("dl_")]
    other.goto(live_server.url + "/")
    cls = other.evaluate("document.documentElement.className")
    assert "elder-mode" in cls
    assert "high-contrast" in cls


@pytest.mark.parametrize("path", ["/about/", "/no-such-page/"])
def test_other_shell_pages_meet_elder_target_sizes(site, live_server, new_page, path):
    page = new_page(width=360)
    set_guest_prefs(page, live_server, elder_mode=True, text_size=3)
    page.goto(live_server.url + path)
    s = styles(page)
    assert s["body"] >= 30
    assert s["h1"] >= 30
    # on a phone the switches live behind the header's menu button: measure them too
    page.locator(".menu-button").click()
    assert page.locator(".elder-toggle").is_visible()
    assert_targets(page, 60, spacing=8)


def test_skip_link_is_the_first_stop_and_moves_to_the_content(site, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, r = e.getBoundingClientRect();"
        " return {href: e.getAttribute('href'), top: r.top, height: r.height}; })()"
    )
    assert focused["href"] == "#main"
    assert focused["top"] >= 0  # shown on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_text_size_switch_works_with_the_keyboard(site, live_server, page):
    page.goto(live_server.url + "/")
    page.focus("button[name=elder_mode]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "elder-mode" in page.evaluate("document.documentElement.className")
    # the focused control shows a visible ring
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


# --- layout at 320px ------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefs",
    [
        pytest.param({}, id="normal"),
        pytest.param({"elder_mode": True}, id="elder"),
        pytest.param({"elder_mode": True, "text_size": 3}, id="elder-largest"),
        pytest.param({"text_size": 3, "high_contrast": True}, id="largest-contrast"),
    ],
)
@pytest.mark.parametrize("lang", ["zh-CN", "en-US"])
def test_no_horizontal_scroll_at_320px(site, live_server, new_page, prefs, lang):
    page = new_page(width=320, height=700, locale=lang)
    set_guest_prefs(page, live_server, **prefs)
    for path in ["/", "/about/", "/no-such-page/"]:
        page.goto(live_server.url + path)
        assert styles(page)["overflow"] <= 0, f"{path} scrolls sideways at 320px"


# --- axe audits -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefs",
    [
        pytest.param({}, id="normal"),
        pytest.param({"elder_mode": True, "text_size": 3}, id="elder"),
        pytest.param({"high_contrast": True}, id="high-contrast"),
    ],
)
@pytest.mark.parametrize("lang", ["zh-CN", "en-US"])
def test_home_page_has_no_axe_violations(site, live_server, new_page, axe, prefs, lang):
    page = new_page(locale=lang)
    set_guest_prefs(page, live_server, **prefs)
    page.goto(live_server.url + "/")
    expected = "en" if lang.startswith("en") else "zh-Hans"
    assert page.evaluate("document.documentElement.lang") == expected
    axe(page)


@pytest.mark.parametrize("lang", ["zh-CN", "en-US"])
def test_404_page_has_no_axe_violations(site, live_server, new_page, axe, lang):
    page = new_page(locale=lang)
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    axe(page)


def test_high_contrast_theme_reaches_7_to_1(site, live_server, new_page):
    from tests.conftest import AXE_JS, format_violations

    page = new_page()
    set_guest_prefs(page, live_server, high_contrast=True, elder_mode=True)
    for path in ["/", "/about/"]:
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            "async () => await axe.run(document, "
            "{runOnly: {type: 'rule', values: ['color-contrast-enhanced']}})"
        )
        assert result["violations"] == [], format_violations(result["violations"])


# --- read-aloud button ----------------------------------------------------------------


def test_read_aloud_button_is_offered_and_never_fails_silently(
    site, live_server, new_page
):
    # Offered once the browser's voices are known (this Chromium has none).
    with_speech = new_page()
    with_speech.goto(live_server.url + "/")
    button = with_speech.locator("button[data-read-aloud]").first
    button.wait_for(state="visible")

    # With no speech at all, pressing it says why, in words, instead of nothing.
    without = new_page(locale="zh-CN")
    without.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {value: undefined});"
    )
    without.goto(live_server.url + "/")
    without.locator("button[data-read-aloud]").first.click()
    assert "没有中文朗读声音" in without.locator(".read-aloud-missing").inner_text()


def test_read_aloud_speaks_main_content_in_chinese(site, live_server, new_page):
    page = new_page(locale="zh-CN")
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.url + "/")
    page.click("button[data-read-aloud]")
    spoken = page.evaluate("window.__spoken")
    assert spoken
    assert {s["lang"] for s in spoken} == {"zh-CN"}
    text = "".join(s["text"] for s in spoken)
    assert text.startswith("欢迎来到数字阶梯")  # main content, from its heading on
    assert "我是居民" in text
    assert "字号" not in text  # not the header controls
    assert "社区服务中心的工作人员很乐意" not in text  # not the footer


def test_auto_read_speaks_marked_content_when_the_preference_is_on(
    site, live_server, new_page
):
    def page_with(auto: bool):
        page = new_page(locale="en-US")
        page.add_init_script(FAKE_SPEECH)
        set_guest_prefs(page, live_server, auto_read_aloud=auto)

        # a lesson-like page: mark the heading for automatic reading
        def mark(route):
            response = route.fetch()
            body = response.text().replace("<h1", '<h1 id="step" data-auto-read', 1)
            route.fulfill(response=response, body=body)

        page.route(live_server.url + "/about/", mark)
        page.goto(live_server.url + "/about/")
        return page.evaluate("window.__spoken")

    assert [s["text"] for s in page_with(auto=True)] == ["About us"]
    assert page_with(auto=True)[0]["lang"] == "en-US"
    assert page_with(auto=False) == []


# --- screenshots to look at -----------------------------------------------------------


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(
    ("mode", "prefs"),
    [
        ("normal", {}),
        ("elder", {"elder_mode": True}),
        ("elder-largest", {"elder_mode": True, "text_size": 3}),
        ("contrast", {"high_contrast": True}),
    ],
)
def test_home_page_screenshots(site, live_server, new_page, width, mode, prefs):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ["zh-CN", "en-US"]:
        page = new_page(width=width, height=900, locale=lang)
        set_guest_prefs(page, live_server, **prefs)
        page.goto(live_server.url + "/")
        page.screenshot(
            path=str(SHOTS / f"home-{mode}-{width}-{lang[:2]}.png"), full_page=True
        )
        assert styles(page)["overflow"] <= 0
        if lang == "zh-CN":
            page.goto(live_server.url + "/no-such-page/")
            page.screenshot(path=str(SHOTS / f"404-{mode}-{width}.png"), full_page=True)
