"""A whole-page cache for anonymous GETs, placed before sessions and Wagtail routing.

Promise:

- A response is stored only when nothing personal can be in it: a GET or HEAD without a
  session cookie (and without any cookie but the language, CSRF and display-preference
  ones), answered 200 with HTML, no ``Set-Cookie``, no ``Cache-Control`` of
  private/no-store/no-cache, outside the admin and account areas.
- The key is the host, scheme, path and query, the language the request would get, and
  the display-preference cookies (elder mode, text size, contrast, read-aloud) — not
  ``Vary: Cookie``, so every guest with the same settings shares one copy.
- Publishing, unpublishing, moving or deleting a page, and saving site settings or
  anything else in the content apps bumps a generation number that is part of every
  key, so the next anonymous GET renders afresh. Entries also expire after ``TIMEOUT``.
- ``X-Page-Cache: hit|miss`` tells which happened (tests and benchmarks read it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from accounts.preferences import COOKIE_NAMES

TIMEOUT = 600
GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/account/",
    "/learn/",
    "/tests/",
    "/practice/",
    "/certificates/",
    "/incentives/",
    "/i18n/",
    "/site/",
    "/documents/",
    "/_util/",
)
_PREF_COOKIES = tuple(sorted(COOKIE_NAMES.values()))


def _allowed_cookies() -> set[str]:
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, *_PREF_COOKIES}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def invalidate(**_kwargs) -> None:
    """Make every cached page stale (a signal receiver: takes any arguments)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value will do
        cache.set(GENERATION_KEY, generation() + 1, None)


T = TypeVar("T")


def shell_cached(parts: tuple, build: Callable[[], T]) -> T:
    """A non-personal piece of the site shell (menu, site settings, help contact),
    cached until the next content change (the same generation as whole pages)."""
    key = "shell:" + ":".join(str(part) for part in parts) + f":{generation()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


#: Query parameters that select one of a few shared views of a page (the catalogue's
#: filters, a page number). Any other parameter — free-text search, made-up keys —
#: is served uncached: otherwise every random query string would add a cache entry,
#: and a flood of them could fill the cache.
SHARED_QUERY_KEYS = frozenset({"audience", "skill_area", "level", "page", "mode"})
MAX_QUERY_LENGTH = 200


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH or not set(request.GET) <= SHARED_QUERY_KEYS:
        return False
    return set(request.COOKIES) <= _allowed_cookies()


def _key(request) -> str:
    language = translation.get_language_from_request(request, check_path=False)
    prefs = "&".join(
        f"{name}={request.COOKIES.get(name, '')}" for name in _PREF_COOKIES
    )
    raw = "|".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            language,
            prefs,
            str(generation()),
        )
    )
    return "pagecache:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            _cacheable_response(response)
            and not getattr(user, "is_authenticated", False)
            # A page that carries a CSRF token is someone's own: never share it.
            and not request.META.get("CSRF_COOKIE_USED")
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "content-length")
            ]
            cache.set(key, (response.status_code, headers, response.content), TIMEOUT)
            response[HEADER] = "miss"
        return response


#: Non-page models that anonymous pages show. Pages themselves are caught by being
#: Page subclasses; learners' progress and enrolments are not content and must not
#: empty the cache on every step a resident takes.
CONTENT_MODELS = frozenset(
    {
        "cms.sitesettings",
        "training.skillarea",
        "training.learningpathcourse",
        "accounts.orgunit",  # the help contact of a community
    }
)


def _on_model_change(sender, **kwargs) -> None:
    from wagtail.models import Page, Site

    if issubclass(sender, Page | Site) or sender._meta.label_lower in CONTENT_MODELS:
        invalidate()


def connect_signals() -> None:
    """Called from CmsConfig.ready()."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="pagecache.published")
    page_unpublished.connect(invalidate, dispatch_uid="pagecache.unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache.moved")
    post_save.connect(_on_model_change, dispatch_uid="pagecache.saved")
    post_delete.connect(_on_model_change, dispatch_uid="pagecache.deleted")
