"""Display switches: remembered by cookie for guests, on the account for users."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.preferences import COOKIE_NAMES, Prefs, parse_updates, prefs_from_cookies

PREFS_URL = "/site/prefs/"


# --- pure parsing (no database) ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "changes", "invalid"),
    [
        pytest.param({"elder_mode": "1"}, {"elder_mode": True}, [], id="switch-on"),
        pytest.param({"elder_mode": "off"}, {"elder_mode": False}, [], id="switch-off"),
        pytest.param({"text_size": "3"}, {"text_size": 3}, [], id="largest-text"),
        pytest.param({"text_size": "4"}, {}, ["text_size"], id="text-too-large"),
        pytest.param({"text_size": "-1"}, {}, ["text_size"], id="text-negative"),
        pytest.param({"text_size": "big"}, {}, ["text_size"], id="text-not-a-number"),
        pytest.param(
            {"high_contrast": "maybe"}, {}, ["high_contrast"], id="not-on-off"
        ),
        pytest.param({"next": "/"}, {}, [], id="nothing-to-change"),
        pytest.param(
            {"auto_read_aloud": "true", "text_size": "9"},
            {"auto_read_aloud": True},
            ["text_size"],
            id="one-good-one-bad",
        ),
    ],
)
def test_parse_updates(data, changes, invalid):
    assert parse_updates(data) == (changes, invalid)


@pytest.mark.parametrize(
    ("cookies", "expected"),
    [
        pytest.param({}, Prefs(), id="no-cookies-means-defaults"),
        pytest.param(
            {"dl_elder_mode": "1", "dl_text_size": "2"},
            Prefs(elder_mode=True, text_size=2),
            id="elder-and-size",
        ),
        pytest.param({"dl_text_size": "99"}, Prefs(), id="broken-size-ignored"),
        pytest.param({"dl_high_contrast": "yes please"}, Prefs(), id="broken-bool"),
    ],
)
def test_prefs_from_cookies(cookies, expected):
    assert prefs_from_cookies(cookies) == expected


def test_guided_default_follows_elder_mode():
    assert Prefs(elder_mode=True).guided_default is True
    assert Prefs().guided_default is False
    assert Prefs(elder_mode=True, high_contrast=True, text_size=3).html_classes == (
        "elder-mode text-size-3 high-contrast"
    )


# --- the endpoint ---------------------------------------------------------------------


@pytest.mark.django_db
def test_guest_switches_elder_mode_and_it_is_remembered_by_cookie(client, home):
    response = client.post(PREFS_URL, {"elder_mode": "1", "next": "/about/"})

    assert response.status_code == 302
    assert response["Location"] == "/about/"
    cookie = response.cookies[COOKIE_NAMES["elder_mode"]]
    assert cookie.value == "1"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    html = client.get("/about/").content.decode()
    assert 'class="elder-mode text-size-0"' in html
    assert 'aria-pressed="true"' in html


@pytest.mark.django_db
def test_guest_largest_text_and_high_contrast(client, home):
    client.post(PREFS_URL, {"text_size": "3", "next": "/"})
    client.post(PREFS_URL, {"high_contrast": "1", "next": "/"})

    html = client.get("/").content.decode()

    assert 'class="text-size-3 high-contrast"' in html
    # A+ is disabled at the largest step, A− goes back one step
    assert 'name="text_size" value="2"' in html
    assert 'value="3" disabled' in html


@pytest.mark.django_db
def test_logged_in_user_preferences_are_saved_on_the_account(
    client, home, django_user_model
):
    user = django_user_model.objects.create_user("li", password="pw")
    client.force_login(user)

    response = client.post(
        PREFS_URL, {"elder_mode": "1", "text_size": "2", "next": "/about/"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.elder_mode, user.text_size, user.high_contrast) == (True, 2, False)
    # a new browser (fresh session, no cookies) gets the same look after logging in
    client.logout()
    client.cookies.clear()
    client.force_login(user)
    assert 'class="elder-mode text-size-2"' in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param({"text_size": "7"}, "Text size was not changed", id="size-7"),
        pytest.param({"text_size": "abc"}, "Text size was not changed", id="size-abc"),
        pytest.param({"elder_mode": "2"}, "Elder mode was not changed", id="elder-2"),
        pytest.param({}, "Nothing was changed", id="empty"),
    ],
)
def test_bad_values_are_refused_with_a_message(client, home, data, words):
    client.cookies["django_language"] = "en"

    response = client.post(PREFS_URL, {**data, "next": "/about/"})

    assert response.status_code == 302
    assert not any(name in response.cookies for name in COOKIE_NAMES.values())
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(words in m for m in shown), shown
    page = client.get("/about/").content.decode()
    assert 'class="text-size-0"' in page


@pytest.mark.django_db
def test_bad_value_message_is_in_chinese_for_chinese_pages(client, home):
    client.post(PREFS_URL, {"text_size": "9", "next": "/"})
    html = client.get("/", headers={"accept-language": "zh-CN"}).content.decode()
    assert "字号没有改变" in html
    assert 'role="status"' in html


@pytest.mark.django_db
def test_bad_values_for_a_user_change_nothing(client, home, django_user_model):
    user = django_user_model.objects.create_user("zhao", password="pw", text_size=1)
    client.force_login(user)

    client.post(PREFS_URL, {"elder_mode": "1", "text_size": "12"})

    user.refresh_from_db()
    assert (user.elder_mode, user.text_size) == (False, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http:///evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_pointing_elsewhere_is_refused(client, home, target):
    response = client.post(PREFS_URL, {"elder_mode": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_prefs_endpoint_only_accepts_post(client):
    assert client.get(PREFS_URL + "?elder_mode=1").status_code == 405


@pytest.mark.django_db
def test_works_as_a_plain_form_for_guests(home):
    from django.test import Client

    # A guest's page carries no token (so it can be cached); the browser's Origin
    # header is what protects the switch against cross-site forms.
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/")
    assert "csrftoken" not in page.cookies
    response = browser.post(
        PREFS_URL, {"elder_mode": "1", "next": "/"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE_NAMES["elder_mode"]].value == "1"


@pytest.mark.django_db
def test_broken_cookies_do_not_break_pages(client, home):
    client.cookies[COOKIE_NAMES["text_size"]] = "999"
    client.cookies[COOKIE_NAMES["elder_mode"]] = "<script>"
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="text-size-0"' in response.content.decode()


@pytest.mark.django_db
def test_guest_choice_is_carried_into_a_fresh_account_at_login(
    client, home, django_user_model
):
    user = django_user_model.objects.create_user("qian", password="pw-123456-long")
    client.post(PREFS_URL, {"elder_mode": "1", "next": "/"})
    client.post(PREFS_URL, {"text_size": "2", "next": "/"})

    # Through the login form: the choices are carried while logging in (the session
    # is written then anyway), not on the first page after it.
    response = client.post(
        reverse("account_login"), {"login": "qian", "password": "pw-123456-long"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.elder_mode, user.text_size) == (True, 2)
    html = client.get("/").content.decode()

    assert 'class="elder-mode text-size-2"' in html
    user.refresh_from_db()
    assert (user.elder_mode, user.text_size) == (True, 2)


@pytest.mark.django_db
def test_account_with_its_own_choice_is_not_overwritten_by_guest_cookies(
    client, home, django_user_model
):
    user = django_user_model.objects.create_user("zhou", password="pw", text_size=3)
    client.post(PREFS_URL, {"elder_mode": "1", "next": "/"})

    client.force_login(user)
    response = client.get("/")

    assert 'class="text-size-3"' in response.content.decode()
    user.refresh_from_db()
    assert not user.elder_mode
    # the device now mirrors the account, so logging out keeps the account's look
    assert response.cookies[COOKIE_NAMES["elder_mode"]].value == "0"
    assert response.cookies[COOKIE_NAMES["text_size"]].value == "3"


@pytest.mark.django_db
def test_guest_choice_is_carried_only_on_the_first_page_after_login(
    client, home, django_user_model
):
    user = django_user_model.objects.create_user("wu", password="pw")
    client.force_login(user)
    client.get("/")  # first page: nothing to carry
    client.cookies[COOKIE_NAMES["elder_mode"]] = "1"  # e.g. a stale cookie

    client.get("/")

    user.refresh_from_db()
    assert not user.elder_mode


# --- language preference ------------------------------------------------------


@pytest.mark.django_db
def test_users_language_wins_over_the_browser(client, home, django_user_model):
    user = django_user_model.objects.create_user("chen", password="pw", language="en")
    client.force_login(user)
    html = client.get("/", headers={"accept-language": "zh-CN"}).content.decode()
    assert '<html lang="en"' in html


@pytest.mark.django_db
def test_language_switcher_updates_the_users_language(client, home, django_user_model):
    user = django_user_model.objects.create_user("sun", password="pw", language="en")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "zh-hans"
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="zh-Hans"' in html


@pytest.mark.django_db
def test_guest_language_switch_uses_the_cookie(client, home):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/", headers={"accept-language": "zh-CN"}).content.decode()
    assert '<html lang="en"' in html
    assert "For residents" in html
