"""A load test in Moodle's quiz model, with Locust, against the production stack.

Run: .venv/bin/python bench/load_attempts.py --people 500 --stack
     [--think-min 30] [--think-max 90] [--questions 16] [--ramp 10]
     [--hand-in-within 60] [--residents 0] [--resident-ramp 30] [--test-start S]
     [--workers N]

It starts `make stack`'s script (scripts/stack.sh: PostgreSQL, Redis, gunicorn with the
production settings, a Celery worker and beat, demo data) on a free loopback port, then,
through Django with the same production settings and the stack's database:
creates --people staff members and a --questions-question staff test (true/false and
single choice, answers shuffled) with a time limit longer than the run, and logs each
person in (a session made directly, no password hashing in the hot path).

Locust (bench/locust_load.py, headless, in its own process) then plays the people: all
start the test within --ramp seconds, open each question, think --think-min to
--think-max seconds, answer (one autosave per answer, as the page's script does) and
hand in at a random moment in the last --hand-in-within seconds of the test window.
With --residents N, N residents in elder mode walk guided lessons at the same time:
they arrive spread over --resident-ramp seconds, and the test takers' synchronised
start begins at --test-start (default: when the last resident has arrived), so the
crowd starting the test meets residents already walking (bench/load_lessons.py runs
the residents alone; --resident-ramp 10 --test-start 0 puts both crowds into the same
10 s).

At the end it checks in the database that every answer the server acknowledged is in
the graded attempt, prints p50/p95/max per request kind, errors and lost answers, stops
the stack, and exits non-zero if nothing was measured, on any error or lost answer, or
if a p95 is 1 s or more. Loopback only; the whole run is time-bounded (--budget,
default: the test window plus 10 minutes) and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
P95_AIM_MS = 1000
WARM_PEOPLE, WARM_RESIDENTS = 10, 5  # warm-up accounts (not measured)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--people", type=int, default=500, help="staff taking the test")
    p.add_argument(
        "--stack",
        action="store_true",
        help="run against `make stack` (scripts/stack.sh), started and stopped here "
        "(the only mode: the load test measures the production stack)",
    )
    p.add_argument("--questions", type=int, default=16)
    p.add_argument("--think-min", type=float, default=30.0)
    p.add_argument("--think-max", type=float, default=90.0)
    p.add_argument("--ramp", type=float, default=10.0, help="everyone starts within")
    p.add_argument("--hand-in-within", type=float, default=60.0)
    p.add_argument("--residents", type=int, default=0, help="residents walking lessons")
    p.add_argument(
        "--resident-ramp",
        type=float,
        default=30.0,
        help="residents arrive within this many seconds from the beginning",
    )
    p.add_argument(
        "--test-start",
        type=float,
        default=None,
        help="seconds from the beginning to the test takers' start "
        "(default: --resident-ramp with residents, else 0)",
    )
    p.add_argument("--lesson-think-min", type=float, default=10.0)
    p.add_argument("--lesson-think-max", type=float, default=30.0)
    p.add_argument(
        "--walk-seconds",
        type=float,
        default=600.0,
        help="how long residents walk lessons (at least the test window when both run)",
    )
    p.add_argument("--workers", type=int, default=0, help="gunicorn workers (STACK_)")
    p.add_argument("--budget", type=float, default=0, help="hard stop, seconds")
    return p


def main(argv=None, *, description: str = __doc__) -> int:
    args = parser(description.split("\n")[0]).parse_args(argv)
    if args.people < 0 or args.residents < 0 or args.people + args.residents == 0:
        raise SystemExit("nobody to simulate: give --people and/or --residents")
    if not 0 <= args.think_min <= args.think_max:
        raise SystemExit("--think-min must be between 0 and --think-max")
    if args.test_start is None:
        args.test_start = args.resident_ramp if args.residents else 0.0
    window = (
        args.test_start
        + args.ramp
        + args.questions * args.think_max
        + args.hand_in_within
        if args.people
        else 0.0
    )
    walk = max(args.walk_seconds, window) if args.residents else 0.0
    budget = args.budget or max(window, walk) + 600
    load_before = os.getloadavg()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.1f} / {load_before[1]:.1f} / "
        f"{load_before[2]:.1f} before the run",
        flush=True,
    )
    with Stack(workers=args.workers) as stack:
        plan, warm = prepare(args, stack, window=window, walk=walk)
        warm_up(stack, plan, warm)
        # The test takers' start burst and the queue it leaves (or the residents').
        burst = (
            args.test_start + args.ramp if args.people else args.resident_ramp
        ) + 30
        result, wall = run_locust(stack, plan, budget=budget, name="run", burst=burst)
        lost, checked, graded, not_graded = check_answers(result)
        load_after = os.getloadavg()
        return report(
            args,
            stack,
            result,
            wall=wall,
            lost=lost,
            checked=checked,
            graded=graded,
            not_graded=not_graded,
            loads=(load_before, load_after),
        )


class Stack:
    """scripts/stack.sh on a free port; ready when it writes its ready file."""

    def __init__(self, *, workers: int = 0):
        self.port = free_port()
        self.workers = workers
        self.secret = secrets.token_urlsafe(64)
        tmp = Path(tempfile.mkdtemp(prefix="digiladder-load-"))
        self.tmp = tmp
        self.ready = tmp / "ready"
        self.log = tmp / "stack.log"
        self.process = None

    def __enter__(self):
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "DATABASE_URL",
                "REDIS_URL",
                "CELERY_BROKER_URL",
                "CELERY_RESULT_BACKEND",
            )
        }
        env.update(
            STACK_PORT=str(self.port),
            STACK_READY_FILE=str(self.ready),
            DJANGO_SECRET_KEY=self.secret,
        )
        if self.workers:
            env["STACK_WORKERS"] = str(self.workers)
        print(f"starting the stack on 127.0.0.1:{self.port} (log: {self.log})")
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            ["bash", str(ROOT / "scripts" / "stack.sh")],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=open(self.log, "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        end = time.monotonic() + 900
        while not self.ready.exists():
            if self.process.poll() is not None or time.monotonic() > end:
                self.__exit__(None, None, None)
                tail = self.log.read_text()[-2000:]
                raise SystemExit(f"FAILED: the stack did not start\n{tail}")
            time.sleep(0.5)
        database_url, redis_url = self.ready.read_text().split()
        self.database_url, self.redis_url = database_url, redis_url
        self.gunicorn_workers = self._workers_line()
        return self

    def _workers_line(self) -> str:
        for line in self.log.read_text().splitlines():
            if line.startswith("==> Starting gunicorn"):
                return line.removeprefix("==> Starting ")
        return "gunicorn"

    def django_env(self) -> dict:
        base = self.redis_url.rsplit("/", 1)[0]
        return {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": self.secret,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CELERY_BROKER_URL": f"{base}/1",
            "CELERY_RESULT_BACKEND": f"{base}/2",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.port}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_COOKIES_SECURE": "false",
        }

    def __exit__(self, *exc):
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        stopped = "Stopped." in self.log.read_text()
        how = "" if stopped else f" (not cleanly: see {self.log})"
        print(f"stack stopped{how}")
        self.process = None


TICK = os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by each part of the stack (and by the load generator), from
    /proc: gunicorn, PostgreSQL, Redis, Celery, Locust — read at marks, so the
    report can say where the machine's two cores went, in the start burst and over
    the whole run."""

    LOCUST = "Locust (load generator)"

    def __init__(self, stack: Stack) -> None:
        self.web = f"127.0.0.1:{stack.port}"
        self.pg = "-p " + stack.database_url.rsplit(":", 1)[1].split("/")[0]
        self.redis = stack.redis_url.split("//")[1].split("/")[0]
        self.stack_pid = stack.process.pid
        self.marks: list[tuple[str, float, dict[str, float]]] = []

    @staticmethod
    def _processes() -> dict[int, tuple[int, str, float]]:
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            # utime + stime, plus cutime + cstime: the CPU of children it has
            # reaped (PostgreSQL's backends end when a persistent connection is
            # renewed, gunicorn's workers when restarted) stays counted.
            cpu = sum(int(f) for f in fields[11:15]) / TICK
            command = cmdline.decode(errors="replace")
            found[int(entry.name)] = (int(fields[1]), command, cpu)
        return found

    def _part(self, pid: int, procs: dict) -> str:
        seen = set()
        while pid in procs and pid not in seen:
            seen.add(pid)
            ppid, cmdline, _cpu = procs[pid]
            if "locust" in cmdline:
                return CpuMeter.LOCUST
            if "gunicorn" in cmdline and self.web in cmdline:
                return "gunicorn (web)"
            if "postgres" in cmdline and self.pg in cmdline:
                return "PostgreSQL"
            if "redis-server" in cmdline and self.redis in cmdline:
                return "Redis"
            if "celery" in cmdline and pid != self.stack_pid:
                return "Celery worker and beat"
            pid = ppid
        return ""

    def mark(self, name: str) -> None:
        procs = self._processes()
        parts: dict[str, float] = {}
        for pid, (_ppid, _cmdline, cpu) in procs.items():
            part = self._part(pid, procs)
            if part:
                parts[part] = parts.get(part, 0.0) + cpu
        self.marks.append((name, time.monotonic(), parts))

    def report(self) -> None:
        """CPU seconds per part between consecutive marks, and cores used."""
        for (a, t_a, before), (b, t_b, after) in zip(
            self.marks, self.marks[1:], strict=False
        ):
            wall = t_b - t_a
            print(f"CPU from {a} to {b} ({wall:.0f} s wall, {os.cpu_count()} cores):")
            for part in sorted(after, key=lambda k: -(after[k] - before.get(k, 0))):
                used = after[part] - before.get(part, 0.0)
                print(f"  {part:<26} {used:8.1f} s  {used / wall:5.2f} cores")


