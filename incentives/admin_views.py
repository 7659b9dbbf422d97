"""HR screens in the Wagtail admin: the review queue (approve with an effective date,
reject with a reason), file imports with a dry-run preview, and the reports (HTML,
CSV and XLSX)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accounts.roles import HR, user_has_role
from cms import csv_export

from . import imports, selectors, services
from .charts import grade_chart
from .models import (
    CaseStatus,
    EligibilityCase,
    Policy,
    PromotionRecord,
    RewardRecord,
)


def _require_hr(request):
    if not user_has_role(request.user, HR):
        raise PermissionDenied


def _error_text(exc) -> str:
    return "; ".join(getattr(exc, "messages", None) or [str(exc)])


# ------------------------------------------------------------------- queue


def review_queue(request):
    _require_hr(request)
    status = request.GET.get("status", "open")
    cases = EligibilityCase.objects.select_related(
        "user", "user__org_unit", "rule", "policy", "first_approver", "decided_by"
    )
    if status == "open":
        cases = cases.filter(status__in=[CaseStatus.PENDING, CaseStatus.SECOND])
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    return TemplateResponse(
        request,
        "incentives/admin/queue.html",
        {
            "page_title": _("Incentive review"),
            "cases": cases.order_by("status", "user__employee_number")[:500],
            "status": status,
            "statuses": [("open", pgettext("cases", "Open"))]
            + list(CaseStatus.choices),
        },
    )


class ApproveForm(forms.Form):
    effective_date = forms.DateField(
        label=gettext_lazy("Effective date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def review_case(request, case_id: int):
    _require_hr(request)
    case = get_object_or_404(
        EligibilityCase.objects.select_related(
            "user", "user__org_unit", "rule", "policy", "first_approver", "decided_by"
        ),
        pk=case_id,
    )
    approve_form = ApproveForm(
        request.POST if request.POST.get("action") == "approve" else None,
        initial={"effective_date": case.effective_date or timezone.localdate()},
    )
    reject_form = RejectForm(
        request.POST if request.POST.get("action") == "reject" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve" and approve_form.is_valid():
                record = services.case_approve(
                    case_id=case.pk,
                    actor=request.user,
                    effective_date=approve_form.cleaned_data["effective_date"],
                )
                if record is None:
                    messages.success(
                        request,
                        _("First approval recorded; a second HR approver is needed."),
                    )
                else:
                    messages.success(request, _("Approved and recorded."))
                return redirect("incentives-review:queue")
            if request.POST.get("action") == "reject" and reject_form.is_valid():
                services.case_reject(
                    case_id=case.pk,
                    actor=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("Rejected."))
                return redirect("incentives-review:queue")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
            case.refresh_from_db()
    own = case.user_id == request.user.pk
    return TemplateResponse(
        request,
        "incentives/admin/case.html",
        {
            "page_title": _("Review: %(person)s") % {"person": case.user},
            "case": case,
            "approve_form": approve_form,
            "reject_form": reject_form,
            "can_decide": case.status in (CaseStatus.PENDING, CaseStatus.SECOND)
            and not own
            and not (
                case.status == CaseStatus.SECOND
                and case.first_approver_id == request.user.pk
            ),
            "own": own,
        },
    )


# ------------------------------------------------------------------- imports


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            ("roster", gettext_lazy("Staff roster")),
            ("appraisals", gettext_lazy("Annual appraisals")),
            ("qualifications", gettext_lazy("External qualifications")),
        ],
    )
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "UTF-8 (with or without BOM) or GB18030 CSV, or an Excel .xlsx file; "
            "docs/incentives.md lists the columns."
        ),
    )


def import_file(request):
    _require_hr(request)
    preview = None
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST.get("token", "")
        stored = request.session.pop("incentives_import", None)
        if not stored or stored.get("token") != token:
            messages.error(
                request, _("The preview has expired; upload the file again.")
            )
            return redirect("incentives-import:import")
        try:
            preview = services.import_preview(
                kind=stored["kind"],
                data=bytes.fromhex(stored["data"]),
                filename=stored["filename"],
                today=timezone.localdate(),
            )
            counts = services.import_apply(preview=preview, actor=request.user)
        except (ValidationError, imports.FileRefused) as exc:
            messages.error(request, _error_text(exc))
            return redirect("incentives-import:import")
        messages.success(
            request,
            _(
                "Imported: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % counts,
        )
        return redirect("incentives-import:import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            preview = services.import_preview(
                kind=form.cleaned_data["kind"],
                data=data,
                filename=form.cleaned_data["file"].name,
                today=timezone.localdate(),
            )
        except imports.FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            if preview.ok:
                import secrets

                token = secrets.token_hex(8)
                request.session["incentives_import"] = {
                    "token": token,
                    "kind": form.cleaned_data["kind"],
                    "filename": form.cleaned_data["file"].name,
                    "data": data.hex(),
                }
                preview.token = token
    return TemplateResponse(
        request,
        "incentives/admin/import.html",
        {"page_title": _("Import staff facts"), "form": form, "preview": preview},
    )


# ------------------------------------------------------------------- reports


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
    return start, end


def report_rows(start: date, end: date) -> dict:
    """Counts by community for the period, and budget use per policy."""
    by_unit: dict[str, dict] = {}

    def row(name):
        return by_unit.setdefault(
            name or "—",
            {
                "community": name or "—",
                "open": 0,
                "approved": 0,
                "rejected": 0,
                "promotions": 0,
                "rewards": Decimal(0),
            },
        )

    cases = (
        EligibilityCase.objects.filter(found_on__range=(start, end))
        .values("user__org_unit__name", "status")
        .annotate(n=Count("id"))
    )
    for c in cases:
        r = row(c["user__org_unit__name"])
        key = {"pending": "open", "second": "open"}.get(c["status"], c["status"])
        if key in r:
            r[key] += c["n"]
    for p in (
        PromotionRecord.objects.filter(
            effective_date__range=(start, end), reverses__isnull=True
        )
        .values("user__org_unit__name")
        .annotate(n=Count("id"))
    ):
        row(p["user__org_unit__name"])["promotions"] += p["n"]
    for w in (
        RewardRecord.objects.filter(period_start__range=(start, end))
        .values("user__org_unit__name", "reverses")
        .annotate(total=Sum("amount"))
    ):
        sign = -1 if w["reverses"] else 1
        row(w["user__org_unit__name"])["rewards"] += sign * (w["total"] or 0)
    budgets = [
        {"policy": str(p), "cap": p.budget_cap, "used": selectors.budget_used(p)}
        for p in Policy.objects.order_by("name", "-version")
    ]
    grades = list(
        selectors.staff_queryset()
        .exclude(grade__isnull=True)
        .values("post_type", "grade")
        .annotate(n=Count("id"))
        .order_by("post_type", "grade")
    )
    from accounts.models import PostType

    for g in grades:
        g["post_code"] = g["post_type"] or ""
        g["post_type"] = PostType(g["post_type"]).label if g["post_type"] else "—"
    return {
        "rows": sorted(by_unit.values(), key=lambda r: r["community"]),
        "budgets": budgets,
        "grades": grades,
    }


REPORT_COLUMNS = [
    ("community", gettext_lazy("Community")),
    ("open", gettext_lazy("Open cases")),
    ("approved", gettext_lazy("Approved")),
    ("rejected", gettext_lazy("Rejected")),
    ("promotions", gettext_lazy("Promotions")),
    ("rewards", gettext_lazy("Rewards (CNY)")),
]


def report(request):
    _require_hr(request)
    start, end = _period(request)
    data = report_rows(start, end)
    fmt = request.GET.get("export")
    headers = [str(label) for _key, label in REPORT_COLUMNS]
    table = [[r[key] for key, _label in REPORT_COLUMNS] for r in data["rows"]]
    stem = f"incentives-{start.isoformat()}-{end.isoformat()}"
    if fmt == "csv":
        buf = io.StringIO()
        buf.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM correctly
        writer = csv_export.writer(buf)
        writer.writerow(headers)
        writer.writerows(table)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "communities"
        sheet.append(headers)
        for line in table:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in line])
        budget = book.create_sheet("budget")
        budget.append([_("Policy"), _("Cap (CNY)"), _("Used (CNY)")])
        for b in data["budgets"]:
            budget.append(
                [b["policy"], float(b["cap"]) if b["cap"] else None, float(b["used"])]
            )
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    data["chart"] = grade_chart(data["grades"])
    if fmt == "pdf":
        from django.template.loader import render_to_string

        from cms.pdf import render_pdf

        html = render_to_string(
            "incentives/report_pdf.html",
            {
                "start": start,
                "end": end,
                "headers": headers,
                "table": table,
                "printed_on": timezone.localdate(),
                **data,
            },
        )
        pdf = render_pdf(html)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    return TemplateResponse(
        request,
        "incentives/admin/report.html",
        {
            "page_title": _("Incentive reports"),
            "start": start,
            "end": end,
            "headers": headers,
            "table": table,
            **data,
        },
    )
