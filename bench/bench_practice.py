"""Practice reads at scale: the points balance of 1,000 staff × 50 ledger entries each,
and the reviewers' queue over the same staff's hand-ins.

Run: .venv/bin/python bench/bench_practice.py [--staff 1000] [--entries 50] [--rounds 5]

Prints, for each read, the number of SQL queries (must not grow with the data) and the
median time, next to a baseline measured in the same run over the same table: one raw
SQL aggregate (``SELECT user_id, SUM(points) … GROUP BY user_id``) for the balances, and
one ``COUNT(*)`` of submitted work for the queue. The ratio says what the selector costs
on top of the database's own work.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from _django import setup


def load(staff: int, entries: int) -> tuple[list[int], object]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from accounts.roles import REVIEWERS, STAFF, sync_roles
    from practice.models import (
        PointsEntry,
        PracticeTask,
        Submission,
        SubmissionState,
        SubmissionVersion,
    )

    sync_roles()
    User = get_user_model()
    start = date(2026, 1, 1)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(username=f"bench{i}", password="!") for i in range(staff)
        )
        staff_group = Group.objects.get(name=STAFF)
        staff_group.user_set.add(*users)
        PointsEntry.objects.bulk_create(
            PointsEntry(
                user=u,
                kind="adjustment",
                points=Decimal(j % 7) + Decimal("0.5"),
                occurred_on=start + timedelta(days=(j * 7) % 365),
                reason="bench",
            )
            for u in users
            for j in range(entries)
        )
        task = PracticeTask.objects.create(
            title="bench", brief="<p>b</p>", is_published=True
        )
        subs = Submission.objects.bulk_create(
            Submission(
                task=task,
                author=u,
                state=SubmissionState.SUBMITTED,
                revision=1,
                submitted_at=task.created_at,
            )
            for u in users
        )
        SubmissionVersion.objects.bulk_create(
            SubmissionVersion(
                submission=s, number=1, text="x", submitted_at=s.submitted_at
            )
            for s in subs
        )
        reviewer = User.objects.create(username="bench-reviewer", password="!")
        reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    return [u.pk for u in users], reviewer


def timed(fn, rounds: int) -> tuple[float, int, object]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times = []
    result = None
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    queries = len(ctx.captured_queries)
    for _ in range(rounds):
        reset_queries()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), queries, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url = setup("bench_practice")
    from django.db import connection

    from practice import selectors

    t0 = time.perf_counter()
    ids, reviewer = load(args.staff, args.entries)
    print(
        f"database {url.split(':')[0]}; loaded {len(ids)} staff × {args.entries} "
        f"entries in {time.perf_counter() - t0:.1f}s"
    )
    start, end = date(2026, 1, 1), date(2026, 12, 31)

    def balances():
        return selectors.points_by_user(user_ids=ids, start=start, end=end)

    def raw_sum():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, SUM(points) FROM practice_pointsentry "
                "WHERE occurred_on BETWEEN %s AND %s GROUP BY user_id",
                [start, end],
            )
            return cursor.fetchall()

    def queue():
        return selectors.review_queue(reviewer=reviewer, limit=args.staff)

    def raw_rows():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.id, s.submitted_at, t.title, u.username, "
                "(SELECT MAX(v.number) FROM practice_submissionversion v "
                "WHERE v.submission_id = s.id) "
                "FROM practice_submission s "
                "JOIN practice_practicetask t ON t.id = s.task_id "
                "JOIN accounts_user u ON u.id = s.author_id "
                "WHERE s.state = 'submitted' ORDER BY s.submitted_at, s.id"
            )
            return cursor.fetchall()

    b_time, b_queries, b_result = timed(balances, args.rounds)
    r_time, _, r_result = timed(raw_sum, args.rounds)
    if len(b_result) != len(ids) or len(r_result) != len(ids):
        raise SystemExit("balances are missing people")
    total = sum(b_result.values())
    print(
        f"balances  selector {b_time * 1000:8.1f} ms  {b_queries} query  | "
        f"one SQL aggregate {r_time * 1000:8.1f} ms | ratio {b_time / r_time:5.2f}× "
        f"| total points {total}"
    )
    queue()  # warm the reviewer's per-object role cache, as one request would
    q_time, q_queries, q_result = timed(queue, args.rounds)
    c_time, _, _ = timed(raw_rows, args.rounds)
    print(
        f"queue     selector {q_time * 1000:8.1f} ms  {q_queries} queries | "
        f"one SQL select of the rows {c_time * 1000:8.1f} ms | "
        f"ratio {q_time / c_time:5.2f}× "
        f"| rows {q_result.total}"
    )
    # constant queries: the same reads over a tenth of the people
    few = ids[: max(1, len(ids) // 10)]
    _, few_queries, _ = timed(
        lambda: selectors.points_by_user(user_ids=few, start=start, end=end), 1
    )
    _, few_queue_queries, _ = timed(
        lambda: selectors.review_queue(reviewer=reviewer, limit=len(few)), 1
    )
    print(
        f"queries for {len(few)} vs {len(ids)} people: balances {few_queries} vs "
        f"{b_queries}, queue {few_queue_queries} vs {q_queries}"
    )


if __name__ == "__main__":
    main()