def _django(stack: Stack) -> None:
    """This process talks to the stack's database and cache like one of its workers."""
    os.environ.update(stack.django_env())
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(args, stack: Stack, *, window: float, walk: float) -> dict:
    _django(stack)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from accounts.roles import RESIDENTS, STAFF

    User = get_user_model()
    t0 = time.perf_counter()

    def sessions(prefix: str, count: int, group: str, **fields) -> list[str]:
        role = Group.objects.get(name=group)
        with transaction.atomic():
            users = [
                User.objects.create_user(f"{prefix}{i:04d}", password=None, **fields)
                for i in range(count)
            ]
            role.user_set.add(*users)
        keys = []
        for user in users:
            client = Client()
            client.force_login(user)
            keys.append(client.cookies["sessionid"].value)
        return keys

    plan = {
        "people": [],
        "residents": [],
        "people_count": args.people,
        "residents_count": args.residents,
    }
    warm = {"people": [], "residents": []}  # warm-up accounts, not in the plan
    if args.people:
        # Staff tests count towards grades: staff take them (the audience default).
        test = _make_test(args.questions, window)
        plan["people"] = sessions("loadstaff", args.people, STAFF)
        warm["people"] = sessions("loadstaffwarm", WARM_PEOPLE, STAFF)
        plan["test"] = {
            "intro": reverse("assessments:intro", args=[test.slug]),
            "questions": args.questions,
            "think_min": args.think_min,
            "think_max": args.think_max,
            "hand_in_within": args.hand_in_within,
            "window": window,
            "start_at": args.test_start,
            "ramp": args.ramp,
            "test_id": test.pk,
        }
    if args.residents:
        plan["residents"] = sessions(
            "loadresident", args.residents, RESIDENTS, elder_mode=True
        )
        warm["residents"] = sessions(
            "loadresidentwarm", WARM_RESIDENTS, RESIDENTS, elder_mode=True
        )
        plan["lessons"] = _lessons(
            args, walk, User.objects.filter(username__startswith="loadresident")
        )
    print(
        f"prepared {args.people} staff, {args.residents} residents "
        f"in {time.perf_counter() - t0:.1f}s",
        flush=True,
    )
    return plan, warm


