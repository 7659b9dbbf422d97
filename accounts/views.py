"""The account page and staff-assisted registration. Views stay thin: forms validate,
services write."""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import selectors, services
from .cards import login_card_pdf
from .forms import AssistedRegistrationForm, PreferencesForm, ProfileForm
from .models import OrgUnit, normalize_phone
from .roles import HR, user_has_role

User = get_user_model()

#: Session key holding one-time passwords waiting to be printed, by resident id.
CARD_SESSION_KEY = "accounts_pending_login_cards"
#: How long a one-time password stays printable after it was made.
CARD_TTL_SECONDS = 10 * 60


# --- my account ------------------------------------------------------------------


@login_required
def account_settings(request):
    user = request.user
    locked = services.community_set_by_hr(user)
    profile_form = ProfileForm(instance=user, prefix="profile", community_locked=locked)
    prefs_form = PreferencesForm(
        instance=user,
        prefix="prefs",
        initial={"language": user.language or translation.get_language()},
    )
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "profile":
            # Trying a number says whether it is registered: limit the tries (before
            # looking the number up), like sign-up.
            profile_form = ProfileForm(
                request.POST,
                instance=user,
                prefix="profile",
                community_locked=locked,
                phone_refusal=_phone_change_throttled(request, user),
            )
            if profile_form.is_valid():
                data = profile_form.cleaned_data
                try:
                    services.user_update_profile(
                        user=user,
                        display_name=data["display_name"],
                        phone=data["phone"],
                        birth_year=data["birth_year"],
                        **({"org_unit": data["org_unit"]} if not locked else {}),
                    )
                except ValidationError as exc:
                    _add_errors(profile_form, exc)
                else:
                    messages.success(request, _("Your details are saved."))
                    return redirect("accounts:settings")
        elif section == "preferences":
            prefs_form = PreferencesForm(request.POST, instance=user, prefix="prefs")
            if prefs_form.is_valid():
                data = prefs_form.cleaned_data
                services.user_update_preferences(
                    user=user,
                    text_size=data["text_size"],
                    elder_mode=data["elder_mode"],
                    high_contrast=data["high_contrast"],
                    auto_read_aloud=data["auto_read_aloud"],
                    language=data["language"],
                )
                translation.activate(data["language"])
                messages.success(request, _("Your settings are saved."))
                response = redirect("accounts:settings")
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    data["language"],
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                )
                return response
    context = {
        "profile_form": profile_form,
        "prefs_form": prefs_form,
        "has_totp": Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
        "can_assist": services.can_assist_registration(user),
        "staff_facts": _staff_facts(user),
    }
    return render(request, "accounts/account_settings.html", context)


def _phone_change_throttled(request, user) -> str | None:
    """An error message when this attempt to change the number is over the limit."""
    typed = normalize_phone(request.POST.get("profile-phone"))
    if not typed or typed == user.phone:
        return None
    if services.phone_change_attempt_allowed(
        user=user, ip=get_adapter(request).get_client_ip(request)
    ):
        return None
    return _(
        "Too many tries to change the mobile number. Wait an hour and try again, "
        "or ask the community service centre."
    )


def _staff_facts(user) -> list[tuple[str, object]]:
    has_facts = user.post_type or user.employee_number or user.grade or user.hire_date
    if not has_facts and not (services.community_set_by_hr(user) and user.org_unit):
        return []
    facts = [
        (_("Employee number"), user.employee_number),
        (_("Post"), user.get_post_type_display() if user.post_type else None),
        (_("Community"), user.org_unit),
        (_("Grade"), user.grade),
        (_("Grade since"), user.grade_since),
        (_("Hire date"), user.hire_date),
    ]
    return [(label, value) for label, value in facts if value not in (None, "")]


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- staff-assisted registration ----------------------------------------------------


def _require_assist(request) -> None:
    if not services.can_assist_registration(request.user):
        raise PermissionDenied


def _remember_card(request, resident, password: str) -> None:
    cards = _pending_cards(request)
    cards[str(resident.pk)] = {
        "password": password,
        "expires": time.time() + CARD_TTL_SECONDS,
    }
    request.session[CARD_SESSION_KEY] = cards


