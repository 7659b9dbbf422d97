"""Concurrent autosaves racing a submit leave one consistent attempt (PostgreSQL row
locks). Skipped unless DATABASE_URL points at PostgreSQL: SQLite serialises writers
anyway, so the race this guards against cannot happen there."""

from __future__ import annotations

import os
import threading
from decimal import Decimal

import pytest
from django.db import connection

from assessments import scoring, services
from assessments.models import Attempt, AttemptAnswer, AttemptState
from assessments.signals import attempt_graded

from .conftest import tf

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
        reason="needs PostgreSQL in DATABASE_URL",
    ),
]


def test_autosaves_racing_a_submit_leave_one_consistent_attempt(staff, make_test):
    test = make_test([tf(name=f"q{i}", correct=bool(i % 2)) for i in range(8)])
    attempt = services.attempt_start(user=staff, test=test)
    results: list[tuple[int, bool, str]] = []  # (position, value, outcome)
    signals: list[int] = []
    lock = threading.Lock()
    go = threading.Barrier(9)

    def on_graded(sender, attempt_id, **kwargs):
        with lock:
            signals.append(attempt_id)

    attempt_graded.connect(on_graded)

    def saver(position: int):
        try:
            go.wait()
            for round_ in range(15):
                value = bool((position + round_) % 2)
                try:
                    services.attempt_answer_save(
                        attempt_id=attempt.pk,
                        user=staff,
                        position=position,
                        response=value,
                    )
                    outcome = "saved"
                except services.AttemptClosed:
                    outcome = "closed"
                with lock:
                    results.append((position, value, outcome))
        finally:
            connection.close()

    def submitter():
        try:
            go.wait()
            for _ in range(3):  # a double (triple) click
                services.attempt_submit(attempt_id=attempt.pk, user=staff)
        finally:
            connection.close()

    threads = [threading.Thread(target=saver, args=(p,)) for p in range(8)]
    threads.append(threading.Thread(target=submitter))
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        attempt_graded.disconnect(on_graded)

    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert signals == [attempt.pk]  # submitted and announced exactly once
    answers = list(
        AttemptAnswer.objects.filter(attempt=attempt).select_related("version")
    )
    assert len(answers) == 8  # one row per position, never duplicated
    # Every save acknowledged before the submit is what the grade used; nothing was
    # written after it: the last "saved" value of each position is the stored one.
    for answer in answers:
        saved = [v for p, v, o in results if p == answer.position and o == "saved"]
        if saved:
            assert answer.response == saved[-1]
        else:
            assert answer.response is None
        spec = answer.version.as_spec
        expected = scoring.grade(spec, answer.response)
        assert answer.fraction == expected
        assert answer.saved_at is None or answer.saved_at <= attempt.submitted_at
    # and the total matches the stored fractions
    total = sum((a.fraction * a.marks for a in answers), Decimal(0))
    assert attempt.marks == total
    assert Attempt.objects.filter(user=staff, test=test).count() == 1


def test_reviewers_grading_the_same_answer_at_once_one_wins(
    staff, make_user, make_test, category
):
    from django.contrib.auth.models import Group

    from accounts.roles import REVIEWERS
    from assessments.models import MarkChange, TestSlot

    from .conftest import essay

    q = services.question_save(spec=essay(), category=category)
    test = make_test()
    TestSlot.objects.create(test=test, question=q)
    attempt = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=0, response="挂断"
    )
    services.attempt_submit(attempt_id=attempt.pk, user=staff)
    answer = AttemptAnswer.objects.get(attempt=attempt)
    group = Group.objects.get_or_create(name=REVIEWERS)[0]
    reviewers = [make_user(username=f"r{i}") for i in range(6)]
    for r in reviewers:
        r.groups.add(group)
    outcomes: list[str] = []
    lock = threading.Lock()
    go = threading.Barrier(len(reviewers))

    def grade(reviewer, i):
        try:
            go.wait()
            try:
                services.attempt_answer_grade(
                    answer_id=answer.pk, grader=reviewer, fraction=Decimal(i) / 10
                )
                outcome = f"won:{reviewer.pk}"
            except services.GradingRefused:
                outcome = "told"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=grade, args=(r, i)) for i, r in enumerate(reviewers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winners = [o for o in outcomes if o.startswith("won")]
    assert len(winners) == 1
    assert outcomes.count("told") == len(reviewers) - 1
    answer.refresh_from_db()
    assert f"won:{answer.grader_id}" == winners[0]
    assert MarkChange.objects.filter(answer=answer).count() == 1


def test_starts_racing_each_other_make_one_attempt_that_all_resume(staff, make_test):
    """A double click or two tabs: every start returns the same attempt, numbered
    once, with one row per question (the number comes from the attempts read before
    the transaction; the database's unique rules settle the race)."""
    test = make_test([tf(name=f"q{i}") for i in range(6)])
    services.attempt_submit(
        attempt_id=services.attempt_start(user=staff, test=test).pk, user=staff
    )
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    go = threading.Barrier(6)

    def starter():
        try:
            go.wait()
            attempt = services.attempt_start(user=staff, test=test)
            with lock:
                got.append(attempt.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=starter) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(got) == 6
    assert len(set(got)) == 1  # all resumed the one that won
    second = Attempt.objects.get(pk=got[0])
    assert second.number == 2
    assert second.state == AttemptState.IN_PROGRESS
    assert Attempt.objects.filter(user=staff, test=test).count() == 2
    assert AttemptAnswer.objects.filter(attempt=second).count() == 6
