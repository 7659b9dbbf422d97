"""One way in: only allauth's login takes a password, with lock-out and the TOTP step.

The walk below visits EVERY URL pattern the resolver knows (recursively, through
Wagtail's, allauth's and Django admin's includes), fills its arguments with sample
values, and:

- POSTs a real person's username and password to it as an anonymous visitor: only
  allauth's login may log anyone in, and for an account with TOTP nothing may;
- GETs it anonymously and as a (TOTP-protected) superuser and looks for password
  boxes: only allauth's own pages (and the admin's "set this person's password"
  fields, which log nobody in) may show one;
- inspects each view class's form for password fields, for views the samples cannot
  render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django import forms
from django.contrib.admindocs.views import (
    extract_views_from_urlpatterns,
    simplify_regex,
)
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import Resolver404, get_resolver, resolve, reverse

from accounts.roles import HR, RESIDENTS

from .factories import PASSWORD, make_user

LOGIN = reverse("account_login")
PASSWORD_BOX = re.compile(r"<input[^>]*\btype=[\"']?password\b", re.IGNORECASE)
SAMPLES = ("1", "x", "mfa", "x/", "")

#: allauth's own pages that take a password, each rate-limited by allauth.
ALLAUTH_PASSWORD_VIEWS = {
    "account_login",  # the one login
    "account_signup",  # chooses a first password
    "account_reauthenticate",  # confirms a logged-in person (rate-limited)
    "account_change_password",  # needs the current password (rate-limited)
    "account_set_password",
    "account_reset_password_from_key",  # a new password after the emailed link
}
#: Wagtail's user forms set ANOTHER person's password: they log nobody in and check
#: nobody's password (who may use them: issue 7, point 3).
SETS_SOMEONE_ELSES_PASSWORD = {"wagtailusers_users:add", "wagtailusers_users:edit"}


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str  # namespaced URL name of the pattern (or its regex when unnamed)
    url: str  # a sample URL for it
    answered_by: str  # namespaced URL name of the view that actually answers


def _qualified(namespace: str | None, name: str | None, fallback: str) -> str:
    if not name:
        return fallback
    return f"{namespace}:{name}" if namespace else name


def _routes() -> list[Route]:
    routes = []
    patterns = extract_views_from_urlpatterns(get_resolver().url_patterns)
    for func, regex, namespaces, name in patterns:
        shape = re.sub(r"\\(.)", r"\1", simplify_regex(regex))
        namespace = ":".join(namespaces or [])
        qualified = _qualified(namespace, name, regex)
        chosen = None
        for sample in SAMPLES:
            url = re.sub(r"<[^>]*>", sample, shape)
            try:
                match = resolve(url)
            except Resolver404:
                continue
            if chosen is None:
                chosen = (url, match)  # shadowed patterns: what answers instead
            if match.func is func:
                chosen = (url, match)
                break
        assert chosen is not None, f"no sample URL reaches {regex}"
        url, match = chosen
        routes.append(
            Route(
                pattern=regex,
                name=qualified,
                url=url,
                answered_by=_qualified(match.namespace, match.url_name, match.route),
            )
        )
    return routes


def _credentials(username: str) -> dict[str, str]:
    return {
        "login": username,
        "username": username,
        "email": f"{username}@example.com",
        "password": PASSWORD,
        "oldpassword": PASSWORD,
        "old_password": PASSWORD,
        "next": "/",
    }


def _logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def _shows_password_box(response) -> bool:
    if response.status_code != 200:
        return False
    if "html" not in response.get("Content-Type", ""):
        return False
    return bool(PASSWORD_BOX.search(response.content.decode(errors="replace")))


def _form_has_password_field(form_class) -> bool:
    fields = getattr(form_class, "base_fields", {})
    return any(isinstance(f.widget, forms.PasswordInput) for f in fields.values())


def _view_form_classes(func) -> list[type]:
    view_class = getattr(func, "view_class", None)
    found = []
    for candidate in (view_class, getattr(view_class, "form_class", None)):
        if isinstance(candidate, type) and issubclass(candidate, forms.BaseForm):
            found.append(candidate)
    return found


@pytest.fixture
def people(db):
    plain = make_user("plain", role=RESIDENTS, email="plain@example.com")
    guarded = make_user("guarded", role=HR, email="guarded@example.com")
    guarded.totp_secret = generate_totp_secret()
    TOTP.activate(guarded, guarded.totp_secret)
    root = get_user_model().objects.create_superuser(
        "root", email="root@example.com", password=PASSWORD
    )
    TOTP.activate(root, generate_totp_secret())
    return plain, guarded, root


@pytest.mark.django_db
def test_walk_every_url_only_allauth_login_accepts_a_password(people):
    plain, guarded, root = people
    routes = _routes()
    assert len(routes) > 300  # the walk really went through every include
    names = {r.name for r in routes}
    assert {"account_login", "wagtailadmin_login", "wagtailcore_login"} <= names
    assert "admin:login" in names
    assert "wagtailusers_users:edit" in names

    logs_in, logs_in_totp, password_boxes = set(), set(), set()
    staff_client = Client(raise_request_exception=False)
    staff_client.force_login(root)
    for route in routes:
        # a password alone, from a visitor
        client = Client(raise_request_exception=False)
        client.post(route.url, _credentials(plain.username))
        if _logged_in_as(client) == str(plain.pk):
            logs_in.add(route.answered_by)
        client = Client(raise_request_exception=False)
        client.post(route.url, _credentials(guarded.username))
        if _logged_in_as(client):
            logs_in_totp.add(route.answered_by)
        # password boxes shown to a visitor or to a logged-in superuser
        if _shows_password_box(Client(raise_request_exception=False).get(route.url)):
            password_boxes.add(route.answered_by)
        if _shows_password_box(staff_client.get(route.url)):
            password_boxes.add(route.answered_by)

    assert logs_in == {"account_login"}
    assert logs_in_totp == set(), "a TOTP account got in with a password alone"
    unexpected = password_boxes - ALLAUTH_PASSWORD_VIEWS - SETS_SOMEONE_ELSES_PASSWORD
    assert unexpected == set(), (
        f"views other than allauth's take a password: {unexpected}"
    )
    assert "account_login" in password_boxes  # the probe does see password boxes


@pytest.mark.django_db
def test_views_with_password_forms_are_shadowed_by_redirects():
    """Static check: a view whose form has a password field is allauth's, or it is
    never reached (another view answers its URL)."""
    routes = {r.pattern: r for r in _routes()}
    offenders = []
    for func, regex, _ns, _name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        classes = _view_form_classes(func)
        if not any(_form_has_password_field(c) for c in classes):
            continue
        route = routes[regex]
        if route.answered_by in ALLAUTH_PASSWORD_VIEWS:
            continue
        if route.answered_by != route.name:
            continue  # shadowed: one of accounts/login_routes.py answers instead
        offenders.append(route.name)
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "target"),
    [
        (
            "/admin/login/?next=/admin/users/",
            "/accounts/login/?next=%2Fadmin%2Fusers%2F",
        ),
        ("/admin/login/", "/accounts/login/?next=%2Fadmin%2F"),
        ("/_util/login/?next=/private/", "/accounts/login/?next=%2Fprivate%2F"),
        ("/django-admin/login/", "/accounts/login/?next=%2Fdjango-admin%2F"),
        (
            "/admin/login/?next=https://evil.example/",
            "/accounts/login/?next=%2Fadmin%2F",
        ),
        ("/_util/login/?next=//evil.example/", "/accounts/login/"),
        ("/admin/password_reset/", "/accounts/password/reset/"),
        ("/admin/password_reset/confirm/MQ/abc-123/", "/accounts/password/reset/"),
        ("/admin/password_reset/done/", "/accounts/password/reset/"),
        (
            "/django-admin/password_change/",
            "/accounts/login/?next=%2Faccounts%2Fpassword%2Fchange%2F",
        ),
    ],
)
def test_foreign_login_and_reset_routes_lead_to_allauth_with_a_safe_next(
    client, people, path, target
):
    plain, _guarded, _root = people
    credentials = _credentials(plain.username)
    del credentials["next"]
    response = client.post(path, credentials)
    assert response.status_code == 302
    assert response["Location"] == target
    assert _logged_in_as(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/_util/authenticate_with_password/1/1/",
        "/documents/authenticate_with_password/1/",
    ],
)
def test_shared_page_and_document_passwords_are_turned_off(client, path):
    assert client.post(path, {"password": "shared", "return_url": "/"}).status_code == (
        404
    )


@pytest.mark.django_db
def test_logged_in_person_on_a_private_page_login_is_refused_not_looped(client):
    client.force_login(make_user("res1", role=RESIDENTS))
    response = client.get("/_util/login/?next=/members-only/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_has_no_password_change_or_reset_of_its_own(client, people):
    _plain, _guarded, root = people
    client.force_login(root)
    body = client.get(reverse("wagtailadmin_account")).content.decode()
    assert not PASSWORD_BOX.search(body)
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200


@pytest.mark.django_db
def test_hr_with_a_password_alone_cannot_reach_the_user_list(client, people):
    _plain, guarded, _root = people
    users = reverse("wagtailusers_users:index")
    for path in ("/admin/login/", "/_util/login/", "/django-admin/login/", LOGIN):
        client.post(f"{path}?next={users}", _credentials(guarded.username))
        assert _logged_in_as(client) is None, path
        response = client.get(users, follow=True)
        landed = response.redirect_chain[-1][0]
        assert landed.startswith((LOGIN, reverse("mfa_authenticate"))), path
    # allauth's login stops at the TOTP step; with the code, HR gets in
    response = client.post(LOGIN, {**_credentials(guarded.username), "next": users})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(users).status_code == 302
    code = format_hotp_value(
        hotp_value(guarded.totp_secret, next(yield_hotp_counters_from_time()))
    )
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(users).status_code == 200


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,3/5m/key"})
def test_allauth_login_locks_out_and_no_other_route_gets_around_it(people):
    plain, _guarded, _root = people
    cache.clear()
    try:
        client = Client()
        for _ in range(3):
            response = client.post(LOGIN, {"login": "plain", "password": "wrong"})
            assert response.status_code == 200
        client.cookies["django_language"] = "en"
        response = client.post(LOGIN, {"login": "plain", "password": PASSWORD})
        assert "Too many failed login attempts" in response.content.decode()
        assert _logged_in_as(client) is None
        for path in ("/admin/login/", "/_util/login/", "/django-admin/login/"):
            client.post(path, _credentials(plain.username))
            assert _logged_in_as(client) is None, path
    finally:
        cache.clear()
