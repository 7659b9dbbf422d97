"""Hot queries whose SQL the ORM builds once per process.

The ORM turns a queryset into SQL on every run: resolving the lookups, choosing the
columns, quoting names. For a small query by primary key that is most of its cost
(on a test's question page, 0.45 ms of the 0.75 ms that reading the answers took;
running the same SQL and making the model objects took 0.3 ms). A page that a crowd
opens thousands of times runs the same few queries with other values each time.

``CompiledQuery(build)``: ``build(*values)`` returns the queryset; it is called once
per process and database with stand-in values, and its SQL is kept. Each call then
runs that SQL with the real values through ``Model.objects.raw()``, which still turns
each column into Python the way the field does (JSON, decimals, time zones).

Only for querysets that map the values straight to SQL parameters (filters such as
``pk=value``): the stand-ins must come back as the query's parameters, one each, or
building fails at once (a programming error, caught by any test that runs it). The
values go to the database as given, so give them as it takes them: ints for keys and
numbers, strings for text (not model objects, dates or times).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections, router
from django.db.models import Model, QuerySet

# Stand-ins for the values while the SQL is built: numbers every integer field takes
# (a positive small integer field stops at 32767; a value out of a field's range
# makes the ORM drop the condition) and that a query's own constants are unlikely to
# be. A constant that equals one is caught: the values must come back once each.
_STAND_INS = (30011, 30013, 30029, 30047, 30059, 30071, 30089, 30091)


_DB_INT_MIN, _DB_INT_MAX = -(2**63), 2**63 - 1


class CompiledQuery:
    """``CompiledQuery(Model, build)``; calling it with values returns a list of
    ``Model`` objects, as ``list(build(*values))`` would."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple[str, str, int], tuple[str, tuple]] = {}

    def _compile(self, alias: str, count: int) -> tuple[str, tuple]:
        stand_ins = _STAND_INS[:count]
        queryset = self.build(*stand_ins).using(alias)
        if queryset.model is not self.model:
            raise TypeError(f"{self.build!r} does not query {self.model.__name__}")
        sql, params = queryset.query.sql_with_params()
        # Each parameter is either one of the values (by index) or a constant the
        # queryset itself holds (a state to match, say).
        # (A text field's filter turns its stand-in into a string.)
        spelled = [str(stand_in) for stand_in in stand_ins]
        plan = tuple(
            (True, spelled.index(str(p)))
            if isinstance(p, int | str) and str(p) in spelled
            else (False, p)
            for p in params
        )
        if sorted(i for is_value, i in plan if is_value) != list(range(count)):
            raise ValueError(
                f"{self.build!r}: each value must be one SQL parameter (got {params!r})"
            )
        return sql, plan

    def __call__(self, *values) -> list[Model]:
        if any(
            isinstance(v, int) and not _DB_INT_MIN <= v <= _DB_INT_MAX for v in values
        ):
            # Out of every integer column's range (a made-up id in a URL): the
            # database driver would refuse it; the ORM knows no row can match.
            return list(self.build(*values))
        alias = router.db_for_read(self.model)
        key = (alias, connections[alias].vendor, len(values))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(alias, len(values))
            self._compiled[key] = compiled
        sql, plan = compiled
        params = [values[p] if is_value else p for is_value, p in plan]
        return list(self.model.objects.raw(sql, params).using(alias))
