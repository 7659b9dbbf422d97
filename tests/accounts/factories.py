"""Small helpers to make users and org units for the accounts tests."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import OrgUnit

PASSWORD = "correct-horse-42"


def make_units():
    district = OrgUnit.objects.create(name="和平区", kind=OrgUnit.Kind.DISTRICT)
    street = OrgUnit.objects.create(
        name="南营门街道",
        kind=OrgUnit.Kind.STREET,
        parent=district,
        help_phone="022-1111 2222",
    )
    community = OrgUnit.objects.create(
        name="昆明路社区",
        kind=OrgUnit.Kind.COMMUNITY,
        parent=street,
        help_phone="022-2330 2101",
    )
    other = OrgUnit.objects.create(
        name="桂林路社区", kind=OrgUnit.Kind.COMMUNITY, parent=street
    )
    return community, other


def make_user(
    username: str, *, role: str | None = None, password: str = PASSWORD, **fields
):
    user = get_user_model().objects.create_user(
        username=username, password=password, **fields
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def activate_totp(user) -> str:
    """Give ``user`` an authenticator app (superusers and HR must have one before
    they can use the site: accounts/mfa_required.py). Returns the TOTP secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
