"""One way in: every password login and password reset goes through allauth.

Wagtail and Django ship login, password-reset and password-change views of their own
(``/admin/login/``, ``/admin/password_reset/…``, ``/_util/login/`` for private pages,
``/django-admin/login/``, ``/django-admin/password_change/``). Those check a password
with no rate limit, no lock-out and no two-step (TOTP) check. ``urlpatterns`` below is
included in ``config/urls.py`` *before* Wagtail's and Django's URLs, so the same paths
answer here instead and never read a password:

- a login route sends an anonymous visitor to allauth's login, keeping a safe ``next``;
  a logged-in person who may use that admin goes on to ``next``; a logged-in person who
  may not gets the 403 page (sending them to the login page would bounce straight back:
  a redirect loop);
- a password reset route sends the visitor to allauth's password reset;
- a password change route sends the logged-in person to allauth's password change;
- pages and documents protected by a *shared* password (Wagtail's privacy option
  "A shared password") are turned off (``WAGTAIL_PRIVATE_PAGE_OPTIONS``): that password
  is not a person's and cannot be rate-limited per account, so its form answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, re_path, reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The ``next`` parameter if it points back into this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _redirect(view_name: str, next_url: str = "") -> HttpResponseRedirect:
    url = reverse(view_name)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return HttpResponseRedirect(url)


def _login_gate(
    request, *, may_enter: Callable[[object], bool], home: str
) -> HttpResponseRedirect:
    next_url = safe_next(request)
    user = request.user
    if user.is_authenticated:
        if may_enter(user):
            return HttpResponseRedirect(next_url or home)
        raise PermissionDenied
    return _redirect("account_login", next_url or home)


def wagtail_admin_login(request):
    return _login_gate(
        request,
        may_enter=lambda user: user.has_perm("wagtailadmin.access_admin"),
        home=reverse("wagtailadmin_home"),
    )


def django_admin_login(request):
    return _login_gate(
        request,
        may_enter=lambda user: user.is_active and user.is_staff,
        home=reverse("admin:index"),
    )


def private_page_login(request):
    """Wagtail sends visitors of login- or group-restricted pages here."""
    if request.user.is_authenticated:
        # Logged in, yet the page is for a group they are not in.
        raise PermissionDenied
    return _redirect("account_login", safe_next(request))


def password_reset(request, rest: str = ""):
    return _redirect("account_reset_password")


def password_change(request, rest: str = ""):
    if not request.user.is_authenticated:
        return _redirect("account_login", reverse("account_change_password"))
    return _redirect("account_change_password")


def shared_password_turned_off(request, **kwargs):
    raise Http404("Shared passwords are turned off.")


urlpatterns = [
    path("admin/login/", wagtail_admin_login, name="login_gate_wagtail_admin"),
    re_path(
        r"^admin/password_reset/(?P<rest>.*)$",
        password_reset,
        name="password_reset_gate_wagtail_admin",
    ),
    path("django-admin/login/", django_admin_login, name="login_gate_django_admin"),
    re_path(
        r"^django-admin/password_change/(?P<rest>.*)$",
        password_change,
        name="password_change_gate_django_admin",
    ),
    path("_util/login/", private_page_login, name="login_gate_private_pages"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/"
        "<int:page_id>/",
        shared_password_turned_off,
        name="shared_password_page_off",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        shared_password_turned_off,
        name="shared_password_documents_off",
    ),
]
