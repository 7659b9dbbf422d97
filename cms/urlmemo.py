"""URL lookups remembered per process.

The shell and the middleware look up the same few names on every request; a
``reverse`` costs ~0.06 ms and a ``resolve`` ~0.1 ms, together about 0.7 ms of a
logged-in page (cProfile on a guided step). A lookup's answer depends only on its
arguments, the URLconf in force and the script prefix, which are part of the key, so
``override_settings(ROOT_URLCONF=...)`` and per-request URLconfs stay correct.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)


def _urls_key() -> tuple:
    return (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=512)
def _reverse(urls: tuple, name: str, args: tuple, kwargs: tuple) -> str:
    try:
        return reverse(name, args=args or None, kwargs=dict(kwargs) or None)
    except NoReverseMatch:
        return ""


def reverse_or_empty(name: str, *args, **kwargs) -> str:
    """``reverse(name, args, kwargs)``, or "" when nothing matches; remembered."""
    key = (_urls_key(), name, args, tuple(sorted(kwargs.items())))
    try:
        return _reverse(*key)
    except TypeError:  # an unhashable argument: look it up each time
        return _reverse.__wrapped__(*key)


def cached_reverse(name: str) -> str:
    """``reverse(name)`` for a URL without arguments; NoReverseMatch as usual."""
    url = reverse_or_empty(name)
    if not url:
        raise NoReverseMatch(name)
    return url


@functools.lru_cache(maxsize=512)
def _served(urls: tuple, path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    if match.url_name == "wagtail_serve":
        return ""
    return path


def path_if_served(path: str) -> str:
    """The path when a Django view (not the Wagtail page catch-all) serves it."""
    return _served(_urls_key(), path)


@functools.lru_cache(maxsize=4096)
def _object_urls(urls: tuple, namespace: str, names: tuple, args: tuple) -> tuple:
    return tuple(reverse(f"{namespace}:{name}", args=args) for name in names)


def object_urls(namespace: str, names: tuple[str, ...], *args) -> dict[str, str]:
    """{name: URL} for one object's pages (``namespace:name`` reversed with the same
    arguments, e.g. an attempt's pages), remembered per process. A table of its own:
    a crowd's many objects do not push the shell's lookups out. NoReverseMatch as
    ``reverse``."""
    return dict(
        zip(names, _object_urls(_urls_key(), namespace, names, args), strict=True)
    )
