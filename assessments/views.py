"""Learner pages for skill tests. Thin: services write, selectors read.

Every answer form is a plain POST that works without JavaScript; assessments.js adds
autosave (the same fields POSTed to ``attempt_save``) and a calm countdown.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import STAFF, user_has_role
from cms import urlmemo

from . import selectors, services
from .models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Audience,
    MarkChangeKind,
    QuestionKind,
    SkillTest,
)
from .responses import BadResponse, response_from_form

log = logging.getLogger("digiladder.assessments")


class Prefixed:
    """A QueryDict seen through a field prefix ("q3-answer" -> "answer")."""

    def __init__(self, data, prefix: str):
        self.data = data
        self.prefix = prefix

    def get(self, key, default=None):
        return self.data.get(self.prefix + key, default)

    def getlist(self, key):
        return self.data.getlist(self.prefix + key)

    def __iter__(self):
        n = len(self.prefix)
        return (k[n:] for k in self.data if k.startswith(self.prefix))


def _elder(request) -> bool:
    prefs = getattr(request, "prefs", None)
    return bool(getattr(prefs, "elder_mode", False))


def _url(name: str, attempt: Attempt, *args) -> str:
    return reverse(f"assessments:{name}", args=[attempt.pk, *args])


def _own_attempt(request, attempt_id: int):
    """The attempt and its answers; 403 for someone else's (logged)."""
    try:
        attempt, answers = selectors.attempt_with_answers(
            attempt_id=attempt_id, owner=request.user
        )
    except Attempt.DoesNotExist:
        raise Http404 from None
    if attempt.user_id != request.user.pk:
        log.warning(
            "user %s tried to open attempt %s of user %s",
            request.user.pk,
            attempt.pk,
            attempt.user_id,
        )
        raise PermissionDenied
    return attempt, answers


def _close_if_overdue(request, attempt: Attempt) -> Attempt | None:
    """Hand in an overdue attempt on access; returns the refreshed attempt or None."""
    if attempt.state == AttemptState.IN_PROGRESS and attempt.is_overdue():
        attempt, _changed = services.attempt_submit(attempt_id=attempt.pk, auto=True)
        messages.info(
            request,
            _("Time was up, so your test was handed in with the answers saved before."),
        )
        return attempt
    return None


def _time_context(attempt: Attempt) -> dict:
    if attempt.deadline is None:
        return {"deadline": None}
    left = (attempt.deadline - timezone.now()).total_seconds()
    return {
        "deadline": attempt.deadline,
        # (as the ``time:"H:i"`` filter would write it, at a tenth of the cost)
        "deadline_time": timezone.localtime(attempt.deadline).strftime("%H:%M"),
        "seconds_left": max(int(left), 0),
        "minutes_left": max(int(left // 60), 0),
    }


@login_required
@require_GET
def my_tests(request):
    # Staff see every test; everyone else sees the gentle resident checks.
    audience = None if user_has_role(request.user, STAFF) else Audience.RESIDENT
    summaries = selectors.person_tests(user=request.user, audience=audience)
    return render(
        request,
        "assessments/my_tests.html",
        {"summaries": summaries, "elder": _elder(request)},
    )


@login_required
def test_intro(request, slug: str):
    test = selectors.published_test(slug)
    if test is None:
        raise Http404
    if test.audience == Audience.STAFF and not user_has_role(request.user, STAFF):
        # Staff tests count towards grades and item statistics: only staff take them.
        log.warning("user %s tried to open staff test %s", request.user.pk, test.slug)
        return render(
            request,
            "assessments/staff_only.html",
            {"test": test, "elder": _elder(request)},
            status=403,
        )
    # The page needs the person's summary anyway: work it out once (it is the
    # costliest part of the page, and the first page of a crowd starting a test).
    summary = (
        None
        if request.method == "POST"
        else selectors.summary_for_test(user=request.user, test=test)
    )
    replaces_grade = _may_replace_grade(test, request.user, summary)
    if request.method == "POST":
        if replaces_grade and request.POST.get("confirm_replace") != "1":
            messages.warning(
                request,
                _(
                    "A new attempt can lower your grade. Tick “I understand” if you "
                    "still want to start."
                ),
            )
            return HttpResponseRedirect(reverse("assessments:intro", args=[slug]))
        try:
            attempt = services.attempt_start(user=request.user, test=test)
        except services.AttemptNotAllowed as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("assessments:intro", args=[slug]))
        answered = (
            set()
            if getattr(attempt, "just_started", False)
            else _answered_positions(attempt)
        )
        first = next((i for i in range(len(attempt.layout)) if i not in answered), 0)
        return HttpResponseRedirect(_url("question", attempt, first + 1))
    accommodation = selectors.accommodation_for(user=request.user, test=test)
    question_count = selectors.test_question_count(test)
    return render(
        request,
        "assessments/test_intro.html",
        {
            "test": test,
            "summary": summary,
            "accommodation": accommodation,
            "question_count": question_count,
            "elder": _elder(request),
            "replaces_grade": replaces_grade,
        },
    )


def _may_replace_grade(test: SkillTest, user, summary=None) -> bool:
    """A new attempt could lower a grade the person has (last or average counts)."""
    if test.is_practice or test.grading_method not in ("last", "average"):
        return False
    if not user.is_authenticated:
        return False
    if summary is None:
        summary = selectors.summary_for_test(user=user, test=test)
    return summary.grade is not None and summary.in_progress is None


def _answered_positions(attempt: Attempt) -> set[int]:
    return set(
        attempt.answers.exclude(response__isnull=True).values_list(
            "position", flat=True
        )
    )


def _save_one(request, attempt: Attempt, answers, position: int, data):
    """Save one question's fields. Returns an error message or None."""
    if not 0 <= position < len(answers):
        raise services.AnswerRefused(_("That question is not part of this attempt."))
    answer = answers[position]
    spec = answer.version.as_spec
    if spec.kind == QuestionKind.DESCRIPTION:
        return None
    try:
        response = response_from_form(spec, attempt.layout[position], data)
    except BadResponse as exc:
        raise services.AnswerRefused(str(exc.message)) from None
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=request.user, position=position, response=response
    )
    return None


