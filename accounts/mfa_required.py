"""Steps a signed-in person must finish before using the site.

1. ``must_change_password`` (a one-time password from staff-assisted registration, or
   set by an administrator): every page except the password change form and logout
   redirects there until the password is changed (accounts.signals clears the flag).
2. Members of the HR group must protect their account with an authenticator app
   (TOTP): every page except the MFA pages, re-authentication and logout redirects
   to TOTP activation, with a message that says why.

Static/media files and the language switch stay reachable throughout.

Also: the Wagtail and Django admin login forms are sent to allauth's login, so every
password login goes through its rate limits and the two-step (TOTP) check. A person who
is already logged in but may not use the admin gets the 403 page there instead: sending
them to the login page would bounce straight back to the admin (a redirect loop).
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from .roles import HR, role_names


def _always_open() -> tuple[str, ...]:
    return tuple(
        p
        for p in (settings.STATIC_URL, settings.MEDIA_URL, "/i18n/", "/favicon.ico")
        if p
    )


def _admin_login_paths() -> tuple[str, ...]:
    return (reverse("wagtailadmin_login"), reverse("admin:login"))


def _may_use_admin(user, login_path: str) -> bool:
    if login_path == reverse("admin:login"):
        return user.is_active and user.is_staff
    return user.has_perm("wagtailadmin.access_admin")


def _redirect(request, url: str):
    # The target pages explain why (see their templates); keep where the person
    # was going so they get there afterwards.
    query = ""
    if request.method == "GET" and request.path != "/":
        query = "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url + query)


def is_hr_member(user) -> bool:
    # Superusers are not forced: the rule is for the HR group's day-to-day accounts.
    return HR in role_names(user)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class RequiredStepsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._check(request)
        return response or self.get_response(request)

    def _check(self, request):
        if request.path in _admin_login_paths():
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                if _may_use_admin(user, request.path):
                    return None  # the admin's own login view sends them on
                raise PermissionDenied
            query = ""
            if request.GET.get("next"):
                query = "?" + urlencode({"next": request.GET["next"]})
            return HttpResponseRedirect(reverse("account_login") + query)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path
        open_paths = (*_always_open(), reverse("account_logout"))
        if path.startswith(open_paths):
            return None
        if user.must_change_password:
            target = reverse("account_change_password")
            if path == target:
                return None
            return _redirect(request, target)
        if is_hr_member(user) and not has_totp(user):
            if path.startswith(
                (reverse("mfa_index"), reverse("account_reauthenticate"))
            ):
                return None
            return _redirect(request, reverse("mfa_activate_totp"))
        return None
