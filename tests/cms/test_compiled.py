"""cms.compiled.CompiledQuery: a hot query's SQL is built by the ORM once per process
and database, and each call gives the same objects the queryset would (JSON,
decimals and times converted by their fields), on SQLite and PostgreSQL alike.
(The attempt pages' use: tests/assessments/test_compiled_queries.py.)"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accounts.models import OrgUnit
from cms.compiled import CompiledQuery

pytestmark = pytest.mark.django_db


def test_gives_what_the_queryset_gives_with_the_sql_built_once():
    units = [
        OrgUnit.objects.create(name=f"社区{i}", kind="community", help_phone=f"{i}")
        for i in range(3)
    ]
    built: list[int] = []

    def build(pk) -> QuerySet:
        built.append(pk)
        return OrgUnit.objects.filter(pk=pk)

    query = CompiledQuery(OrgUnit, build)
    for unit in units:
        (found,) = query(unit.pk)
        assert (found.pk, found.name, found.help_phone) == (
            unit.pk,
            unit.name,
            unit.help_phone,
        )
        assert found._state.adding is False
        assert found._state.db == "default"
    assert query(10**9) == []
    assert len(built) == 1  # built once, with a stand-in, not with a real value
    assert built[0] not in {unit.pk for unit in units}


def test_constants_in_the_queryset_stay_and_values_are_placed_by_name():
    a = OrgUnit.objects.create(name="甲", kind="community", help_phone="1")
    OrgUnit.objects.create(name="乙", kind="street", help_phone="1")
    query = CompiledQuery(
        OrgUnit,
        lambda phone, pk: (
            OrgUnit.objects.filter(kind="community", help_phone=phone)
            .exclude(pk=pk)
            .order_by("name")
        ),
    )
    assert [u.name for u in query("1", 0)] == ["甲"]
    assert query("1", a.pk) == []
    assert query("2", 0) == []


def test_a_queryset_that_does_not_pass_its_values_as_parameters_is_refused():
    query = CompiledQuery(OrgUnit, lambda pk: OrgUnit.objects.all())
    with pytest.raises(ValueError, match="one SQL parameter"):
        query(1)
    with pytest.raises(TypeError, match="does not query"):
        CompiledQuery(OrgUnit, lambda pk: get_user_model().objects.filter(pk=pk))(1)


def test_a_value_beyond_any_integer_column_is_answered_as_the_orm_answers_it():
    OrgUnit.objects.create(name="甲", kind="community")
    query = CompiledQuery(OrgUnit, lambda pk: OrgUnit.objects.filter(pk=pk))
    assert query(10**30) == []
    everyone_else = CompiledQuery(OrgUnit, lambda pk: OrgUnit.objects.exclude(pk=pk))
    assert [u.name for u in everyone_else(10**30)] == ["甲"]
