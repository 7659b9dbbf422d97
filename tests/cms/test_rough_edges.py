"""Staff find 帮居民注册 and the admin from the home page and the menu (issue 8, 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import RESIDENTS, REVIEWERS, STAFF
from tests.training.conftest import make_site, make_user

pytestmark = pytest.mark.django_db


def menu_and_home(client, user):
    make_site()
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    nav = html[html.index('class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    home = html[html.index("entries-title") :]
    return nav, home


def test_staff_see_register_a_resident_and_the_admin(client):
    nav, home = menu_and_home(client, make_user("li", role=STAFF))
    register = reverse("accounts:assist")
    assert register in nav
    assert "帮居民注册" in nav
    assert register in home


def test_reviewers_see_the_admin(client):
    nav, home = menu_and_home(client, make_user("rev", role=REVIEWERS))
    assert reverse("wagtailadmin_home") in nav
    assert "管理后台" in nav
    assert reverse("accounts:assist") not in nav


def test_residents_see_neither(client):
    nav, home = menu_and_home(client, make_user("wang", role=RESIDENTS))
    assert reverse("accounts:assist") not in nav + home
    assert reverse("wagtailadmin_home") not in nav + home