@login_required
def attempt_question(request, attempt_id: int, number: int):
    attempt, answers = _own_attempt(request, attempt_id)
    if attempt.state != AttemptState.IN_PROGRESS:
        return HttpResponseRedirect(_url("result", attempt))
    if _close_if_overdue(request, attempt):
        return HttpResponseRedirect(_url("result", attempt))
    position = number - 1
    if not 0 <= position < len(answers):
        raise Http404
    error = None
    status = 200
    if request.method == "POST":
        try:
            _save_one(
                request,
                attempt,
                answers,
                position,
                Prefixed(request.POST, f"q{position}-"),
            )
        except services.AnswerRefused as exc:
            error, status = exc.message, 400
        except services.AttemptClosed as exc:
            messages.info(request, exc.message)
            return HttpResponseRedirect(_url("result", attempt))
        if error is None:
            go = request.POST.get("go", "next")
            if request.POST.get(f"q{position}-move"):
                go = "stay"
            if go == "prev" and position > 0:
                target = _url("question", attempt, number - 1)
            elif go == "next" and position + 1 < len(answers):
                target = _url("question", attempt, number + 1)
            elif go == "stay":
                target = _url("question", attempt, number) + f"#q{position}"
            else:
                target = _url("review", attempt)
            return HttpResponseRedirect(target)
        attempt, answers = selectors.attempt_with_answers(
            attempt_id=attempt.pk, owner=request.user
        )
    views = selectors.question_views(attempt, answers, shown=position)
    view = views[position]
    total = views[-1].number
    response = render(
        request,
        "assessments/question.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "q": view,
            "total": total,
            "count": len(views),
            "position": position,
            "is_first": position == 0,
            "is_last": position + 1 == len(views),
            "error": error,
            "elder": _elder(request),
            "all_on_one_allowed": _all_on_one_allowed(request, attempt.test)
            and not _elder(request),
            "answered_count": sum(1 for v in views if v.answered),
            "links": urlmemo.object_urls(
                "assessments", ("save", "review", "all"), attempt.pk
            ),
            "auto_read": getattr(
                getattr(request, "prefs", None), "auto_read_aloud", False
            ),
            **_time_context(attempt),
        },
        status=status,
    )
    return response


def _all_on_one_allowed(request, test: SkillTest) -> bool:
    """The test allows it and the person is staff (residents get one per screen)."""
    return test.allow_all_on_one_page and user_has_role(request.user, STAFF)


