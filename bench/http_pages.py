"""Server CPU per request for the pages people use, through gunicorn with the production
settings, against a bare Django view served the same way in the same run.

Run: .venv/bin/python bench/http_pages.py [--n 200] [--workers 2] [--keep-db]

It seeds the demo data into a throwaway SQLite file (kept for the next run with
--keep-db), starts its own Redis and gunicorn (sync workers, DEBUG off, production
settings with TLS-only parts switched off for loopback) on free ports, and requests
each page --n times after a warm-up. The figure is the CPU time the gunicorn workers
spent (utime + stime from /proc), divided by the requests — what the server pays,
whatever the client costs. Prints a table of ms per request and the ratio to the bare
view. Exits non-zero if any request failed or nothing was measured.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TICK = os.sysconf("SC_CLK_TCK")
ROUNDS = 10  # interleaved measuring rounds (see measure)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port}")


def workers_cpu(master: int) -> float:
    """Seconds of CPU used so far by the gunicorn master's worker processes.

    From each thread's ``/proc/<pid>/task/<tid>/schedstat`` (time on a CPU, in
    nanoseconds), not from ``/proc/<pid>/stat``'s utime and stime: those count
    clock ticks of 10 ms, and one measuring share of a bare view (30 requests, about
    40 ms) would then be off by up to a tick per worker — up to half of it — which
    made the bare view, the denominator of every ratio, read anywhere from 1.2 to
    2.2 ms between runs. (Ticks are kept as the fallback where schedstat is missing.)"""
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        try:
            total += sum(
                int((task / "schedstat").read_text().split()[0]) / 1e9
                for task in Path(f"/proc/{pid}/task").iterdir()
            )
        except (FileNotFoundError, ProcessLookupError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.gettempdir())
    db_path = tmp / "digiladder_http_pages.sqlite3"
    media = tmp / "digiladder_http_pages_media"
    static = tmp / "digiladder_http_pages_static"
    redis_port, web_port = free_port(), free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="http_settings",
        PYTHONPATH=f"{ROOT}:{BENCH}",
        DATABASE_URL=f"sqlite:///{db_path}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{web_port}",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_COOKIES_SECURE="false",
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_STATIC_ROOT=str(static),
    )
    env.pop("CELERY_BROKER_URL", None)  # tasks eager, as in `make run`
    redis = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    server = None
    try:
        wait_for(redis_port)
        os.environ.update(env)
        sys.path[:0] = [str(ROOT), str(BENCH)]
        import django

        django.setup()
        from django.core.management import call_command

        if not (args.keep_db and db_path.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            shutil.rmtree(media, ignore_errors=True)
            call_command("migrate", verbosity=0)
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("collectstatic", "--noinput", verbosity=0)
        pages, cookies = prepare()
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi:application",
                "-c",
                "config/gunicorn.conf.py",  # as make stack runs it
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--preload",  # as make stack runs it
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_for(web_port)
        settle(server.pid)
        measure(web_port, server.pid, pages, cookies, args.n)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=10)


def prepare():
    """The pages to measure, and a session cookie for each kind of visitor."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.roles import STAFF
    from assessments import services as tests
    from assessments.models import SkillTest
    from cms.models import StandardPage
    from training.models import CourseIndexPage, CoursePage, LessonPage

    User = get_user_model()
    catalogue = CourseIndexPage.objects.live().first()
    course = CoursePage.objects.live().filter(audience="residents").first() or (
        CoursePage.objects.live().first()
    )
    lesson = LessonPage.objects.live().child_of(course).first()
    about = StandardPage.objects.live().first()

    def session_of(username: str, **fields) -> str:
        user = User.objects.get(username=username)
        for name, value in fields.items():
            setattr(user, name, value)
        user.save()
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    resident = session_of("resident", elder_mode=True)
    # A staff member of its own per run: with --keep-db the demo's "staff" may have
    # used up the test's attempts in earlier runs.
    staff_user = User.objects.create_user(
        f"benchstaff-{secrets.token_hex(4)}", password=None
    )
    staff_user.groups.add(Group.objects.get(name=STAFF))
    staff = session_of(staff_user.username)
    test = SkillTest.objects.filter(audience="staff").first()
    attempt = tests.attempt_start(user=staff_user, test=test)
    # The first choice question (the demo test draws some questions at random, so
    # question 1 may be of a kind without choices to post).
    position = next(
        (
            i
            for i, entry in enumerate(attempt.layout)
            if entry["kind"] in ("truefalse", "multichoice")
        ),
        0,
    )
    question = f"/tests/attempt/{attempt.pk}/q/{position + 1}/"
    autosave = {"form": question, "position": str(position)}
    pages = [
        ("bare view", "/__bare__/", None),
        ("home (anonymous)", "/", None),
        ("catalogue (anonymous)", catalogue.url, None),
        ("course (anonymous)", course.url, None),
        ("about (anonymous)", about.url if about else "/", None),
        (
            "guided step (resident, elder)",
            f"/learn/lesson/{lesson.pk}/step/1/",
            resident,
        ),
        ("course (resident, elder)", course.url, resident),
        ("catalogue (resident, elder)", catalogue.url, resident),
        ("tests list (staff)", "/tests/", staff),
        ("test intro (staff)", f"/tests/{test.slug}/", staff),
        ("test question (staff)", question, staff),
        ("bare view (POST, staff)", "/__bare__/", staff, autosave),
        ("autosave (staff)", f"/tests/attempt/{attempt.pk}/save/", staff, autosave),
    ]
    return pages, {"resident": resident, "staff": staff}


