"""Writes: enrolment, step and lesson progress, assisted steps, course completion.

Every function is keyword-only and idempotent: a double tap, a retried POST or two
devices sending the same step never create a second row or count a step twice
(unique constraints + ``get_or_create`` + a row lock on the progress record).
A staff member acting for a resident passes ``helper=``; the object check
(``selectors.can_help``) runs here, not only in the view.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.outbox import publish

from .completion import unmet_requirements
from .models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    StepAssist,
)
from .selectors import can_help, course_open_to, lesson_step_ids


class CourseNotOpen(PermissionDenied):
    """The course's audience does not include this learner (a staff course)."""


class StepOutOfRange(ValueError):
    """The step number does not exist in this lesson."""


def _check_helper(*, helper, learner) -> None:
    if (
        helper is not None
        and helper.pk != learner.pk
        and not can_help(helper=helper, learner=learner)
    ):
        raise PermissionDenied(_("You can only act for residents you help."))


@transaction.atomic
def enrolment_create(*, user, course: CoursePage, enrolled_by=None) -> Enrolment:
    """Enrol ``user`` in ``course`` once; ``enrolled_by`` is a helping staff member."""
    by_staff = enrolled_by is not None and enrolled_by.pk != user.pk
    if by_staff:
        _check_helper(helper=enrolled_by, learner=user)
    if not course_open_to(user=user, course=course):
        raise CourseNotOpen(
            _(
                "This course is for community staff. Ask at the community service "
                "centre which courses suit you."
            )
        )
    enrolment, created = Enrolment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "how": Enrolment.How.BY_STAFF if by_staff else Enrolment.How.SELF,
            "enrolled_by": enrolled_by if by_staff else None,
        },
    )
    if created:
        enrolment.full_clean()
    return enrolment


@transaction.atomic
def enrolment_create_many(*, users: Iterable, course: CoursePage, enrolled_by) -> int:
    """Enrol a group of residents; all or nothing. Returns how many were new."""
    users = list(users)
    for user in users:
        _check_helper(helper=enrolled_by, learner=user)
    existing = set(
        Enrolment.objects.filter(course=course, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    new = 0
    for user in users:
        if user.pk not in existing:
            enrolment_create(user=user, course=course, enrolled_by=enrolled_by)
            new += 1
    return new


def _locked_progress(*, user, lesson: LessonPage) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"course_id": lesson.get_parent().pk}
    )
    return LessonProgress.objects.select_for_update().get(pk=progress.pk)


def _record_assist(*, helper, learner, lesson: LessonPage, step: int, block_id: str):
    if helper is None or helper.pk == learner.pk:
        return
    StepAssist.objects.get_or_create(
        learner=learner,
        helper=helper,
        lesson=lesson,
        block_id=block_id,
        defaults={"step": step},
    )


@transaction.atomic
def progress_record_step(
    *,
    user,
    lesson: LessonPage,
    step: int,
    helper=None,
    advance: bool = True,
) -> LessonProgress:
    """Mark step ``step`` (1-based) done; move the bookmark to the next step.

    Completing the last step completes the lesson (and maybe the course).
    """
    _check_helper(helper=helper, learner=user)
    step_ids = lesson_step_ids(lesson)
    if not 1 <= step <= len(step_ids):
        raise StepOutOfRange(step)
    progress = _locked_progress(user=user, lesson=lesson)
    block_id = step_ids[step - 1]
    done = set(progress.completed_steps)
    if block_id not in done:
        progress.completed_steps = [*progress.completed_steps, block_id]
    if advance:
        progress.current_step = min(step + 1, len(step_ids))
    else:
        progress.current_step = step
    progress.last_seen = timezone.now()
    fields = ["completed_steps", "current_step", "last_seen"]
    newly_completed = False
    if progress.completed_at is None and set(step_ids) <= set(progress.completed_steps):
        progress.completed_at = progress.last_seen
        fields.append("completed_at")
        newly_completed = True
    progress.save(update_fields=fields)
    _record_assist(
        helper=helper, learner=user, lesson=lesson, step=step, block_id=block_id
    )
    if newly_completed:
        course_completion_recheck(user=user, course=lesson.get_parent().specific)
    return progress


@transaction.atomic
def progress_move_to(*, user, lesson: LessonPage, step: int) -> LessonProgress:
    """Remember where the learner is (Back button), without marking anything done."""
    count = len(lesson_step_ids(lesson))
    if not 1 <= step <= max(count, 1):
        raise StepOutOfRange(step)
    progress = _locked_progress(user=user, lesson=lesson)
    progress.current_step = step
    progress.last_seen = timezone.now()
    progress.save(update_fields=["current_step", "last_seen"])
    return progress


@transaction.atomic
def lesson_mark_done(*, user, lesson: LessonPage, helper=None) -> LessonProgress:
    """Normal mode's "I have finished this lesson": every step done."""
    _check_helper(helper=helper, learner=user)
    step_ids = lesson_step_ids(lesson)
    progress = _locked_progress(user=user, lesson=lesson)
    progress.completed_steps = list(
        dict.fromkeys([*progress.completed_steps, *step_ids])
    )
    progress.last_seen = timezone.now()
    fields = ["completed_steps", "last_seen"]
    newly_completed = progress.completed_at is None
    if newly_completed:
        progress.completed_at = progress.last_seen
        fields.append("completed_at")
    progress.save(update_fields=fields)
    _record_assist(helper=helper, learner=user, lesson=lesson, step=0, block_id="")
    if newly_completed:
        course_completion_recheck(user=user, course=lesson.get_parent().specific)
    return progress


@transaction.atomic
def course_completion_recheck(*, user, course: CoursePage) -> CourseCompletion | None:
    """Record the completion if every lesson is done and every requirement met.

    Safe to call any time (assessments calls it after a test is passed); sends
    ``course_completed`` once, after commit.
    """
    existing = CourseCompletion.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    lesson_ids = set(
        LessonPage.objects.live().child_of(course).values_list("pk", flat=True)
    )
    if not lesson_ids:
        return None
    done_ids = set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    if lesson_ids - done_ids:
        return None
    if unmet_requirements(user, course):
        return None
    completion, created = CourseCompletion.objects.get_or_create(
        user=user, course=course
    )
    if created:
        publish(
            "training.signals.course_completed", user_id=user.pk, course_id=course.pk
        )
    return completion
