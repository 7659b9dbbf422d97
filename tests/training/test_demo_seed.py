"""The demo loader: idempotent, valid content, every demo page renders."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Revision

from training.models import CoursePage, Enrolment, LessonPage, LessonProgress, SkillArea

from .conftest import ensure_roots

pytestmark = pytest.mark.django_db

courses_module = pytest.importorskip("training.demo_content.courses")


def seed_all() -> str:
    from accounts import demo as accounts_demo
    from cms import demo as cms_demo
    from training import demo

    out = io.StringIO()
    accounts_demo.seed(out)
    cms_demo.seed(out)
    demo.seed(out)
    return out.getvalue()


def test_demo_seed_is_valid_idempotent_and_every_page_renders(
    client, settings, tmp_path
):
    """One test on purpose: drawing the demo pictures takes a while."""
    settings.MEDIA_ROOT = tmp_path
    ensure_roots()
    # given the demo loaded once
    output = seed_all()
    # then every course and lesson passed the editor validation
    assert "skipped" not in output
    assert CoursePage.objects.count() == len(courses_module.COURSES)
    lessons = sum(len(course["lessons"]) for course in courses_module.COURSES)
    assert LessonPage.objects.count() == lessons
    assert SkillArea.objects.count() >= 7

    # when it runs again, nothing changes
    def counts():
        return (
            CoursePage.objects.count(),
            LessonPage.objects.count(),
            Image.objects.count(),
            Revision.objects.count(),
            Enrolment.objects.count(),
            LessonProgress.objects.count(),
        )

    before = counts()
    seed_all()
    assert counts() == before

    # the demo resident has two courses and can continue where they stopped
    resident = get_user_model().objects.get(username="resident")
    assert Enrolment.objects.filter(user=resident).count() == 2
    client.force_login(resident)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert "继续学习" in html

    # every course page, lesson page and guided step renders (walked by the demo
    # staff member, who may take staff courses as well as residents' ones)
    from training import services

    walker = get_user_model().objects.get(username="staff")
    client.force_login(walker)
    for course in CoursePage.objects.live():
        services.enrolment_create(user=walker, course=course)
        assert client.get(course.url).status_code == 200
        for lesson in LessonPage.objects.live().child_of(course):
            assert client.get(lesson.url + "?mode=all").status_code == 200, lesson.url
            for number in range(1, lesson.step_count + 1):
                response = client.get(
                    reverse("training:step", args=[lesson.pk, number])
                )
                assert response.status_code == 200, (lesson.url, number)

    # the demo certificates agree with the learning: whoever holds a completion
    # certificate has really completed its course (My learning says so too)
    from certificates import demo as certificates_demo
    from certificates.models import Certificate
    from training.models import CourseCompletion

    certificates_demo.seed(io.StringIO())
    held = Certificate.objects.filter(
        certificate_type__requirements__kind="course_completed"
    ).values_list("holder_id", "certificate_type__requirements__course_id")
    assert held
    for holder_id, course_id in held:
        assert CourseCompletion.objects.filter(
            user_id=holder_id, course_id=course_id
        ).exists(), (holder_id, course_id)
