"""Racing issuers: one certificate per person and period, serials without gaps or
duplicates (PostgreSQL row locks). Skipped unless DATABASE_URL is PostgreSQL: SQLite
serialises writers, so the race cannot happen there."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate, SerialCounter

from .conftest import TODAY, make_person, pass_test

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
        reason="needs PostgreSQL in DATABASE_URL",
    ),
]


def _race(n: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    go = threading.Barrier(n)

    def run(i: int):
        try:
            go.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_the_same_person_issued_from_eight_tasks_at_once_gets_one(
    cert_type, skill_test
):
    person = make_person("racer")
    pass_test(person, skill_test)
    errors = _race(
        8,
        lambda i: services.certificates_issue_earned(user_id=person.pk, today=TODAY),
    )
    assert errors == []
    assert Certificate.objects.filter(holder=person).count() == 1
    # the losers gave their serial numbers back
    assert SerialCounter.objects.get(year=2026).last == 1


def test_many_people_at_once_get_gap_free_distinct_serials(cert_type, skill_test):
    people = [make_person(f"p{i}") for i in range(12)]
    for p in people:
        pass_test(p, skill_test)

    def work(i: int):
        # each person twice, from two threads
        services.certificates_issue_earned(user_id=people[i % 12].pk, today=TODAY)

    errors = _race(24, work)
    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == [f"DL-2026-{n:06d}" for n in range(1, 13)]
