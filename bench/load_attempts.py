"""A bounded load run on loopback: N people start the same test at once, save an
answer every second for a few seconds, and hand in together.

Run: .venv/bin/python bench/load_attempts.py [--people 200] [--seconds 5]
                                             [--workers 2] [--threads 16]

It starts its own gunicorn on 127.0.0.1 (a free port) against a throwaway SQLite
file, or the database in DATABASE_URL (PostgreSQL for the scale path), logs every
person in by a session made directly in the database (no password hashing in the
hot path), then drives real HTTP with CSRF like a browser's autosave does. At the end
it compares every answer each person saw acknowledged with what the database holds.
Prints errors and lost answers (goal: zero of each) and latency percentiles. The whole
run is bounded (a hard stop after --budget seconds, default 110).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from _django import ROOT, make_test, setup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--budget", type=int, default=100)
    args = parser.parse_args()

    db = setup("load_attempts")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from assessments.models import Attempt, AttemptAnswer

    test = make_test(questions=10, slug="load-test", time_limit=30)
    from django.contrib.auth.models import Group

    from accounts.roles import STAFF

    # Skill tests are for staff by default: load users must be staff, or every start
    # is refused (403) and the run measures nothing.
    staff_group = Group.objects.get(name=STAFF)
    User = get_user_model()
    sessions = []
    for i in range(args.people):
        user = User.objects.create_user(f"load{i:04d}", password=None)
        user.groups.add(staff_group)
        client = Client()
        client.force_login(user)
        sessions.append((user, client.cookies["sessionid"].value))

    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
            # Longer than the 1 s between autosaves: otherwise the server may close an
            # idle keep-alive connection just as the next POST is sent on it.
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for(port)
        # The budget bounds the load itself, not the migrations before it.
        deadline = time.monotonic() + args.budget
        run(args, port, test, sessions, deadline, reverse, Attempt, AttemptAnswer, db)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def run(args, port, test, sessions, deadline, reverse, Attempt, AttemptAnswer, db):
    import requests

    base = f"http://127.0.0.1:{port}"
    errors: Counter = Counter()
    latencies: dict[str, list[float]] = {"start": [], "save": [], "submit": []}
    acked: dict[
        int, dict[int, str]
    ] = {}  # user id -> position -> last acknowledged value
    attempts: dict[int, int] = {}
    samples: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(len(sessions))
    # Hand-in gate: everyone still taking part arrives, then all submit together. A
    # person who failed earlier leaves the group instead of blocking it.
    gate = threading.Condition()
    group = {"alive": len(sessions), "arrived": 0}

    def leave():
        with gate:
            group["alive"] -= 1
            gate.notify_all()

    def arrive_and_wait(timeout):
        with gate:
            group["arrived"] += 1
            gate.notify_all()
            return gate.wait_for(lambda: group["arrived"] >= group["alive"], timeout)

    def get_with_retry(http, url):
        for attempt in range(3):
            try:
                return http.get(url, timeout=60)
            except requests.ConnectionError:
                with lock:
                    errors["connection retried"] += 1
                time.sleep(0.5 * (attempt + 1))
        return http.get(url, timeout=60)

    def timed(kind, fn):
        t0 = time.perf_counter()
        resp = fn()
        with lock:
            latencies[kind].append(time.perf_counter() - t0)
        return resp

    def person(user, session_key):
        http = requests.Session()
        http.cookies.set("sessionid", session_key, domain="127.0.0.1")
        intro = base + reverse("assessments:intro", args=[test.slug])
        try:
            get_with_retry(http, intro)  # sets the CSRF cookie, like a browser
            token = http.cookies.get("csrftoken", "")
            headers = {"X-CSRFToken": token, "Referer": intro}
            start_gate.wait(timeout=60)
            resp = timed(
                "start",
                lambda: http.post(
                    intro,
                    data={"csrfmiddlewaretoken": token},
                    headers=headers,
                    timeout=60,
                    allow_redirects=False,
                ),
            )
            if resp.status_code != 302 or "/q/" not in resp.headers.get("Location", ""):
                errors[f"start {resp.status_code}"] += 1
                leave()
                return
            attempt_id = int(
                resp.headers["Location"].split("/attempt/")[1].split("/")[0]
            )
            with lock:
                attempts[user.pk] = attempt_id
            save_url = base + reverse("assessments:save", args=[attempt_id])
            mine: dict[int, str] = {}
            for second in range(args.seconds):
                tick = time.monotonic()
                position = (user.pk + second) % 10
                value = "true" if position % 2 else str((user.pk + second) % 3)
                resp = timed(
                    "save",
                    lambda p=position, v=value: http.post(
                        save_url,
                        data={"position": str(p), f"q{p}-answer": v},
                        headers=headers,
                        timeout=60,
                    ),
                )
                if resp.status_code == 200 and resp.json().get("saved"):
                    mine[position] = value
                else:
                    errors[f"save {resp.status_code}"] += 1
                time.sleep(max(0.0, 1 - (time.monotonic() - tick)))
            with lock:
                acked[user.pk] = mine
            if not arrive_and_wait(timeout=90):
                errors["hand-in gate timed out"] += 1
            submit_url = base + reverse("assessments:submit", args=[attempt_id])
            review = get_with_retry(
                http, base + reverse("assessments:review", args=[attempt_id])
            )
            found = re.search(r'name="token" value="([0-9a-f]+)"', review.text)
            token_value = found.group(1) if found else ""
            resp = timed(
                "submit",
                lambda: http.post(
                    submit_url,
                    data={"token": token_value},
                    headers=headers,
                    timeout=90,
                    allow_redirects=False,
                ),
            )
            if resp.status_code != 302:
                errors[f"submit {resp.status_code}"] += 1
        except threading.BrokenBarrierError:
            errors["gave up waiting for the others"] += 1
            leave()
        except requests.RequestException as exc:
            errors[f"http {type(exc).__name__}"] += 1
            with lock:
                samples.append(str(exc)[:160])
            leave()

    threads = [threading.Thread(target=person, args=s, daemon=True) for s in sessions]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic()))
    wall = time.perf_counter() - t0
    if any(t.is_alive() for t in threads):
        errors["still running at the time budget"] += sum(t.is_alive() for t in threads)

    # Compare what each person saw acknowledged with what the database holds.
    lost = 0
    checked = 0
    stored = {
        (a, p): r
        for a, p, r in AttemptAnswer.objects.filter(
            attempt_id__in=list(attempts.values())
        ).values_list("attempt_id", "position", "response")
    }
    layouts = dict(
        Attempt.objects.filter(pk__in=list(attempts.values())).values_list(
            "pk", "layout"
        )
    )
    states = Counter(
        Attempt.objects.filter(pk__in=list(attempts.values())).values_list(
            "state", flat=True
        )
    )
    for user_id, mine in acked.items():
        attempt_id = attempts[user_id]
        for position, value in mine.items():
            checked += 1
            kind = layouts[attempt_id][position]["kind"]
            if kind == "truefalse":
                expected = value == "true"
            else:
                expected = layouts[attempt_id][position]["order"][int(value)]
            if stored.get((attempt_id, position)) != expected:
                lost += 1

    def pct(values, q):
        if not values:
            return float("nan")
        values = sorted(values)
        return values[min(len(values) - 1, int(q * len(values)))] * 1000

    server = f"gunicorn {args.workers}×{args.threads}"
    print(f"database: {db.split('@')[-1]}   server: {server}")
    people = len(sessions)
    print(f"people: {people}   autosave seconds: {args.seconds}   wall: {wall:.1f}s")
    for kind, values in latencies.items():
        if values:
            print(
                f"  {kind:<7} n={len(values):5d}"
                f"  median {statistics.median(values) * 1000:7.1f} ms"
                f"  p95 {pct(values, 0.95):7.1f} ms  max {max(values) * 1000:7.1f} ms"
            )
    print(f"attempt states: {dict(states)}")
    print(f"answers acknowledged: {checked}   lost answers: {lost}")
    retried = errors.pop("connection retried", 0)
    print(f"connections refused and retried (not errors): {retried}")
    print(f"errors: {sum(errors.values())} {dict(errors) if errors else ''}")
    for sample in samples[:3]:
        print(f"  e.g. {sample}")
    if not latencies["start"] or not attempts or checked == 0:
        # A run that measured nothing must not read like a clean one.
        raise SystemExit(
            "FAILED: measured nothing (no attempt started or no answer acknowledged)"
        )
    if errors or lost:
        raise SystemExit(f"FAILED: {sum(errors.values())} errors, {lost} lost answers")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
