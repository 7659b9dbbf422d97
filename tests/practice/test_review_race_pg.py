"""Two reviewers deciding the same submission at the same moment: exactly one wins,
the other is told who decided, and exactly one ledger entry exists (PostgreSQL row
locks). Also: a resident double-tapping "confirm" from two devices earns one entry.
Skipped unless DATABASE_URL points at PostgreSQL (SQLite serialises writers anyway)."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from practice import services
from practice.models import PointsEntry, Review, Submission, SubmissionState
from practice.services import CriterionMark, PracticeError, ReviewConflict

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
        reason="needs PostgreSQL in DATABASE_URL",
    ),
]


def run_together(*targets):
    go = threading.Barrier(len(targets))
    outcomes: list = [None] * len(targets)

    def wrap(i, fn):
        try:
            go.wait()
            # Threads start in the default language (Chinese); messages are asserted
            # in English.
            with translation.override("en"):
                outcomes[i] = ("ok", fn())
        except Exception as error:  # noqa: BLE001 - the outcome is the assertion
            outcomes[i] = ("error", error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=wrap, args=(i, fn)) for i, fn in enumerate(targets)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_reviewers_at_once_one_wins_the_other_is_told(people, make_task):
    task = make_task()
    criteria = list(task.rubric.criteria.all())

    def review(sub, reviewer, decision, points):
        return lambda: services.review_submit(
            submission_id=sub.pk,
            reviewer=reviewer,
            expected_revision=sub.revision,
            decision=decision,
            comment="意见",
            marks=[CriterionMark(c.pk, Decimal(points)) for c in criteria],
        )

    for author in (people.staff, people.staff2, people.chief):
        sub = services.submission_save(task=task, author=author, text="x", submit=True)
        outcomes = run_together(
            review(sub, people.reviewer, "accepted", 9),
            review(sub, people.reviewer2, "rejected", 2),
        )
        assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
        loser = next(value for kind, value in outcomes if kind == "error")
        assert isinstance(loser, ReviewConflict)
        assert "has already decided this work" in loser.message
        sub.refresh_from_db()
        winner = Review.objects.get(version__submission=sub)  # exactly one
        assert sub.state == winner.decision
        expected = 1 if sub.state == SubmissionState.ACCEPTED else 0
        assert PointsEntry.objects.filter(submission=sub).count() == expected


def test_double_submit_from_two_tabs_makes_one_version(people, make_task):
    task = make_task()

    def hand_in():
        return services.submission_save(
            task=task, author=people.staff, text="同时提交", submit=True
        )

    outcomes = run_together(hand_in, hand_in, hand_in)
    assert sorted(k for k, _ in outcomes) == ["error", "error", "ok"], outcomes
    assert all(isinstance(v, PracticeError) for k, v in outcomes if k == "error"), (
        outcomes
    )
    sub = Submission.objects.get()
    assert sub.versions.count() == 1


def test_confirming_from_two_devices_earns_one_entry(people):
    session = services.helper_session_record(
        helper=people.staff,
        starts_at=timezone.now() - timedelta(hours=2),
        minutes=60,
        place="活动室",
        residents=[people.resident],
    )

    def confirm(user):
        return lambda: services.helper_session_confirm(session_id=session.pk, user=user)

    outcomes = run_together(
        confirm(people.resident), confirm(people.resident), confirm(people.chief)
    )
    assert [k for k, _ in outcomes] == ["ok", "ok", "ok"], outcomes
    assert PointsEntry.objects.filter(helper_session=session).count() == 1


def test_ledger_rows_are_append_only_in_the_database_itself(people):
    entry = services.points_adjust(
        user=people.staff, points=Decimal(3), reason="x", by=people.hr
    )
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as c:
        c.execute(
            "UPDATE practice_pointsentry SET points = 99 WHERE id = %s", [entry.pk]
        )