def settle(master: int, timeout: float = 120) -> None:
    """Wait until the workers have booted and sit idle, so no start-up work is
    counted against the first page measured."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        before = workers_cpu(master)
        time.sleep(1)
        if children and workers_cpu(master) - before < 0.02:
            return
    raise SystemExit("FAILED: the gunicorn workers never went idle")


def once(http, full: str, data: dict | None, timeout: float):
    """One GET, or one POST of ``data`` as the page's script sends it."""
    if data is None:
        return http.get(full, timeout=timeout, allow_redirects=False)
    return http.post(
        full,
        data=data,
        headers={"X-CSRFToken": data["csrfmiddlewaretoken"], "Referer": full},
        timeout=timeout,
        allow_redirects=False,
    )


def form_data(http, port: int, post: dict) -> dict:
    """What the question page's script posts on each answer: the CSRF token and the
    first choice of question ``position``."""
    import re

    page = http.get(f"http://127.0.0.1:{port}{post['form']}", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    position = post["position"]
    choice = re.search(rf'name="q{position}-answer" value="([^"]*)"', page)
    if not (token and choice):
        raise SystemExit(f"FAILED: no form on {post['form']}")
    return {
        "csrfmiddlewaretoken": token.group(1),
        "position": position,
        f"q{position}-answer": choice.group(1),
    }


def measure(port: int, master: int, pages, cookies, n: int) -> None:
    import requests

    failures = 0
    rows = []
    prepared = []
    for label, url, session, *post in pages:
        http = requests.Session()
        if session:
            http.cookies.set("sessionid", session, domain="127.0.0.1")
        full = f"http://127.0.0.1:{port}{url}"
        data = form_data(http, port, post[0]) if post else None
        prepared.append((label, url, http, full, data))
    # Warm-up of every page before any is measured: imports, translation catalogues,
    # template and rendition caches, in every worker (a sync worker takes whichever
    # connection it wins, so one worker may see none of a page's first requests; its
    # cold start would then be charged to whatever page comes next).
    for _ in range(40):
        for label, url, http, full, data in prepared:
            try:
                once(http, full, data, 60)
            except requests.RequestException as exc:
                failed = f"FAILED: {label} ({url}) did not answer: {exc}"
                raise SystemExit(failed) from exc
    settle(master)
    # Interleaved rounds: this VM's speed drifts within a run (other guests), and
    # measuring page after page would charge the drift to whichever page came last.
    # Each round measures every page n / rounds times; the sums are per page.
    rounds = max(1, min(ROUNDS, n))
    cpu_sum = [0.0] * len(prepared)
    wall_sum = [0.0] * len(prepared)
    oks = [0] * len(prepared)
    for round_number in range(rounds):
        share = n // rounds + (1 if round_number < n % rounds else 0)
        for index, (_label, url, http, full, data) in enumerate(prepared):
            before, t0 = workers_cpu(master), time.perf_counter()
            for _ in range(share):
                response = once(http, full, data, 30)
                oks[index] += response.status_code == 200 and (
                    "/save/" not in url or response.json().get("saved") is True
                )
            cpu_sum[index] += workers_cpu(master) - before
            wall_sum[index] += time.perf_counter() - t0
    for index, (label, url, *_rest) in enumerate(prepared):
        failures += n - oks[index]
        rows.append(
            (
                label,
                url,
                cpu_sum[index] / n * 1000,
                wall_sum[index] / n * 1000,
                oks[index],
            )
        )
    bare = rows[0][2]
    print(f"{'page':<32} {'server CPU ms/req':>18} {'ratio':>7} {'wall ms':>8}  ok")
    for label, _url, cpu_ms, wall_ms, ok in rows:
        ratio = cpu_ms / bare if bare else float("nan")
        print(f"{label:<32} {cpu_ms:18.2f} {ratio:6.1f}× {wall_ms:8.2f}  {ok}/{n}")
    if failures or not bare:
        raise SystemExit(f"FAILED: {failures} requests did not answer 200")


if __name__ == "__main__":
    main()
