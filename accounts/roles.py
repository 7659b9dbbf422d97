"""Roles are Django groups. Other apps import these names rather than spelling them.

The predicates here (``is_privileged``, ``may_manage_account``,
``may_edit_staff_facts``, ``may_set_password``) are the one statement of who may act
on whose account; the admin views, bulk actions and services all ask them.
docs/roles.md is the table of what each role may reach.

Each role's permissions are declared here as "app_label.codename" patterns (shell-style
wildcards allowed, e.g. "practice.view_*"). ``sync_roles`` grants whatever the patterns
match among the permissions that exist; it removes only what ``ROLE_DENIED`` names, so
other permissions an administrator grants by hand survive. It runs from the data
migration and again after every ``migrate`` (post_migrate), so apps that gain models
later get their permissions.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from django.conf import settings
from django.core.cache import cache

RESIDENTS = "Residents"
STAFF = "Staff"
REVIEWERS = "Reviewers"
HR = "HR"
EDITORS = "Editors"
ALL_ROLES = (RESIDENTS, STAFF, REVIEWERS, HR, EDITORS)
#: Roles that give no power over other people's data or the site's content.
UNPRIVILEGED_ROLES = frozenset({RESIDENTS, STAFF})


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
        "assessments.*_accommodation",
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

#: Permissions a role must NOT hold, removed by ``sync_roles`` even when an earlier
#: version granted them: reviewers see no user list (grading needs none), and test
#: accommodations are an HR decision, not an editor's.
ROLE_DENIED: dict[str, list[str]] = {
    REVIEWERS: ["accounts.*_user"],
    EDITORS: ["assessments.*_accommodation", "accounts.*_user"],
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


def is_privileged(user) -> bool:
    """Any power beyond learning and helping residents: a role other than Residents
    or Staff, Django's staff flag, or superuser. Only a superuser may set such an
    account's password or roles."""
    if user.is_superuser or user.is_staff:
        return True
    return bool(role_names(user) - UNPRIVILEGED_ROLES)


def is_plain_resident(user) -> bool:
    """A resident and nothing more: no other role, no admin rights."""
    if user.is_superuser or user.is_staff:
        return False
    return role_names(user) == {RESIDENTS}


def may_manage_account(actor, target) -> bool:
    """May ``actor`` change ``target``'s account in the admin (edit, (de)activate)?

    Superusers: anyone else. HR (holding the change-user permission): people who are
    not superusers and not themselves. The edit view and every bulk action ask this.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.pk == target.pk:
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    return actor.has_perm("accounts.change_user")


def may_edit_staff_facts(actor, target) -> bool:
    """HR and superusers keep the roster (post, grade, dates, community) of others.

    Nobody edits their own: a raise one grants oneself is not a raise.
    """
    if target is not None and actor.pk == getattr(target, "pk", None):
        return False
    if target is not None and target.is_superuser and not actor.is_superuser:
        return False
    return actor.is_superuser or user_has_role(actor, HR)


def may_set_password(actor, target) -> bool:
    """Only a superuser sets another account's password in the admin.

    HR and staff issue one-time passwords to residents (accounts.services); they
    never choose a password for an account that holds any power.
    """
    return bool(actor.is_superuser) and actor.pk != target.pk


def may_grant_accommodation(actor, person) -> bool:
    """Test accommodations (extra time, no time limit) are HR's decision.

    HR and superusers, for someone else; HR not for superusers. Editors write tests
    but do not decide who gets more time.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if person is None or actor.pk == person.pk:
        return False
    if actor.is_superuser:
        return True
    return HR in role_names(actor) and not person.is_superuser


_ROLES_VERSION = "roles:version"
_ADMIN_PERM = "wagtailadmin.access_admin"


def _roles_key(user_id: int) -> str:
    return f"roles:user:{user_id}"


def entry_keys(user_id) -> list[str]:
    """The cache keys ``prime_entry`` needs, for reading along with other keys."""
    if not getattr(settings, "ROLES_CACHE_SECONDS", 0):
        return []
    return [_ROLES_VERSION, _roles_key(user_id)]


