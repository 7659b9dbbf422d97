"""Learner and staff views: thin, reading through selectors, writing through services.

Guided mode lives at /learn/lesson/<page id>/step/<n>/. Every button that changes
something (Next, Back, "found it", mark done, enrol, start helping) is a POST form that
redirects afterwards, so it works without JavaScript and a reload never re-posts.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import STAFF, user_has_role

from . import selectors, services
from .forms import EnrolResidentsForm
from .models import CoursePage, LessonPage

logger = logging.getLogger("digiladder.training")


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _lesson_or_404(lesson_id: int) -> LessonPage:
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404(_("This lesson does not exist or is not published."))
    return lesson


def _course_of(lesson: LessonPage) -> CoursePage:
    # The parent's tree path is the lesson's minus one step: one query, not two.
    return CoursePage.objects.get(path=lesson.path[: -LessonPage.steplen])


def _to_step(lesson: LessonPage, number: int) -> HttpResponseRedirect:
    # "#step" scrolls past the site header straight to the step counter.
    return HttpResponseRedirect(lesson.step_url(number) + "#step")


def _not_enrolled(request, lesson, course, learner, helper):
    return render(
        request,
        "training/not_enrolled.html",
        {"lesson": lesson, "course": course, "learner": learner, "helper": helper},
        status=403,
    )


def _gate(request, lesson):
    """(course, learner, helper, response): a response when the learner cannot enter."""
    if not request.user.is_authenticated:
        return None, None, None, redirect_to_login(request.get_full_path())
    course = _course_of(lesson)
    learner, helper = selectors.learner_for(request)
    if selectors.enrolment_for(user=learner, course=course) is None:
        return (
            course,
            learner,
            helper,
            _not_enrolled(request, lesson, course, learner, helper),
        )
    return course, learner, helper, None


# --- lesson, normal mode ------------------------------------------------------


def lesson_serve(request, lesson: LessonPage):
    """The lesson page's own URL: every block on one page (or redirect to guided)."""
    course, learner, helper, response = _gate(request, lesson)
    if response is not None:
        return response
    progress = selectors.progress_for(user=learner, lesson=lesson)
    if (
        request.GET.get("mode") != "all"
        and selectors.prefers_guided(request)
        and lesson.step_count
    ):
        return _to_step(lesson, progress.current_step if progress else 1)
    steps = selectors.lesson_steps(lesson, progress=progress, request=request)
    return render(
        request,
        "training/lesson_page.html",
        {
            "page": lesson,
            "self": lesson,
            "course": course,
            "steps": steps,
            "progress": progress,
            "learner": learner,
            "helper": helper,
            "next_lesson": selectors.next_lesson_after(lesson),
            "guided": False,
        },
    )


def lesson_preview(request, lesson: LessonPage):
    steps = selectors.lesson_steps(lesson, request=request)
    return render(
        request,
        "training/lesson_page.html",
        {
            "page": lesson,
            "self": lesson,
            "course": lesson.get_parent().specific,
            "steps": steps,
            "preview": True,
            "guided": False,
        },
    )


