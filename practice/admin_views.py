"""Wagtail admin screens beyond model editing: the review queue and review form,
the showcase (Editors feature items), HR points adjustments, and the community report
(HTML + CSV/XLSX through Wagtail's report view) with helper hours per month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.reports import ReportView

from accounts.roles import EDITORS, HR, REVIEWERS, user_has_role

from . import selectors, services
from .forms import AdjustmentForm, ReviewForm
from .models import Submission, SubmissionState
from .services import CriterionMark, PracticeError, ReviewConflict


def _require(request, *roles):
    if not any(user_has_role(request.user, r) for r in roles):
        raise PermissionDenied


# --------------------------------------------------------------------- reviews


def review_queue(request):
    _require(request, REVIEWERS)
    queue = selectors.review_queue(reviewer=request.user)
    return TemplateResponse(
        request,
        "practice/admin/review_queue.html",
        {"queue": queue, "page_title": _("Practice work to review")},
    )


def review_submission(request, submission_id: int):
    _require(request, REVIEWERS)
    try:
        submission = selectors.submission_history(submission_id=submission_id)
    except Submission.DoesNotExist:
        raise PermissionDenied from None
    if submission.author_id == request.user.pk:
        raise PermissionDenied
    if not services.is_task_reviewer(user=request.user, task=submission.task):
        raise PermissionDenied
    task = submission.task
    versions = list(submission.versions.all())
    current = versions[0] if versions else None
    criteria = list(task.rubric.criteria.all()) if task.rubric_id else []
    reviewable = (
        submission.state == SubmissionState.SUBMITTED
        and current is not None
        and current.submitted_at is not None
        and not any(r.reviewer_id == request.user.pk for r in current.reviews.all())
    )
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        initial={"revision": submission.revision},
    )
    # The service decides even when this page thought the work was still open: a
    # reviewer who loses a race is told who decided first.
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_submit(
                submission_id=submission.pk,
                reviewer=request.user,
                expected_revision=data["revision"],
                decision=data["decision"],
                comment=data["comment"],
                marks=[
                    CriterionMark(
                        criterion_id=c.pk,
                        points=data[f"points_{c.pk}"],
                        comment=data.get(f"comment_{c.pk}", ""),
                    )
                    for c in criteria
                ],
            )
        except ReviewConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("practice-reviews:review", submission_id=submission.pk)
        except PracticeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("practice-reviews:queue")
    # Independent reviews: the current version's other reviews stay hidden until
    # the work is decided; earlier versions' reviews are always readable.
    return TemplateResponse(
        request,
        "practice/admin/review.html",
        {
            "submission": submission,
            "task": task,
            "versions": versions,
            "current": current,
            "form": form,
            "reviewable": reviewable,
            "page_title": _("Review: %(task)s") % {"task": task.display_title},
        },
        status=400 if request.method == "POST" else 200,
    )


# --------------------------------------------------------------------- showcase


def showcase_admin(request):
    _require(request, EDITORS, REVIEWERS, HR)
    if request.method == "POST":
        _require(request, EDITORS)
        try:
            services.showcase_feature(
                submission_id=int(request.POST.get("submission", 0)),
                editor=request.user,
                featured=request.POST.get("featured") == "1",
            )
            messages.success(request, _("Saved."))
        except (PracticeError, Submission.DoesNotExist, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Not found.")))
        return redirect("practice-showcase:index")
    data = selectors.showcase_items(filters=selectors.ShowcaseFilters(), public=False)
    return TemplateResponse(
        request,
        "practice/admin/showcase.html",
        {
            **data,
            "can_feature": user_has_role(request.user, EDITORS),
            "page_title": _("Showcase (成果展示)"),
        },
    )


# --------------------------------------------------------------------- points


def points_adjust(request, user_id: int):
    _require(request, HR)
    from django.contrib.auth import get_user_model

    person = get_object_or_404(get_user_model(), pk=user_id)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.points_adjust(
                user=person,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                occurred_on=form.cleaned_data["occurred_on"],
                by=request.user,
            )
        except PracticeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The adjustment is added to the ledger."))
            return redirect("practice-points:adjust", user_id=person.pk)
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "practice/admin/points.html",
        {
            "person": person,
            "form": form,
            "entries": selectors.ledger_for(user_id=person.pk, limit=100),
            "balance_year": selectors.points_balance(
                user_id=person.pk, start=date(today.year, 1, 1), end=today
            ),
            "page_title": _("Practice points: %(name)s") % {"name": person},
        },
    )


# --------------------------------------------------------------------- reports


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return start, end


class CommunityReportView(ReportView):
    """Per community and period; CSV/XLSX through Wagtail's spreadsheet export."""

    template_name = "practice/admin/report.html"
    index_url_name = "practice-report:index"
    index_results_url_name = "practice-report:index"
    page_title = gettext_lazy("Practice by community")
    header_icon = "table"
    paginate_by = None
    list_export = [
        "community",
        "tasks",
        "submissions",
        "accepted",
        "acceptance_rate",
        "helper_minutes",
        "residents_helped",
        "points",
    ]
    export_headings = {
        "community": gettext_lazy("Community"),
        "tasks": gettext_lazy("Tasks"),
        "submissions": gettext_lazy("Submissions"),
        "accepted": gettext_lazy("Accepted"),
        "acceptance_rate": gettext_lazy("Acceptance rate"),
        "helper_minutes": gettext_lazy("Helper minutes"),
        "residents_helped": gettext_lazy("Residents helped"),
        "points": gettext_lazy("Points"),
    }
    custom_value_preprocess = {
        Decimal: {"csv": lambda v: f"{v:.2f}", "xlsx": float},
    }

    def dispatch(self, request, *args, **kwargs):
        _require(request, HR, REVIEWERS)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        start, end = _period(self.request)
        return selectors.community_report(start=start, end=end)

    def get_filename(self):
        start, end = _period(self.request)
        return f"practice-{start.isoformat()}-{end.isoformat()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = _period(self.request)
        months = selectors.helper_minutes_by_month(
            start=max(start, end - timedelta(days=365)), end=end
        )
        peak = max((m for _, m in months), default=0) or 1
        context.update(
            start=start,
            end=end,
            months=[
                {
                    "month": m,
                    "hours": round(minutes / 60, 1),
                    "percent": round(100 * minutes / peak),
                }
                for m, minutes in months
            ],
            rows=context.get("object_list"),
        )
        return context
