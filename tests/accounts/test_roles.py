"""Role groups exist after migrate, with the permissions each role needs."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)

from accounts.roles import (
    ALL_ROLES,
    EDITORS,
    HR,
    RESIDENTS,
    REVIEWERS,
    STAFF,
    sync_roles,
)

from .factories import make_user


def _perms(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{code}"
        for app, code in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_the_five_role_groups_exist():
    assert set(ALL_ROLES) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_admin_access_for_reviewers_hr_editors_only():
    for role in (REVIEWERS, HR, EDITORS):
        assert "wagtailadmin.access_admin" in _perms(role), role
    for role in (STAFF, RESIDENTS):
        assert _perms(role) == set(), role


@pytest.fixture
def wagtail_roots(db):
    """The root page and collection from Wagtail's migrations.

    A reused test database may have been flushed by an earlier transactional test,
    which removes migration-made rows; put the roots back and re-run the same sync
    the migration and post_migrate run.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root")
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    sync_roles()


def test_editors_can_edit_pages_images_documents_and_snippets(wagtail_roots):
    perms = _perms(EDITORS)
    assert {"wagtailimages.add_image", "wagtaildocs.change_document"} <= perms
    assert "accounts.view_orgunit" in perms
    page_perms = set(
        GroupPagePermission.objects.filter(
            group__name=EDITORS, page__depth=1
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= page_perms
    coll_perms = set(
        GroupCollectionPermission.objects.filter(group__name=EDITORS).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_image", "choose_document"} <= coll_perms


@pytest.mark.django_db
def test_hr_may_edit_users_and_communities_but_not_pages():
    perms = _perms(HR)
    assert {"accounts.change_user", "accounts.add_orgunit"} <= perms
    assert not GroupPagePermission.objects.filter(group__name=HR).exists()
    hr = make_user("hr1", role=HR)
    assert hr.has_perm("accounts.change_user")
    assert hr.has_perm("wagtailadmin.access_admin")
    resident = make_user("r1", role=RESIDENTS)
    assert not resident.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_sync_is_idempotent_and_restores_missing_grants():
    before = {role: _perms(role) for role in ALL_ROLES}
    group = Group.objects.get(name=HR)
    group.permissions.remove(Permission.objects.get(codename="change_user"))
    sync_roles()
    sync_roles()
    assert {role: _perms(role) for role in ALL_ROLES} == before


@pytest.mark.django_db
def test_permissions_of_models_added_later_are_granted_after_migrate():
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from accounts.signals import sync_roles_after_migrate

    # given a model an app gains after the role migration ran
    content_type = ContentType.objects.create(app_label="incentives", model="newrule")
    Permission.objects.create(
        codename="change_newrule", name="Can change new rule", content_type=content_type
    )
    assert "incentives.change_newrule" not in _perms(HR)
    # when migrate finishes for that app
    sync_roles_after_migrate(sender=None, app_config=apps.get_app_config("incentives"))
    # then the role whose patterns match has it, and the others do not
    assert "incentives.change_newrule" in _perms(HR)
    assert "incentives.change_newrule" not in _perms(EDITORS)
