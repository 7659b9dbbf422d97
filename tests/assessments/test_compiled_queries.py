"""An attempt's pages read the attempt and its answers with SQL built once per
process (cms.compiled): they get exactly what the ORM would give, field by field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import selectors, services
from assessments.models import Attempt, AttemptAnswer
from cms.compiled import CompiledQuery

from .conftest import essay, mc, tf

pytestmark = pytest.mark.django_db


def test_the_attempt_and_its_answers_are_what_the_orm_gives(staff, make_test):
    test = make_test([tf(), mc(), essay()], audience="staff")
    attempt = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=0, response=True
    )
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=2, response="我会用手机挂号。"
    )

    got, answers = selectors.attempt_with_answers(attempt_id=attempt.pk, owner=staff)

    want = Attempt.objects.get(pk=attempt.pk)
    for field in Attempt._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(want, field.attname), field.name
    assert got.user is staff
    assert got.test.pk == test.pk
    orm = list(AttemptAnswer.objects.filter(attempt=attempt).order_by("position"))
    assert [a.pk for a in answers] == [a.pk for a in orm]
    for answer, expected in zip(answers, orm, strict=True):
        for field in AttemptAnswer._meta.concrete_fields:
            assert getattr(answer, field.attname) == getattr(expected, field.attname)
        assert isinstance(answer.marks, Decimal)
    assert answers[0].response is True
    assert answers[2].response == "我会用手机挂号。"
    assert answers[0].saved_at.tzinfo is not None
    assert answers[1].saved_at is None
    assert [a.version.pk for a in answers] == [a.version_id for a in orm]


def test_a_missing_attempt_is_does_not_exist(staff):
    with pytest.raises(Attempt.DoesNotExist):
        selectors.attempt_with_answers(attempt_id=10**9, owner=staff)


def test_someone_elses_attempt_comes_back_without_its_owner_attached(
    staff, make_user, make_test
):
    other = make_user(username="other")
    test = make_test([tf()], audience="staff")
    attempt = services.attempt_start(user=staff, test=test)
    got, _answers = selectors.attempt_with_answers(attempt_id=attempt.pk, owner=other)
    assert got.user_id == staff.pk
    assert "user" not in got._state.fields_cache  # the caller refuses it


def test_compiled_queries_are_independent_per_query():
    first = CompiledQuery(Attempt, lambda pk: Attempt.objects.filter(pk=pk))
    second = CompiledQuery(Attempt, lambda user: Attempt.objects.filter(user_id=user))
    assert first(10**9) == []
    assert second(10**9) == []


def test_a_made_up_huge_attempt_id_in_the_url_is_not_found(client, staff):
    client.force_login(staff)
    huge = 10**30
    assert client.get(f"/tests/attempt/{huge}/q/1/").status_code == 404
    response = client.post(f"/tests/attempt/{huge}/save/", {"position": str(huge)})
    assert response.status_code in (400, 404)