@login_required
def attempt_all(request, attempt_id: int):
    attempt, answers = _own_attempt(request, attempt_id)
    if attempt.state != AttemptState.IN_PROGRESS:
        return HttpResponseRedirect(_url("result", attempt))
    if not _all_on_one_allowed(request, attempt.test):
        messages.info(request, _("This test shows one question at a time."))
        return HttpResponseRedirect(_url("question", attempt, 1))
    if _close_if_overdue(request, attempt):
        return HttpResponseRedirect(_url("result", attempt))
    errors: dict[int, str] = {}
    if request.method == "POST":
        for position in range(len(answers)):
            try:
                _save_one(
                    request,
                    attempt,
                    answers,
                    position,
                    Prefixed(request.POST, f"q{position}-"),
                )
            except services.AnswerRefused as exc:
                errors[position] = exc.message
            except services.AttemptClosed as exc:
                messages.info(request, exc.message)
                return HttpResponseRedirect(_url("result", attempt))
        if not errors:
            moved = next(
                (p for p in range(len(answers)) if request.POST.get(f"q{p}-move")), None
            )
            if moved is not None:
                return HttpResponseRedirect(_url("all", attempt) + f"#q{moved}")
            return HttpResponseRedirect(_url("review", attempt))
        attempt, answers = selectors.attempt_with_answers(
            attempt_id=attempt.pk, owner=request.user
        )
    views = selectors.question_views(attempt, answers)
    for view in views:
        view.error = errors.get(view.position, "")
    return render(
        request,
        "assessments/all_questions.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "views": views,
            "errors": errors,
            "total": views[-1].number if views else 0,
            "elder": _elder(request),
            **_time_context(attempt),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def attempt_save(request, attempt_id: int):
    """The autosave endpoint: one question's fields as JSON-answered form POST."""
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        return JsonResponse(
            {"saved": False, "error": _("Unknown question.")}, status=400
        )
    # One query for what building the response needs; the service re-checks all of
    # it under the row lock.
    row = (
        AttemptAnswer.objects.filter(attempt_id=attempt_id, position=position)
        .select_related("attempt")
        .only("pk", "version_id", "attempt__user_id", "attempt__layout")
        .first()
    )
    if row is None:
        if not Attempt.objects.filter(pk=attempt_id).exists():
            raise Http404
        log.warning("attempt %s has no position %s", attempt_id, position)
        return JsonResponse(
            {"saved": False, "error": _("That question is not part of this attempt.")},
            status=400,
        )
    attempt = row.attempt
    if attempt.user_id != request.user.pk:
        log.warning("user %s autosaved into attempt %s", request.user.pk, attempt_id)
        return JsonResponse(
            {"saved": False, "error": _("This is not your attempt.")}, status=403
        )
    spec = services.spec_for_version(row.version_id)
    try:
        response = response_from_form(
            spec, attempt.layout[position], Prefixed(request.POST, f"q{position}-")
        )
        answer = services.attempt_answer_save(
            attempt_id=attempt.pk,
            user=request.user,
            position=position,
            response=response,
        )
    except BadResponse as exc:
        return JsonResponse({"saved": False, "error": str(exc.message)}, status=400)
    except services.AnswerRefused as exc:
        return JsonResponse({"saved": False, "error": exc.message}, status=400)
    except PermissionDenied:
        return JsonResponse(
            {"saved": False, "error": _("This is not your attempt.")}, status=403
        )
    except services.AttemptClosed as exc:
        return JsonResponse(
            {
                "saved": False,
                "closed": True,
                "error": exc.message,
                "redirect": _url("result", exc.attempt),
            },
            status=409,
        )
    return JsonResponse(
        {
            "saved": True,
            "position": position,
            "saved_at": timezone.localtime(answer.saved_at).strftime("%H:%M:%S"),
        }
    )


@login_required
@require_GET
def attempt_review(request, attempt_id: int):
    attempt, answers = _own_attempt(request, attempt_id)
    if attempt.state != AttemptState.IN_PROGRESS:
        return HttpResponseRedirect(_url("result", attempt))
    if _close_if_overdue(request, attempt):
        return HttpResponseRedirect(_url("result", attempt))
    views = selectors.question_views(attempt, answers)
    questions = [v for v in views if v.kind != QuestionKind.DESCRIPTION]
    unanswered = [v for v in questions if not v.answered]
    return render(
        request,
        "assessments/review.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "views": questions,
            "unanswered": unanswered,
            "elder": _elder(request),
            **_time_context(attempt),
        },
    )


@login_required
@require_POST
def attempt_submit(request, attempt_id: int):
    attempt = get_object_or_404(
        Attempt.objects.only("pk", "user_id", "submit_token"), pk=attempt_id
    )
    if attempt.user_id != request.user.pk:
        log.warning("user %s tried to submit attempt %s", request.user.pk, attempt_id)
        raise PermissionDenied
    if request.POST.get("token") != attempt.submit_token:
        return HttpResponseBadRequest(
            _("This form is out of date. Go back and try again.")
        )
    services.attempt_submit(attempt_id=attempt.pk, user=request.user)
    return HttpResponseRedirect(_url("result", attempt))


@login_required
@require_GET
def attempt_result(request, attempt_id: int):
    attempt, answers = _own_attempt(request, attempt_id)
    if attempt.state == AttemptState.IN_PROGRESS:
        if not _close_if_overdue(request, attempt):
            return HttpResponseRedirect(_url("review", attempt))
        attempt, answers = selectors.attempt_with_answers(
            attempt_id=attempt.pk, owner=request.user
        )
    level = selectors.review_allowed(attempt)
    views = selectors.review_views(attempt, answers, level)
    summary = selectors.summary_for_test(user=request.user, test=attempt.test)
    return render(
        request,
        "assessments/result.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "level": level,
            "views": [v for v in views if v.kind != QuestionKind.DESCRIPTION],
            "mark_changes": _numbered(
                selectors.mark_changes(attempt=attempt, kind=MarkChangeKind.OVERRIDE),
                views,
            ),
            "summary": summary,
            "elder": _elder(request),
        },
    )


def _numbered(changes, views):
    """Give each mark change the question number the person sees on the page."""
    numbers = {v.position: v.number for v in views}
    for change in changes:
        change.number = numbers.get(change.answer.position)
    return changes
