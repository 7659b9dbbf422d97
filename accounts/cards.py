"""The large-print login card a staff member prints for a resident (a PDF made with
the shared machinery in ``cms.pdf``)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.pdf import pdf_context, render_pdf


def help_phone_for(org_unit) -> str:
    """The nearest help phone up the community → street → district tree."""
    unit = org_unit
    while unit is not None:
        if unit.help_phone:
            return unit.help_phone
        unit = unit.parent
    return settings.DIGILADDER_HELP_PHONE_DEFAULT


def login_card_pdf(*, resident, password: str, login_url: str) -> bytes:
    # The card is for the resident: in their language (the site's default, Chinese,
    # unless they chose another), not in whatever language the staff member uses.
    with translation.override(resident.language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "accounts/login_card.html",
            {
                "resident": resident,
                "password": password,
                "community": resident.org_unit,
                "help_phone": help_phone_for(resident.org_unit),
                "login_url": login_url,
                "printed_on": timezone.localdate(),
                **pdf_context(),
            },
        )
    return render_pdf(html)
