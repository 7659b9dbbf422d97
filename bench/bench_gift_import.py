"""A large GIFT import: total time and the longest write transaction.

Run: .venv/bin/python bench/bench_gift_import.py [--questions 10000]

Imports the same generated bank twice into a fresh database: once as the background
job does it (transactions of ~IMPORT_CHUNK_SECONDS), and once as one transaction (the
old way, as baseline), and prints for each the total time and the longest time a
write transaction was open (on SQLite, how long everyone else's writes - logins
included - had to wait). Goal: the longest transaction stays about a second or less
whatever the size, for a small cost in total time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django import setup  # noqa: E402


def bank(n: int, prefix: str) -> str:
    parts = []
    for i in range(n):
        if i % 500 == 0:
            parts.append(f"$CATEGORY: 第{i // 500}组")
        parts.append(f"::{prefix}{i}:: 第 {i} 题：哪个是对的？{{=对 ~错 ~不知道}}")
    return "\n\n".join(parts) + "\n"


class TransactionClock:
    """Times every outermost transaction on the default connection."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.longest = 0.0
        self.count = 0
        self._started = None

    def __enter__(self):
        conn = self.connection
        self._set_autocommit = conn.set_autocommit
        self._commit = conn.commit

        def set_autocommit(value, *args, **kwargs):
            if not value:
                self._started = time.perf_counter()
            return self._set_autocommit(value, *args, **kwargs)

        def commit(*args, **kwargs):
            result = self._commit(*args, **kwargs)
            if self._started is not None:
                self.longest = max(self.longest, time.perf_counter() - self._started)
                self.count += 1
                self._started = None
            return result

        conn.set_autocommit = set_autocommit
        conn.commit = commit
        return self

    def __exit__(self, *exc):
        del self.connection.set_autocommit
        del self.connection.commit


def run(n: int, prefix: str, chunk_seconds: float) -> tuple[float, float, int]:
    from assessments import services
    from assessments.models import GiftImportJob, ImportStatus

    services.IMPORT_CHUNK_SECONDS = chunk_seconds
    services.IMPORT_CHUNK_MAX = 10**9 if chunk_seconds > 1e6 else 500
    job = GiftImportJob.objects.create(
        text=bank(n, prefix),
        category_path=f"bench/{prefix}",
        status=ImportStatus.QUEUED,
    )
    start = time.perf_counter()
    with TransactionClock() as clock:
        job = services.gift_job_run(job_id=job.pk, max_bytes=None)
    total = time.perf_counter() - start
    assert job.status == ImportStatus.DONE, job.error
    assert job.created_count == n
    return total, clock.longest, clock.count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    print("database:", setup("gift_import"))
    chunked = run(args.questions, "c", 0.5)
    single = run(args.questions, "s", float("inf"))
    for label, (total, longest, count) in (
        ("chunked (background job)", chunked),
        ("one transaction (baseline)", single),
    ):
        print(
            f"{label:28s} total {total:7.1f} s   longest transaction {longest:6.2f} s"
            f"   transactions {count}"
        )
    print(
        f"longest transaction: {chunked[1] / single[1]:.3f}× the baseline's; "
        f"total time {chunked[0] / single[0]:.2f}× the baseline's"
    )


if __name__ == "__main__":
    main()
