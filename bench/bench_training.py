"""Median time of a guided lesson step and of the course catalogue against a minimal
Django view served the same way.

Run: .venv/bin/python bench/bench_training.py [--n 200] [--courses 20] [--lessons 5]
     [--steps 10]

Everything goes through the same full stack in one process (Django's test client:
every middleware, the session, authentication, the preferences middleware, the URL
resolver, Wagtail's page serving for the catalogue). The learner is a resident in
elder mode, enrolled in every course, with progress in each. Uses a throwaway SQLite
file unless DATABASE_URL is set. Goal: ratio <= 3x.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from io import BytesIO

from _django import setup


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def png(colour: str) -> bytes:
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (720, 1280), colour).save(buffer, "PNG")
    return buffer.getvalue()


def build(courses: int, lessons: int, steps: int):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from training import services
    from training.models import CourseIndexPage, CoursePage, LessonPage, SkillArea

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="首页", slug=f"home-{uuid.uuid4().hex[:6]}")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = home.add_child(instance=CourseIndexPage(title="课程", slug="courses"))
    area = SkillArea.objects.create(slug="smartphone", name="智能手机基础")
    pictures = []
    for n, colour in enumerate(("#dde", "#ede", "#eed")):
        image = Image(title=f"bench {n}")
        image.file = ImageFile(BytesIO(png(colour)), name=f"bench-{n}.png")
        image.save()
        pictures.append(image)
    user = get_user_model().objects.create_user(
        "bench-resident", password="x", elder_mode=True, display_name="王阿姨"
    )
    user.groups.add(Group.objects.get_or_create(name="Residents")[0])
    first_lesson = None
    for c in range(courses):
        course = index.add_child(
            instance=CoursePage(
                title=f"课程 {c}",
                slug=f"course-{c}",
                skill_area=area,
                summary="学会用手机。",
                cover_image=pictures[0],
                cover_alt="封面",
            )
        )
        services.enrolment_create(user=user, course=course)
        for ln in range(lessons):
            body = []
            for s in range(steps):
                body.append(
                    {
                        "type": "guided_step",
                        "id": str(uuid.uuid4()),
                        "value": {
                            "title": f"第 {s + 1} 步",
                            "image": pictures[s % 3].pk,
                            "image_alt": "手机屏幕",
                            "instruction": "点一下“设置”。",
                            "spoken_text": "",
                            "hint": "在第一页。",
                            "common_mistake": "",
                        },
                    }
                )
            lesson = course.add_child(
                instance=LessonPage(title=f"第 {ln + 1} 课", slug=f"l{ln}", body=body)
            )
            services.progress_record_step(user=user, lesson=lesson, step=1)
            first_lesson = first_lesson or lesson
    return (
        user,
        index,
        CoursePage.objects.first(),
        LessonPage.objects.get(pk=first_lesson.pk),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--courses", type=int, default=20)
    parser.add_argument("--lessons", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    db = setup("bench_training")

    from django.conf import settings
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.template import engines
    from django.test import Client, override_settings
    from django.urls import include, path

    def minimal_view(request):
        return HttpResponse("ok")

    def shell_view(request):
        # The same site shell every learner page has (header, menu, help, footer).
        return render(request, "bench_shell.html")

    urlconf = type(
        "BenchUrls",
        (),
        {
            "urlpatterns": [
                path("bench/minimal/", minimal_view),
                path("bench/shell/", shell_view),
                path("", include("config.urls")),
            ]
        },
    )
    user, index, course, lesson = build(args.courses, args.lessons, args.steps)
    client = Client()
    client.force_login(user)

    shell_template = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}x{% endblock %}'
        "{% block content %}<h1>x</h1>{% endblock %}"
    )
    locmem = {"bench_shell.html": shell_template.template.source}
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                # Wrapped in the cached loader, as Django does by default when
                # DEBUG is False: otherwise every request would recompile base.html
                # and every include, which no deployment does.
                "loaders": [
                    (
                        "django.template.loaders.cached.Loader",
                        [
                            ("django.template.loaders.locmem.Loader", locmem),
                            "django.template.loaders.filesystem.Loader",
                            "django.template.loaders.app_directories.Loader",
                        ],
                    )
                ],
            },
        }
    ]
    with override_settings(
        ROOT_URLCONF=urlconf,
        TEMPLATES=[{**templates[0], "DIRS": settings.TEMPLATES[0]["DIRS"]}],
    ):
        targets = {
            "minimal Django view": "/bench/minimal/",
            "minimal view + site shell": "/bench/shell/",
            "guided lesson step": lesson.step_url(2),
            "catalogue": index.url,
            "course page": course.url,
        }
        for url in targets.values():  # warm up: renditions, site root paths
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        samples: dict[str, list[float]] = {label: [] for label in targets}
        # interleave so machine noise hits every target alike
        for _ in range(args.n):
            for label, url in targets.items():
                t0 = time.perf_counter()
                response = client.get(url)
                samples[label].append(time.perf_counter() - t0)
                assert response.status_code == 200

        next_samples = []
        step_url = lesson.step_url(2)
        for _ in range(max(args.n // 4, 10)):
            t0 = time.perf_counter()
            response = client.post(step_url, {"action": "next"})
            next_samples.append(time.perf_counter() - t0)
            assert response.status_code == 302

    base = median_ms(samples["minimal Django view"])
    shell = median_ms(samples["minimal view + site shell"])
    print(f"database: {db.split('@')[-1]}")
    print(
        f"data: {args.courses} courses x {args.lessons} lessons x {args.steps} steps, "
        f"resident in elder mode enrolled in all"
    )
    print("ratios: vs the bare view / vs the bare view inside the site shell")
    print(f"{'minimal Django view':<26}median {base:7.2f} ms  (n={args.n})")
    print(
        f"{'minimal view + site shell':<26}median {shell:7.2f} ms  (n={args.n})  "
        f"ratio {shell / base:5.2f}x"
    )
    rows = [
        (label, samples[label])
        for label in ("guided lesson step", "catalogue", "course page")
    ]
    rows.append(("Next (POST, records step)", next_samples))
    for label, values in rows:
        m = median_ms(values)
        print(
            f"{label:<26}median {m:7.2f} ms  (n={len(values)})  "
            f"ratio {m / base:5.2f}x / {m / shell:5.2f}x"
        )


if __name__ == "__main__":
    main()
