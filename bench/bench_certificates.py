"""Certificate PDF rendering and the public verification page, against baselines
measured in the same process.

Run: .venv/bin/python bench/bench_certificates.py [--n 20] [--pages 200]
     .venv/bin/python bench/bench_certificates.py --batch 500

1. Median time to render one certificate PDF (template, QR code, images, WeasyPrint
   through cms.pdf) against WeasyPrint rendering a one-line page with the same fonts
   (same cms.pdf machinery, same FontConfiguration). Aim: ratio <= 1.5x.
2. Median time of /verify/<code>/ (anonymous, full middleware stack, rate limiter,
   lookup, template) against a bare Django view and against a bare view inside the
   site shell, through Django's test client. Aim: ratio <= 2x. Also a guest page
   answered from cms.pagecache: the floor for a cached verification page.

3. ``--batch N``: N certificates rendered by a real Celery worker
   (``celery -A config worker --concurrency 2``, prefork) fed through Redis, against
   PostgreSQL: wall time from queueing the first task until every PDF is stored, and
   PDFs per second. Without CELERY_BROKER_URL it starts its own PostgreSQL and Redis
   with scripts/services.sh (and stops them). Exits non-zero, loudly, unless every
   certificate got its PDF.

Uses a throwaway SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _django import ROOT, setup


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def build():
    from django.contrib.auth import get_user_model

    from certificates import services

    User = get_user_model()
    hr = User.objects.create_superuser("bench-hr", password="x-bench-123456")
    holder = User.objects.create_user(
        "bench-holder", password="x-bench-123456", display_name="龚䶮𠮷𪚥"
    )
    cert_type = bench_type("bench")
    return services.certificate_issue_by_hand(
        actor=hr, holder=holder, cert_type=cert_type, reason="bench"
    )


def bench_type(slug: str):
    """The certificate type both benchmarks print: a Chinese name, issuer and
    signatory, as a real community's."""
    from certificates.models import CertificateType, Issuer

    issuer = Issuer.objects.create(name="数字阶梯社区服务中心", name_en="Centre")
    return CertificateType.objects.create(
        slug=slug,
        name="防范电信诈骗（初级）",
        name_en="Fraud prevention (junior)",
        level=1,
        validity_months=24,
        issuer=issuer,
        signatory_name="刘主任",
        signatory_title="社区主任",
    )


def run_under_services(argv: list[str]) -> int:
    """Re-run this script between services_start and services_stop."""
    argv = [str(Path(argv[0]).resolve()), *argv[1:]]
    command = " ".join(shlex.quote(a) for a in [sys.executable, *argv])
    script = (
        "source scripts/services.sh; services_start || exit 1; "
        f"{command}; rc=$?; services_stop; exit $rc"
    )
    return subprocess.call(["bash", "-c", script], cwd=ROOT)  # noqa: S603,S607