def _pending_cards(request) -> dict:
    now = time.time()
    cards = {
        pk: card
        for pk, card in request.session.get(CARD_SESSION_KEY, {}).items()
        if card.get("expires", 0) > now
    }
    if cards != request.session.get(CARD_SESSION_KEY, {}):
        request.session[CARD_SESSION_KEY] = cards
    return cards


def _resident_for(request, pk: int):
    resident = get_object_or_404(User.objects.select_related("org_unit__parent"), pk=pk)
    if not services.can_reset_resident_password(staff=request.user, resident=resident):
        raise Http404
    return resident


@login_required
@never_cache
def assist_register(request):
    _require_assist(request)
    staff = request.user
    if request.method == "POST":
        form = AssistedRegistrationForm(request.POST, staff=staff)
        if form.is_valid():
            data = form.cleaned_data
            try:
                resident, password = services.resident_register_assisted(
                    staff=staff,
                    display_name=data["display_name"],
                    phone=data["phone"],
                    birth_year=data["birth_year"],
                    org_unit=data["org_unit"],
                    elder_mode=data["elder_mode"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                _remember_card(request, resident, password)
                return redirect("accounts:assist_done", pk=resident.pk)
    else:
        form = AssistedRegistrationForm(staff=staff)
    # Only those this person may still act for (a resident who moved to another
    # community is served by that community's staff now).
    recent = (
        selectors.residents_served_by(staff=staff)
        .filter(registered_by=staff)
        .order_by("-date_joined")[:20]
    )
    return render(
        request, "accounts/assist_register.html", {"form": form, "recent": recent}
    )


#: Residents shown per page of the "residents of my community" list.
RESIDENTS_PER_PAGE = 25


@login_required
@never_cache
def residents(request):
    """Staff: the residents of my communities, to print a new login card from.

    HR sees every resident (with the search box). Cards on phones, large buttons.
    """
    _require_assist(request)
    search = request.GET.get("q", "")[:50]
    queryset = selectors.residents_served_by(staff=request.user, search=search)
    page = Paginator(queryset, RESIDENTS_PER_PAGE).get_page(request.GET.get("page"))
    served = selectors.served_community_ids(request.user)
    communities = OrgUnit.objects.filter(pk__in=served).select_related("parent")
    return render(
        request,
        "accounts/residents.html",
        {
            "page": page,
            "search": search,
            "communities": communities,
            "sees_everyone": request.user.is_superuser
            or user_has_role(request.user, HR),
        },
    )


@login_required
@never_cache
def assist_done(request, pk: int):
    _require_assist(request)
    resident = _resident_for(request, pk)
    card = _pending_cards(request).get(str(resident.pk))
    return render(
        request,
        "accounts/assist_done.html",
        {
            "resident": resident,
            "card_ready": card is not None,
            "minutes_left": max(1, int((card["expires"] - time.time()) // 60))
            if card
            else 0,
        },
    )


@login_required
@never_cache
def assist_card(request, pk: int):
    _require_assist(request)
    resident = _resident_for(request, pk)
    card = _pending_cards(request).get(str(resident.pk))
    if card is None:
        messages.warning(
            request,
            _(
                "The one-time password is no longer available. Make a new one to "
                "print a card."
            ),
        )
        return redirect("accounts:assist_done", pk=resident.pk)
    pdf = login_card_pdf(
        resident=resident,
        password=card["password"],
        login_url=request.build_absolute_uri(reverse("account_login")),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="login-card-{resident.username}.pdf"'
    )
    return response


@login_required
@never_cache
def assist_reset(request, pk: int):
    """GET asks first (their current password will stop working); POST does it."""
    _require_assist(request)
    resident = _resident_for(request, pk)
    if request.method != "POST":
        return render(
            request, "accounts/assist_reset_confirm.html", {"resident": resident}
        )
    password = services.resident_reset_one_time_password(
        staff=request.user, resident=resident
    )
    _remember_card(request, resident, password)
    messages.success(
        request,
        _("A new one-time password is ready. The old one no longer works."),
    )
    return redirect("accounts:assist_done", pk=resident.pk)