def prime_entry(user, found: dict) -> None:
    """Give ``user`` its roles entry from ``found`` (the values of ``entry_keys``,
    read by the caller in its own round trip)."""
    if not getattr(settings, "ROLES_CACHE_SECONDS", 0) or user.pk is None:
        return
    version = found.get(_ROLES_VERSION)
    if version is None:
        cache.add(_ROLES_VERSION, 1, None)
        version = cache.get(_ROLES_VERSION) or 1
    entry = found.get(_roles_key(user.pk))
    if not isinstance(entry, dict) or entry.get("v") != version:
        entry = {"v": version}
    user._roles_entry = entry


def _cached_entry(user) -> dict | None:
    """The user's cached roles entry (one cache round trip, or none when the user's
    row came from ``accounts.usercache`` with it), or None."""
    if not getattr(settings, "ROLES_CACHE_SECONDS", 0) or user.pk is None:
        return None
    entry = getattr(user, "_roles_entry", None)
    if entry is None:
        prime_entry(user, cache.get_many(entry_keys(user.pk)))
        entry = user._roles_entry
    return entry


def _store_entry(user, entry: dict) -> None:
    cache.set(_roles_key(user.pk), entry, settings.ROLES_CACHE_SECONDS)


def role_names(user) -> frozenset[str]:
    """The user's group names, read once per user object (so once per request).

    With a shared cache (Redis: ``ROLES_CACHE_SECONDS`` > 0) they are also kept across
    requests, so a plain page view runs no group query; any change to a user's groups,
    or to a group, drops the cached names at once (``forget_roles``). With the
    per-process local-memory cache that could not reach other processes, so it is off.
    """
    names = getattr(user, "_role_names_cache", None)
    if names is not None:
        return names
    entry = _cached_entry(user)
    if entry is not None and "names" in entry:
        names = frozenset(entry["names"])
    else:
        names = frozenset(user.groups.values_list("name", flat=True))
        if entry is not None:
            entry["names"] = sorted(names)
            _store_entry(user, entry)
    user._role_names_cache = names
    return names


def may_access_admin(user) -> bool:
    """``user.has_perm("wagtailadmin.access_admin")``, without its two permission
    queries on every page: kept with the cached role names (dropped with them when
    groups, a group's permissions or the user's own permissions change)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    entry = _cached_entry(user)
    if entry is None:
        return user.has_perm(_ADMIN_PERM)
    if "admin" not in entry:
        entry["admin"] = bool(user.has_perm(_ADMIN_PERM))
        _store_entry(user, entry)
    return entry["admin"]


def forget_roles(*, user_ids=None) -> None:
    """Drop cached role names: of some users, or (``None``) of everyone."""
    if not getattr(settings, "ROLES_CACHE_SECONDS", 0):
        return
    if user_ids is None:  # a group was renamed or deleted, or its permissions changed
        try:
            cache.incr(_ROLES_VERSION)
        except ValueError:
            cache.set(_ROLES_VERSION, 2, None)
        return
    cache.delete_many([_roles_key(pk) for pk in user_ids])


def _matches(patterns: list[str], app_label: str, codename: str) -> bool:
    for pattern in patterns:
        p_app, _, p_code = pattern.partition(".")
        if fnmatchcase(app_label, p_app) and fnmatchcase(codename, p_code):
            return True
    return False


def sync_roles(apps=None) -> None:
    """Create the role groups, grant their permissions, drop denied ones. Idempotent.

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
        denied = {
            pk
            for pk, app_label, codename in all_perms
            if _matches(ROLE_DENIED.get(role, []), app_label, codename)
        }
        wanted -= denied
        have = set(group.permissions.values_list("id", flat=True))
        if wanted - have:
            group.permissions.add(*(wanted - have))
        if have & denied:
            group.permissions.remove(*(have & denied))
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
