"""Every account that can change other people's data must use an authenticator app.

Superusers and HR are forced to set up TOTP (and get recovery codes) before anything
else; Editors, Reviewers, Staff and Residents may turn it on but are not forced (the
choice is explained in accounts/mfa_required.py).
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.roles import EDITORS, HR, RESIDENTS, REVIEWERS, STAFF

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
ACTIVATE = reverse("mfa_activate_totp")
USERS = reverse("wagtailusers_users:index")


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _superuser(username="root"):
    return get_user_model().objects.create_superuser(
        username, email=f"{username}@example.com", password=PASSWORD
    )


@pytest.mark.parametrize("path", ["/admin/", "/admin/users/", "/account/", "/"])
def test_superuser_without_totp_must_set_it_up_first(client, path):
    _superuser()
    client.post(LOGIN, {"login": "root", "password": PASSWORD})
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(ACTIVATE)


def test_superuser_sets_up_totp_and_gets_recovery_codes_then_works(client):
    root = _superuser()
    client.post(LOGIN, {"login": "root", "password": PASSWORD})
    client.cookies["django_language"] = "en"
    page = client.get(ACTIVATE)
    body = page.content.decode()
    assert "must be protected by an authenticator app" in body
    assert "HR or administrator" in body
    response = client.post(ACTIVATE, {"code": _code(client.session["mfa.totp.secret"])})
    assert response.status_code == 302
    kinds = set(Authenticator.objects.filter(user=root).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}
    assert 'id="recovery_codes"' in client.get(response["Location"]).content.decode()
    assert client.get(USERS).status_code == 200


def test_superuser_with_totp_logs_in_only_with_the_code(client):
    root = _superuser()
    secret = generate_totp_secret()
    TOTP.activate(root, secret)
    response = client.post(LOGIN, {"login": "root", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(USERS).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.session["_auth_user_id"] == str(root.pk)
    assert client.get(USERS).status_code == 200


@pytest.mark.parametrize("role", [EDITORS, REVIEWERS, STAFF, RESIDENTS])
def test_other_roles_are_offered_but_not_forced(client, role):
    make_user("someone", role=role)
    client.post(LOGIN, {"login": "someone", "password": PASSWORD})
    assert client.get(reverse("accounts:settings")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", ["腾讯身份验证器", "阿里云", "虚拟MFA", "Microsoft Authenticator"]),
        ("en", ["Tencent Authenticator", "Alibaba Cloud", "Virtual MFA", "FreeOTP"]),
    ],
)
def test_totp_setup_suggests_apps_from_mainland_app_stores(client, language, expected):
    make_user("hr1", role=HR)
    client.post(LOGIN, {"login": "hr1", "password": PASSWORD})
    client.cookies["django_language"] = language
    body = client.get(ACTIVATE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="authenticator-apps"' in body
    for name in expected:
        assert name in body


def _login_with_code(client, username: str, secret: str) -> None:
    response = client.post(LOGIN, {"login": username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("who", ["superuser", HR])
def test_required_authenticator_cannot_be_turned_off(client, who):
    user = _superuser("boss") if who == "superuser" else make_user("boss", role=who)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    _login_with_code(client, "boss", secret)
    client.cookies["django_language"] = "en"
    index = client.get(reverse("mfa_index")).content.decode()
    assert 'id="totp-mandatory"' in index
    assert reverse("mfa_deactivate_totp") not in index
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "must keep its authenticator app" in response.content.decode()
    assert Authenticator.objects.filter(user=user, type="totp").exists()


def test_staff_may_turn_their_optional_authenticator_off(client):
    user = make_user("helper", role=STAFF)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    _login_with_code(client, "helper", secret)
    assert (
        reverse("mfa_deactivate_totp")
        in client.get(reverse("mfa_index")).content.decode()
    )
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
