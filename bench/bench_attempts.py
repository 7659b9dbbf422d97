"""Median time of the answer-save and submit endpoints against a minimal Django POST.

Run: .venv/bin/python bench/bench_attempts.py [--saves N] [--submits N]

All three go through the same full stack in one process (Django's test client: every
middleware, the session, authentication, the URL resolver), so the ratio shows what
the assessments code adds on top of a bare POST view. Uses a throwaway SQLite file
unless DATABASE_URL is set (then that database, e.g. PostgreSQL). Goal: ratio <= 3.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _django import make_test, setup


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--submits", type=int, default=60)
    args = parser.parse_args()
    db = setup("bench_attempts")

    from django.contrib.auth import get_user_model
    from django.http import JsonResponse
    from django.test import Client, override_settings
    from django.urls import include, path, reverse
    from django.views.decorators.http import require_POST

    from assessments.models import Attempt

    @require_POST
    def minimal_post(request):
        return JsonResponse({"ok": True, "value": request.POST.get("value")})

    urlconf = type(
        "BenchUrls",
        (),
        {
            "urlpatterns": [
                path("bench/minimal-post/", minimal_post),
                path("", include("config.urls")),
            ]
        },
    )

    user = get_user_model().objects.create_user("bench-user", password="x")
    test = make_test(questions=10)
    client = Client()
    client.force_login(user)

    with override_settings(ROOT_URLCONF=urlconf, ALLOWED_HOSTS=["*"]):
        start_url = reverse("assessments:intro", args=[test.slug])

        def timed(fn, n):
            out = []
            for i in range(n):
                t0 = time.perf_counter()
                fn(i)
                out.append(time.perf_counter() - t0)
            return out

        # warm up every path once
        client.post("/bench/minimal-post/", {"value": "1"})
        client.post(start_url)
        attempt = Attempt.objects.get(user=user, state="in_progress")
        save_url = reverse("assessments:save", args=[attempt.pk])

        def minimal(i):
            r = client.post("/bench/minimal-post/", {"value": str(i)})
            assert r.status_code == 200

        def save(i):
            pos = i % 10
            value = "true" if attempt.layout[pos]["kind"] == "truefalse" else str(i % 3)
            r = client.post(save_url, {"position": str(pos), f"q{pos}-answer": value})
            assert r.status_code == 200, r.content

        baseline = timed(minimal, args.saves)
        saves = timed(save, args.saves)

        submits = []
        for _ in range(args.submits):
            a = Attempt.objects.get(user=user, state="in_progress")
            url = reverse("assessments:submit", args=[a.pk])
            t0 = time.perf_counter()
            r = client.post(url, {"token": a.submit_token})
            submits.append(time.perf_counter() - t0)
            assert r.status_code == 302
            client.post(start_url)  # next attempt (not timed)

    base = median_ms(baseline)
    print(f"database: {db.split('@')[-1]}")
    print(f"minimal Django POST   median {base:7.2f} ms  (n={len(baseline)})")
    for label, samples in (
        ("answer save (autosave)", saves),
        ("submit (grade 10 q.)", submits),
    ):
        m = median_ms(samples)
        print(
            f"{label:<22}median {m:7.2f} ms  (n={len(samples)})  ratio {m / base:5.2f}x"
        )


if __name__ == "__main__":
    main()
