"""Practice pages on the public site: my practice, a task with my hand-ins, files
(served only to the people allowed to see them), helper sessions, residents'
confirmations and the showcase. Views stay thin: services decide and write."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from accounts.roles import RESIDENTS, STAFF, user_has_role

from . import selectors, services
from .forms import HelperSessionForm, ShareForm, SubmissionForm
from .models import PracticeTask, Submission, SubmissionFile, SubmissionState
from .services import PracticeError
from .uploads import max_bytes, max_files


def _login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _staff_only(request):
    denied = _login(request)
    if denied is not None:
        return denied
    if not user_has_role(request.user, STAFF):
        raise PermissionDenied(_("Only community staff can open this page."))
    return None


# --------------------------------------------------------------------- my practice


def my_practice(request):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    data = selectors.my_practice(user=request.user)
    return render(
        request,
        "practice/my_practice.html",
        {"data": data, "now": timezone.now(), "year": timezone.localdate().year},
    )


# --------------------------------------------------------------------- a task


def task_detail(request, task_id: int):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    try:
        task = selectors.task_detail(task_id=task_id)
    except PracticeTask.DoesNotExist:
        raise Http404 from None
    submission = Submission.objects.filter(task=task, author=request.user).first()
    if not task.is_published and submission is None:
        raise Http404
    history = (
        selectors.submission_history(submission_id=submission.pk)
        if submission
        else None
    )
    versions = list(history.versions.all()) if history else []
    draft = versions[0] if versions and versions[0].submitted_at is None else None
    can_submit = services.can_submit(user=request.user, task=task)
    editable = can_submit and (submission is None or submission.is_editable)
    initial = {}
    if versions:
        initial = {"text": versions[0].text, "link": versions[0].link}
    form = SubmissionForm(request.POST or None, task=task, initial=initial)
    if request.method == "POST" and editable:
        if form.is_valid():
            uploads, problems = _read_uploads(request)
            if problems:
                for problem in problems:
                    form.add_error(None, problem)
            else:
                try:
                    services.submission_save(
                        task=task,
                        author=request.user,
                        text=form.cleaned_data.get("text", ""),
                        link=form.cleaned_data.get("link", ""),
                        uploads=uploads,
                        remove_file_ids=_ints(request.POST.getlist("remove")),
                        submit="submit" in request.POST,
                    )
                except PracticeError as error:
                    form.add_error(None, error.message)
                else:
                    if "submit" in request.POST:
                        messages.success(
                            request,
                            _(
                                "Handed in. A reviewer will look at it; you will "
                                "see the feedback here."
                            ),
                        )
                    else:
                        messages.success(request, _("Your draft is saved."))
                    return redirect("practice:task", task_id=task.pk)
    share_form = None
    if history and history.state == SubmissionState.ACCEPTED:
        share_form = ShareForm(
            initial={
                "share": history.share_in_showcase,
                "public": history.share_publicly,
                "title": history.showcase_title or task.title,
                "summary": history.showcase_summary,
            }
        )
    return render(
        request,
        "practice/task.html",
        {
            "task": task,
            "submission": history,
            "versions": versions,
            "draft": draft,
            "form": form,
            "editable": editable,
            "share_form": share_form,
            "max_files": max_files(),
            "max_mb": max_bytes() // (1024 * 1024),
            "criteria": list(task.rubric.criteria.all()) if task.rubric_id else [],
        },
        status=400 if request.method == "POST" else 200,
    )


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _read_uploads(request) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Read the chosen files, refusing oversized ones before reading them."""
    uploads, problems = [], []
    files = request.FILES.getlist("files")
    if len(files) > max_files():
        return [], [
            _("Attach at most %(n)s files to one hand-in.") % {"n": max_files()}
        ]
    for f in files:
        if f.size > max_bytes():
            problems.append(
                _("“%(name)s” is too large; the limit is %(mb)s MB.")
                % {"name": f.name, "mb": max_bytes() // (1024 * 1024)}
            )
            continue
        uploads.append((f.name, f.read()))
    return uploads, problems


@require_POST
def submission_share(request, submission_id: int):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    submission = get_object_or_404(Submission, pk=submission_id, author=request.user)
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            services.submission_share(
                submission_id=submission.pk,
                author=request.user,
                share=form.cleaned_data["share"],
                public=form.cleaned_data["public"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
            messages.success(request, _("Your showcase choice is saved."))
        except PracticeError as error:
            messages.error(request, error.message)
    return redirect("practice:task", task_id=submission.task_id)


def file_download(request, token: str):
    """Only the author, the task's reviewers, HR and superusers; everyone else 404."""
    if not request.user.is_authenticated:
        raise Http404
    item = (
        SubmissionFile.objects.select_related("version__submission__task")
        .filter(token=token)
        .first()
    )
    if item is None or not services.can_view_submission(
        user=request.user, submission=item.version.submission
    ):
        raise Http404
    try:
        handle = default_storage.open(item.storage_name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = item.kind in ("png", "jpg", "webp")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------- helper sessions


def helper_new(request):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    from training.models import CoursePage
    from training.selectors import helped_residents_for

    residents = [row.resident for row in helped_residents_for(staff=request.user)]
    courses = list(CoursePage.objects.live().order_by("path"))
    day = _parse_day(request.GET.get("day")) or timezone.localdate()
    prefill = services.helper_prefill(helper=request.user, day=day)
    initial = {"day": day, "residents_without_account": 0, "minutes": 30}
    if prefill:
        known = {r.pk for r in residents}
        initial.update(
            start=prefill["starts_at"].time(),
            minutes=prefill["minutes"],
            topic=prefill["topic"],
            course=prefill["course"].pk if prefill["course"] else None,
            residents=[r.pk for r in prefill["residents"] if r.pk in known],
        )
    form = HelperSessionForm(
        request.POST or None, initial=initial, residents=residents, courses=courses
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [r for r in residents if r.pk in set(data["residents"])]
        course = next((c for c in courses if c.pk == data["course"]), None)
        try:
            services.helper_session_record(
                helper=request.user,
                starts_at=form.starts_at(),
                minutes=data["minutes"],
                place=data["place"],
                topic=data["topic"],
                course=course,
                residents=chosen,
                residents_without_account=data["residents_without_account"],
            )
        except PracticeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Recorded. It counts once a resident you helped, or your "
                    "supervisor, confirms it."
                ),
            )
            return redirect("practice:my_practice")
    return render(
        request,
        "practice/helper_new.html",
        {"form": form, "prefilled": bool(prefill), "day": day},
        status=400 if request.method == "POST" else 200,
    )


def _parse_day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def confirm_list(request):
    """Residents: sessions that list them, one big button each. Supervisors: theirs."""
    denied = _login(request)
    if denied is not None:
        return denied
    mine = selectors.sessions_to_confirm(resident=request.user)
    supervised = []
    if user_has_role(request.user, STAFF) or request.user.is_superuser:
        supervised = [
            s
            for s in selectors.sessions_for_supervisor(user=request.user)
            if services.is_supervisor_of(user=request.user, helper=s.helper)
        ]
    return render(
        request,
        "practice/confirm.html",
        {
            "mine": mine,
            "supervised": supervised,
            "is_resident": user_has_role(request.user, RESIDENTS),
        },
    )


@require_POST
def confirm_session(request, session_id: int):
    denied = _login(request)
    if denied is not None:
        return denied
    try:
        session = services.helper_session_confirm(
            session_id=session_id, user=request.user
        )
    except PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you! You confirmed that %(name)s helped you.")
            % {"name": session.helper},
        )
    return redirect("practice:confirm")


# --------------------------------------------------------------------- showcase


def _filters(request) -> tuple[selectors.ShowcaseFilters, dict]:
    today = timezone.localdate()
    period = request.GET.get("period", "")
    start = None
    if period == "year":
        start = date(today.year, 1, 1)
    elif period == "12m":
        start = today - timedelta(days=365)
    f = selectors.ShowcaseFilters(
        skill_area_id=_ints([request.GET.get("area", "")])[0]
        if _ints([request.GET.get("area", "")])
        else None,
        community_id=_ints([request.GET.get("community", "")])[0]
        if _ints([request.GET.get("community", "")])
        else None,
        start=start,
    )
    return f, {"period": period, "area": f.skill_area_id, "community": f.community_id}


def _filter_choices():
    from training.models import SkillArea

    return {
        "areas": list(SkillArea.objects.all()),
        "community_choices": list(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).order_by("name")
        ),
    }


def showcase(request):
    denied = _staff_only(request)
    if denied is not None:
        return denied
    filters, chosen = _filters(request)
    data = selectors.showcase_items(filters=filters, public=False)
    return render(
        request,
        "practice/showcase.html",
        {**data, **_filter_choices(), "chosen": chosen, "public": False},
    )


def showcase_public(request):
    filters, chosen = _filters(request)
    data = selectors.showcase_items(filters=filters, public=True)
    return render(
        request,
        "practice/showcase.html",
        {**data, **_filter_choices(), "chosen": chosen, "public": True},
    )
