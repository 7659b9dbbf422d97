"""The certificate PDF (A4 landscape, Chinese first with English) and its QR code.

Rendering goes through ``cms.pdf`` (shared fonts, base CSS, WeasyPrint). Images
(issuer logo, signature) are embedded as data URIs read from storage; one that cannot
be read is left out and the PDF still renders. Every value is HTML-escaped by the
template engine, so names and reasons cannot inject markup.
"""

from __future__ import annotations

import base64
import logging
import mimetypes

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cms.pdf import missing_glyphs, pdf_context, render_pdf

from .codes import format_code

log = logging.getLogger("digiladder.certificates")


def public_url(path: str) -> str:
    return settings.CERTIFICATES_BASE_URL.rstrip("/") + path


def verification_url(certificate) -> str:
    return public_url(reverse("certificate_verify", args=[certificate.code]))


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def qr_png_bytes(url: str, *, scale: int = 8) -> bytes:
    import io

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def image_data_uri(image) -> str | None:
    """A Wagtail image as a data URI, or None when it is unset or unreadable."""
    if image is None:
        return None
    try:
        with image.file.open("rb") as fh:
            data = fh.read()
    except Exception:  # noqa: BLE001 - a missing file must not stop the PDF
        log.warning("certificate image %s could not be read", image.pk)
        return None
    mime = mimetypes.guess_type(image.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def text_of(certificate) -> str:
    """All the variable text printed on the certificate (for the glyph check)."""
    cert_type = certificate.certificate_type
    return " ".join(
        [
            certificate.holder_name,
            cert_type.name,
            cert_type.name_en,
            cert_type.signatory_name,
            cert_type.signatory_title,
            cert_type.issuer.name,
        ]
    )


def certificate_missing_glyphs(certificate) -> list[str]:
    return missing_glyphs(text_of(certificate))


def certificate_html(certificate) -> str:
    cert_type = certificate.certificate_type
    url = verification_url(certificate)
    with translation.override("zh-hans"):
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "c": certificate,
                "t": cert_type,
                "issuer": cert_type.issuer,
                "layout": cert_type.layout,
                "is_completion": cert_type.kind == cert_type.Kind.COMPLETION,
                "level_zh": {1: "初级", 2: "中级", 3: "高级"}[certificate.level],
                "level_en": {1: "Junior", 2: "Intermediate", 3: "Senior"}[
                    certificate.level
                ],
                "code": format_code(certificate.code),
                "verify_url": url,
                "qr": qr_svg_data_uri(url),
                "logo": image_data_uri(cert_type.issuer.logo),
                "signature": image_data_uri(cert_type.signature_image),
                "skill_area": cert_type.skill_area,
                **pdf_context(),
            },
        )


def certificate_pdf(certificate) -> bytes:
    return render_pdf(certificate_html(certificate))
