"""Logging in by username, email or mobile number; wrong passwords; rate limit."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import override

from .factories import PASSWORD, make_user

LOGIN = reverse("account_login")


@pytest.fixture
def person(db):
    return make_user(
        "wangxiuying",
        email="wang@example.com",
        phone="13812345678",
        display_name="王秀英",
    )


@pytest.mark.parametrize(
    "login",
    [
        "wangxiuying",
        "wang@example.com",
        "13812345678",
        "138 1234 5678",
        "+86 138-1234-5678",
    ],
    ids=["username", "email", "phone", "phone-with-spaces", "phone-plus86"],
)
def test_login_with_any_identifier(client, person, login):
    response = client.post(LOGIN, {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


@pytest.mark.parametrize(
    "login",
    ["wangxiuying", "13812345678", "13899999999"],
    ids=["username", "phone", "unknown-phone"],
)
def test_wrong_password_is_refused_with_a_helpful_message(client, person, login):
    response = client.post(
        LOGIN, {"login": login, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()
    assert "community centre" in response.content.decode()


def test_wrong_password_message_in_chinese(client, person):
    client.cookies["django_language"] = "zh-hans"
    response = client.post(LOGIN, {"login": "wangxiuying", "password": "wrong"})
    body = response.content.decode()
    assert "不正确" in body


def test_login_page_labels_the_single_box(client, db):
    with override("en"):
        client.cookies["django_language"] = "en"
        body = client.get(LOGIN).content.decode()
    assert "Username, email or mobile number" in body
    assert 'for="id_login"' in body


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,3/5m/key"})
def test_repeated_failed_logins_lock_the_account_even_for_the_right_password(
    client, person
):
    cache.clear()
    for _ in range(3):
        response = client.post(LOGIN, {"login": "wangxiuying", "password": "wrong"})
        assert response.status_code == 200
    client.cookies["django_language"] = "en"
    response = client.post(LOGIN, {"login": "wangxiuying", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    cache.clear()


def test_signup_makes_a_resident_with_phone(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "李桂芳",
            "username": "liguifang",
            "phone": "139 1234 0002",
            "email": "",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    from accounts.models import User

    user = User.objects.get(username="liguifang")
    assert user.phone == "13912340002"
    assert user.display_name == "李桂芳"
    assert user.groups.filter(name="Residents").exists()


def test_signup_refuses_a_bad_phone_next_to_the_field(client, db):
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("account_signup"),
        {
            "username": "x1",
            "phone": "12345",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_phone_error"' in body
    assert "11 digits" in body
    assert 'aria-invalid="true"' in body


def test_login_restores_the_saved_language(client, db):
    make_user("eng", language="en")
    response = client.post(LOGIN, {"login": "eng", "password": PASSWORD})
    assert response.cookies["django_language"].value == "en"
