"""Question versions, read once per process.

Versions are immutable (``QuestionVersion.save`` refuses changes), so each process
keeps the ones it has read, parsed spec included (``as_spec`` is cached on the object):
a test page, an attempt start or a hand-in then loads no version rows and parses no
JSON for versions it has seen.
"""

from __future__ import annotations

from django.db import connection

from cms.pagecache import LocalTable

from .models import QuestionVersion

_VERSIONS = LocalTable(2000)
_VERSION_SECONDS = 3600


def versions_by_id(ids) -> dict[int, QuestionVersion]:
    """{id: version} for ``ids``: one query for those not read before, none else.

    Only versions read outside a transaction are kept: those are committed, so their
    id can never come back with other contents (a rolled-back insert could reuse it
    on SQLite). An id that does not exist is left out of the answer."""
    found: dict[int, QuestionVersion] = {}
    missing = set()
    for version_id in ids:
        version = _VERSIONS.get(version_id, None)
        if version is None:
            missing.add(version_id)
        else:
            found[version_id] = version
    if missing:
        keep = not connection.in_atomic_block
        for version in QuestionVersion.objects.filter(pk__in=missing):
            if keep:
                _VERSIONS.set(version.pk, version, _VERSION_SECONDS)
            found[version.pk] = version
    return found
