"""Role names are kept across requests where the cache is shared, and dropped at once
when a person's groups or a group change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import HR, STAFF, role_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def fresh(user):
    """The same person as a new request would load them."""
    return type(user).objects.get(pk=user.pk)


def test_second_request_needs_no_group_query(django_user_model):
    user = django_user_model.objects.create_user("amy", password="x")
    user.groups.add(Group.objects.get(name=STAFF))
    assert role_names(fresh(user)) == {STAFF}
    with CaptureQueriesContext(connection) as queries:
        assert role_names(fresh_user := fresh(user)) == {STAFF}
    # one query loads the user; none reads groups
    assert not any("auth_group" in q["sql"] for q in queries.captured_queries)
    assert fresh_user.pk == user.pk


def test_removing_a_role_takes_effect_on_the_next_request(django_user_model):
    user = django_user_model.objects.create_user("bo", password="x")
    hr = Group.objects.get(name=HR)
    user.groups.add(hr)
    assert HR in role_names(fresh(user))
    user.groups.remove(hr)
    assert HR not in role_names(fresh(user))
    # and from the group's side
    hr.user_set.add(user)
    assert HR in role_names(fresh(user))
    hr.user_set.clear()
    assert HR not in role_names(fresh(user))


def test_renaming_a_group_drops_every_cached_name(django_user_model):
    user = django_user_model.objects.create_user("cy", password="x")
    group = Group.objects.create(name="Helpers")
    user.groups.add(group)
    assert "Helpers" in role_names(fresh(user))
    group.name = "Volunteers"
    group.save()
    assert role_names(fresh(user)) == {"Volunteers"}


def test_off_without_a_shared_cache(settings, django_user_model):
    settings.ROLES_CACHE_SECONDS = 0
    user = django_user_model.objects.create_user("di", password="x")
    role_names(fresh(user))
    with CaptureQueriesContext(connection) as queries:
        role_names(fresh(user))
    assert any("auth_group" in q["sql"] for q in queries.captured_queries)


def _admin_perm():
    from django.contrib.auth.models import Permission

    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def test_admin_access_is_cached_without_permission_queries(django_user_model):
    from accounts.roles import may_access_admin

    user = django_user_model.objects.create_user("el", password="x")
    assert may_access_admin(fresh(user)) is False
    with CaptureQueriesContext(connection) as queries:
        assert may_access_admin(fresh(user)) is False
    assert not any("auth_permission" in q["sql"] for q in queries.captured_queries)


def test_admin_access_follows_permission_changes_at_once(django_user_model):
    from accounts.roles import may_access_admin

    user = django_user_model.objects.create_user("fe", password="x")
    group = Group.objects.create(name="Helpers")
    user.groups.add(group)
    assert may_access_admin(fresh(user)) is False
    # a group gains the permission
    group.permissions.add(_admin_perm())
    assert may_access_admin(fresh(user)) is True
    group.permissions.remove(_admin_perm())
    assert may_access_admin(fresh(user)) is False
    # the person's own permission
    user.user_permissions.add(_admin_perm())
    assert may_access_admin(fresh(user)) is True
    user.user_permissions.clear()
    assert may_access_admin(fresh(user)) is False


def test_totp_check_is_cached_and_dropped_when_an_authenticator_changes(
    django_user_model,
):
    from allauth.mfa.models import Authenticator

    from accounts.mfa_required import has_totp

    user = django_user_model.objects.create_user("gu", password="x")
    assert has_totp(fresh(user)) is False
    with CaptureQueriesContext(connection) as queries:
        assert has_totp(fresh(user)) is False
    assert not any("mfa_authenticator" in q["sql"] for q in queries.captured_queries)
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert has_totp(fresh(user)) is True
    authenticator.delete()
    assert has_totp(fresh(user)) is False