def batch(n: int, timeout: float) -> None:
    """N certificates rendered by a real two-process Celery worker."""
    media = tempfile.mkdtemp(prefix="digiladder-bench-media-")
    os.environ["DJANGO_MEDIA_ROOT"] = media
    db = setup("bench_certificates_batch")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from certificates import services
    from certificates.models import Certificate
    from certificates.tasks import render_pdf
    from config.celery import app

    # Issuing queues a render after commit: let it go to the broker (purged below)
    # instead of rendering in this process.
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    User = get_user_model()
    hr = User.objects.create_superuser("batch-hr", password="x-bench-123456")
    cert_type = bench_type("batch")
    t_issue = time.perf_counter()
    ids = []
    for i in range(n):
        # one in ten has a rare-character name (HanaMin subset as well)
        name = f"张{'𪚥' if i % 10 == 0 else '小'}{i}"
        holder = User.objects.create_user(
            f"batch-{i}", password="x-bench-123456", display_name=name
        )
        ids.append(
            services.certificate_issue_by_hand(
                actor=hr, holder=holder, cert_type=cert_type, reason="bench"
            ).pk
        )
    issue_s = time.perf_counter() - t_issue
    app.control.purge()  # the renders queued while issuing: we time our own
    assert not Certificate.objects.filter(pk__in=ids).exclude(pdf="").exists()

    node = f"bench-{os.getpid()}@%h"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    log_path = Path(media) / "worker.log"
    worker = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "worker",
            "--concurrency",
            "2",
            "-P",
            "prefork",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "-n",
            node,
        ],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    connection.close()
    try:
        deadline = time.monotonic() + 120
        while not app.control.ping(timeout=1.0):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"FAILED: the Celery worker did not start:\n{log_path.read_text()}"
                )
        started_at = timezone.now()
        t0 = time.perf_counter()
        for pk in ids:
            render_pdf.delay(pk)
        done = 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = (
                Certificate.objects.filter(pk__in=ids, pdf_rendered_at__gte=started_at)
                .exclude(pdf="")
                .count()
            )
            if done == n or worker.poll() is not None:
                break
            time.sleep(0.2)
        wall = time.perf_counter() - t0
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    failed = list(
        Certificate.objects.filter(pk__in=ids)
        .exclude(pdf_error="")
        .values_list("serial", "pdf_error")[:5]
    )
    sizes = [
        os.path.getsize(Path(media) / name)
        for name in Certificate.objects.filter(pk__in=ids)
        .exclude(pdf="")
        .values_list("pdf", flat=True)
    ]
    print(f"database: {db.split('@')[-1]}  broker: {os.environ['CELERY_BROKER_URL']}")
    print(f"issued {n} certificates in {issue_s:.1f} s (not timed below)")
    print(
        f"batch of {n} PDFs by a Celery worker (prefork, 2 processes): "
        f"wall {wall:.1f} s, {done / wall:.2f} PDFs/s, rendered {done}/{n}, "
        f"median size {statistics.median(sizes) / 1024 if sizes else 0:.0f} KiB"
    )
    import shutil

    shutil.rmtree(media, ignore_errors=True)
    if done != n:
        raise SystemExit(
            f"FAILED: only {done} of {n} certificates got a PDF within {timeout:.0f} s;"
            f" errors: {failed}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20, help="PDF renders per side")
    parser.add_argument("--pages", type=int, default=200, help="page requests each")
    parser.add_argument(
        "--batch", type=int, default=0, help="render this many by a Celery worker"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="batch limit (s)")
    args = parser.parse_args()
    if args.batch:
        if not os.environ.get("CELERY_BROKER_URL"):
            raise SystemExit(run_under_services(sys.argv))
        batch(args.batch, args.timeout)
        return
    db = setup("bench_certificates")
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404s we ask for

    from django.conf import settings
    from django.http import HttpResponse
    from django.template import engines
    from django.test import Client, override_settings
    from django.urls import include, path
    from django.views.decorators.cache import never_cache

    from certificates.documents import certificate_pdf
    from cms.pdf import pdf_context, render_pdf

    settings.CERTIFICATES_VERIFY_PER_MINUTE = 10**9
    certificate = build()

    one_line = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4 landscape; margin: 0 } "
        f"{pdf_context()['pdf_base_css']}</style></head>"
        f"<body class='serif'><p>{certificate.holder_name} 证书 Certificate</p>"
        "</body></html>"
    )
    certificate_pdf(certificate)  # warm up: fonts, template
    render_pdf(one_line)
    pdf_samples: dict[str, list[float]] = {"one-line page": [], "certificate": []}
    for _ in range(args.n):  # interleaved so noise hits both alike
        pdf_samples["one-line page"] += timed(lambda: render_pdf(one_line), 1)
        pdf_samples["certificate"] += timed(lambda: certificate_pdf(certificate), 1)

    def bare_view(request):
        return HttpResponse("ok")

    shell = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}x{% endblock %}'
        "{% block content %}<h1>x</h1>{% endblock %}"
    )

    @never_cache  # like the verification page: never served from the page cache
    def shell_view(request):
        return HttpResponse(shell.render({}, request))

    urlconf = type(
        "BenchUrls",
        (),
        {
            "urlpatterns": [
                path("bench/bare/", bare_view),
                path("bench/shell/", shell_view),
                path("", include("config.urls")),
            ]
        },
    )
    client = Client()
    targets = {
        "bare Django view": "/bench/bare/",
        "bare view + site shell": "/bench/shell/",
        "verification page": f"/verify/{certificate.code}/",
        "unknown code (404)": "/verify/ZZZZ2345EFGH6789JKMN/",
    }
    with override_settings(ROOT_URLCONF=urlconf, DEBUG=False):
        for url in targets.values():
            client.get(url)
        # What serving /verify/ from a whole-page cache could cost at best: a guest
        # page answered by cms.pagecache (one cache read before sessions/routing).
        client.get("/")
        if client.get("/").get("X-Page-Cache") == "hit":
            targets["guest page, page-cache hit"] = "/"
        page_samples: dict[str, list[float]] = {label: [] for label in targets}
        for _ in range(args.pages):
            for label, url in targets.items():
                page_samples[label] += timed(lambda url=url: client.get(url), 1)

    print(f"database: {db.split('@')[-1]}")
    base = median_ms(pdf_samples["one-line page"])
    cert = median_ms(pdf_samples["certificate"])
    print(f"{'one-line page (WeasyPrint)':<28}median {base:8.1f} ms  (n={args.n})")
    print(
        f"{'certificate PDF':<28}median {cert:8.1f} ms  (n={args.n})  "
        f"ratio {cert / base:5.2f}x  (aim <= 1.5x)"
    )
    bare = median_ms(page_samples["bare Django view"])
    print(f"{'bare Django view':<28}median {bare:8.2f} ms  (n={args.pages})")
    for label in [label for label in targets if label != "bare Django view"]:
        m = median_ms(page_samples[label])
        print(
            f"{label:<28}median {m:8.2f} ms  (n={args.pages})  ratio {m / bare:5.2f}x"
        )
    print("aim: verification page <= 2x the bare view")


if __name__ == "__main__":
    main()
