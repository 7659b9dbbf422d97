"""Roles are Django groups. Other apps import these names rather than spelling them."""

from __future__ import annotations

RESIDENTS = "Residents"
STAFF = "Staff"
REVIEWERS = "Reviewers"
HR = "HR"
EDITORS = "Editors"
ALL_ROLES = (RESIDENTS, STAFF, REVIEWERS, HR, EDITORS)


def user_has_role(user, role: str) -> bool:
    """True when an authenticated, active user is in the role's group (or superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_role_names_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names_cache = cache
    return role in cache
