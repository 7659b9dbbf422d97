"""A Chinese admin speaks Chinese (issue 8, point 7): Wagtail's page-type column is
"类型" (not the question bank's "题型"), yes/no columns are words, role names are
translated."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from accounts.roles import EDITORS, STAFF
from assessments.models import SkillTest
from tests.training.conftest import make_site

from .factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("boss", role=EDITORS, is_superuser=True)
    TOTP.activate(user, generate_totp_secret())  # admin roles need an authenticator
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    return client


def test_page_type_column_says_type_not_question_type(admin_client):
    home, _index = make_site()
    html = admin_client.get(
        reverse("wagtailadmin_explore", args=[home.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "类型" in html
    assert "题型" not in html


def test_skill_test_list_says_yes_and_no_not_true_and_false(admin_client):
    SkillTest.objects.create(title="测试一", slug="t1", is_published=True)
    html = admin_client.get(
        reverse("skill-tests:index"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "✓ 是" in html
    assert "✗ 否" in html
    assert ">True<" not in html
    assert ">False<" not in html


def test_role_names_are_translated():
    with translation.override("zh-hans"):
        assert str(Group.objects.get(name=STAFF)) == "社区工作人员"
    with translation.override("en"):
        assert str(Group.objects.get(name=STAFF)) == "Staff"
