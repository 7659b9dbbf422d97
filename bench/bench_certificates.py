"""Certificate PDF rendering and the public verification page, against baselines
measured in the same process.

Run: .venv/bin/python bench/bench_certificates.py [--n 20] [--pages 200]

1. Median time to render one certificate PDF (template, QR code, images, WeasyPrint
   through cms.pdf) against WeasyPrint rendering a one-line page with the same fonts
   (same cms.pdf machinery, same FontConfiguration). Aim: ratio <= 1.5x.
2. Median time of /verify/<code>/ (anonymous, full middleware stack, rate limiter,
   lookup, template) against a bare Django view and against a bare view inside the
   site shell, through Django's test client. Aim: ratio <= 2x.

Uses a throwaway SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _django import setup


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
    from certificates.models import CertificateType, Issuer

    User = get_user_model()
    hr = User.objects.create_superuser("bench-hr", password="x-bench-123456")
    holder = User.objects.create_user(
        "bench-holder", password="x-bench-123456", display_name="龚䶮𠮷𪚥"
    )
    issuer = Issuer.objects.create(name="数字阶梯社区服务中心", name_en="Centre")
    cert_type = CertificateType.objects.create(
        slug="bench",
        name="防范电信诈骗（初级）",
        name_en="Fraud prevention (junior)",
        level=1,
        validity_months=24,
        issuer=issuer,
        signatory_name="刘主任",
        signatory_title="社区主任",
    )
    return services.certificate_issue_by_hand(
        actor=hr, holder=holder, cert_type=cert_type, reason="bench"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20, help="PDF renders per side")
    parser.add_argument("--pages", type=int, default=200, help="page requests each")
    args = parser.parse_args()
    db = setup("bench_certificates")

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
    for label in ("bare view + site shell", "verification page", "unknown code (404)"):
        m = median_ms(page_samples[label])
        print(
            f"{label:<28}median {m:8.2f} ms  (n={args.pages})  ratio {m / bare:5.2f}x"
        )
    print("aim: verification page <= 2x the bare view")


if __name__ == "__main__":
    main()
