"""The restyled allauth pages work end to end: logout, password reset, TOTP login."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse

from accounts.roles import HR

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_logout_asks_then_logs_out(client):
    client.force_login(make_user("wang"))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("account_logout"))
    assert "Do you want to log out?" in page.content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_sets_a_new_password_and_clears_the_flag(client):
    user = make_user("wang", email="wang@example.com", must_change_password=True)
    response = client.post(
        reverse("account_reset_password"), {"email": "wang@example.com"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    action = (
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    )
    done = client.post(
        action, {"password1": "a-brand-new-secret", "password2": "a-brand-new-secret"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret")
    assert not user.must_change_password


def test_login_with_totp_asks_for_the_code(client):
    hr = make_user("hr1", role=HR)
    secret = generate_totp_secret()
    TOTP.activate(hr, secret)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("account_login"), {"login": "hr1", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "6-digit code" in page
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert int(client.session["_auth_user_id"]) == hr.pk
    assert client.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "密码太短了，至少要有 8 个字符。"),
        ("en", "This password is too short. It must contain at least 8 characters."),
    ],
    ids=["zh", "en"],
)
def test_too_short_password_is_explained_in_the_page_language(
    client, language, expected
):
    client.cookies["django_language"] = language
    page = client.post(
        reverse("account_signup"),
        {"username": "newbie", "password1": "Ab3$", "password2": "Ab3$"},
    )
    assert page.status_code == 200
    assert expected in page.content.decode()


def test_email_page_reassures_people_without_an_email(client):
    client.force_login(make_user("granny"))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("account_email")).content.decode()
    assert "That is fine: you log in with your username or mobile number." in html
    assert "You should really add an email address" not in html
