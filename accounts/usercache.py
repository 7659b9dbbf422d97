"""The logged-in person's user row, kept in the shared cache between requests.

Every logged-in request loads the person's row: Django's ``get_user`` asks the
session's backend, which runs a query for the whole (wide) row. By profile that was
about half of what a logged-in request costs beyond a bare view. With a shared cache
(Redis: ``USER_CACHE_SECONDS`` > 0) the row comes from the cache instead, in the same
round trip as the person's cached role names (``accounts.roles``).

Staleness is ruled out by a version per person, not by deleting the entry:

- saving or deleting a user (``post_save``/``post_delete``) bumps that person's
  version at once and again when the change commits (``forget``), and the few
  ``QuerySet.update`` calls on users call ``forget`` themselves;
- an entry carries the version read *before* its row was read from the database, and
  is used only while that is still the current version. A request that read the old
  row before a change committed stores it under the old version, which the commit
  has already replaced, so it is never used.

Everything Django's ``get_user`` checks is still checked on every request: the
backend's ``user_can_authenticate`` (an inactive account is logged out) and the
session's password hash (changing the password ends the other sessions).
"""

from __future__ import annotations

import pickle
import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from . import roles


def _seconds() -> int:
    return int(getattr(settings, "USER_CACHE_SECONDS", 0) or 0)


def _version_key(user_id) -> str:
    return f"user:version:{user_id}"


def _row_key(user_id) -> str:
    return f"user:row:{user_id}"


def _bump(user_id) -> None:
    key = _version_key(user_id)
    try:
        cache.incr(key)
    except ValueError:  # not there (never cached, or evicted): any new value will do
        cache.set(key, _fresh_version(), None)


def _fresh_version() -> int:
    # From the clock: a version lost to eviction must not come back.
    return time.time_ns() // 1000


def forget(user_id) -> None:
    """This person's row changed: stop using any cached copy, now and at commit."""
    if not _seconds() or user_id is None:
        return
    _bump(user_id)
    transaction.on_commit(lambda: _bump(user_id), robust=True)


def forget_on_save(sender, instance=None, **kwargs) -> None:
    """``post_save``/``post_delete`` receiver for the user model."""
    if instance is not None:
        forget(instance.pk)


def remember_at_login(sender, request=None, user=None, **kwargs) -> None:
    """``user_logged_in`` receiver: keep the person's row and role names in the cache
    now, so the first page after logging in runs no query for them.

    A class of residents or staff logs in over some minutes and then starts together
    (a test's synchronised start): without this, every first page of that crowd
    read the user row, the group names and the two permission queries of the admin
    check at once. Keeps this module's rule: the version is read before the row,
    which is read again here, not taken from the login's own (earlier) read."""
    seconds = _seconds()
    User = get_user_model()
    if not seconds or not isinstance(user, User) or user.pk is None:
        return
    if transaction.get_connection().in_atomic_block:
        return  # the login's own user save bumps the version again at commit
    pk = user.pk
    version = cache.get(_version_key(pk))
    if version is None:
        cache.add(_version_key(pk), _fresh_version(), None)
        version = cache.get(_version_key(pk))
    fresh = User._default_manager.filter(pk=pk).first()
    if version is None or fresh is None:
        return
    cache.set(
        _row_key(pk), (version, pickle.dumps(fresh, pickle.HIGHEST_PROTOCOL)), seconds
    )
    roles.role_names(fresh)
    roles.may_access_admin(fresh)


def _load(backend, user_id):
    """The backend's user for this id: from the cache when the backend loads users
    as ModelBackend does, else from the backend. None when there is none or the
    backend refuses them (inactive)."""
    seconds = _seconds()
    if not seconds or type(backend).get_user is not ModelBackend.get_user:
        return backend.get_user(user_id)
    User = get_user_model()
    try:
        pk = User._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a session with a bad id is just logged out
        return None
    found = cache.get_many([_version_key(pk), _row_key(pk), *roles.entry_keys(pk)])
    version = found.get(_version_key(pk))
    if version is None:
        cache.add(_version_key(pk), _fresh_version(), None)
        version = cache.get(_version_key(pk))
    user = None
    stored = found.get(_row_key(pk))
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        try:
            user = pickle.loads(stored[1])  # noqa: S301 - our own cache's bytes
        except Exception:  # noqa: BLE001 - a row from another code version
            user = None
        if not isinstance(user, User) or user.pk != pk:
            user = None
    if user is None:
        try:
            user = User._default_manager.get(pk=pk)
        except User.DoesNotExist:
            return None
        if version is not None and not transaction.get_connection().in_atomic_block:
            cache.set(
                _row_key(pk),
                (version, pickle.dumps(user, pickle.HIGHEST_PROTOCOL)),
                seconds,
            )
    roles.prime_entry(user, found)
    return user if backend.user_can_authenticate(user) else None


def get_user(request):
    """``django.contrib.auth.get_user`` with the row from ``_load``: the same checks
    of the backend and of the session's password hash."""
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    user = _load(load_backend(backend_path), user_id)
    if user is None or not hasattr(user, "get_session_auth_hash"):
        return user or AnonymousUser()
    session_hash = request.session.get(HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return user
    if session_hash and any(
        constant_time_compare(session_hash, fallback)
        for fallback in user.get_session_auth_fallback_hash()
    ):
        # Signed with a fallback secret (a secret key being rotated): re-sign.
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return user
    request.session.flush()
    return AnonymousUser()


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with ``get_user`` from this module."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _request_user(request))
