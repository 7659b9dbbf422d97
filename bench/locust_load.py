"""Locust scenarios for bench/load_attempts.py and bench/load_lessons.py.

Not run on its own: the two scripts start the production stack, prepare the people and
hand this file a plan (LOAD_PLAN, a JSON file); Locust runs it headless in its own
process (gevent stays out of the app) and this file writes what it saw to LOAD_RESULT.

Everyone is spawned at once and waits for their own arrival moment (the plan's
"start_at" and "ramp"), so arrivals do not depend on Locust's spawn order.
TestTaker (Moodle's quiz load model): starts the test (all people within the ramp),
opens each question, thinks, answers (one autosave per answer, as the page's script
does), and hands in at a random moment in the last minute of the test window.
Resident: a resident in elder mode walks the guided lessons of a course step by step,
thinking between steps, until the walking time is over.

Every request is named by its kind; exact response times per kind, failures with their
reason, each answer the server acknowledged and each attempt handed in go to the result.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import time
from collections import Counter, defaultdict

import gevent
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser
from requests.cookies import create_cookie

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115
TIMES: dict[str, list[float]] = defaultdict(list)
FAILURES: Counter = Counter()
ACKED: dict[str, dict[str, str]] = {}  # attempt id -> position -> acknowledged value
HANDED_IN: list[int] = []
MOMENTS: dict[str, list[float]] = defaultdict(list)  # "start"/"submit" -> seconds in
STEPS_WALKED = Counter()
CLOCK = {"t0": 0.0, "finished": 0, "expected": 0}

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMIT_TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
ANSWER = re.compile(r'name="q(\d+)-answer" value="([^"]*)"')


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, **_kw):
    TIMES[name].append(response_time)
    if exception is not None:
        FAILURES[f"{name}: {str(exception)[:120]}"] += 1


@events.test_start.add_listener
def _start(environment, **_kw):
    CLOCK["t0"] = time.monotonic()
    CLOCK["expected"] = PLAN["people_count"] + PLAN["residents_count"]


@events.quitting.add_listener
def _write(environment, **_kw):
    def pct(values, q):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    kinds = {
        name: {
            "n": len(values),
            "p50": pct(values, 0.50),
            "p95": pct(values, 0.95),
            "max": max(values),
        }
        for name, values in TIMES.items()
        if values
    }
    result = {
        "kinds": kinds,
        "failures": dict(FAILURES),
        "acked": ACKED,
        "handed_in": HANDED_IN,
        "moments": {k: [min(v), max(v)] for k, v in MOMENTS.items() if v},
        "steps_walked": sum(STEPS_WALKED.values()),
        "residents_walked": len(STEPS_WALKED),
        "finished": CLOCK["finished"],
        # The load generator's own CPU (it shares the machine with the server).
        "cpu_seconds": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
        # Errors Locust saw outside the requests (a failed request is already in
        # FAILURES through the request event: not counted twice).
        "locust_errors": [
            f"{e.error!r} ×{e.occurrences}"
            for e in (environment.runner.errors.values() if environment.runner else [])
            if "CatchResponseError" not in repr(e.error)
        ],
    }
    with open(os.environ["LOAD_RESULT"], "w") as out:
        json.dump(result, out)


def _finished(user) -> None:
    """A person is done; when everyone is, the run ends by itself."""
    CLOCK["finished"] += 1
    if CLOCK["finished"] >= CLOCK["expected"]:
        gevent.spawn_later(0.5, user.environment.runner.quit)


class Person(FastHttpUser):
    """FastHttpUser (geventhttpclient): the load generator shares the machine's two
    cores with the server, and costs several times less CPU per request than the
    requests-based HttpUser; the people it plays would bring their own phones."""

    abstract = True
    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 60.0

    def on_start(self):
        self.client.cookiejar.set_cookie(
            create_cookie("sessionid", self.session_key(), domain="127.0.0.1")
        )
        self.token = ""

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def session_key(self) -> str:
        raise NotImplementedError

    def csrf(self, html: str) -> dict:
        found = TOKEN.search(html)
        if found:
            self.token = found.group(1)
        token = self.cookie("csrftoken") or self.token
        return {"csrfmiddlewaretoken": token}

    def get(self, url: str, name: str, expect=(200,)):
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
                raise StopUser
            return response

    def post(self, url: str, name: str, data: dict, expect=(302,)):
        token = data.get("csrfmiddlewaretoken", "")
        with self.client.post(
            url,
            data=data,
            name=name,
            headers={"X-CSRFToken": token, "Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
                raise StopUser
            return response

    def arrive(self, at: float, within: float) -> None:
        """Wait until a random moment in [at, at + within) from the beginning."""
        moment = at + random.uniform(0, within)  # noqa: S311 - not crypto
        gevent.sleep(max(0.0, moment - (time.monotonic() - CLOCK["t0"])))

    def think(self, low: float, high: float) -> None:
        gevent.sleep(random.uniform(low, high))  # noqa: S311 - not crypto

    @task
    def scenario(self):
        try:
            self.walk()
        except StopUser:
            pass
        except Exception as exc:  # a broken page or a dropped connection
            FAILURES[f"{type(self).__name__}: {type(exc).__name__}: {exc}"[:160]] += 1
        _finished(self)
        raise StopUser


_sessions = {"people": iter(PLAN["people"]), "residents": iter(PLAN["residents"])}


class TestTaker(Person):
    fixed_count = PLAN["people_count"]

    def session_key(self) -> str:
        return next(_sessions["people"])

    def walk(self) -> None:
        plan = PLAN["test"]
        self.arrive(plan["start_at"], plan["ramp"])
        intro_url = plan["intro"]
        page = self.get(intro_url, "test intro")
        MOMENTS["start"].append(time.monotonic() - CLOCK["t0"])
        started = self.post(intro_url, "start attempt", self.csrf(page.text))
        location = started.headers.get("Location", "")
        if "/attempt/" not in location:
            FAILURES[f"start attempt: went to {location!r}"] += 1
            return
        attempt = location.split("/attempt/")[1].split("/")[0]
        base = f"/tests/attempt/{attempt}"
        mine: dict[str, str] = {}
        ACKED[attempt] = mine
        for number in range(1, plan["questions"] + 1):
            page = self.get(f"{base}/q/{number}/", "question page")
            choices = [v for p, v in ANSWER.findall(page.text) if int(p) == number - 1]
            if not choices:
                FAILURES["question page: no answer choices"] += 1
                return
            data = self.csrf(page.text)
            self.think(plan["think_min"], plan["think_max"])
            value = random.choice(choices)  # noqa: S311
            data.update({"position": str(number - 1), f"q{number - 1}-answer": value})
            saved = self.post(f"{base}/save/", "autosave", data, expect=(200,))
            if saved.json().get("saved"):
                mine[str(number - 1)] = value
            else:
                FAILURES[f"autosave refused: {saved.text[:100]}"] += 1
        # Hand in at a random moment in the last minute of the window (or now, if
        # this person was slower than the window).
        window_end = plan["window"]
        moment = window_end - random.uniform(0, plan["hand_in_within"])  # noqa: S311
        gevent.sleep(max(0.0, moment - (time.monotonic() - CLOCK["t0"])))
        review = self.get(f"{base}/review/", "review page")
        found = SUBMIT_TOKEN.search(review.text)
        data = self.csrf(review.text)
        data["token"] = found.group(1) if found else ""
        MOMENTS["submit"].append(time.monotonic() - CLOCK["t0"])
        self.post(f"{base}/submit/", "hand in", data)
        HANDED_IN.append(int(attempt))
        self.get(f"{base}/result/", "result page")


class Resident(Person):
    fixed_count = PLAN["residents_count"]

    def session_key(self) -> str:
        return next(_sessions["residents"])

    def walk(self) -> None:
        plan = PLAN["lessons"]
        self.arrive(0.0, plan["ramp"])
        until = plan["walk_seconds"]
        me = id(self)
        self.get(plan["course_url"], "course page (elder)")
        lessons = plan["lessons"]
        index = random.randrange(len(lessons))  # noqa: S311 - spread over lessons
        while time.monotonic() - CLOCK["t0"] < until:
            lesson = lessons[index % len(lessons)]
            index += 1
            step_url = f"/learn/lesson/{lesson['id']}/step/"
            page = self.get(f"{step_url}1/", "guided step (elder)")
            for number, step in enumerate(lesson["steps"], start=1):
                self.think(plan["think_min"], plan["think_max"])
                if time.monotonic() - CLOCK["t0"] >= until:
                    return
                data = self.csrf(page.text)
                url = f"{step_url}{number}/"
                if step["type"] == "try_it":
                    self.post(url, "step practice", dict(data, action="found"))
                elif step["type"] == "knowledge_check":
                    self.post(
                        url,
                        "step practice",
                        dict(data, action="answer", **{f"answer-{step['id']}": "0"}),
                    )
                moved = self.post(url, "step next", dict(data, action="next"))
                STEPS_WALKED[me] += 1
                target = moved.headers.get("Location", "").split("#")[0]
                if number < len(lesson["steps"]):
                    page = self.get(target, "guided step (elder)")
                else:
                    self.get(target, "lesson finished (elder)")
