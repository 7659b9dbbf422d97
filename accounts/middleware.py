"""Attach the viewer's display preferences (account or guest cookie) to the request.

Also makes a logged-in person's chosen language stick: their ``User.language`` wins over
the browser's Accept-Language and the language cookie, and switching language with the
site's language switcher (Django's ``set_language``) updates ``User.language`` too.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from accounts.preferences import prefs_for_request


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
        request.prefs = prefs_for_request(request)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        switching = (
            request.method == "POST" and request.path_info == _set_language_path()
        )
        if authenticated and not switching:
            language = _supported(user.language)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()

        response = self.get_response(request)

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
