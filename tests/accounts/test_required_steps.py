"""HR must set up an authenticator app; one-time passwords must be replaced."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from accounts.roles import HR, RESIDENTS, STAFF

from .factories import PASSWORD, make_user

ACCOUNT = reverse("accounts:settings")
ACTIVATE = reverse("mfa_activate_totp")
CHANGE = reverse("account_change_password")


def _login(client, username, password=PASSWORD):
    response = client.post(
        reverse("account_login"), {"login": username, "password": password}
    )
    assert response.status_code == 302, response.content[:500]
    return response


@pytest.mark.django_db
def test_hr_without_totp_is_sent_to_totp_setup_with_an_explanation(client):
    make_user("hr1", role=HR)
    _login(client, "hr1")
    client.cookies["django_language"] = "en"
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith(ACTIVATE)
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "must be protected by an authenticator app" in body
    assert "totp-required-explained" in body
    assert "qr-code" in body
    # the Wagtail admin is guarded too; logout stays reachable
    assert client.get("/admin/")["Location"].startswith(ACTIVATE)
    assert client.get(reverse("account_logout")).status_code == 200


@pytest.mark.django_db
def test_hr_can_work_once_totp_is_activated(client):
    make_user("hr1", role=HR)
    _login(client, "hr1")
    client.get(ACTIVATE)  # puts the secret in the session
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(ACTIVATE, {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user__username="hr1", type="totp").exists()
    # next: the recovery codes to print
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    assert 'id="recovery_codes"' in codes_page.content.decode()
    assert client.get(ACCOUNT).status_code == 200


@pytest.mark.django_db
def test_hr_with_totp_and_other_roles_are_not_redirected(client):
    hr = make_user("hr1", role=HR)
    TOTP.activate(hr, generate_totp_secret())
    client.force_login(hr)
    assert client.get(ACCOUNT).status_code == 200
    for username, role in [("s1", STAFF), ("r1", RESIDENTS)]:
        client.force_login(make_user(username, role=role))
        assert client.get(ACCOUNT).status_code == 200


@pytest.mark.django_db
def test_must_change_password_until_changed(client):
    user = make_user("jm123456", role=RESIDENTS, must_change_password=True)
    _login(client, "jm123456")
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGE}?next=%2Faccount%2F"
    client.cookies["django_language"] = "en"
    page = client.get(response["Location"])
    assert "one-time password" in page.content.decode()
    # a wrong current password changes nothing
    bad = client.post(
        CHANGE,
        {
            "oldpassword": "nope",
            "password1": "my-own-secret-77",
            "password2": "my-own-secret-77",
        },
    )
    assert bad.status_code == 200
    user.refresh_from_db()
    assert user.must_change_password
    done = client.post(
        f"{CHANGE}?next={ACCOUNT}",
        {
            "oldpassword": PASSWORD,
            "password1": "my-own-secret-77",
            "password2": "my-own-secret-77",
            "next": ACCOUNT,
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password("my-own-secret-77")
    assert client.get(ACCOUNT).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_logins_go_through_allauth(client, path):
    hr = make_user("hr1", role=HR)
    TOTP.activate(hr, generate_totp_secret())
    response = client.post(
        f"{path}?next=/admin/", {"username": "hr1", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session  # no password-only way in


@pytest.mark.django_db
def test_anonymous_admin_visit_ends_on_the_site_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/admin/", "/django-admin/"], ids=["wagtail", "django"]
)
def test_logged_in_resident_opening_an_admin_gets_403_not_a_redirect_loop(client, path):
    make_user("res1", role=RESIDENTS)
    _login(client, "res1")
    response = client.get(path, follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert "You cannot open this page" in response.content.decode()


@pytest.mark.django_db
def test_logged_in_editor_on_the_admin_login_goes_to_the_admin(client):
    from accounts.roles import EDITORS

    make_user("ed1", role=EDITORS)
    _login(client, "ed1")
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
