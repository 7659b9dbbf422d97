"""Batch eligibility for 10,000 staff: query count and wall time against one SQL
aggregate over the same tables.

Run: .venv/bin/python bench/bench_incentives.py [--staff 10000] [--credentials 50000]
     [--practice 100000] [--rounds 3]

Builds a throwaway database (or uses DATABASE_URL) with N staff, their appraisals
(7 years each), external qualifications and practice points entries (over two years,
about half inside the policy's 12-month window), loads the example policy, then times:

* incentives: ``services.evaluate_batch`` — facts for all staff + ``rules.evaluate``
  of every person under every rule (what the nightly run and ``evaluate_incentives``
  do);
* baseline: one SQL aggregate over the same tables (per person: number and highest
  level of qualifications, number of appraisals, worst rating, practice points in the
  window), and for reference the same figures written as one statement of correlated
  subqueries.

Prints them, the number of queries of each, and the ratios (aim ≤ 5×). Our
certificates are read through incentives/sources.py too (one query; the benchmark
creates none).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django import setup  # noqa: E402


def build(n_staff: int, n_credentials: int, n_practice: int) -> None:
    from django.contrib.auth import get_user_model

    from incentives.models import Appraisal, ExternalQualification

    User = get_user_model()
    rng = random.Random(11)
    posts = [("chief", 7, 18), ("deputy", 4, 15), ("other", 1, 12)]
    users = []
    for i in range(n_staff):
        post, low, high = rng.choice(posts)
        since = date(2015 + rng.randrange(10), 1 + rng.randrange(12), 1)
        users.append(
            User(
                username=f"b{i}",
                employee_number=f"B{i:06d}",
                post_type=post,
                grade=rng.randint(low, high),
                grade_since=since,
                hire_date=date(2010, 1, 1),
                password="!",
            )
        )
    User.objects.bulk_create(users, batch_size=2000)
    ids = list(
        User.objects.filter(username__startswith="b").values_list("id", flat=True)
    )
    ratings = [
        "excellent",
        "qualified",
        "qualified",
        "qualified",
        "basically_qualified",
    ]
    Appraisal.objects.bulk_create(
        [
            Appraisal(user_id=uid, year=y, rating=rng.choice(ratings))
            for uid in ids
            for y in range(2019, 2025 + 1)
        ],
        batch_size=5000,
    )
    kinds = ["social_work", "digital", "nursing", "law", "finance"]
    combos = [(k, lvl) for k in kinds for lvl in (1, 2, 3)]
    quals = []
    per_person = max(1, n_credentials // len(ids))
    for uid in ids:
        for kind, level in rng.sample(combos, per_person):
            issued = date(2016 + rng.randrange(9), 1 + rng.randrange(12), 1)
            expires = None if rng.random() < 0.5 else date(issued.year + 5, 1, 1)
            quals.append(
                ExternalQualification(
                    user_id=uid,
                    kind=kind,
                    level=level,
                    issued_on=issued,
                    expires_on=expires,
                    number=f"N{uid}{kind}{level}",
                )
            )
    ExternalQualification.objects.bulk_create(quals, batch_size=5000)
    build_practice(ids, n_practice, rng)


def build_practice(ids: list[int], n_practice: int, rng: random.Random) -> None:
    """Practice points entries spread over two years (about half inside the
    12-month window the example policy reads)."""
    from practice.models import PointsEntry

    days = (date(2026, 6, 30) - date(2024, 7, 1)).days
    PointsEntry.objects.bulk_create(
        [
            PointsEntry(
                user_id=ids[i % len(ids)],
                kind="adjustment",
                points=rng.choice((5, 10, 15, 20, 30)),
                occurred_on=date.fromordinal(
                    date(2024, 7, 1).toordinal() + rng.randrange(days)
                ),
            )
            for i in range(n_practice)
        ],
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--credentials", type=int, default=50_000)
    parser.add_argument("--practice", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    db = setup("incentives")

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import (
        CharField,
        Count,
        DecimalField,
        IntegerField,
        Max,
        Min,
        OuterRef,
        Subquery,
        Sum,
    )
    from django.test.utils import CaptureQueriesContext

    from incentives import rules, services, sources
    from incentives.models import Appraisal, ExternalQualification
    from incentives.selectors import staff_queryset
    from practice.models import PointsEntry

    t0 = time.perf_counter()
    if get_user_model().objects.filter(username="b0").exists():
        print("reusing the data already in DATABASE_URL")
    else:
        build(args.staff, args.credentials, args.practice)
    print(f"database: {db.split('@')[-1]}")
    print(
        f"built {args.staff} staff, "
        f"{ExternalQualification.objects.count()} credentials, "
        f"{PointsEntry.objects.count()} practice entries "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    print(f"sources installed: {sources.available()}")
    example = (
        Path(__file__).resolve().parent.parent / "incentives/policies/example.yaml"
    )
    policy, _ = services.policy_load(text=example.read_text("utf-8"), filename="p.yaml")
    as_of = date(2026, 6, 30)

    win_start, win_end = rules.window(as_of, 12)

    def ours():
        # What the nightly run and ``evaluate_incentives`` do.
        ((_policy, evaluations, _staff),) = services.evaluate_batch(as_of=as_of)
        return sum(len(e.eligible) for e in evaluations.values())

    def points_in_window():
        return Subquery(
            PointsEntry.objects.filter(
                user_id=OuterRef("pk"),
                occurred_on__gte=win_start,
                occurred_on__lte=win_end,
            )
            .order_by()
            .values("user_id")
            .annotate(total=Sum("points"))
            .values("total"),
            output_field=DecimalField(),
        )

    def baseline():
        # Per person: number and highest level of qualifications, number of
        # appraisals and the worst rating (joins), practice points in the policy's
        # 12-month window (a correlated subquery: joining a third table would multiply
        # the rows and slow the baseline down).
        return list(
            staff_queryset()
            .annotate(
                n_q=Count("external_qualifications", distinct=True),
                top=Max("external_qualifications__level"),
                n_a=Count("appraisals", distinct=True),
                worst=Min("appraisals__rating"),
                points=points_in_window(),
            )
            .values_list("id", "n_q", "top", "n_a", "worst", "points")
        )

    def per_table(model, value, out):
        return Subquery(
            model.objects.filter(user_id=OuterRef("pk"))
            .order_by()
            .values("user_id")
            .annotate(v=value)
            .values("v"),
            output_field=out,
        )

    def baseline_subqueries():
        # The same figures with one correlated subquery per table (no joins): on
        # SQLite the fastest single statement we found; printed for reference.
        return list(
            staff_queryset()
            .annotate(
                n_q=per_table(ExternalQualification, Count("id"), IntegerField()),
                top=per_table(ExternalQualification, Max("level"), IntegerField()),
                n_a=per_table(Appraisal, Count("id"), IntegerField()),
                worst=per_table(Appraisal, Min("rating"), CharField()),
                points=points_in_window(),
            )
            .values_list("id", "n_q", "top", "n_a", "worst", "points")
        )

    timings = {"incentives": [], "baseline": [], "subqueries": []}
    cpu = {"incentives": [], "baseline": [], "subqueries": []}
    queries = {}
    result = None
    for _ in range(args.rounds):
        for name, fn in (
            ("baseline", baseline),
            ("subqueries", baseline_subqueries),
            ("incentives", ours),
        ):
            # Both sides run with the cyclic GC paused, as evaluate_batch runs itself,
            # so neither pays for the other's garbage.
            with CaptureQueriesContext(connection) as ctx, services.gc_paused():
                start, start_cpu = time.perf_counter(), time.process_time()
                out = fn()
                timings[name].append(time.perf_counter() - start)
                # SQLite runs in this process, so CPU time counts both sides' work
                # and is steadier than wall time on a shared machine.
                cpu[name].append(time.process_time() - start_cpu)
            queries[name] = len(ctx.captured_queries)
            if name == "incentives":
                result = out
    med = {k: statistics.median(v) for k, v in timings.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    for key, label in (
        ("baseline", "one SQL aggregate"),
        ("subqueries", "  (written as subqueries)"),
        ("incentives", "facts + engine, all rules"),
    ):
        extra = f"  ({result} eligible outcomes)" if key == "incentives" else ""
        print(
            f"{label:<34}median {med[key] * 1000:9.1f} ms wall "
            f"{med_cpu[key] * 1000:9.1f} ms CPU  queries {queries[key]}{extra}"
        )
    print(
        f"ratio (wall): {med['incentives'] / med['baseline']:.1f}x the aggregate "
        f"(aim ≤ 5x); {med['incentives'] / med['subqueries']:.1f}x the subquery form"
    )
    print(
        f"ratio (CPU):  {med_cpu['incentives'] / med_cpu['baseline']:.1f}x the "
        f"aggregate (aim ≤ 5x); "
        f"{med_cpu['incentives'] / med_cpu['subqueries']:.1f}x the subquery form"
    )


if __name__ == "__main__":
    main()
