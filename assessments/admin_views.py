"""Wagtail admin screens that are not plain model editing: GIFT import with a preview,
GIFT export, the reviewers' grading queue and the statistics report (HTML + CSV)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.roles import EDITORS, HR, REVIEWERS, user_has_role
from cms import csv_export

from . import selectors, services
from .forms import GiftImportForm, ManualGradeForm, MarkOverrideForm, problem_text
from .models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    GiftImportJob,
    QuestionCategory,
    SkillTest,
)


def _require(request, *roles):
    if not any(user_has_role(request.user, r) for r in roles):
        raise PermissionDenied


# --------------------------------------------------------------------- GIFT


def _problems_text(problems: list[dict]) -> list[str]:
    zh = (get_language() or "").startswith("zh")
    return [
        _("Line %(line)s: %(message)s")
        % {"line": p["line"], "message": p["message_zh"] if zh else p["message_en"]}
        for p in problems
    ]


def gift_import(request):
    """Upload or paste GIFT, see a preview, then confirm by the preview's token.

    The text stays on the server (a GiftImportJob) between preview and confirm, so
    confirming sends a token, not the file again, and "import only the good ones"
    needs no new upload. The confirm step checks the stored text exactly like the
    preview (services.gift_check).
    """
    _require(request, EDITORS)
    preview = None
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            job = services.gift_import_confirm(
                token=_uuid(request.POST.get("job")),
                user=request.user,
                partial=request.POST.get("partial") == "1",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("assessments-gift:import")
        return redirect("assessments-gift:job", job.token)
    form = GiftImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            job, check = services.gift_preview(
                text=form.cleaned_data["gift"],
                category_path=form.cleaned_data["category"],
                partial=form.cleaned_data["partial"],
                user=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "category" in exc.error_dict:
                form.add_error("category", exc.error_dict["category"])
            else:
                form.add_error(None, exc)
            status = 400
        else:
            rows = [
                {"spec": spec, "path": path}
                for spec, path in zip(check.specs, check.paths, strict=True)
            ]
            preview = {
                "job": job,
                "rows": rows[:PREVIEW_ROWS],
                "more": max(0, len(rows) - PREVIEW_ROWS),
                "count": len(rows),
                "problems": [problem_text(p) for p in check.problems],
                "category": job.category_path,
                "partial": form.cleaned_data["partial"],
            }
    elif request.method == "POST":
        status = 400
    return TemplateResponse(
        request,
        "assessments/admin/gift_import.html",
        {
            "form": form,
            "preview": preview,
            "jobs": selectors.recent_gift_jobs(user=request.user),
            "max_mb": services.MAX_GIFT_BYTES // (1024 * 1024),
            "page_title": _("Import questions (GIFT)"),
        },
        status=status,
    )


PREVIEW_ROWS = 500


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def gift_job(request, token):
    """An import's status and progress; ``?format=json`` for the page's polling."""
    _require(request, EDITORS)
    job = get_object_or_404(GiftImportJob, token=token)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "status_label": str(job.get_status_display()),
                "processed": job.processed,
                "total": job.total,
                "percent": job.percent,
                "created": job.created_count,
                "skipped": job.skipped_count,
                "active": job.is_active,
            }
        )
    return TemplateResponse(
        request,
        "assessments/admin/gift_job.html",
        {
            "job": job,
            "problems": _problems_text(job.problems),
            "page_title": _("GIFT import"),
        },
    )


def gift_export(request, category_id: int):
    _require(request, EDITORS, REVIEWERS)
    category = get_object_or_404(QuestionCategory, pk=category_id)
    text = services.gift_export(category=category)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = f"questions-{category.pk}.gift.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --------------------------------------------------------------------- grading


def grading_queue(request):
    _require(request, REVIEWERS)
    answers = selectors.grading_queue(exclude_user=request.user)
    return TemplateResponse(
        request,
        "assessments/admin/grading_queue.html",
        {"answers": answers, "page_title": _("Answers to grade")},
    )


def grade_answer(request, answer_id: int):
    _require(request, REVIEWERS)
    answer = get_object_or_404(
        AttemptAnswer.objects.select_related(
            "attempt__user", "attempt__test", "version", "grader"
        ),
        pk=answer_id,
    )
    if answer.attempt.user_id == request.user.pk:
        raise PermissionDenied
    if not answer.needs_manual:
        # Automatically marked answers are never graded here (not even by id).
        raise PermissionDenied
    rubric = answer.version.rubric
    status = 200
    form = (
        ManualGradeForm(request.POST or None, rubric=rubric)
        if answer.graded_at is None
        else None
    )
    if request.method == "POST" and form is None:
        messages.error(request, services.already_graded_message(answer.pk))
        status = 409
    elif request.method == "POST" and form.is_valid():
        try:
            services.attempt_answer_grade(
                answer_id=answer.pk,
                grader=request.user,
                rubric_points=form.points() if rubric else None,
                fraction=None
                if rubric
                else form.cleaned_data["percent"] / Decimal(100),
                comment=form.cleaned_data["comment"],
            )
        except services.GradingRefused as exc:
            messages.error(request, exc.messages[0])
            status = 409
            answer.refresh_from_db()
            form = None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Grade saved."))
            return redirect("assessments-grading:queue")
    return TemplateResponse(
        request,
        "assessments/admin/grade_answer.html",
        {
            "answer": answer,
            "spec": answer.version.as_spec,
            "form": form,
            "page_title": _("Grade an answer"),
        },
        status=status,
    )


# --------------------------------------------------------------------- mark changes


def _require_override(request):
    if not services.can_override_marks(request.user):
        raise PermissionDenied


def attempt_list(request):
    """Finished attempts, newest first, to find one whose marks must change."""
    _require_override(request)
    query = (request.GET.get("q") or "").strip()[:100]
    attempts = selectors.finished_attempts(query=query)
    return TemplateResponse(
        request,
        "assessments/admin/attempt_list.html",
        {"attempts": attempts, "query": query, "page_title": _("Attempts and marks")},
    )


def attempt_marks(request, attempt_id: int):
    """One attempt's answers with their marks, a form to change one, and the history."""
    _require_override(request)
    try:
        attempt, answers = selectors.attempt_with_answers(attempt_id=attempt_id)
    except Attempt.DoesNotExist:
        raise Http404 from None
    if attempt.state == AttemptState.IN_PROGRESS:
        raise Http404
    if attempt.user_id == request.user.pk:
        raise PermissionDenied
    form = None
    chosen = None
    status = 200
    position = request.POST.get("position") or request.GET.get("answer")
    if position is not None:
        chosen = next((a for a in answers if str(a.position) == position), None)
        if chosen is None:
            raise Http404
        form = MarkOverrideForm(
            request.POST if request.method == "POST" else None,
            answer=chosen,
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.attempt_answer_override(
                answer_id=chosen.pk,
                user=request.user,
                reason=form.cleaned_data["reason"],
                fraction=form.fraction(),
                rubric_points=form.points(),
                expected_fraction=form.expected_fraction(),
            )
        except services.GradingRefused as exc:
            messages.error(request, exc.messages[0])
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        else:
            messages.success(request, _("Mark changed. The person will see why."))
            return redirect("assessments-marks:attempt", attempt.pk)
        attempt, answers = selectors.attempt_with_answers(attempt_id=attempt_id)
    elif request.method == "POST":
        status = 400
    return TemplateResponse(
        request,
        "assessments/admin/attempt_marks.html",
        {
            "attempt": attempt,
            "rows": [{"answer": a, "spec": a.version.as_spec} for a in answers],
            "form": form,
            "chosen": chosen,
            "changes": selectors.mark_changes(attempt=attempt),
            "page_title": _("Marks of %(person)s · %(test)s")
            % {"person": attempt.user, "test": attempt.test},
        },
        status=status,
    )


# --------------------------------------------------------------------- statistics


def statistics_index(request):
    _require(request, EDITORS, REVIEWERS, HR)
    return TemplateResponse(
        request,
        "assessments/admin/statistics_index.html",
        {
            "tests": selectors.tests_with_attempt_counts(),
            "page_title": _("Test statistics"),
        },
    )


def _pct(value) -> str:
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}"


