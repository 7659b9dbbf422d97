"""Writes for accounts: staff-assisted registration, one-time passwords, own settings.

Every function is keyword-only, validates with ``full_clean`` and runs in one
transaction, so a refused input leaves nothing half-written.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import OrgUnit
from .roles import HR, RESIDENTS, STAFF, user_has_role

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


def is_plain_resident(user) -> bool:
    """A resident and nothing more: no other role, no admin rights."""
    if user.is_superuser or user.is_staff:
        return False
    return set(user.groups.values_list("name", flat=True)) == {RESIDENTS}


def can_reset_resident_password(*, staff, resident) -> bool:
    """Staff may reset residents they registered; HR any plain resident.

    Never anyone with another role: a one-time password for a staff, HR or admin
    account would hand over that account's powers.
    """
    if not can_assist_registration(staff) or not is_plain_resident(resident):
        return False
    if staff.is_superuser or user_has_role(staff, HR):
        return True
    return resident.registered_by_id == staff.pk


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
    return resident, password


def resident_reset_one_time_password(*, staff, resident) -> str:
    """Give a resident a new one-time password (e.g. to reprint the login card)."""
    if not can_reset_resident_password(staff=staff, resident=resident):
        raise PermissionDenied("Not a resident you registered.")
    password = generate_one_time_password()
    with transaction.atomic():
        resident.set_password(password)
        resident.must_change_password = True
        resident.save(update_fields=["password", "must_change_password"])
    return password


def user_update_profile(
    *,
    user,
    display_name: str,
    phone: str | None,
    birth_year: int | None,
    org_unit: OrgUnit | None,
) -> None:
    with transaction.atomic():
        user.display_name = display_name
        user.phone = phone or None
        user.birth_year = birth_year
        user.org_unit = org_unit
        user.full_clean()
        user.save(update_fields=["display_name", "phone", "birth_year", "org_unit"])


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