def _make_test(questions: int, window: float):
    from _django import add_questions

    from assessments import services
    from assessments.models import SkillTest

    category = services.category_ensure(path="Load test")
    test = SkillTest.objects.create(
        slug=f"load-test-{secrets.token_hex(3)}",
        title="Load test",
        audience="staff",
        # Longer than the run: the deadline must not cut anybody off.
        time_limit_minutes=math.ceil(window / 60) + 10,
        grace_seconds=120,
        shuffle_answers=True,
    )
    add_questions(test, questions, category)
    return test


def _lessons(args, walk: float, users) -> dict:
    """The demo course for residents, its guided lessons, everyone enrolled."""
    from training import services
    from training.models import CoursePage, LessonPage

    course = CoursePage.objects.live().filter(audience="residents").first()
    if course is None:
        raise SystemExit("FAILED: the demo data has no course for residents")
    lessons = [
        {
            "id": lesson.pk,
            "steps": [{"type": s["type"], "id": s["id"]} for s in lesson.body.raw_data],
        }
        for lesson in LessonPage.objects.live().child_of(course).order_by("path")
        if lesson.step_count
    ]
    if not lessons:
        raise SystemExit("FAILED: the residents' course has no guided lessons")
    for user in users:
        services.enrolment_create(user=user, course=course)
    return {
        "course_url": course.url,
        "lessons": lessons,
        "ramp": args.resident_ramp,
        "think_min": args.lesson_think_min,
        "think_max": args.lesson_think_max,
        "walk_seconds": walk,
    }


