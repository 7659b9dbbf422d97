"""Rough edges of accounts (issue 8, point 7): home after replacing a one-time
password, elder mode chosen at staff-assisted registration, plain Chinese for
upstream messages (您, not 你), TOTP errors that say what to do, and the display
name in "signed in as"."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import HR, RESIDENTS, STAFF

from .factories import PASSWORD, make_units, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def units(db):
    return make_units()


def test_after_replacing_a_one_time_password_the_resident_goes_home(client):
    make_user("jm100001", role=RESIDENTS, must_change_password=True)
    client.post(reverse("account_login"), {"login": "jm100001", "password": PASSWORD})
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "my-own-secret-77",
            "password2": "my-own-secret-77",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_ordinary_password_change_still_returns_to_the_account_page(client):
    user = make_user("wang", role=RESIDENTS)
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "my-own-secret-77",
            "password2": "my-own-secret-77",
        },
    )
    assert response["Location"] == reverse("accounts:settings")


@pytest.mark.parametrize(
    ("age", "choice", "elder"),
    [
        pytest.param(75, "auto", True, id="75-auto"),
        pytest.param(60, "", True, id="60-not-given"),
        pytest.param(45, "auto", False, id="45-auto"),
        pytest.param(75, "off", False, id="75-off"),
        pytest.param(45, "on", True, id="45-on"),
    ],
)
def test_staff_choose_elder_mode_at_registration(client, units, age, choice, elder):
    community, _other = units
    staff = make_user("staff1", role=STAFF, org_unit=community)
    client.force_login(staff)
    page = client.get(reverse("accounts:assist")).content.decode()
    assert 'name="elder_mode"' in page
    data = {
        "display_name": "王䶮",
        "phone": "139 1234 0001",
        "birth_year": str(timezone.localdate().year - age),
        "org_unit": str(community.pk),
        "elder_mode": choice,
    }
    assert client.post(reverse("accounts:assist"), data).status_code == 302
    assert User.objects.get(display_name="王䶮").elder_mode is elder


@pytest.mark.parametrize(
    ("make_error", "plain", "bad"),
    [
        pytest.param(
            lambda: forms.CharField().clean(""),
            "这一项必须填写",
            "必需字段",
            id="required",
        ),
        pytest.param(
            lambda: forms.CharField(max_length=5).clean("一二三四五六七"),
            "最多只能填 5 个字，现在填了 7 个",
            "确保该变量",
            id="too-long",
        ),
    ],
)
def test_upstream_form_errors_read_plainly_in_chinese(make_error, plain, bad):
    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as e:
        make_error()
    text = " ".join(e.value.messages)
    assert plain in text
    assert bad not in text


def test_password_errors_say_nin(client):
    user = make_user("wang", role=RESIDENTS)
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    html = response.content.decode()
    assert "您的密码不能全是数字" in html
    assert "你" not in html


def test_a_wrong_authenticator_code_says_what_to_do(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    hr = make_user("hr1", role=HR)
    TOTP.activate(hr, generate_totp_secret())
    client.cookies["django_language"] = "zh-hans"
    client.post(reverse("account_login"), {"login": "hr1", "password": PASSWORD})
    html = client.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
    assert "验证器应用" in html
    assert "6 位数字" in html
    assert "错误代码" not in html


def test_signed_in_message_uses_the_display_name(client):
    make_user("zhangdaye1", role=RESIDENTS, display_name="张大爷")
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("account_login"),
        {"login": "zhangdaye1", "password": PASSWORD},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("张大爷" in m for m in messages), messages
    assert not any("zhangdaye1" in m for m in messages)
