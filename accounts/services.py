"""Writes for accounts: staff-assisted registration, one-time passwords, own settings,
staff facts (with their append-only history).

Every function is keyword-only, validates with ``full_clean`` and runs in one
transaction, so a refused input leaves nothing half-written.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import STAFF_FACT_FIELDS, OneTimePasswordIssue, OrgUnit, StaffFactChange
from .roles import (
    HR,
    RESIDENTS,
    STAFF,
    is_plain_resident,
    may_edit_staff_facts,
    role_names,
    user_has_role,
)
from .selectors import served_community_ids, staff_may_act_for

User = get_user_model()

#: Letters and digits that cannot be mistaken for each other when read aloud or
#: copied from print: no 0/o, no 1/l/i.
OTP_LETTERS = "abcdefghjkmnpqrstuvwxyz"
OTP_DIGITS = "23456789"
USERNAME_PREFIX = "jm"  # 居民 (jū mín): resident
DUPLICATE_WINDOW = timedelta(minutes=1)


def generate_one_time_password() -> str:
    """Four letters then four digits, e.g. ``hkmr4827``: easy to read out and type."""
    letters = "".join(secrets.choice(OTP_LETTERS) for _ in range(4))
    digits = "".join(secrets.choice(OTP_DIGITS) for _ in range(4))
    return letters + digits


def generate_resident_username() -> str:
    """``jm`` followed by six digits, unused so far."""
    for _ in range(50):
        candidate = USERNAME_PREFIX + "".join(
            secrets.choice("0123456789") for _ in range(6)
        )
        if not User.objects.filter(username=candidate).exists():
            return candidate
    raise RuntimeError("Could not find a free resident username")  # pragma: no cover


def can_assist_registration(user) -> bool:
    return user_has_role(user, STAFF) or user_has_role(user, HR)


__all__ = ["is_plain_resident"]  # re-exported: callers used to find it here


def can_reset_resident_password(*, staff, resident) -> bool:
    """HR (and superusers) may give any active plain resident a one-time password;
    staff the residents of their own communities (see ``staff_may_act_for``), also
    residents who signed up alone.

    Never anyone with another role: a one-time password for a staff, HR or admin
    account would hand over that account's powers.
    """
    if not can_assist_registration(staff) or not is_plain_resident(resident):
        return False
    if not resident.is_active or staff.pk == resident.pk:
        return False
    if staff.is_superuser or user_has_role(staff, HR):
        return True
    return staff_may_act_for(staff=staff, resident=resident)


def can_register_in(*, staff, org_unit: OrgUnit) -> bool:
    """HR registers residents anywhere; staff only in the communities they serve."""
    if staff.is_superuser or user_has_role(staff, HR):
        return True
    return org_unit.pk in served_community_ids(staff)


#: From this age elder mode is on by default for residents registered by staff.
ELDER_AGE = 60


def resident_register_assisted(
    *,
    staff,
    display_name: str,
    phone: str | None,
    birth_year: int | None,
    org_unit: OrgUnit,
    elder_mode: bool | None = None,
) -> tuple[User, str]:
    """Create a resident's account for them; return it and its one-time password.

    ``elder_mode`` as the resident chose; None turns it on for people aged 60 or
    over (by birth year), off otherwise.

    A second identical request by the same staff member within a minute (a double
    click, a reloaded form) does not create a second account: it returns the account
    just created with a fresh one-time password, so the card shown is always valid.
    """
    if not can_assist_registration(staff):
        raise PermissionDenied("Only staff can register residents.")
    if not can_register_in(staff=staff, org_unit=org_unit):
        raise PermissionDenied("Staff register residents of their own communities.")
    password = generate_one_time_password()
    with transaction.atomic():
        # Serialise registrations by this staff member so the duplicate check holds.
        User.objects.select_for_update().filter(pk=staff.pk).first()
        recent = (
            User.objects.filter(
                registered_by=staff,
                display_name=display_name,
                phone=phone or None,
                birth_year=birth_year,
                org_unit=org_unit,
                date_joined__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .order_by("-date_joined")
            .first()
        )
        if recent is not None:
            resident = recent
        else:
            resident = User(
                username=generate_resident_username(),
                display_name=display_name,
                phone=phone or None,
                birth_year=birth_year,
                org_unit=org_unit,
                registered_by=staff,
            )
        resident.set_password(password)
        resident.must_change_password = True
        if elder_mode is None:
            elder_mode = (
                birth_year is not None
                and timezone.localdate().year - birth_year >= ELDER_AGE
            )
        resident.elder_mode = elder_mode
        resident.full_clean()
        resident.save()
        group, _created = Group.objects.get_or_create(name=RESIDENTS)
        resident.groups.add(group)
        OneTimePasswordIssue.objects.create(
            resident=resident,
            issued_by=staff,
            reason=OneTimePasswordIssue.Reason.REGISTERED,
        )
    return resident, password


def resident_reset_one_time_password(*, staff, resident) -> str:
    """Give a resident a new one-time password (e.g. to reprint the login card).

    Recorded in ``OneTimePasswordIssue`` (who, whom, when; never the password).
    """
    with transaction.atomic():
        # Lock, then check on fresh data: roles or community may just have changed.
        resident = User.objects.select_for_update().get(pk=resident.pk)
        if not can_reset_resident_password(staff=staff, resident=resident):
            raise PermissionDenied("Not a resident you serve.")
        password = generate_one_time_password()
        resident.set_password(password)
        resident.must_change_password = True
        resident.save(update_fields=["password", "must_change_password"])
        OneTimePasswordIssue.objects.create(
            resident=resident,
            issued_by=staff,
            reason=OneTimePasswordIssue.Reason.RESET,
        )
    return password


# --- staff facts ----------------------------------------------------------------------


def _fact_text(user, field: str) -> str:
    if field == "org_unit":
        return str(user.org_unit_id or "")
    value = getattr(user, field)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def staff_facts_update(*, actor, user, **changes) -> list[StaffFactChange]:
    """Change staff facts (post, grade, dates, community, employee number) of ``user``.

    Only HR and superusers, never on their own account (``may_edit_staff_facts``).
    Each changed field adds one append-only ``StaffFactChange`` row (who, when,
    before → after) in the same transaction; unchanged fields add nothing, so a
    re-sent form records nothing twice. ``org_unit`` takes an OrgUnit or None.
    Raises PermissionDenied, or ValidationError (nothing saved) for bad values.
    """
    unknown = set(changes) - set(STAFF_FACT_FIELDS)
    if unknown:
        raise TypeError(f"Not staff facts: {sorted(unknown)}")
    if not may_edit_staff_facts(actor, user):
        raise PermissionDenied("Only HR changes staff facts, and never their own.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = {field: _fact_text(locked, field) for field in changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean()
        changed = [f for f in changes if _fact_text(locked, f) != before[f]]
        if not changed:
            return []
        locked.save(update_fields=changed)
        now = timezone.now()
        rows = StaffFactChange.objects.bulk_create(
            StaffFactChange(
                user=locked,
                actor=actor,
                changed_at=now,
                field=field,
                old_value=before[field],
                new_value=_fact_text(locked, field),
            )
            for field in changed
        )
    for field in changed:
        setattr(user, field, getattr(locked, field))
    return rows


# --- the phone number on the account page ---------------------------------------------

#: Changing one's phone number tells whether a number is registered, so probes are
#: limited like sign-up: this many attempts per person and per address per window.
PHONE_CHANGE_LIMIT_PER_USER = 5
PHONE_CHANGE_LIMIT_PER_IP = 20
PHONE_CHANGE_WINDOW_SECONDS = 60 * 60


def phone_change_attempt_allowed(*, user, ip: str | None) -> bool:
    """Count one attempt to change a phone number; False once over the limit.

    Uses the shared cache (Redis in production), so the limit holds across processes.
    """
    keys = [(f"accounts:phone-change:user:{user.pk}", PHONE_CHANGE_LIMIT_PER_USER)]
    if ip:
        keys.append((f"accounts:phone-change:ip:{ip}", PHONE_CHANGE_LIMIT_PER_IP))
    allowed = True
    for key, limit in keys:
        cache.add(key, 0, PHONE_CHANGE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, PHONE_CHANGE_WINDOW_SECONDS)
            count = 1
        if count > limit:
            allowed = False
    return allowed


_UNCHANGED = object()


def community_set_by_hr(user) -> bool:
    """Staff and every role with powers have their community set by HR; residents
    (and people with no role yet) choose their own."""
    if user.is_superuser or user.is_staff:
        return True
    return bool(role_names(user) - {RESIDENTS})


def user_update_profile(
    *,
    user,
    display_name: str,
    phone: str | None,
    birth_year: int | None,
    org_unit=_UNCHANGED,
) -> None:
    """Save what a person may change about themselves.

    Residents choose their own community. For anyone else (staff, HR, ...) the
    community is a staff fact HR sets: passing a different one is refused.
    """
    with transaction.atomic():
        fields = ["display_name", "phone", "birth_year"]
        # A ModelForm has already put the new value on ``user``: read the stored one.
        old_unit = (
            User.objects.select_for_update()
            .filter(pk=user.pk)
            .values_list("org_unit_id", flat=True)
            .first()
        )
        if org_unit is not _UNCHANGED and getattr(org_unit, "pk", None) != old_unit:
            if community_set_by_hr(user):
                raise PermissionDenied("Your community is set by HR.")
            user.org_unit = org_unit
            fields.append("org_unit")
        user.display_name = display_name
        user.phone = phone or None
        user.birth_year = birth_year
        user.full_clean()
        user.save(update_fields=fields)
        if "org_unit" in fields:
            StaffFactChange.objects.create(
                user=user,
                actor=user,
                field="org_unit",
                old_value=str(old_unit or ""),
                new_value=str(user.org_unit_id or ""),
            )


def user_update_preferences(
    *,
    user,
    text_size: int,
    elder_mode: bool,
    high_contrast: bool,
    auto_read_aloud: bool,
    language: str,
) -> None:
    with transaction.atomic():
        user.text_size = text_size
        user.elder_mode = elder_mode
        user.high_contrast = high_contrast
        user.auto_read_aloud = auto_read_aloud
        user.language = language
        user.full_clean()
        user.save(
            update_fields=[
                "text_size",
                "elder_mode",
                "high_contrast",
                "auto_read_aloud",
                "language",
            ]
        )
