"""Writes: enrolment, step and lesson progress, assisted steps, course completion.

Every function is keyword-only and idempotent: a double tap, a retried POST or two
devices sending the same step never create a second row or count a step twice
(unique constraints + ``get_or_create`` + a row lock on the progress record).
A staff member acting for a resident passes ``helper=``; the object check
(``selectors.can_help``) runs here, not only in the view.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.outbox import publish

from .booklet import HelpContact, booklet_key, booklet_pdf, content_version
from .completion import (
    PRACTICE_BLOCK_TYPES,
    lesson_is_complete,
    unmet_requirements,
)
from .models import (
    Booklet,
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    StepAssist,
)
from .selectors import can_help, course_open_to, lesson_step_ids

log = logging.getLogger("digiladder.training")


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


# --- large-print booklets ----------------------------------------------------

#: A render asked for this long ago and still pending is taken as lost (a worker
#: that died) and queued again on the next request.
BOOKLET_STALE_PENDING = timedelta(minutes=10)
#: A failed lesson booklet is drawn again in the request at most this often (and
#: only when asked): a lesson that fails must not cost a render per request.
BOOKLET_RETRY_AFTER = timedelta(seconds=15)


def booklet_contact_for(*, viewer, resident=None, request=None) -> HelpContact:
    """The help contact printed on the booklet: the resident's community's.

    ``resident`` is whom a staff member prints for (object check: only residents
    they help); otherwise the viewer's own community, or the site's contact for a
    guest.
    """
    from cms.templatetags.cms_tags import help_contact

    person = viewer if viewer is not None and viewer.is_authenticated else None
    if resident is not None:
        if person is None or not can_help(helper=person, learner=resident):
            raise PermissionDenied(
                _("You can only print booklets for residents you help.")
            )
        person = resident
    info = help_contact({"user": person, "request": request})
    if request is None and not info["place"]:
        # No request (a task, a shell): the default site's contact, as a page shows.
        from cms.models import SiteSettings

        site = SiteSettings.objects.filter(site__is_default_site=True).first()
        if site is not None and site.help_phone:
            info["phone"], info["place"] = site.help_phone, site.community_name
        if site is not None and not info["address"]:
            info["address"] = site.help_text
    return HelpContact(
        phone=info["phone"], place=info["place"], address=info["address"]
    )


def booklet_language(language: str | None) -> str:
    return "en" if (language or "").lower().startswith("en") else "zh-hans"


def _queue_booklet(booklet_id: int) -> None:
    from .tasks import render_booklet

    transaction.on_commit(lambda: render_booklet.delay(booklet_id))


@transaction.atomic
def booklet_request(
    *,
    page,
    kind: str,
    contact: HelpContact,
    language: str,
    lessons=None,
    queue: bool = True,
    retry_failed: bool = False,
) -> Booklet:
    """The booklet row of this content version, language and contact (one row
    however often and however fast it is asked for). With ``queue`` a render is
    queued after commit when the row is new or lost (pending too long), and with
    ``retry_failed`` when it failed before."""
    language = booklet_language(language)
    if kind == Booklet.Kind.COURSE:
        version = content_version(page, lessons if lessons is not None else [])
    else:
        version = content_version(page)
    key = booklet_key(
        kind=kind, page_id=page.pk, version=version, language=language, contact=contact
    )
    booklet, created = Booklet.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "page_id": page.pk,
            "version": version,
            "language": language,
            "help_phone": contact.phone[:32],
            "help_place": contact.place[:200],
            "help_address": contact.address,
        },
    )
    if not queue or booklet.status == Booklet.Status.READY:
        return booklet
    now = timezone.now()
    if not created:
        # Exactly one of several simultaneous requests wins the update and queues.
        lost = Q(
            status=Booklet.Status.PENDING, created_at__lt=now - BOOKLET_STALE_PENDING
        )
        if retry_failed:
            lost |= Q(status=Booklet.Status.FAILED)
        retry = Booklet.objects.filter(lost, pk=booklet.pk).update(
            status=Booklet.Status.PENDING, created_at=now, error=""
        )
        if not retry:
            return booklet
        booklet.status = Booklet.Status.PENDING
    _queue_booklet(booklet.pk)
    return booklet


def booklet_retry_claim(*, booklet_id: int) -> bool:
    """Whether this request may draw a failed booklet again: exactly one of several
    simultaneous requests wins, and not before ``BOOKLET_RETRY_AFTER``."""
    now = timezone.now()
    return bool(
        Booklet.objects.filter(
            pk=booklet_id,
            status=Booklet.Status.FAILED,
            created_at__lt=now - BOOKLET_RETRY_AFTER,
        ).update(status=Booklet.Status.PENDING, created_at=now, error="")
    )


def _booklet_document(booklet: Booklet) -> dict:
    from django.utils import translation

    from .selectors import booklet_lessons

    page = booklet.page.specific
    with translation.override(booklet.language):
        if booklet.kind == Booklet.Kind.COURSE:
            course, lessons = page, booklet_lessons(page)
        else:
            course, lessons = page.get_parent().specific, [page]
        title = page.display_title
    return {
        "title": title,
        "course": course,
        "lessons": lessons,
        "whole_course": booklet.kind == Booklet.Kind.COURSE,
        "language": booklet.language,
    }


def booklet_render(*, booklet_id: int, contact: HelpContact | None = None) -> Booklet:
    """Draw the booklet and store it; idempotent (a ready booklet is left alone,
    two renders at once keep one file). Older versions of the page's booklets are
    deleted afterwards. A failure is recorded on the row and re-raised."""
    from django.core.files.base import ContentFile

    from cms.models import SiteSettings

    booklet = Booklet.objects.select_related("page").get(pk=booklet_id)
    if booklet.status == Booklet.Status.READY and booklet.file:
        return booklet
    if contact is None:
        contact = HelpContact(
            phone=booklet.help_phone,
            place=booklet.help_place,
            address=booklet.help_address,
        )
    settings_row = SiteSettings.objects.filter(site__is_default_site=True).first()
    content_language = getattr(settings_row, "content_language", "zh-hans")
    try:
        data = booklet_pdf(
            contact=contact,
            content_language=content_language,
            **_booklet_document(booklet),
        )
    except Exception as exc:
        Booklet.objects.filter(pk=booklet_id).update(
            status=Booklet.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    storage = booklet.file.storage
    name = storage.save(
        f"booklets/{booklet.kind}-{booklet.page_id}-{booklet.key[:12]}.pdf",
        ContentFile(data),
    )
    with transaction.atomic():
        row = Booklet.objects.select_for_update().filter(pk=booklet_id).first()
        keep = row is not None and not (row.status == Booklet.Status.READY and row.file)
        if keep:
            row.file.name = name
            row.status = Booklet.Status.READY
            row.error = ""
            row.rendered_at = timezone.now()
            row.save(update_fields=["file", "status", "error", "rendered_at"])
    if not keep:
        # Another render finished first (or the row went stale): one file stays.
        storage.delete(name)
        if row is None:
            raise Booklet.DoesNotExist(booklet_id)
    booklets_remove_stale(page_id=booklet.page_id, version=booklet.version)
    return Booklet.objects.get(pk=booklet_id)


def booklets_remove_stale(*, page_id: int, version: str) -> int:
    """Delete the page's booklets of other content versions (their files go with
    them, see ``booklet_file_delete``)."""
    deleted, _by_model = (
        Booklet.objects.filter(page_id=page_id).exclude(version=version).delete()
    )
    return deleted


def booklet_file_delete(*, name: str, storage) -> None:
    """Remove a booklet's stored file once the deletion of its row has committed
    (a rolled-back deletion keeps it); a file already gone is fine."""

    def remove() -> None:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - a leftover file is harmless
            log.warning("could not delete old booklet %s", name)

    transaction.on_commit(remove)
