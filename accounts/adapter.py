"""allauth adapter: site-specific account behaviour.

- People who sign up themselves are residents (Residents group) and may give a
  display name and a mobile number.
- Login error messages name every way to log in and where to get help.
- After login, the account's saved language becomes the language cookie.
- After a password change, go to the account page rather than back to the form;
  after replacing a one-time password, go home.
- A password login a moment ago counts as having confirmed one's identity, so an HR
  member sent straight from login to authenticator setup is not asked for the
  password a second time.

MFAAdapter: accounts that must use an authenticator app (superusers, HR:
accounts.mfa_required.must_use_totp) cannot turn it off themselves; an administrator
removes it (Django admin, "Authenticators") when a phone is lost, and the person sets
it up again at their next visit.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import RESIDENTS


def user_display(user) -> str:
    """How allauth names a person in messages: the display name, not the username."""
    return str(user)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "The username, mobile number or password is not correct. Check them and "
            "try again, or ask the staff at your community centre for help."
        ),
        "email_password_mismatch": _(
            "The email address or password is not correct. Check them and try "
            "again, or ask the staff at your community centre for help."
        ),
        "too_many_login_attempts": _(
            "Too many failed login attempts. Wait a few minutes and try again, or "
            "ask the staff at your community centre for help."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        if data.get("display_name"):
            user.display_name = data["display_name"]
        if data.get("phone"):
            user.phone = data["phone"]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _created = Group.objects.get_or_create(name=RESIDENTS)
            user.groups.add(group)
        return user

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "language", "")
        if language and hasattr(response, "set_cookie"):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or request is None or not request.user.is_authenticated:
            return required
        records = get_authentication_records(request, request.user)
        logins = [r["at"] for r in records if r.get("method") == "password"]
        fresh = bool(logins) and (
            time.time() - logins[-1] < account_settings.REAUTHENTICATION_TIMEOUT
        )
        return not fresh

    def get_password_change_redirect_url(self, request) -> str:
        if getattr(request, "replaced_one_time_password", False):
            # A resident's first login with the card's password: home, not the
            # dense account page.
            return "/"
        return reverse("accounts:settings")


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your account must keep its authenticator app, because it can change "
            "other people's data. If you have a new phone, ask an administrator to "
            "reset your authenticator app, then set it up again."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        from .mfa_required import must_use_totp

        if authenticator.type == Authenticator.Type.TOTP and must_use_totp(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
