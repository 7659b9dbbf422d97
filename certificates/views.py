"""Certificate pages: public verification, the holder's "My certificates", file
downloads (PDF, QR, baked badge, OB 3.0 credential) and the public Open Badges JSON.

Files belong to the holder; HR and superusers may fetch them too; anyone else gets 404
(not 403: whether a certificate id exists is nobody else's business).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import openbadges, selectors, services
from .codes import format_code, mask_name, normalise_code
from .documents import qr_png_bytes, verification_url
from .models import Certificate, CertificateType, Issuer, Status

# ---------------------------------------------------------------- verification


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request) -> bool:
    limit = settings.CERTIFICATES_VERIFY_PER_MINUTE
    key = f"certificates:verify:{_client_ip(request)}:{int(time.time() // 60)}"
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 0, 120)
        count = cache.incr(key)
    return count > limit


def effective_status(certificate: Certificate, today) -> str:
    """The status as of today, even before the nightly job has marked an expiry."""
    if (
        certificate.status == Status.VALID
        and certificate.expires_on is not None
        and certificate.expires_on <= today
    ):
        return Status.EXPIRED
    return certificate.status


@require_GET
def verify_form(request):
    raw = request.GET.get("code", "").strip()
    if raw:
        code = normalise_code(raw)
        return redirect("certificate_verify", code=code or "unknown")
    return render(request, "certificates/verify_form.html", {})


@require_GET
@never_cache
def verify(request, code: str):
    if _rate_limited(request):
        response = render(request, "certificates/verify_limited.html", {}, status=429)
        response["Retry-After"] = "60"
        return response
    normalised = normalise_code(code)
    if normalised and normalised != code:
        # One canonical address per certificate (what the QR code holds).
        return redirect("certificate_verify", code=normalised)
    # Always one lookup, even for something that cannot be a code, so "not found"
    # takes as long as "found".
    certificate = selectors.certificate_for_code(normalised or "-")
    if certificate is None:
        return render(
            request, "certificates/verify_not_found.html", {"code": code}, status=404
        )
    today = timezone.localdate()
    state = effective_status(certificate, today)
    cert_type = certificate.certificate_type
    renewed_by = getattr(certificate, "renewed_by", None)
    context = {
        "c": certificate,
        "t": cert_type,
        "state": state,
        "holder_name": certificate.holder_name
        if certificate.show_full_name
        else mask_name(certificate.holder_name),
        "code": format_code(certificate.code),
        "assertion_url": reverse("certificates:ob_assertion", args=[certificate.code]),
        "renewed_by_url": reverse("certificate_verify", args=[renewed_by.code])
        if renewed_by
        else "",
    }
    return render(request, "certificates/verify.html", context)


# ------------------------------------------------------------ My certificates


def _visible_certificate(request, pk: int) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "certificate_type__issuer", "certificate_type__skill_area", "holder"
        ),
        pk=pk,
    )
    if certificate.holder_id != request.user.pk and not services.can_manage(
        request.user
    ):
        raise Http404
    return certificate


def _renew_url(certificate: Certificate, today) -> str:
    """Where to go to renew: the type's skill test, once renewal is open."""
    if certificate.status not in (Status.VALID, Status.EXPIRED):
        return ""
    if certificate.status == Status.VALID and (
        certificate.expires_on is None
        or (certificate.expires_on - today).days > services.RENEWAL_WINDOW_DAYS
    ):
        return ""
    for requirement in certificate.certificate_type.requirements.all():
        if requirement.skill_test is not None:
            return reverse("assessments:intro", args=[requirement.skill_test.slug])
    return ""


@login_required
def mine(request):
    certificates = selectors.certificates_of(user=request.user)
    notices = selectors.unread_notices(user=request.user)
    today = timezone.localdate()
    rows = [
        {
            "c": c,
            "state": effective_status(c, today),
            "expiring": c.status == Status.VALID
            and c.expires_on is not None
            and 0 < (c.expires_on - today).days <= services.RENEWAL_WINDOW_DAYS,
            "verify_url": verification_url(c),
            "code": format_code(c.code),
            "masked": mask_name(c.holder_name),
            "renew_url": _renew_url(c, today),
        }
        for c in certificates
    ]
    response = render(
        request,
        "certificates/mine.html",
        {"rows": rows, "notices": notices},
    )
    if notices:
        services.notices_mark_read(user=request.user)
    return response


@login_required
@require_POST
def show_name(request, pk: int):
    try:
        services.certificate_set_show_name(
            user=request.user,
            certificate_id=pk,
            show=request.POST.get("show") == "1",
        )
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("Saved. The verification page now shows your choice."))
    return redirect(reverse("certificates:mine") + f"#cert-{pk}")


@login_required
def pdf(request, pk: int):
    certificate = _visible_certificate(request, pk)
    design = certificate.certificate_type.design_version
    if not certificate.pdf or certificate.pdf_design_version != design:
        try:
            certificate = services.certificate_render_pdf(certificate_id=pk)
        except Exception:  # noqa: BLE001 - say so, never a 500
            messages.error(
                request,
                _(
                    "The PDF could not be made just now. It is being retried; "
                    "please try again in a few minutes."
                ),
            )
            from .tasks import render_pdf

            render_pdf.delay(pk)
            return redirect("certificates:mine")
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=request.GET.get("download") == "1",
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def rerender(request, pk: int):
    certificate = _visible_certificate(request, pk)
    from .tasks import render_pdf

    render_pdf.delay(certificate.pk)
    messages.success(request, _("The PDF is being made again."))
    return redirect("certificates:mine")


@login_required
def qr(request, pk: int):
    certificate = _visible_certificate(request, pk)
    response = HttpResponse(
        qr_png_bytes(verification_url(certificate)), content_type="image/png"
    )
    response["Content-Disposition"] = f'inline; filename="{certificate.serial}-qr.png"'
    return response


@login_required
def baked_badge(request, pk: int):
    certificate = _visible_certificate(request, pk)
    response = HttpResponse(openbadges.baked_png(certificate), content_type="image/png")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.serial}-badge.png"'
    )
    return response


@login_required
def credential(request, pk: int):
    certificate = _visible_certificate(request, pk)
    response = HttpResponse(
        openbadges.credential_jws(certificate), content_type="application/vc+jwt"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.serial}-credential.jwt"'
    )
    return response


# ----------------------------------------------------------- Open Badges (public)


def _jsonld(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def ob_issuer(request, pk: int):
    return _jsonld(openbadges.issuer_json(get_object_or_404(Issuer, pk=pk)))


def ob_badge(request, slug: str):
    cert_type = get_object_or_404(
        CertificateType.objects.select_related("issuer", "skill_area"), slug=slug
    )
    return _jsonld(openbadges.badge_class_json(cert_type))


def ob_badge_image(request, slug: str):
    cert_type = get_object_or_404(
        CertificateType.objects.select_related("skill_area"), slug=slug
    )
    response = HttpResponse(
        openbadges.type_badge_png(cert_type), content_type="image/png"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def ob_assertion(request, code: str):
    certificate = selectors.certificate_for_code(normalise_code(code) or "-")
    if certificate is None:
        return _jsonld({"error": "not found"}, status=404)
    if certificate.status == Status.REVOKED:
        return _jsonld(openbadges.revoked_json(certificate), status=410)
    return _jsonld(openbadges.assertion_json(certificate))


def jwks(request):
    from .keys import public_jwks

    response = JsonResponse(public_jwks())
    response["Content-Type"] = "application/jwk-set+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response
