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

from .completion import (
    PRACTICE_BLOCK_TYPES,
    lesson_is_complete,
    unmet_requirements,
)
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


def _finish_if_complete(*, progress: LessonProgress, step_ids, fields: list) -> bool:
    """Set ``completed_at`` when every step is done; True when newly completed."""
    if progress.completed_at is None and lesson_is_complete(
        step_ids=step_ids, done=progress.completed_steps
    ):
        progress.completed_at = progress.last_seen
        fields.append("completed_at")
        return True
    return False


@transaction.atomic
def progress_record_step(
    *,
    user,
    lesson: LessonPage,
    step: int,
    helper=None,
    advance: bool = True,
    practised: bool = False,
) -> LessonProgress:
    """Learner moved past (``advance``) or practised step ``step`` (1-based).

    Moving past a reading step marks it done. A practice step (try it, knowledge
    check) is marked done only when ``practised`` (a right tap, the right answer
    shown, an answer given); moving past it with "Next" only moves the bookmark.
    When every step is done the lesson is complete (and maybe the course).
    """
    _check_helper(helper=helper, learner=user)
    raw = lesson.body.raw_data
    step_ids = [item["id"] for item in raw]
    if not 1 <= step <= len(step_ids):
        raise StepOutOfRange(step)
    progress = _locked_progress(user=user, lesson=lesson)
    block_id = step_ids[step - 1]
    is_practice = raw[step - 1]["type"] in PRACTICE_BLOCK_TYPES
    counts = practised or not is_practice
    if counts and block_id not in set(progress.completed_steps):
        progress.completed_steps = [*progress.completed_steps, block_id]
    if advance:
        progress.current_step = min(step + 1, len(step_ids))
    else:
        progress.current_step = step
    progress.last_seen = timezone.now()
    fields = ["completed_steps", "current_step", "last_seen"]
    newly_completed = _finish_if_complete(
        progress=progress, step_ids=step_ids, fields=fields
    )
    progress.save(update_fields=fields)
    if counts:
        _record_assist(
            helper=helper, learner=user, lesson=lesson, step=step, block_id=block_id
        )
    if newly_completed:
        course_completion_recheck(user=user, course=lesson.get_parent().specific)
    return progress


@transaction.atomic
def step_mark_assisted(
    *, user, lesson: LessonPage, step: int, helper
) -> LessonProgress:
    """A helper sitting with the learner marks a (practice) step done for them.

    Recorded as an assisted step (``StepAssist``) under the helper's name.
    """
    if helper is None or helper.pk == user.pk:
        raise PermissionDenied(
            _("Only a helper sitting with the resident can mark a step done for them.")
        )
    return progress_record_step(
        user=user,
        lesson=lesson,
        step=step,
        helper=helper,
        advance=False,
        practised=True,
    )


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
    """Normal mode's "I have finished this lesson".

    Marks the reading steps done; the practice steps count only when practised,
    so the lesson completes only if they were. A helper sitting with the learner
    marks the whole lesson done for them, recorded as assisted (step 0).
    """
    _check_helper(helper=helper, learner=user)
    raw = lesson.body.raw_data
    step_ids = [item["id"] for item in raw]
    assisted = helper is not None and helper.pk != user.pk
    progress = _locked_progress(user=user, lesson=lesson)
    marked = [
        item["id"]
        for item in raw
        if assisted or item["type"] not in PRACTICE_BLOCK_TYPES
    ]
    progress.completed_steps = list(dict.fromkeys([*progress.completed_steps, *marked]))
    progress.last_seen = timezone.now()
    fields = ["completed_steps", "last_seen"]
    newly_completed = _finish_if_complete(
        progress=progress, step_ids=step_ids, fields=fields
    )
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
