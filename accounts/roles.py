"""Roles are Django groups. Other apps import these names rather than spelling them.

Each role's permissions are declared here as "app_label.codename" patterns (shell-style
wildcards allowed, e.g. "practice.view_*"). ``sync_roles`` grants whatever the patterns
match among the permissions that exist; it only adds, never removes, so permissions an
administrator grants by hand survive. It runs from the data migration and again after
every ``migrate`` (post_migrate), so apps that gain models later get their permissions.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

RESIDENTS = "Residents"
STAFF = "Staff"
REVIEWERS = "Reviewers"
HR = "HR"
EDITORS = "Editors"
ALL_ROLES = (RESIDENTS, STAFF, REVIEWERS, HR, EDITORS)


def role_label(name: str) -> str:
    """A role's name in the viewer's language (group names stay English in the DB)."""
    from django.utils.translation import pgettext

    labels = {
        RESIDENTS: pgettext("role", "Residents"),
        STAFF: pgettext("role", "Staff"),
        REVIEWERS: pgettext("role", "Reviewers"),
        HR: pgettext("role", "HR"),
        EDITORS: pgettext("role", "Editors"),
    }
    return labels.get(name, name)


_ADMIN = "wagtailadmin.access_admin"

#: Model (Django) permissions per role.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    RESIDENTS: [],
    STAFF: [],
    REVIEWERS: [
        _ADMIN,
        "practice.*",
        "assessments.view_*",
        "training.view_*",
        "accounts.view_user",
        "accounts.view_orgunit",
    ],
    HR: [
        _ADMIN,
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.*_orgunit",
        "incentives.*",
        "certificates.view_*",
        "certificates.change_*",
        "assessments.view_*",
        "practice.view_*",
        "training.view_*",
    ],
    EDITORS: [
        _ADMIN,
        "cms.*",
        "training.*",
        "assessments.*",
        "wagtailimages.*",
        "wagtaildocs.*",
        "taggit.*",
        "accounts.view_orgunit",
    ],
}

#: Wagtail page permissions granted on the tree root (so: on every page).
PAGE_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

#: Wagtail collection permissions granted on the root collection.
COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ],
}


def user_has_role(user, role: str) -> bool:
    """True when an authenticated, active user is in the role's group (or superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role in role_names(user)


def role_names(user) -> frozenset[str]:
    """The user's group names, read once per user object (so once per request)."""
    cache = getattr(user, "_role_names_cache", None)
    if cache is None:
        cache = frozenset(user.groups.values_list("name", flat=True))
        user._role_names_cache = cache
    return cache


def _matches(patterns: list[str], app_label: str, codename: str) -> bool:
    for pattern in patterns:
        p_app, _, p_code = pattern.partition(".")
        if fnmatchcase(app_label, p_app) and fnmatchcase(codename, p_code):
            return True
    return False


def sync_roles(apps=None) -> None:
    """Create the role groups and grant their permissions. Idempotent, add-only.

    ``apps`` is a migration's historical registry, or None for the real models.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    all_perms = list(
        Permission.objects.select_related("content_type").values_list(
            "id", "content_type__app_label", "codename"
        )
    )
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = {
            pk
            for pk, app_label, codename in all_perms
            if _matches(ROLE_PERMISSIONS.get(role, []), app_label, codename)
        }
        have = set(group.permissions.values_list("id", flat=True))
        if wanted - have:
            group.permissions.add(*(wanted - have))
        _sync_wagtail_permissions(apps, group, role, Permission)


def _sync_wagtail_permissions(apps, group, role: str, Permission) -> None:
    try:
        Page = apps.get_model("wagtailcore", "Page")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model(
            "wagtailcore", "GroupCollectionPermission"
        )
    except LookupError:
        return
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS.get(role, []):
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm
                )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for name in COLLECTION_PERMISSIONS.get(role, []):
            app_label, _, codename = name.partition(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
