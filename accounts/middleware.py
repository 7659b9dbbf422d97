"""Attach the viewer's display preferences (account or guest cookie) to the request.

For logged-in people the account is the source of truth. Two bridges keep a device
and an account in step: a guest's choices (cookies) are carried into an account that
has no display preferences of its own yet, and the cookies are refreshed to mirror the
account so the same look stays after logging out.

Also makes a logged-in person's chosen language stick: their ``User.language`` wins over
the browser's Accept-Language and the language cookie, and switching language with the
site's language switcher (Django's ``set_language``) updates ``User.language`` too.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from accounts.preferences import (
    Prefs,
    cookie_changes,
    prefs_for_request,
    prefs_from_cookies,
    prefs_from_user,
    save_for_user,
    set_cookies,
)

SESSION_FLAG = "dl_prefs_carried"


def _set_language_path() -> str | None:
    try:
        return reverse("set_language")
    except NoReverseMatch:
        return None


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


class PreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        if authenticated:
            self._carry_guest_choice(request, user)
        request.prefs = prefs_for_request(request)
        switching = (
            request.method == "POST" and request.path_info == _set_language_path()
        )
        if authenticated and not switching:
            language = _supported(user.language)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()

        response = self.get_response(request)

        if authenticated:
            mirror = cookie_changes(request.COOKIES, prefs_from_user(user))
            if mirror:
                set_cookies(response, mirror, secure=request.is_secure())

        if authenticated and switching:
            chosen = _supported(request.POST.get("language"))
            if (
                chosen
                and chosen in dict(settings.LANGUAGES)
                and user.language != chosen
            ):
                user.language = chosen
                user.save(update_fields=["language"])
        return response

    @staticmethod
    def _carry_guest_choice(request, user) -> None:
        # Once per login session: at login (carry_guest_choice_at_login), or on the
        # first page of a session made some other way.
        session = getattr(request, "session", None)
        if session is None or session.get(SESSION_FLAG):
            return
        session[SESSION_FLAG] = True
        if prefs_from_user(user) != Prefs():
            return
        guest = prefs_from_cookies(request.COOKIES)
        if guest != Prefs():
            save_for_user(user, cookie_changes({}, guest))


def carry_guest_choice_at_login(sender, request=None, user=None, **kwargs) -> None:
    """``user_logged_in`` receiver: carry the guest's display choices into the
    account while logging in, when the session is written anyway; the first page
    after it then writes nothing."""
    if request is not None and user is not None:
        PreferencesMiddleware._carry_guest_choice(request, user)
