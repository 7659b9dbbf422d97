"""Real-browser checks: the account pages pass axe (WCAG 2.2 A/AA) in both languages,
and the login form works by mobile number."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import RESIDENTS, STAFF

from .factories import PASSWORD, make_units, make_user

# serialized_rollback: restore the migration-made rows (Wagtail root page, role
# groups) that the flush after a transactional test would otherwise wipe.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["zh-hans", "en"]


def _page_in(new_page, live_server, language):
    page = new_page()
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    return page


def _log_in(page, live_server, login):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_and_signup_pages_pass_axe(new_page, live_server, axe, language):
    page = _page_in(new_page, live_server, language)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang").startswith(language[:2])
    axe(page)
    # with an error shown next to the field
    page.fill("#id_login", "nobody")
    page.fill("#id_password", "wrong")
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 1
    axe(page)
    page.goto(f"{live_server.url}/accounts/signup/")
    axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_and_assist_pages_pass_axe(new_page, live_server, axe, language):
    Group.objects.get_or_create(name=STAFF)
    community, _ = make_units()
    make_user("staff1", role=STAFF, org_unit=community, phone="13812345678")
    page = _page_in(new_page, live_server, language)
    _log_in(page, live_server, "138 1234 5678")  # by mobile number
    page.goto(f"{live_server.url}/account/")
    assert page.locator("h1").count() == 1
    axe(page)
    page.goto(f"{live_server.url}/account/assist/")
    axe(page)
    # a refused submission shows errors next to the fields
    page.fill("#id_display_name", "王秀英")
    page.fill("#id_phone", "123")
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_phone_error").is_visible()
    axe(page)


def test_registered_residents_list_reads_as_cards_on_a_phone(new_page, live_server):
    for name in (STAFF, RESIDENTS):
        Group.objects.get_or_create(name=name)
    community, _ = make_units()
    staff = make_user("staff1", role=STAFF, org_unit=community)
    # staff act only for plain residents (accounts.selectors.residents_served_by)
    make_user(
        "zhoumin",
        role=RESIDENTS,
        display_name="周敏",
        org_unit=community,
        registered_by=staff,
    )
    page = new_page(width=360)
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    _log_in(page, live_server, "staff1")
    page.goto(f"{live_server.url}/account/assist/")
    button = page.locator("table .btn").first
    box = button.bounding_box()
    # the button label stays on one line instead of one character per line
    assert box["width"] > box["height"]
    assert box["height"] < 80
    status = page.locator("td", has_text="已设置自己的密码").first
    assert status.bounding_box()["height"] < 60
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_login_card_page_keeps_space_between_its_boxes(new_page, live_server):
    Group.objects.get_or_create(name=STAFF)
    community, _ = make_units()
    make_user("staff1", role=STAFF, org_unit=community)
    page = new_page(width=360)
    _log_in(page, live_server, "staff1")
    page.goto(f"{live_server.url}/account/assist/")
    page.fill("#id_display_name", "王秀英")
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/assist/*/")
    title = page.locator("h1").bounding_box()
    facts = page.locator("dl.facts").bounding_box()
    note = page.locator(".callout").first.bounding_box()
    assert facts["y"] - (title["y"] + title["height"]) >= 12
    assert note["y"] - (facts["y"] + facts["height"]) >= 12


def test_saving_language_switches_the_page(new_page, live_server):
    make_user("wang", display_name="王秀英")
    page = _page_in(new_page, live_server, "zh-hans")
    _log_in(page, live_server, "wang")
    page.goto(f"{live_server.url}/account/")
    assert page.locator("h1").inner_text() == "我的账户"
    page.check("#id_prefs-language_1")  # English
    page.click("section[aria-labelledby=prefs-title] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My account"
    assert page.locator("html").get_attribute("lang").startswith("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_security_pages_pass_axe(new_page, live_server, axe, language):
    from accounts.roles import HR

    Group.objects.get_or_create(name=HR)
    make_user("hr1", role=HR, must_change_password=True)
    page = _page_in(new_page, live_server, language)
    _log_in(page, live_server, "hr1")
    # first the one-time password must go ...
    page.goto(f"{live_server.url}/account/")
    assert "/accounts/password/change/" in page.url
    assert page.locator("#must-change-explained").is_visible()
    axe(page)
    page.fill("#id_oldpassword", PASSWORD)
    page.fill("#id_password1", "a-brand-new-secret")
    page.fill("#id_password2", "a-brand-new-secret")
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    # ... then HR must set up the authenticator app
    page.goto(f"{live_server.url}/account/")
    assert "/accounts/2fa/totp/activate/" in page.url
    assert page.locator("#totp-required-explained").is_visible()
    axe(page)
    page.goto(f"{live_server.url}/accounts/2fa/")
    axe(page)


def test_totp_key_is_shown_whole_on_a_phone(new_page, live_server):
    from accounts.roles import HR

    Group.objects.get_or_create(name=HR)
    make_user("hr1", role=HR)
    page = new_page(width=360)
    _log_in(page, live_server, "hr1")
    assert "/accounts/2fa/totp/activate/" in page.url
    key = page.locator("#authenticator_secret")
    secret = key.get_attribute("data-secret")
    assert len(secret) >= 16
    # every character is on screen (wrapped, grouped in fours), none hidden in a box
    assert key.inner_text().replace(" ", "").replace("\n", "") == secret
    assert key.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert key.bounding_box()["x"] + key.bounding_box()["width"] <= 360


def test_elder_mode_login_form_has_large_text_and_targets(new_page, live_server):
    page = new_page(width=360)
    page.context.add_cookies(
        [
            {"name": "dl_elder_mode", "value": "1", "url": live_server.url},
            {"name": "django_language", "value": "zh-hans", "url": live_server.url},
        ]
    )
    page.goto(f"{live_server.url}/accounts/login/")
    for selector in (
        "#id_login",
        "#id_password",
        "label[for=id_remember]",
        "form.account-form button[type=submit]",
    ):
        box = page.locator(selector).bounding_box()
        assert box["height"] >= 60, selector
    font_px = page.locator("#id_login").evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert font_px >= 22
    no_hscroll = page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert no_hscroll
