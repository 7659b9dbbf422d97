"""HR's certificate tools in the Wagtail admin: the filtered list with bulk actions,
one certificate's record (audit trail, PDF state), issue by hand, revoke, reinstate,
bulk jobs with progress and their ZIP downloads. Every view checks the role; the
services check it again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import bulk, services
from .forms import FilterForm, ManualIssueForm, ReinstateForm, RevokeForm
from .models import BulkJob, Certificate


def _require_hr(request) -> None:
    if not services.can_manage(request.user):
        raise PermissionDenied


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def certificate_list(request):
    _require_hr(request)
    form = FilterForm(request.GET or None)
    queryset = form.filter(
        Certificate.objects.select_related("certificate_type").order_by("-issued_at")
    )
    if request.method == "POST":
        action = request.POST.get("action")
        form = FilterForm(request.POST)
        ids = list(form.filter(Certificate.objects.all()).values_list("pk", flat=True))
        if action in (BulkJob.Kind.RERENDER, BulkJob.Kind.ZIP) and ids:
            job = bulk.bulk_job_create(
                actor=request.user, kind=action, certificate_ids=ids
            )
            return redirect("certificates-admin:job", job.pk)
        messages.warning(request, _("No certificates match the filter."))
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "certificates/admin/list.html",
        {
            "page_title": _("Certificates"),
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "query": request.GET.urlencode(),
        },
    )


def certificate_detail(request, pk: int):
    _require_hr(request)
    certificate = get_object_or_404(
        Certificate.objects.select_related("certificate_type", "holder"), pk=pk
    )
    return TemplateResponse(
        request,
        "certificates/admin/detail.html",
        {
            "page_title": f"{certificate.serial} · {certificate.holder_name}",
            "c": certificate,
            "events": certificate.events.select_related("actor"),
            "revoke_form": RevokeForm(),
            "reinstate_form": ReinstateForm(),
        },
    )


def certificate_issue(request):
    _require_hr(request)
    form = ManualIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue_by_hand(
                actor=request.user,
                holder=form.cleaned_data["holder"],
                cert_type=form.cleaned_data["certificate_type"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            from .documents import certificate_missing_glyphs

            missing = certificate_missing_glyphs(certificate)
            if missing:
                messages.warning(
                    request,
                    _(
                        "No installed font has these characters, so they print as "
                        "empty boxes: %(chars)s. Check the name, or ask the "
                        "administrator to install a font that has them."
                    )
                    % {"chars": " ".join(missing)},
                )
            messages.success(
                request,
                _("Issued %(serial)s to %(name)s.")
                % {"serial": certificate.serial, "name": certificate.holder_name},
            )
            return redirect("certificates-admin:detail", certificate.pk)
    return TemplateResponse(
        request,
        "certificates/admin/form.html",
        {"page_title": _("Issue a certificate by hand"), "form": form},
    )


def certificate_revoke(request, pk: int):
    _require_hr(request)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user,
                certificate_id=pk,
                reason=form.cleaned_data["reason"],
                public_reason=form.cleaned_data["public_reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The certificate is revoked."))
    elif request.method == "POST":
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect("certificates-admin:detail", pk)


def certificate_reinstate(request, pk: int):
    _require_hr(request)
    form = ReinstateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_reinstate(
                actor=request.user,
                certificate_id=pk,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The certificate is valid again."))
    elif request.method == "POST":
        messages.error(request, _("Say why the certificate is reinstated."))
    return redirect("certificates-admin:detail", pk)


def certificate_rerender(request, pk: int):
    _require_hr(request)
    if request.method == "POST":
        from .tasks import render_pdf

        render_pdf.delay(pk)
        messages.success(request, _("The PDF is being made again."))
    return redirect("certificates-admin:detail", pk)


def job_detail(request, pk: int):
    _require_hr(request)
    job = get_object_or_404(BulkJob, pk=pk)
    return TemplateResponse(
        request,
        "certificates/admin/job.html",
        {"page_title": _("Background job"), "job": job},
    )


def job_download(request, pk: int):
    _require_hr(request)
    job = get_object_or_404(BulkJob, pk=pk, kind=BulkJob.Kind.ZIP)
    if job.requested_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    if not job.result:
        return redirect(reverse("certificates-admin:job", args=[pk]))
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=f"certificates-{job.pk}.zip",
        content_type="application/zip",
    )