def warm_up(stack: Stack, plan: dict, warm: dict) -> None:
    """Every request kind, in every worker, before the crowd, not measured: a site
    that has been up has its workers' templates, translations and per-process caches
    warm. Separate warm-up accounts play the same Locust scenario at once, without
    thinking (intro, start, every question with its autosave, review, hand-in,
    result; a resident's course page and lesson steps for a few seconds), so all the
    sync workers get some of each kind. The workers themselves are forked from a
    preloaded app (stack.sh)."""
    quick = {"start_at": 0, "ramp": 0, "think_min": 0, "think_max": 0}
    warm_plan = {
        "people": warm["people"],
        "residents": warm["residents"],
        "people_count": len(warm["people"]),
        "residents_count": len(warm["residents"]),
    }
    if warm["people"]:
        warm_plan["test"] = dict(plan["test"], **quick, hand_in_within=0, window=0)
    if warm["residents"]:
        warm_plan["lessons"] = dict(plan["lessons"], **quick, walk_seconds=5)
    t0 = time.perf_counter()
    result, _wall = run_locust(stack, warm_plan, budget=120, name="warm-up")
    failures = {**result["failures"], **dict.fromkeys(result["locust_errors"], 1)}
    if failures or len(result["handed_in"]) < len(warm["people"]):
        raise SystemExit(f"FAILED: the warm-up went wrong: {failures}")
    print(
        f"warmed up in {time.perf_counter() - t0:.1f}s by {len(warm['people'])} "
        f"staff and {len(warm['residents'])} residents walking every page kind "
        "(not measured)",
        flush=True,
    )


def run_locust(
    stack: Stack, plan: dict, *, budget: float, name: str, burst: float | None = None
):
    """Locust, headless in its own process, plays ``plan``; returns its result and
    the wall time. With ``burst`` (seconds), the CPU each part of the stack used is
    printed for the first ``burst`` seconds and for the rest; without, the run is
    a quiet one (its output goes to a log file: the warm-up)."""
    work = stack.tmp
    plan_file, result_file = work / f"{name}-plan.json", work / f"{name}-result.json"
    plan_file.write_text(json.dumps(plan))
    users = plan["people_count"] + plan["residents_count"]
    classes = (["TestTaker"] if plan["people_count"] else []) + (
        ["Resident"] if plan["residents_count"] else []
    )
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(BENCH / "locust_load.py"),
        "--headless",
        "--only-summary",
        "--host",
        f"http://127.0.0.1:{stack.port}",
        "-u",
        str(users),
        "-r",
        # Everyone is spawned within 2 s; each person then waits for their own
        # arrival moment (locust_load.py), so the arrivals do not depend on the
        # order in which Locust spawns the two kinds of user.
        str(max(1.0, users / 2)),
        "--run-time",
        f"{int(budget)}s",
        "--stop-timeout",
        "5",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = dict(os.environ, LOAD_PLAN=str(plan_file), LOAD_RESULT=str(result_file))
    output = None
    if burst is None:
        output = open(work / f"{name}-locust.log", "w")  # noqa: SIM115
    else:
        print(
            f"locust: {users} users ({', '.join(classes)}), bounded to {int(budget)}s"
        )
    meter = CpuMeter(stack) if burst is not None else None
    if meter:
        meter.mark("the start")
    t0 = time.perf_counter()
    locust = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=output, stderr=output
    )
    try:
        if meter:
            try:
                locust.wait(timeout=burst)
            except subprocess.TimeoutExpired:
                meter.mark(f"{burst:.0f} s in")
        locust.wait(timeout=max(1.0, budget + 120 - (time.perf_counter() - t0)))
    except subprocess.TimeoutExpired:
        locust.kill()
        locust.wait()
        print(f"locust ({name}) did not stop by itself within its budget; killed")
    wall = time.perf_counter() - t0
    if meter:
        meter.mark("the end")
    if output is not None:
        output.close()
    if not result_file.exists():
        raise SystemExit(f"FAILED: Locust wrote no result for the {name} run")
    result = json.loads(result_file.read_text())
    if meter:
        # Locust has exited by the last mark: its own total comes from its result.
        meter.marks[-1][2][CpuMeter.LOCUST] = result.get("cpu_seconds", 0.0)
        meter.report()
    return result, wall


