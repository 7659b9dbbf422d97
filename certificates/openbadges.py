"""Open Badges 2.0 (hosted JSON-LD, baked PNG) and 3.0 (signed OpenBadgeCredential).

URLs (all public, stable; see docs/certificates.md):

- ``/certificates/ob/issuers/<id>.json``        OB 2.0 Issuer (Profile)
- ``/certificates/ob/badges/<slug>.json``       OB 2.0 BadgeClass (one per type)
- ``/certificates/ob/badges/<slug>.png``        the badge image
- ``/certificates/ob/assertions/<code>.json``   OB 2.0 hosted Assertion; a revoked one
  answers 410 with ``{"revoked": true, "revocationReason": …}``
- ``/certificates/ob/jwks.json``                public Ed25519 keys (JWK set) verifying
  the OB 3.0 credentials (compact JWS, ``alg: EdDSA``)

The recipient is never shown in clear: the holder's email (or, without one, their
mobile number as ``telephone``) is hashed with SHA-256 and a per-certificate salt.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import datetime, time
from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from .documents import public_url, verification_url
from .keys import sign_compact

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def issuer_url(issuer) -> str:
    return public_url(reverse("certificates:ob_issuer", args=[issuer.pk]))


def badge_url(cert_type) -> str:
    return public_url(reverse("certificates:ob_badge", args=[cert_type.slug]))


def badge_image_url(cert_type) -> str:
    return public_url(reverse("certificates:ob_badge_image", args=[cert_type.slug]))


def assertion_url(certificate) -> str:
    return public_url(reverse("certificates:ob_assertion", args=[certificate.code]))


def jwks_url() -> str:
    return public_url(reverse("certificates:jwks"))


def _iso(day) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    from django.utils import timezone

    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _iso_text(day) -> str:
    return _iso(day).isoformat()


def issuer_json(issuer) -> dict:
    data = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": issuer_url(issuer),
        "name": issuer.name + (f" ({issuer.name_en})" if issuer.name_en else ""),
        "url": issuer.url or settings.CERTIFICATES_BASE_URL,
        "email": issuer.email or settings.CERTIFICATES_ISSUER_EMAIL,
    }
    return data


def badge_class_json(cert_type) -> dict:
    description = cert_type.description or cert_type.name
    if cert_type.description_en:
        description += "\n" + cert_type.description_en
    narrative = (
        "\n".join(f"- {r}" for r in cert_type.requirements.all())
        or "Issued by the community's HR office."
    )
    return {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": badge_url(cert_type),
        "name": cert_type.name
        + (f" / {cert_type.name_en}" if cert_type.name_en else ""),
        "description": description,
        "image": badge_image_url(cert_type),
        "criteria": {"narrative": narrative},
        "issuer": issuer_url(cert_type.issuer),
        "tags": [
            t
            for t in (
                cert_type.skill_area.slug if cert_type.skill_area else "",
                f"level-{cert_type.level}",
            )
            if t
        ],
    }


def recipient(certificate) -> dict:
    holder = certificate.holder
    if holder.email:
        kind, identity = "email", holder.email.strip().lower()
    elif holder.phone:
        kind, identity = "telephone", "+86" + holder.phone
    else:
        kind, identity = "url", verification_url(certificate)
    digest = hashlib.sha256((identity + certificate.badge_salt).encode()).hexdigest()
    return {
        "type": kind,
        "hashed": True,
        "salt": certificate.badge_salt,
        "identity": f"sha256${digest}",
    }


def _evidence(certificate) -> list[dict]:
    items = []
    for e in certificate.evidence or []:
        item = {"type": "Evidence", "narrative": e.get("label", "")}
        url = e.get("url") or ""
        if url:
            item["id"] = url if url.startswith("http") else public_url(url)
        items.append(item)
    return items


def assertion_json(certificate) -> dict:
    data = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_url(certificate),
        "recipient": recipient(certificate),
        "badge": badge_url(certificate.certificate_type),
        "verification": {"type": "hosted"},
        "issuedOn": certificate.issued_at.isoformat(),
    }
    if certificate.expires_on:
        data["expires"] = _iso_text(certificate.expires_on)
    evidence = _evidence(certificate)
    if evidence:
        data["evidence"] = evidence
    return data


def revoked_json(certificate) -> dict:
    return {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_url(certificate),
        "revoked": True,
        "revocationReason": certificate.public_reason or "Revoked by the issuer",
    }


# ------------------------------------------------------------------ badge images

_LEVEL_COLOURS = {1: "#2e7d32", 2: "#0b4f8a", 3: "#7a1f1f"}
_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
_SC_INDEX = 2  # the Simplified Chinese face in Debian's Noto Sans CJK collection


@lru_cache(maxsize=64)
def badge_png(slug: str, level: int, label: str) -> bytes:
    """A plain 400×400 badge: a coloured disc with the level and the area's name."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (400, 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    colour = _LEVEL_COLOURS.get(level, "#0b4f8a")
    draw.ellipse((10, 10, 390, 390), fill=colour, outline="#ffd400", width=14)
    try:
        big = ImageFont.truetype(_FONT, 96, index=_SC_INDEX)
        small = ImageFont.truetype(_FONT, 34, index=_SC_INDEX)
    except OSError:
        big = small = ImageFont.load_default()
    level_text = {1: "初级", 2: "中级", 3: "高级"}.get(level, "")
    draw.text((200, 175), level_text, font=big, fill="white", anchor="mm")
    draw.text((200, 280), label[:8], font=small, fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def type_badge_png(cert_type) -> bytes:
    label = cert_type.skill_area.name if cert_type.skill_area else cert_type.name
    return badge_png(cert_type.slug, int(cert_type.level), label)


def baked_png(certificate) -> bytes:
    """The type's badge image with the assertion baked in an ``openbadges`` iTXt chunk
    (Open Badges 2.0 baking specification)."""
    from PIL import Image, PngImagePlugin

    image = Image.open(io.BytesIO(type_badge_png(certificate.certificate_type)))
    info = PngImagePlugin.PngInfo()
    info.add_itxt(
        "openbadges",
        json.dumps(assertion_json(certificate), ensure_ascii=False),
        zip=False,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


# ---------------------------------------------------------------------- OB 3.0


def credential_json(certificate) -> dict:
    cert_type = certificate.certificate_type
    issuer = cert_type.issuer
    rec = recipient(certificate)
    identity_type = {
        "email": "emailAddress",
        "telephone": "phoneNumber",
        "url": "url",
    }[rec["type"]]
    credential = {
        "@context": [VC2_CONTEXT, OB3_CONTEXT],
        "id": verification_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_url(issuer),
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url or settings.CERTIFICATES_BASE_URL,
        },
        "validFrom": certificate.issued_at.isoformat(),
        "name": cert_type.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": rec["identity"],
                    "identityType": identity_type,
                    "hashed": True,
                    "salt": rec["salt"],
                }
            ],
            "achievement": {
                "id": badge_url(cert_type),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": cert_type.name,
                "description": cert_type.description or cert_type.name,
                "criteria": {
                    "narrative": badge_class_json(cert_type)["criteria"]["narrative"]
                },
                "image": {"id": badge_image_url(cert_type), "type": "Image"},
            },
        },
    }
    if certificate.expires_on:
        credential["validUntil"] = _iso_text(certificate.expires_on)
    return credential


def credential_jws(certificate) -> str:
    """The OB 3.0 credential as a VC-JWT: compact JWS, EdDSA over Ed25519."""
    credential = credential_json(certificate)
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "vc": credential,
    }
    if certificate.expires_on:
        claims["exp"] = int(_iso(certificate.expires_on).timestamp())
    return sign_compact(claims)