def _num(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def histogram_svg(bins) -> str:
    """A small accessible bar chart of the score distribution, drawn on the server."""
    if not bins:
        return ""
    width, height, pad = 600, 240, 36
    top = max(b.count for b in bins) or 1
    bar_w = (width - 2 * pad) / len(bins)
    parts = [
        f'<svg class="assess-histogram" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="hist-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="hist-title">{}</title>'.format(
            escape(_("Score distribution: attempts per band of 10 percentage points"))
        ),
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#333" />',
    ]
    for i, b in enumerate(bins):
        h = (height - 2 * pad) * b.count / top
        x = pad + i * bar_w
        y = height - pad - h
        label = f"{b.low}–{b.high}%: {b.count}"
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" '
            f'height="{h:.1f}" '
            f'fill="#0b57d0"><title>{escape(label)}</title></rect>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - pad + 16}" font-size="11" '
            f'text-anchor="middle" fill="#333">{escape(str(b.low))}</text>'
        )
        if b.count:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="12" '
                f'text-anchor="middle" fill="#111">{b.count}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def statistics_report(request, test_id: int):
    _require(request, EDITORS, REVIEWERS, HR)
    test = get_object_or_404(SkillTest, pk=test_id)
    report = selectors.statistics_report(test=test)
    if request.GET.get("format") == "csv":
        return _statistics_csv(report)
    rows = [
        {
            "position": r.position,
            "name": r.name,
            "kind": r.kind,
            "count": r.stats.count,
            "facility": _pct(r.stats.facility),
            "sd": _pct(r.stats.sd),
            "discrimination": _pct(r.stats.discrimination_index),
            "efficiency": _pct(r.stats.discriminative_efficiency),
        }
        for r in report.rows
    ]
    quiz = report.quiz
    return TemplateResponse(
        request,
        "assessments/admin/statistics.html",
        {
            "test": test,
            "report": report,
            "rows": rows,
            "quiz": quiz,
            "mean": _num(quiz.mean) if quiz else "—",
            "median": _num(quiz.median) if quiz else "—",
            "sd": _num(quiz.sd) if quiz else "—",
            "cic": _pct(quiz.cic) if quiz else "—",
            "max_total": _num(quiz.max_total) if quiz else "—",
            "svg": mark_safe(histogram_svg(report.bins)),  # noqa: S308 - built from escaped parts
            "csv_url": reverse("assessments-stats:report", args=[test.pk])
            + "?format=csv",
            "page_title": _("Statistics: %(test)s") % {"test": test.display_title},
        },
    )


def _statistics_csv(report) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="test-{report.test.pk}-statistics.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the Chinese text as UTF-8
    writer = csv_export.writer(response)
    quiz = report.quiz
    writer.writerow(["test", report.test.title])
    if quiz:
        writer.writerow(["attempts", quiz.count])
        for label, value in (
            ("max_total", quiz.max_total),
            ("mean", quiz.mean),
            ("median", quiz.median),
            ("sd", quiz.sd),
            ("cronbach_alpha", quiz.cic),
            ("error_ratio", quiz.error_ratio),
            ("standard_error", quiz.standard_error),
        ):
            writer.writerow([label, "" if value is None else value])
    writer.writerow([])
    writer.writerow(
        [
            "position",
            "question",
            "type",
            "attempts",
            "facility",
            "sd",
            "discrimination_index",
            "discriminative_efficiency",
        ]
    )
    for r in report.rows:
        s = r.stats
        writer.writerow(
            [
                r.position,
                r.name,
                r.kind,
                s.count,
                *(
                    "" if v is None else v
                    for v in (
                        s.facility,
                        s.sd,
                        s.discrimination_index,
                        s.discriminative_efficiency,
                    )
                ),
            ]
        )
    return response