def check_answers(result: dict):
    """Every acknowledged answer must be in the graded attempt."""
    from django.http import QueryDict

    from assessments import services
    from assessments.models import Attempt, AttemptAnswer, AttemptState
    from assessments.responses import response_from_form
    from assessments.views import Prefixed

    ids = [int(a) for a in result["acked"]]
    attempts = {a.pk: a for a in Attempt.objects.filter(pk__in=ids)}
    stored = {
        (a, p): (r, v)
        for a, p, r, v in AttemptAnswer.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "position", "response", "version_id"
        )
    }
    lost = checked = 0
    not_graded = 0
    for attempt_id, answers in result["acked"].items():
        attempt = attempts.get(int(attempt_id))
        graded = attempt is not None and attempt.state == AttemptState.GRADED
        not_graded += not graded
        for position, value in answers.items():
            checked += 1
            position = int(position)
            response, version_id = stored.get((int(attempt_id), position), (None, None))
            if not graded or version_id is None:
                lost += 1
                continue
            spec = services.spec_for_version(version_id)
            form = QueryDict(mutable=True)
            form[f"q{position}-answer"] = value
            expected = response_from_form(
                spec, attempt.layout[position], Prefixed(form, f"q{position}-")
            )
            lost += response != expected
    graded = sum(a.state == AttemptState.GRADED for a in attempts.values())
    return lost, checked, graded, not_graded


def report(args, stack, result, *, wall, lost, checked, graded, not_graded, loads):
    kinds = result["kinds"]
    print()
    print(
        f"stack: {stack.gunicorn_workers}; PostgreSQL + Redis on loopback; "
        f"wall {wall:.0f}s"
    )
    if args.people:
        starts = result["moments"].get("start", [0, 0])
        submits = result["moments"].get("submit", [0, 0])
        print(
            f"test takers: {args.people}, {args.questions} questions, think "
            f"{args.think_min:g}–{args.think_max:g}s; started between "
            f"{starts[0]:.1f}s and {starts[1]:.1f}s; handed in between "
            f"{submits[0]:.0f}s and {submits[1]:.0f}s"
        )
    if args.residents:
        print(
            f"residents (elder mode): {args.residents}, think "
            f"{args.lesson_think_min:g}–{args.lesson_think_max:g}s per step; "
            f"{result['residents_walked']} walked {result['steps_walked']} steps"
        )
    print(f"{'request kind':<26} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    slow = []
    for name, k in sorted(kinds.items()):
        mark = ""
        if k["p95"] >= P95_AIM_MS:
            slow.append(name)
            mark = "  ✘ p95 ≥ 1 s"
        figures = f"{k['p50']:8.0f} {k['p95']:8.0f} {k['max']:8.0f}"
        print(f"{name:<26} {k['n']:6d} {figures}{mark}")
    failures = dict(result["failures"])
    for text in result.get("locust_errors", []):
        failures[f"locust: {text}"] = 1
    errors = sum(failures.values())
    if args.people:
        print(
            f"attempts handed in: {len(result['handed_in'])} of {args.people}, "
            f"graded: {graded}; answers acknowledged: {checked}; lost answers: {lost}"
            + (f" ({not_graded} attempts not graded)" if not_graded else "")
        )
    print(f"errors: {errors}")
    for text, count in sorted(failures.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {count} × {text}")
    print(
        f"load average before {loads[0][0]:.1f}, after {loads[1][0]:.1f} "
        f"(1 min; {os.cpu_count()} CPUs shared with other work)"
    )
    requests_ok = sum(k["n"] for k in kinds.values())
    if (
        requests_ok == 0
        or (args.people and checked == 0)
        or (args.residents and result["steps_walked"] == 0)
    ):
        print("FAILED: measured nothing (no request, acknowledged answer or step)")
        return 2
    problems = []
    if errors:
        problems.append(f"{errors} errors")
    if lost:
        problems.append(f"{lost} lost answers")
    if args.people and len(result["handed_in"]) < args.people:
        problems.append(f"{args.people - len(result['handed_in'])} did not hand in")
    if args.residents and result["residents_walked"] < args.residents:
        problems.append(
            f"{args.residents - result['residents_walked']} residents walked no step"
        )
    if slow:
        problems.append(f"p95 ≥ 1 s for {', '.join(slow)}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: zero errors, zero lost answers, p95 < 1 s for every request kind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
