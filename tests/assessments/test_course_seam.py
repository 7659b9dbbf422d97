"""The seam with training: a course that needs a passed skill test completes only
once its linked test is passed, and passing it triggers the recheck."""

from __future__ import annotations

import pytest
from django.utils import timezone
from wagtail.models import Page

from assessments import services
from assessments.selectors import passed_linked_test
from training.completion import requirements
from training.models import CourseCompletion, CoursePage, LessonPage, LessonProgress

from .conftest import tf

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_test(make_test):
    # Transactional tests elsewhere flush the tables, so build the tree if needed.
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    course = root.add_child(
        instance=CoursePage(title="防诈骗", slug="fraud", requires_passed_test=True)
    )
    lesson = course.add_child(instance=LessonPage(title="第一课", slug="one"))
    test = make_test([tf()], course=course, slug="fraud-test")
    return course, lesson, test


def test_the_requirement_is_registered():
    assert passed_linked_test in requirements()


def test_passing_the_linked_test_completes_the_course(
    staff, course_with_test, django_capture_on_commit_callbacks
):
    course, lesson, test = course_with_test
    LessonProgress.objects.create(
        user=staff, lesson=lesson, course=course, completed_at=timezone.now()
    )
    met, reason = passed_linked_test(staff, course)
    assert not met
    assert "fraud-test" not in reason
    assert test.title in reason
    # a failed attempt completes nothing
    a = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=a.pk, user=staff, position=0, response=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(attempt_id=a.pk, user=staff)
    assert not CourseCompletion.objects.filter(user=staff, course=course).exists()
    # passing does, through the signal → task → training's recheck
    b = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(attempt_id=b.pk, user=staff, position=0, response=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(attempt_id=b.pk, user=staff)
    assert passed_linked_test(staff, course)[0]
    assert CourseCompletion.objects.filter(user=staff, course=course).exists()


def test_practice_passes_do_not_count(staff, course_with_test):
    course, _lesson, test = course_with_test
    test.is_practice = True
    test.save()
    a = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(attempt_id=a.pk, user=staff, position=0, response=True)
    services.attempt_submit(attempt_id=a.pk, user=staff)
    assert not passed_linked_test(staff, course)[0]