@require_POST
def lesson_done(request, lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    course, learner, helper, response = _gate(request, lesson)
    if response is not None:
        return response
    services.lesson_mark_done(user=learner, lesson=lesson, helper=helper)
    left = _practice_left(request, lesson, learner, back_to_all=True)
    if left is not None:
        return left
    return redirect("training:finished", lesson_id=lesson.pk)


def lesson_finished(request, lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    course, learner, helper, response = _gate(request, lesson)
    if response is not None:
        return response
    left = _practice_left(
        request, lesson, learner, back_to_all=not selectors.prefers_guided(request)
    )
    if left is not None:
        return left
    detail = selectors.course_detail_for(course=course, request=request)
    return render(
        request,
        "training/lesson_finished.html",
        {
            "lesson": lesson,
            "course": course,
            "detail": detail,
            "next_lesson": selectors.next_lesson_after(lesson),
            "guided": selectors.prefers_guided(request),
        },
    )


@require_POST
def lesson_mode(request, lesson_id: int):
    """Switch between one step per screen and everything on one page (remembered)."""
    lesson = _lesson_or_404(lesson_id)
    mode = request.POST.get("mode")
    if mode not in ("guided", "all"):
        mode = "all"
    request.session[selectors.MODE_SESSION_KEY] = mode
    if mode == "guided":
        learner, _helper = selectors.learner_for(request)
        progress = selectors.progress_for(user=learner, lesson=lesson)
        return _to_step(lesson, progress.current_step if progress else 1)
    return HttpResponseRedirect(lesson.url + "?mode=all")


# --- lesson, guided mode -------------------------------------------------------


def _step_shared(request, lesson_id: int, number: int):
    """A plain GET of a reading step, from cached parts: the lesson's metadata, the
    step's rendered body (per revision, language and display preferences) and one
    query for the learner's enrolment and progress. None when the full path must
    answer (not enrolled, a practice step, an unknown step number)."""
    meta = selectors.lesson_meta(lesson_id, request=request)
    if meta is None:
        raise Http404(_("This lesson does not exist or is not published."))
    if not 1 <= number <= meta.step_count:
        return None
    if meta.step_kinds[number - 1] not in selectors.SHARED_BODY_BLOCKS:
        return None
    learner, helper = selectors.learner_for(request)
    state = selectors.learner_state(
        user=learner, course_id=meta.course_id, lesson_id=meta.id
    )
    if not state.enrolled:
        return None
    body = selectors.step_body(meta, number, request=request)
    count = meta.step_count
    current = selectors.Step(
        number=number,
        id=meta.step_ids[number - 1],
        block_type=meta.step_kinds[number - 1],
        child=None,
        done=meta.step_ids[number - 1] in state.completed_steps,
        speech=body.speech,
        url=meta.step_url(number),
        voice_url=body.voice_url,
    )
    return render(
        request,
        "training/lesson_step.html",
        {
            "lesson": meta,
            "course_title": meta.course_display_title,
            "course_url": meta.course_url,
            "step": current,
            "body_html": body.html,
            "count": count,
            "percent": round(100 * (number - 1) / count),
            "progress": state,
            "learner": learner,
            "helper": helper,
            "guided": True,
        },
    )


def step(request, lesson_id: int, number: int):
    if request.method == "GET" and request.user.is_authenticated:
        response = _step_shared(request, lesson_id, number)
        if response is not None:
            return response
    lesson = _lesson_or_404(lesson_id)
    course, learner, helper, response = _gate(request, lesson)
    if response is not None:
        return response
    count = lesson.step_count
    if count == 0:
        return HttpResponseRedirect(lesson.url + "?mode=all")
    if not 1 <= number <= count:
        # A stale bookmark or a typed URL: go to the nearest real step.
        return _to_step(lesson, min(max(number, 1), count))
    if request.method == "POST":
        return _step_post(request, lesson, learner, helper, number, count)
    progress = selectors.progress_for(user=learner, lesson=lesson)
    current = selectors.lesson_steps(
        lesson, progress=progress, request=request, only=number
    )[0]
    return render(
        request,
        "training/lesson_step.html",
        {
            "page": lesson,
            "lesson": lesson,
            "course_title": course.display_title,
            "course_url": course.get_url(request),
            "step": current,
            "count": count,
            "percent": round(100 * (number - 1) / count),
            "progress": progress,
            "learner": learner,
            "helper": helper,
            "guided": True,
        },
    )


def _practice_left(request, lesson, learner, *, back_to_all: bool):
    """After "Finish": send the learner to the first practice step not done yet."""
    progress = selectors.progress_for(user=learner, lesson=lesson)
    if progress is not None and progress.completed_at is not None:
        return None
    left = selectors.undone_practice_steps(lesson, progress)
    if not left:
        return None
    messages.warning(
        request,
        ngettext(
            "One practice step is not done yet: try it here, then finish the lesson.",
            "%(n)s practice steps are not done yet: try them, then finish the lesson.",
            len(left),
        )
        % {"n": len(left)},
    )
    if back_to_all:
        return HttpResponseRedirect(f"{lesson.url}?mode=all#step-{left[0]}")
    return _to_step(lesson, left[0])


def _step_post(request, lesson, learner, helper, number: int, count: int):
    action = request.POST.get("action", "next")
    raw = lesson.body.raw_data[number - 1]
    step_id, kind = raw["id"], raw["type"]
    back_to_all = request.POST.get("return") == "all"

    def here(**params) -> HttpResponseRedirect:
        if back_to_all:
            query = "&".join(f"{k}={v}" for k, v in params.items())
            return HttpResponseRedirect(f"{lesson.url}?mode=all&{query}#step-{number}")
        query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
        return HttpResponseRedirect(f"{lesson.step_url(number)}{query}#step")

    if action == "back":
        services.progress_move_to(user=learner, lesson=lesson, step=max(number - 1, 1))
        return _to_step(lesson, max(number - 1, 1))
    if action in ("show", "found") and kind == "try_it":
        # A right tap, or the right place shown after trying: the practice is done.
        services.progress_record_step(
            user=learner,
            lesson=lesson,
            step=number,
            helper=helper,
            advance=False,
            practised=True,
        )
        return here(**{action: step_id})
    if action == "answer" and kind == "knowledge_check":
        # Any answer to a knowledge check shows the right one: the practice is done.
        chosen = request.POST.get(f"answer-{step_id}", "")
        if not chosen.isdigit() or int(chosen) >= len(raw["value"]["choices"]):
            messages.error(request, _("Choose one answer, then check it."))
            return here()
        services.progress_record_step(
            user=learner,
            lesson=lesson,
            step=number,
            helper=helper,
            advance=False,
            practised=True,
        )
        return here(**{f"answer-{step_id}": int(chosen)})
    if action == "assist":
        services.step_mark_assisted(
            user=learner, lesson=lesson, step=number, helper=helper
        )
        messages.success(
            request,
            _("Step marked done for %(name)s, with your help.") % {"name": learner},
        )
        return here()
    # "next": move on (a reading step is done; a practice step only when practised),
    # or finish the lesson after the last one.
    services.progress_record_step(
        user=learner, lesson=lesson, step=number, helper=helper
    )
    if back_to_all:
        return here()
    if number >= count:
        services.lesson_mark_done(user=learner, lesson=lesson)
        left = _practice_left(request, lesson, learner, back_to_all=False)
        if left is not None:
            return left
        return redirect("training:finished", lesson_id=lesson.pk)
    return _to_step(lesson, number + 1)


# --- enrolment ----------------------------------------------------------------


@require_POST
def enrol(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    learner, helper = selectors.learner_for(request)
    try:
        services.enrolment_create(user=learner, course=course, enrolled_by=helper)
    except services.CourseNotOpen as refused:
        messages.error(request, str(refused))
        return redirect(course.url)
    if helper is not None:
        # The helper is not the learner: speak about the resident, not to "您".
        messages.success(
            request,
            _("%(name)s is enrolled. Start the first lesson together when ready.")
            % {"name": learner},
        )
    else:
        messages.success(
            request, _("You are enrolled. Take the first lesson when you are ready.")
        )
    return redirect(_safe_next(request, course.url))


@login_required
def my_learning(request):
    learner, helper = selectors.learner_for(request)
    cards = selectors.my_learning_for(learner=learner, request=request)
    return render(
        request,
        "training/my_learning.html",
        {
            "cards": cards,
            "learner": learner,
            "helper": helper,
            "catalogue_url": selectors.catalogue_url(request),
            "is_staff_member": user_has_role(request.user, STAFF),
        },
    )


# --- staff: residents I help ----------------------------------------------------


def _staff_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_role(request.user, STAFF):
        raise PermissionDenied(_("Only community staff can open this page."))
    return None


def helped(request):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    rows = selectors.helped_residents_for(staff=request.user)
    courses = list(
        CoursePage.objects.live()
        .filter(audience__in=["residents", "everyone"])
        .order_by("path")
    )
    form = EnrolResidentsForm(
        request.POST or None, courses=courses, residents=[row.resident for row in rows]
    )
    if request.method == "POST" and form.is_valid():
        course = next(c for c in courses if c.pk == form.cleaned_data["course"])
        residents = get_user_model().objects.filter(
            pk__in=form.cleaned_data["residents"]
        )
        new = services.enrolment_create_many(
            users=residents, course=course, enrolled_by=request.user
        )
        messages.success(
            request,
            _("%(new)s resident(s) newly enrolled in “%(course)s”.")
            % {"new": new, "course": course.display_title},
        )
        return redirect("training:helped")
    for row in rows:
        if row.where is not None:
            row.where_label = selectors.stuck_label(row.where)
    helping_id = request.session.get(selectors.HELPING_SESSION_KEY)
    return render(
        request,
        "training/helped.html",
        {"rows": rows, "form": form, "helping_id": helping_id},
    )


def _resident_or_404(request):
    value = request.POST.get("resident", "")
    if not value.isdigit():
        raise Http404(_("Choose a resident from the list."))
    return get_object_or_404(get_user_model(), pk=int(value), is_active=True)


@require_POST
def helping_start(request):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    resident = _resident_or_404(request)
    if not selectors.can_help(helper=request.user, learner=resident):
        raise PermissionDenied(_("You can only help residents of your community."))
    request.session[selectors.HELPING_SESSION_KEY] = resident.pk
    messages.info(
        request,
        _("You are now helping %(name)s. Their lessons record your help.")
        % {"name": resident},
    )
    return redirect("training:my_learning")


@require_POST
def helping_stop(request):
    request.session.pop(selectors.HELPING_SESSION_KEY, None)
    return redirect(_safe_next(request, reverse("training:helped")))


@require_POST
def enrol_resident(request, course_id: int):
    """Enrol one resident from a course page or the helped list (object-checked)."""
    denied = _staff_only(request)
    if denied is not None:
        return denied
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    resident = _resident_or_404(request)
    try:
        services.enrolment_create(
            user=resident, course=course, enrolled_by=request.user
        )
    except services.CourseNotOpen as refused:
        messages.error(request, str(refused))
        return redirect(_safe_next(request, reverse("training:helped")))
    messages.success(
        request,
        _("%(name)s is enrolled in “%(course)s”.")
        % {"name": resident, "course": course.display_title},
    )
    return redirect(_safe_next(request, reverse("training:helped")))


# --- large-print booklets ------------------------------------------------------


def _booklet_for_whom(request):
    """(contact, resident): ``?for=<id>`` is a staff member printing for a resident
    they help; otherwise the learner (the helped resident while sitting with one)."""
    value = request.GET.get("for", "")
    resident = None
    if value:
        if not value.isdigit():
            raise Http404(_("Choose a resident from the list."))
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in to print for a resident."))
        resident = (
            get_user_model().objects.filter(pk=int(value), is_active=True).first()
        )
        if resident is None:
            raise Http404(_("Choose a resident from the list."))
    else:
        learner, _helper = selectors.learner_for(request)
        if learner is not None and learner.pk != request.user.pk:
            resident = learner
    contact = services.booklet_contact_for(
        viewer=request.user, resident=resident, request=request
    )
    return contact, resident


def _booklet_gate(request, course, lesson=None):
    access = selectors.booklet_access(user=request.user, course=course, lesson=lesson)
    if access == "missing":
        raise Http404(_("This lesson does not exist or is not published."))
    if access == "login":
        return redirect_to_login(request.get_full_path())
    if access == "forbidden":
        raise PermissionDenied(
            _(
                "This course is for community staff. Ask at the community service "
                "centre which courses suit you."
            )
        )
    return None


def _booklet_response(booklet, title: str):
    from django.http import FileResponse

    try:
        handle = booklet.file.open("rb")
    except OSError:
        return None
    filename = _("%(title)s (large print).pdf") % {"title": title}
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, max-age=0"
    return response


def _booklet_wait(request, *, booklet, course, lesson, title, status=200):
    query = request.GET.copy()
    query.pop("check", None)
    query.pop("retry", None)
    again_url = request.path + (f"?{query.urlencode()}" if query else "")
    failed = booklet is None or booklet.status == booklet.Status.FAILED
    if failed:
        query["retry"] = "1"
    return render(
        request,
        "training/booklet_wait.html",
        {
            "booklet": booklet,
            "course": course,
            "lesson": lesson,
            "title": title,
            "failed": failed,
            "again_url": again_url,
            "retry_url": f"{request.path}?{query.urlencode()}",
        },
        status=status,
    )


def lesson_booklet(request, lesson_id: int):
    """One lesson's large-print PDF, drawn on the spot the first time (a lesson
    takes a second or two), then served from the stored file."""
    lesson = _lesson_or_404(lesson_id)
    course = _course_of(lesson)
    refused = _booklet_gate(request, course, lesson)
    if refused is not None:
        return refused
    contact, _resident = _booklet_for_whom(request)
    booklet = services.booklet_request(
        page=lesson,
        kind="lesson",
        contact=contact,
        language=get_language(),
        queue=False,
    )

    def failed(row):
        # The page says so and offers "try again" (status 503).
        return _booklet_wait(
            request,
            booklet=row,
            course=course,
            lesson=lesson,
            title=lesson.display_title,
            status=503,
        )

    if booklet.status == booklet.Status.FAILED and not (
        request.GET.get("retry") == "1"
        and services.booklet_retry_claim(booklet_id=booklet.pk)
    ):
        # Failed before: drawn again only when asked, by one request, at most
        # every few seconds.
        return failed(booklet)
    if booklet.status != booklet.Status.READY or not booklet.file:
        try:
            booklet = services.booklet_render(booklet_id=booklet.pk, contact=contact)
        except Exception:  # noqa: BLE001 - recorded on the row; the page says so
            logger.exception("lesson booklet %s failed", booklet.pk)
            booklet.status = booklet.Status.FAILED
            return failed(booklet)
    response = _booklet_response(booklet, lesson.display_title)
    return failed(None) if response is None else response


def course_booklet(request, course_id: int):
    """The whole course as one booklet: drawn in the background; until it is ready
    the page says so and offers a link that fetches it when done."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404(_("This course does not exist or is not published."))
    refused = _booklet_gate(request, course)
    if refused is not None:
        return refused
    contact, _resident = _booklet_for_whom(request)
    booklet = services.booklet_request(
        page=course,
        kind="course",
        contact=contact,
        language=get_language(),
        lessons=selectors.booklet_lessons(course),
        retry_failed=request.GET.get("retry") == "1",
    )
    # Without a worker (tasks run in-process) the render has happened by now.
    booklet.refresh_from_db()
    if request.GET.get("check") == "1":
        from django.http import JsonResponse

        return JsonResponse({"status": booklet.status})
    if booklet.status == booklet.Status.READY and booklet.file:
        response = _booklet_response(booklet, course.display_title)
        if response is not None:
            return response
    return _booklet_wait(
        request, booklet=booklet, course=course, lesson=None, title=course.display_title
    )
