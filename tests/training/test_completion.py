"""Completion means the practice was done (issue 8, point 4).

A lesson completes only when each "try it" and knowledge check was practised (a
right tap, the right place shown, an answer given) or marked done by a helper
sitting with the resident (recorded as assisted). "Next" alone never completes.
"""

from __future__ import annotations

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from training import services
from training.models import (
    CourseCompletion,
    LessonPage,
    LessonProgress,
    ReopenedCompletion,
    StepAssist,
)
from training.selectors import HELPING_SESSION_KEY

from .conftest import guided, knowledge_check, make_course, make_image, try_it

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice_course(site_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    picture = make_image()
    course = make_course(
        site_tree.index,
        title="练习课程",
        lessons=2,
        bodies=[
            [guided("看一看"), try_it(picture), knowledge_check(), guided("结束")],
        ],
    )
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    return course, lessons


def step_url(lesson, number):
    return reverse("training:step", args=[lesson.pk, number])


def tap_next_through(client, lesson):
    response = None
    for number in range(1, lesson.step_count + 1):
        response = client.post(step_url(lesson, number), {"action": "next"})
    return response


def kc_answer_field(lesson):
    return f"answer-{lesson.body.raw_data[2]['id']}"


def practise(client, lesson, *, show=False):
    client.post(step_url(lesson, 1), {"action": "next"})
    client.post(step_url(lesson, 2), {"action": "show" if show else "found"})
    client.post(step_url(lesson, 2), {"action": "next"})
    client.post(step_url(lesson, 3), {"action": "answer", kc_answer_field(lesson): "0"})
    client.post(step_url(lesson, 3), {"action": "next"})
    return client.post(step_url(lesson, 4), {"action": "next"})


def test_next_alone_never_completes_a_lesson_or_course(client, practice_course, people):
    course, lessons = practice_course
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    for lesson in lessons:
        last = tap_next_through(client, lesson)
        # then "Finish" sends the learner back to the first practice not done
        assert last["Location"] == step_url(lesson, 2) + "#step"
    for progress in LessonProgress.objects.filter(user=people.resident):
        assert progress.completed_at is None
        practice_ids = {lessons[0].body.raw_data[i]["id"] for i in (1, 2)}
        assert not practice_ids & set(progress.completed_steps)
    assert not CourseCompletion.objects.exists()
    # and the "finished" page is not shown for a lesson with practice left
    finished = client.get(reverse("training:finished", args=[lessons[0].pk]))
    assert finished.status_code == 302
    assert finished["Location"] == f"{lessons[0].url}?mode=all#step-2"
    page = client.get(finished["Location"])
    assert "还有 2 个练习没有做" in page.content.decode()


def test_practising_every_step_completes_the_course(client, practice_course, people):
    course, lessons = practice_course
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    first = practise(client, lessons[0])
    assert first["Location"] == reverse("training:finished", args=[lessons[0].pk])
    assert not CourseCompletion.objects.exists()
    # the right place shown after trying counts as practised too
    practise(client, lessons[1], show=True)
    assert CourseCompletion.objects.filter(user=people.resident, course=course).exists()
    assert not StepAssist.objects.exists()


def test_a_wrong_answer_to_the_check_still_counts_and_bad_input_is_refused(
    client, practice_course, people
):
    course, lessons = practice_course
    lesson = lessons[0]
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    bad = client.post(
        step_url(lesson, 3), {"action": "answer", kc_answer_field(lesson): "9"}
    )
    assert bad.status_code == 302
    assert not LessonProgress.objects.filter(user=people.resident).exists()
    wrong = client.post(
        step_url(lesson, 3), {"action": "answer", kc_answer_field(lesson): "0"}
    )
    assert f"{kc_answer_field(lesson)}=0" in wrong["Location"]
    shown = client.get(wrong["Location"]).content.decode()
    assert "正确答案" in shown
    progress = LessonProgress.objects.get(user=people.resident)
    assert lesson.body.raw_data[2]["id"] in progress.completed_steps
    # "found" on a knowledge check (not a try-it) does not mark it done
    other = lessons[1]
    client.post(step_url(other, 3), {"action": "found"})
    progress = LessonProgress.objects.get(user=people.resident, lesson=other)
    assert other.body.raw_data[2]["id"] not in progress.completed_steps


def test_normal_mode_finish_button_needs_the_practice(client, practice_course, people):
    course, lessons = practice_course
    lesson = lessons[0]
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    response = client.post(reverse("training:done", args=[lesson.pk]))
    assert response["Location"] == f"{lesson.url}?mode=all#step-2"
    assert LessonProgress.objects.get(user=people.resident).completed_at is None
    # practise in the one-page view, then the button completes the lesson
    client.post(step_url(lesson, 2), {"action": "found", "return": "all"})
    client.post(
        step_url(lesson, 3),
        {"action": "answer", kc_answer_field(lesson): "1", "return": "all"},
    )
    response = client.post(reverse("training:done", args=[lesson.pk]))
    assert response["Location"] == reverse("training:finished", args=[lesson.pk])
    assert LessonProgress.objects.get(user=people.resident).completed_at is not None


def helping_client(staff, resident):
    client = Client()
    client.force_login(staff)
    session = client.session
    session[HELPING_SESSION_KEY] = resident.pk
    session.save()
    return client


def test_a_helper_marks_a_practice_step_done_recorded_as_assisted(
    practice_course, people
):
    course, lessons = practice_course
    lesson = lessons[0]
    services.enrolment_create(user=people.resident, course=course)
    helper = helping_client(people.staff, people.resident)
    page = helper.get(step_url(lesson, 2)).content.decode()
    assert "王阿姨在我的帮助下做完了这一步" in page
    helper.post(step_url(lesson, 1), {"action": "next"})
    helper.post(step_url(lesson, 2), {"action": "assist"})
    helper.post(step_url(lesson, 3), {"action": "assist"})
    helper.post(step_url(lesson, 3), {"action": "assist"})  # a double tap
    last = tap_next_through(helper, lesson)
    assert last["Location"] == reverse("training:finished", args=[lesson.pk])
    progress = LessonProgress.objects.get(user=people.resident, lesson=lesson)
    assert progress.completed_at is not None
    assists = StepAssist.objects.filter(learner=people.resident, helper=people.staff)
    assert sorted(a.step for a in assists if a.step in (2, 3)) == [2, 3]


def test_only_a_helper_can_mark_a_step_assisted(client, practice_course, people):
    course, lessons = practice_course
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    response = client.post(step_url(lessons[0], 2), {"action": "assist"})
    assert response.status_code == 403
    assert not any(
        lessons[0].body.raw_data[1]["id"] in p.completed_steps
        for p in LessonProgress.objects.filter(user=people.resident)
    )
    page = client.get(step_url(lessons[0], 2)).content.decode()
    assert "在我的帮助下" not in page


def _old_style_completion(user, course, lessons, when):
    """What tapping "Next" through every step recorded before this change."""
    for lesson in lessons:
        LessonProgress.objects.create(
            user=user,
            lesson=lesson,
            course=course,
            current_step=lesson.step_count,
            completed_steps=[item["id"] for item in lesson.body.raw_data],
            completed_at=when,
        )
    return CourseCompletion.objects.create(user=user, course=course, completed_at=when)


def test_migration_reopens_completions_made_without_practice(
    client, site_tree, practice_course, people
):
    course, lessons = practice_course
    when = timezone.now() - timezone.timedelta(days=30)
    # given: the resident tapped through the practice course; a second resident was
    # helped through it (whole lessons marked done by staff); and the reading-only
    # course (no practice steps) was finished by the resident
    for user in (people.resident, people.other_staff):
        services.enrolment_create(user=user, course=course)
    _old_style_completion(people.resident, course, lessons, when)
    _old_style_completion(people.other_staff, course, lessons, when)
    for lesson in lessons:
        StepAssist.objects.create(
            learner=people.other_staff, helper=people.staff, lesson=lesson, step=0
        )
    _old_style_completion(people.resident, site_tree.course, site_tree.lessons, when)

    # when the data migration runs
    module = importlib.import_module(
        "training.migrations.0004_reopen_completions_without_practice"
    )
    module.reopen(apps, None)

    # then the tapped-through course is in progress again, with who/when kept
    assert not CourseCompletion.objects.filter(
        user=people.resident, course=course
    ).exists()
    reopened = ReopenedCompletion.objects.get(user=people.resident, course=course)
    assert reopened.completed_at == when
    for progress in LessonProgress.objects.filter(user=people.resident, course=course):
        assert progress.completed_at is None
        assert progress.unverified_completed_at == when
        assert len(progress.completed_steps) == 2  # the two reading steps
    # the helped completion and the reading-only course keep their meaning
    assert CourseCompletion.objects.filter(
        user=people.other_staff, course=course
    ).exists()
    assert CourseCompletion.objects.filter(
        user=people.resident, course=site_tree.course, completed_at=when
    ).exists()
    # and the completion report counts only the real completions
    client.force_login(people.editor)
    response = client.get(reverse("training_report_courses"), {"export": "csv"})
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    row = next(r for r in rows if course.title in r)
    assert row[-2:] == ["1", "50"]  # 1 completed of 2 enrolled

    # and the reopened resident completes it by practising
    client.force_login(people.resident)
    for lesson in lessons:
        practise(client, lesson)
    assert CourseCompletion.objects.filter(user=people.resident, course=course).exists()
