"""The logged-in person's user row comes from the shared cache (accounts.usercache),
and every change to it is seen on the very next request: deactivation, a new
password, a cleared must-change flag, a change racing a page load.

These run outside a test transaction (``transactional_db``): rows read inside one are
never cached, as a rolled-back change must not be."""

from __future__ import annotations

import pickle

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import usercache
from accounts.roles import STAFF
from tests.accounts import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_cache"),
]

PAGE = reverse("assessments:my_tests")  # any logged-in page


@pytest.fixture
def make_user():
    names = iter(range(1, 100))

    def make(**fields):
        return factories.make_user(f"person{next(names)}", role=STAFF, **fields)

    return make


def _person(make_user, **fields):
    user = make_user(**fields)
    client = Client()
    client.force_login(user)
    return user, client


def _user_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE)
    rows = [
        q["sql"] for q in ctx.captured_queries if 'FROM "accounts_user"' in q["sql"]
    ]
    return response, rows


def test_the_second_page_reads_no_user_row(make_user):
    user, client = _person(make_user)
    response, rows = _user_queries(client)
    assert response.status_code == 200
    assert rows == []  # logging in stored it (usercache.remember_at_login)
    usercache.forget(user.pk)
    response, rows = _user_queries(client)
    assert len(rows) == 1  # a changed row is read again, once
    response, rows = _user_queries(client)
    assert response.status_code == 200
    assert rows == []
    assert response.wsgi_request.user.pk == user.pk
    # and its role names came in the same round trip: no group query either
    assert STAFF in response.wsgi_request.user._roles_entry.get("names", [STAFF])


def test_a_deactivated_account_is_logged_out_on_its_next_page(make_user):
    user, client = _person(make_user)
    client.get(PAGE)
    client.get(PAGE)  # served from the cache
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_new_password_ends_the_other_sessions(make_user):
    user, other_device = _person(make_user)
    assert other_device.get(PAGE).status_code == 200
    assert other_device.get(PAGE).status_code == 200
    user.set_password("a-whole-new-secret-42")
    user.save()
    assert other_device.get(PAGE).status_code == 302


def test_a_must_change_flag_cleared_by_update_is_seen(make_user):
    """The flag is cleared with QuerySet.update (no post_save): it says so itself."""
    from accounts.signals import clear_must_change_password

    user, client = _person(make_user, must_change_password=True)
    change = reverse("account_change_password")
    assert client.get(PAGE)["Location"].startswith(change)
    assert client.get(PAGE)["Location"].startswith(change)  # cached row
    clear_must_change_password(user=get_user_model().objects.get(pk=user.pk))
    assert client.get(PAGE).status_code == 200


def test_a_row_read_before_a_change_commits_is_never_used(make_user):
    """A request that read the old row while a change was being saved stores it under
    the version it saw; the commit starts another one."""
    user, client = _person(make_user, first_name="旧名")
    client.get(PAGE)
    old_row = pickle.dumps(get_user_model().objects.get(pk=user.pk))
    with transaction.atomic():
        user.first_name = "新名"
        user.save(update_fields=["first_name"])
        # a racing request on another connection: reads the current version and the
        # committed (old) row, and stores them
        racing_version = usercache.cache.get(usercache._version_key(user.pk))
        usercache.cache.set(usercache._row_key(user.pk), (racing_version, old_row), 300)
    response = client.get(PAGE)
    assert response.wsgi_request.user.first_name == "新名"
    response = client.get(PAGE)  # and from the cache after that
    assert response.wsgi_request.user.first_name == "新名"


def test_a_deleted_account_is_a_guest(make_user):
    user, client = _person(make_user)
    client.get(PAGE)
    user.delete()
    response = client.get(PAGE)
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_garbled_cache_entry_reads_the_database(make_user):
    user, client = _person(make_user)
    client.get(PAGE)
    version = usercache.cache.get(usercache._version_key(user.pk))
    usercache.cache.set(usercache._row_key(user.pk), (version, b"not a pickle"), 300)
    response, rows = _user_queries(client)
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk
    assert len(rows) == 1


def test_off_without_a_shared_cache(settings, make_user):
    settings.USER_CACHE_SECONDS = 0
    _user, client = _person(make_user)
    client.get(PAGE)
    _response, rows = _user_queries(client)
    assert len(rows) == 1


def test_the_first_page_after_a_password_login_reads_and_writes_nothing_for_the_person(
    make_user,
):
    """A crowd that logged in before a class starts its test at once: logging in keeps
    the row, role names, admin check and the carried display choices, so the first
    page runs only its own queries and does not write the session."""
    user = make_user()
    user.set_password(factories.PASSWORD)
    user.save()
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": user.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE)
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    for table in ("accounts_user", "auth_group", "auth_permission"):
        assert not [q for q in sqls if table in q], table
    # (the session is read: from the database where sessions are not cached)
    writes = [q for q in sqls if "django_session" in q and not q.startswith("SELECT")]
    assert writes == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_an_account_deactivated_right_after_logging_in_is_logged_out(make_user):
    user, client = _person(make_user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
