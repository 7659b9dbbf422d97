"""A whole-page cache for anonymous GETs, placed before sessions and Wagtail routing.

Promise:

- A response is stored only when nothing personal can be in it: a GET or HEAD without a
  session cookie (and without any cookie but the language, CSRF and display-preference
  ones), answered 200 with HTML, no ``Set-Cookie``, no ``Cache-Control`` of
  private/no-store/no-cache, outside the admin and account areas.
- The key is the host, scheme, path and query, the language the request would get, and
  the display-preference cookies (elder mode, text size, contrast, read-aloud) — not
  ``Vary: Cookie``, so every guest with the same settings shares one copy.
- Publishing, unpublishing, moving or deleting a page, and saving site settings, a
  skill test or anything else in ``CONTENT_MODELS`` bumps a generation number that is
  part of every key, so the next anonymous GET renders afresh; it is bumped again when
  the change commits, so what a request read between the save and the commit is never
  found. Entries also expire after ``TIMEOUT``.
- ``X-Page-Cache: hit|miss`` tells which happened (tests and benchmarks read it).

Logged-in pages use the same generation for their shared fragments (``shell_cached``,
``fragment_cached``): the site shell, lesson metadata, rendered lesson steps, the
catalogue's cards and the published skill tests. The generation is read from the
cache once per request (the middleware opens a request scope); values whose key
carries it are immutable, so each process also keeps them in a small in-memory
table (``_LOCAL``), which is correct with a shared Redis as well as with the
per-process local-memory cache: a content change anywhere bumps the shared number,
and the next request everywhere looks up new keys. A lost generation (evicted or
flushed) restarts from the clock, never from an old number, so stale entries are
never found again.
"""

from __future__ import annotations

import copy
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
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


#: The generation seen by the current request (None outside a request scope: then
#: every call reads the cache).
_request_generation: ContextVar[int | None] = ContextVar(
    "pagecache_generation", default=None
)


def _read_generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not from 1: after an eviction or flush, numbers
        # used before must not come back (their entries may still be stored).
        cache.add(GENERATION_KEY, time.time_ns() // 1000, None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def generation() -> int:
    value = _request_generation.get()
    if value is None:
        value = _read_generation()
    return value


class request_scope:
    """Read the generation at most once while serving one request."""

    def __enter__(self):
        self._token = _request_generation.set(_read_generation())
        return self

    def __exit__(self, *exc) -> None:
        _request_generation.reset(self._token)


def invalidate(**_kwargs) -> None:
    """Make every cached page stale (a signal receiver: takes any arguments)."""
    try:
        value = cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value will do
        value = _read_generation() + 1
        cache.set(GENERATION_KEY, value, None)
    if _request_generation.get() is not None:
        # The rest of this request (e.g. a redirect rendered after publishing) sees
        # the change too.
        _request_generation.set(int(value))


T = TypeVar("T")
_MISSING = object()
LOCAL_MAX_ENTRIES = 1000


class LocalTable:
    """A small per-process LRU of immutable values (keys carry the generation)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=_MISSING):
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return default
            expires, value = item
            if expires < time.monotonic():
                del self._data[key]
                return default
            self._data.move_to_end(key)
            return value

    def set(self, key, value, timeout: float) -> None:
        with self._lock:
            self._data[key] = (time.monotonic() + timeout, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_LOCAL = LocalTable(LOCAL_MAX_ENTRIES)


def fragment_cached(
    parts: tuple, build: Callable[[], T], *, timeout: int = TIMEOUT
) -> T:
    """A value that depends only on content (never on who asks), cached until the
    next content change: in this process's table, then in the shared cache."""
    raw = "\x1f".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    key = f"frag:{parts[0]}:{digest}:g{generation()}"
    value = _LOCAL.get(key)
    if value is not _MISSING:
        return value
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout)
    _LOCAL.set(key, value, timeout)
    return value


def shell_cached(parts: tuple, build: Callable[[], T]) -> T:
    """A non-personal piece of the site shell (menu, site settings, help contact),
    cached until the next content change (the same generation as whole pages)."""
    return fragment_cached(("shell", *parts), build)


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


