"""The certificate PDF (A4 landscape, Chinese first with English) and its QR code.

Rendering goes through ``cms.pdf`` (shared fonts, base CSS, WeasyPrint). Images
(issuer logo, signature) are embedded as data URIs read from storage; one that cannot
be read is left out and the PDF still renders. Every value is HTML-escaped by the
template engine, so names and reasons cannot inject markup.

Speed (bench/bench_certificates.py): the stylesheet (certificate.css) does not vary
per certificate, so it is rendered once per font stack and parsed once per thread;
the rare-character fonts are named only when the printed text needs them; one font
family (no monospace face); the QR code is a one-pixel-per-module PNG drawn with
``image-rendering: pixelated`` (sharp at any size, nothing to parse); logo and
signature data URIs are cached per image file.
"""

from __future__ import annotations

import base64
import io
import logging
import mimetypes
from functools import lru_cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cms.pdf import missing_glyphs, pdf_context, render_pdf, serif_stack

from .codes import format_code

log = logging.getLogger("digiladder.certificates")


def public_url(path: str) -> str:
    return settings.CERTIFICATES_BASE_URL.rstrip("/") + path


def verification_url(certificate) -> str:
    return public_url(reverse("certificate_verify", args=[certificate.code]))


def qr_png_data_uri(url: str) -> str:
    """The QR code as a PNG with one pixel per module (drawn pixelated in the PDF)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=1, border=2)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def qr_png_bytes(url: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


#: Images up to this size are kept in memory between renders (logos, signatures).
IMAGE_CACHE_BYTES = 512 * 1024


_image_cache: dict[tuple[int, str, str], str] = {}


def image_data_uri(image) -> str | None:
    """A Wagtail image as a data URI, or None when it is unset or unreadable.

    Small images (logos, signatures) are kept between renders, by primary key and
    file name: a replaced file gets a new name, so a changed logo is read afresh."""
    if image is None:
        return None
    key = (image.pk, image.file.name, str(getattr(image, "created_at", "")))
    uri = _image_cache.get(key)
    if uri is None:
        uri = _read_data_uri(image)
        if uri is not None and len(uri) <= IMAGE_CACHE_BYTES * 4 // 3 + 64:
            if len(_image_cache) >= 16:
                _image_cache.clear()
            _image_cache[key] = uri
    return uri


def _read_data_uri(image) -> str | None:
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
            cert_type.issuer.name_en,
            cert_type.skill_area.name if cert_type.skill_area else "",
            cert_type.skill_area.name_en if cert_type.skill_area else "",
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
                "qr": qr_png_data_uri(url),
                "logo": image_data_uri(cert_type.issuer.logo),
                "signature": image_data_uri(cert_type.signature_image),
                "skill_area": cert_type.skill_area,
                **pdf_context(),
            },
        )


@lru_cache(maxsize=4)
def certificate_css(serif: str) -> str:
    return render_to_string(
        "certificates/pdf/certificate.css", {**pdf_context(), "serif": serif}
    )


def certificate_pdf(certificate) -> bytes:
    css = certificate_css(serif_stack(text_of(certificate)))
    return render_pdf(certificate_html(certificate), stylesheets=[css])
