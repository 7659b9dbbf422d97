"""Reads for accounts: whom a staff member serves, residents lists, staff-fact history.

Each function runs a constant number of queries whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import OrgUnit, StaffFactChange
from .roles import HR, RESIDENTS, STAFF, is_plain_resident, user_has_role

User = get_user_model()


# --- whom staff serve -------------------------------------------------------------


def served_community_ids(staff) -> frozenset[int]:
    """The communities a staff member is assigned to (HR sets ``org_unit``).

    A community means that community; a street (or district) means every community
    under it. Read once per user object, so once per request.
    """
    cached = getattr(staff, "_served_community_ids", None)
    if cached is not None:
        return cached
    unit_id = staff.org_unit_id
    if unit_id is None:
        ids: frozenset[int] = frozenset()
    else:
        ids = frozenset(
            OrgUnit.objects.filter(
                Q(pk=unit_id) | Q(parent_id=unit_id) | Q(parent__parent_id=unit_id),
                kind=OrgUnit.Kind.COMMUNITY,
            ).values_list("pk", flat=True)
        )
    staff._served_community_ids = ids
    return ids


def staff_may_act_for(*, staff, resident) -> bool:
    """Staff help, enrol and issue one-time passwords for residents they serve.

    The person helped must be an active plain resident (never a colleague, the
    community chief or any account with powers) living in one of the staff member's
    communities, or, with no community chosen yet, one this staff member registered.
    """
    if staff is None or resident is None or staff.pk == resident.pk:
        return False
    if not user_has_role(staff, STAFF):
        return False
    if not resident.is_active or not is_plain_resident(resident):
        return False
    if resident.org_unit_id is None:
        return resident.registered_by_id == staff.pk
    return resident.org_unit_id in served_community_ids(staff)


def residents_served_by(
    *, staff, search: str = "", everyone_for_hr: bool = True
) -> QuerySet:
    """Active plain residents a staff member may act for (``staff_may_act_for``).

    HR and superusers may give any resident a one-time password, so they see everyone
    unless ``everyone_for_hr`` is False (helping is a staff member's own scope).
    """
    queryset = (
        User.objects.filter(is_active=True, is_superuser=False, is_staff=False)
        .filter(groups__name=RESIDENTS)
        .exclude(groups__name__in=_other_roles())
        .exclude(pk=staff.pk)
        .select_related("org_unit")
        .order_by("display_name", "username")
        .distinct()
    )
    if not (everyone_for_hr and (staff.is_superuser or user_has_role(staff, HR))):
        scope = Q(org_unit_id__in=served_community_ids(staff))
        scope |= Q(org_unit__isnull=True, registered_by=staff)
        queryset = queryset.filter(scope)
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(display_name__icontains=search)
            | Q(username__icontains=search)
            | Q(phone__contains=search)
        )
    return queryset


def _other_roles():
    from django.contrib.auth.models import Group

    return Group.objects.exclude(name=RESIDENTS).values("name")


def people_for_accommodation(*, actor) -> QuerySet:
    """Whom ``actor`` may grant a test accommodation (``may_grant_accommodation``):
    what the admin's person chooser lists."""
    if not (actor.is_superuser or user_has_role(actor, HR)):
        return User.objects.none()
    queryset = User.objects.filter(is_active=True).exclude(pk=actor.pk)
    if not actor.is_superuser:
        queryset = queryset.filter(is_superuser=False)
    return queryset.order_by("display_name", "username")


# --- staff facts history -------------------------------------------------------------


@dataclass(frozen=True)
class StaffFactChangeRow:
    user_id: int
    field: str
    old_value: str
    new_value: str
    changed_at: datetime
    actor_id: int | None


def staff_fact_history(user_ids, *, fields=None) -> dict[int, list[StaffFactChangeRow]]:
    """Every recorded change to the staff facts of ``user_ids``, oldest first.

    Returns ``{user_id: [row, ...]}`` (a key for every id asked, maybe an empty list)
    in one query. Values are text: dates ISO ``YYYY-MM-DD``, the community its id,
    empty for "not set".
    """
    ids = list(dict.fromkeys(int(pk) for pk in user_ids))
    history: dict[int, list[StaffFactChangeRow]] = {pk: [] for pk in ids}
    rows = StaffFactChange.objects.filter(user_id__in=ids).order_by("changed_at", "pk")
    if fields is not None:
        rows = rows.filter(field__in=list(fields))
    for row in rows.values_list(
        "user_id", "field", "old_value", "new_value", "changed_at", "actor_id"
    ):
        history[row[0]].append(StaffFactChangeRow(*row))
    return history