def remember_site(request) -> None:
    """Find the request's Wagtail site in the fragment cache instead of a query on
    every request (Wagtail keeps what ``Site.find_for_request`` found on the
    request). Sites are content: saving one starts a new generation."""
    from wagtail.models import Site

    if hasattr(request, "_wagtail_site"):
        return
    try:
        host, port = request.get_host(), request.get_port()
    except DisallowedHost:  # let Django answer 400 where it always does
        return
    site = fragment_cached(("site", host, port), lambda: Site.find_for_request(request))
    # A copy: the cached object is shared by every request of this process.
    request._wagtail_site = copy.copy(site) if site is not None else None


class _NotCached(Exception):
    pass


def remember_route(request) -> None:
    """Route a GET for a Wagtail page through the fragment cache: the page found for
    the path (with the related rows its template shows, see
    ``route_cache_related``), and whether it has view restrictions, instead of
    Wagtail's walk down the tree (root, specific, child, specific, ancestors,
    restrictions: five to seven queries) on every request. Only pages without view
    restrictions are routed this way; each request gets its own copy of the page.
    Publishing, moving or deleting any page starts a new generation."""
    from wagtail.models import Page, PageViewRestriction
    from wagtail.url_routing import RouteResult

    if request.method not in ("GET", "HEAD") or hasattr(
        request, "_wagtail_route_for_request"
    ):
        return
    path = request.path_info
    if path.startswith(SKIP_PREFIXES) or len(path) > MAX_QUERY_LENGTH:
        return
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return
    try:
        if resolve(path).url_name != "wagtail_serve":
            return  # a Django view: nothing to route
    except Resolver404:
        return

    def build():
        result = Page.route_for_request(request, path)
        del request._wagtail_route_for_request  # routed again below, from the copy
        if result is None:
            # Not stored: made-up paths must not fill the cache.
            raise _NotCached
        page, args, kwargs = result
        if page.get_view_restrictions().exists():
            return None
        for name in getattr(page, "route_cache_related", ()):
            getattr(page, name)  # loaded once, kept with the cached page
        return page, args, kwargs

    try:
        cached = fragment_cached(("route", site.pk, path), build)
    except _NotCached:
        return
    if cached is None:
        return
    page, args, kwargs = cached
    page = copy.copy(page)
    # Known to have none (checked when cached; a new restriction starts a new
    # generation): Wagtail's before_serve_page check then needs no query.
    page.get_view_restrictions = PageViewRestriction.objects.none
    request._wagtail_route_for_request = RouteResult(page, list(args), dict(kwargs))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self._serve(request)

    def _serve(self, request):
        if not _cacheable_request(request):
            remember_site(request)
            remember_route(request)
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
        "wagtailcore.pageviewrestriction",  # cached routes know a page has none
        # Skill tests and their slots: the tests list and intro read them per
        # generation (assessments.selectors.published_tests).
        "assessments.skilltest",
        "assessments.testslot",
    }
)


def _on_model_change(sender, **kwargs) -> None:
    from wagtail.models import Page, Site

    if issubclass(sender, Page | Site) or sender._meta.label_lower in CONTENT_MODELS:
        invalidate_now_and_on_commit()


def invalidate_now_and_on_commit(**_kwargs) -> None:
    """Bump the generation now and again once the change is committed.

    The first bump makes this request and the next ones look afresh; the second
    one matters when another request reads the database between the two: it still
    sees the old rows (not committed yet) and could store them under the new
    generation. After the commit no one can."""
    invalidate()
    transaction.on_commit(invalidate, robust=True)


def connect_signals() -> None:
    """Called from CmsConfig.ready()."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(
        invalidate_now_and_on_commit, dispatch_uid="pagecache.published"
    )
    page_unpublished.connect(
        invalidate_now_and_on_commit, dispatch_uid="pagecache.unpublished"
    )
    post_page_move.connect(invalidate_now_and_on_commit, dispatch_uid="pagecache.moved")
    post_save.connect(_on_model_change, dispatch_uid="pagecache.saved")
    post_delete.connect(_on_model_change, dispatch_uid="pagecache.deleted")
