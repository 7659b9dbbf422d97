"""Steps a signed-in person must finish before using the site.

1. ``must_change_password`` (a one-time password from staff-assisted registration, or
   set by an administrator): every page except the password change form and logout
   redirects there until the password is changed (accounts.signals clears the flag).
2. Accounts that can change other people's data must protect their login with an
   authenticator app (TOTP, with recovery codes): superusers and members of HR. Every
   page except the MFA pages, re-authentication and logout redirects to TOTP
   activation, with a message that says why. See ``must_use_totp`` for who and why.

Static/media files and the language switch stay reachable throughout.

Wagtail's and Django's own login forms are replaced by accounts/login_routes.py, so
every password login goes through allauth's rate limits and the two-step (TOTP) check.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect

from cms.urlmemo import cached_reverse

from .roles import HR, role_names


def _always_open() -> tuple[str, ...]:
    return tuple(
        p
        for p in (settings.STATIC_URL, settings.MEDIA_URL, "/i18n/", "/favicon.ico")
        if p
    )


def _redirect(request, url: str):
    # The target pages explain why (see their templates); keep where the person
    # was going so they get there afterwards.
    query = ""
    if request.method == "GET" and request.path != "/":
        query = "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url + query)


#: Roles whose members must use TOTP (superusers always must). HR changes other
#: people's accounts (staff facts, one-time passwords, who is active); superusers can
#: change anything, roles included. Editors and Reviewers are not forced: editors
#: change shared content, which Wagtail keeps as revisions, and reviewers grade inside
#: the grading queue, where marks are recorded; neither can change an account or a
#: password. Both are offered TOTP on their account page. Adding a role here forces
#: it (its test fixtures then need TOTP too).
TOTP_REQUIRED_ROLES = frozenset({HR})


def must_use_totp(user) -> bool:
    return bool(user.is_superuser) or bool(TOTP_REQUIRED_ROLES & role_names(user))


def _totp_key(user_id: int) -> str:
    return f"mfa:has-totp:{user_id}"


def has_totp(user) -> bool:
    """Whether the user has a TOTP authenticator. With a shared cache
    (``ROLES_CACHE_SECONDS``) the answer is kept, so the required-steps check of an
    HR member or superuser runs no query on a plain page view; adding or removing an
    authenticator drops it (``forget_totp``, from the model's signals)."""
    seconds = getattr(settings, "ROLES_CACHE_SECONDS", 0)
    if seconds and user.pk is not None:
        cached = cache.get(_totp_key(user.pk))
        if cached is not None:
            return bool(cached)
    found = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()
    if seconds and user.pk is not None:
        cache.set(_totp_key(user.pk), int(found), seconds)
    return found


def forget_totp(*, user_id: int) -> None:
    if getattr(settings, "ROLES_CACHE_SECONDS", 0):
        cache.delete(_totp_key(user_id))


class RequiredStepsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._check(request)
        return response or self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path
        open_paths = (*_always_open(), cached_reverse("account_logout"))
        if path.startswith(open_paths):
            return None
        if user.must_change_password:
            target = cached_reverse("account_change_password")
            if path == target:
                return None
            return _redirect(request, target)
        if must_use_totp(user) and not has_totp(user):
            if path.startswith(
                (cached_reverse("mfa_index"), cached_reverse("account_reauthenticate"))
            ):
                return None
            return _redirect(request, cached_reverse("mfa_activate_totp"))
        return None
