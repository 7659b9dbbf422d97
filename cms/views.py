"""The display-preferences endpoint behind the header's switches (plain HTML forms)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.preferences import (
    TEXT_SIZE_MAX,
    TEXT_SIZE_MIN,
    parse_updates,
    save_for_user,
    set_cookies,
)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _same_origin(request) -> bool:
    """True when the browser says the form came from this site.

    Modern browsers send ``Sec-Fetch-Site``; all send ``Origin`` on a POST, and
    ``Referer`` is the fallback. A request with none of them is not a browser's
    cross-site form either, so it passes (curl, old proxies that strip headers).
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return not source
    return urlsplit(source).netloc == request.get_host()


def guest_switch(view):
    """CSRF for a display or language switch that guests use without a token.

    Pages for guests carry no CSRF token, so they can be cached and shared by every
    guest. Their switches only change the guest's own display cookies, and a
    cross-site form is still refused by its origin. Logged-in people keep the full
    token check.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            rejected = CsrfViewMiddleware(lambda r: None).process_view(
                request, view, args, kwargs
            )
            if rejected is not None:
                return rejected
        elif not _same_origin(request):
            raise PermissionDenied(
                _("This switch only works from a page of this site.")
            )
        return view(request, *args, **kwargs)

    return wrapper


@guest_switch
def set_language(request):
    """Django's language switch, usable by guests from a cached page."""
    return i18n.set_language(request)


@guest_switch
@require_POST
def update_preferences(request):
    """Switch elder mode, high contrast, text size or auto read-aloud, then go back."""
    changes, invalid = parse_updates(request.POST)
    response = HttpResponseRedirect(_safe_next(request))
    if invalid:
        # Change nothing at all when any value is wrong: no half-applied settings.
        for name in invalid:
            messages.error(request, _error_for(name))
        return response
    if not changes:
        messages.error(request, _("Nothing was changed: choose a setting to switch."))
        return response
    if request.user.is_authenticated:
        save_for_user(request.user, changes)
    else:
        set_cookies(response, changes, secure=request.is_secure())
    for message in _confirmations(changes):
        messages.success(request, message)
    return response


def _error_for(name: str) -> str:
    if name == "text_size":
        return _(
            "Text size was not changed: choose a step from %(low)s to %(high)s "
            "with the A− and A+ buttons."
        ) % {"low": TEXT_SIZE_MIN + 1, "high": TEXT_SIZE_MAX + 1}
    labels = {
        "elder_mode": _("Elder mode"),
        "high_contrast": _("High contrast"),
        "auto_read_aloud": _("Read aloud automatically"),
    }
    return _("%(setting)s was not changed: it can only be switched on or off.") % {
        "setting": labels[name]
    }


def _confirmations(changes: dict) -> list[str]:
    texts = {
        ("elder_mode", True): _("Elder mode is on: larger text and bigger buttons."),
        ("elder_mode", False): _("Elder mode is off."),
        ("high_contrast", True): _("High contrast is on."),
        ("high_contrast", False): _("High contrast is off."),
        ("auto_read_aloud", True): _("Pages will be read aloud automatically."),
        ("auto_read_aloud", False): _("Automatic read-aloud is off."),
    }
    result = []
    for name, value in changes.items():
        if name == "text_size":
            result.append(
                _("Text size is now step %(step)s of %(steps)s.")
                % {"step": value + 1, "steps": TEXT_SIZE_MAX - TEXT_SIZE_MIN + 1}
            )
        else:
            result.append(texts[(name, value)])
    return result
