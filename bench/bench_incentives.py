"""Batch eligibility for 10,000 staff: query count and wall time against one SQL
aggregate over the same tables.

Run: .venv/bin/python bench/bench_incentives.py [--staff 10000] [--credentials 50000]

Builds a throwaway database (or uses DATABASE_URL) with N staff, their appraisals
(6 years each) and external qualifications, loads the example policy, then times:

* incentives: ``selectors.facts_for`` for all staff + ``rules.evaluate`` of every
  person under every rule (what the nightly run and ``evaluate_incentives`` do);
* baseline: one SQL aggregate over the same tables (per person: number and highest
  level of qualifications, number of appraisals, worst rating).

Prints both, the number of queries of each, and the ratio (aim ≤ 5×). Practice entries
and our certificates are read through incentives/sources.py when the practice and
certificates apps are installed; without them those sources cost no query and the
figure says so.
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


def build(n_staff: int, n_credentials: int) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--credentials", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    db = setup("incentives")

    from django.db import connection
    from django.db.models import Count, Max, Min
    from django.test.utils import CaptureQueriesContext

    from incentives import rules, selectors, services, sources
    from incentives.models import ExternalQualification
    from incentives.selectors import staff_queryset

    t0 = time.perf_counter()
    build(args.staff, args.credentials)
    print(f"database: {db.split('@')[-1]}")
    print(
        f"built {args.staff} staff, "
        f"{ExternalQualification.objects.count()} credentials "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    print(f"sources installed: {sources.available()}")
    example = (
        Path(__file__).resolve().parent.parent / "incentives/policies/example.yaml"
    )
    policy, _ = services.policy_load(text=example.read_text("utf-8"), filename="p.yaml")
    as_of = date(2026, 6, 30)

    def ours():
        users = list(staff_queryset())
        engine = selectors.engine_policy(policy)
        facts = selectors.facts_for(users=users, policy=engine, as_of=as_of)
        eligible = 0
        for f in facts.values():
            eligible += len(rules.evaluate(f, engine, as_of).eligible)
        return eligible

    def baseline():
        return list(
            staff_queryset()
            .annotate(
                n_q=Count("external_qualifications", distinct=True),
                top=Max("external_qualifications__level"),
                n_a=Count("appraisals", distinct=True),
                worst=Min("appraisals__rating"),
            )
            .values_list("id", "n_q", "top", "n_a", "worst")
        )

    timings = {"incentives": [], "baseline": []}
    queries = {}
    result = None
    for _ in range(args.rounds):
        for name, fn in (("baseline", baseline), ("incentives", ours)):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                out = fn()
                timings[name].append(time.perf_counter() - start)
            queries[name] = len(ctx.captured_queries)
            if name == "incentives":
                result = out
    base = statistics.median(timings["baseline"])
    mine = statistics.median(timings["incentives"])
    print(
        f"{'one SQL aggregate':<34}median {base * 1000:9.1f} ms  "
        f"queries {queries['baseline']}"
    )
    print(
        f"{'facts + engine, all rules':<34}median {mine * 1000:9.1f} ms  "
        f"queries {queries['incentives']}  ({result} eligible outcomes)"
    )
    print(f"ratio: {mine / base:.1f}x the aggregate (aim ≤ 5x)")


if __name__ == "__main__":
    main()
