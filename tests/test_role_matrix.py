"""The role table in docs/roles.md is checked against the code.

1. Every URL pattern of the project (walked recursively through every include, the
   Wagtail admin and allauth's too) has a row (exact, or a ``prefix/*`` glob row) with
   an entry for every role. Adding a URL without deciding who may reach it fails here.
2. Every URL that needs no object id is requested as each role, and what happened is
   compared with the table:

   - ``yes``: the page answered (2xx, or a redirect that is not a refusal);
   - ``no``: refused (403, 404, a redirect to a login page for someone logged in, or
     Wagtail's "no permission" redirect to the admin dashboard);
   - ``login``: (anonymous) sent to a login page;
   - ``any``: a public page whose answer depends on the visitor's state (log-in,
     sign-up, MFA steps): anything but a server error.

   A GET refused with 405 (POST-only) is retried as an empty POST.

``ROLE_MATRIX_WRITE=1 pytest tests/test_role_matrix.py`` rewrites the table from what
was observed (keeping the notes column, and ``any`` cells), for a reviewer to read
the diff; the test never passes by writing.
"""

from __future__ import annotations

import json
import os
import re
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts.roles import EDITORS, HR, RESIDENTS, REVIEWERS, STAFF, sync_roles

DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"
START, END = "<!-- role-matrix:start -->", "<!-- role-matrix:end -->"
ANONYMOUS, SUPERUSER = "Anonymous", "superuser"
ROLES = (ANONYMOUS, RESIDENTS, STAFF, REVIEWERS, HR, EDITORS, SUPERUSER)
VALUES = {"yes", "no", "login", "any"}
PASSWORD = "matrix-pass-2026"
#: Rows for routes that exist only with DEBUG (the dev server's static and media).
DEBUG_ONLY = {r"^static/(?P<path>.*)$", r"^media/(?P<path>.*)$"}
#: Routes that cannot be requested bare (their row is still required and reviewed).
NOT_PROBED = {
    "admin/failwhale/",  # Wagtail's deliberate server-error page
    "admin/redirects/import/process/",  # Wagtail: 500 without an upload in session
}


# --- the URL patterns ---------------------------------------------------------------


def url_patterns() -> list[str]:
    """Every route of the project as one string (includes joined), in order."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return list(dict.fromkeys(walk(get_resolver().url_patterns, "")))


def needs_no_object(route: str) -> bool:
    return not re.search(r"[<(^$*]", route) and route not in NOT_PROBED


# --- the table ------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [p.strip().replace("\\|", "|") for p in parts]


def read_table() -> tuple[list[tuple[str, dict[str, str], str]], str, str]:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    body, tail = rest.split(END, 1)
    rows = []
    lines = [ln for ln in body.strip().splitlines() if ln.strip().startswith("|")]
    if not lines:
        return rows, head, tail
    header = _cells(lines[0])
    assert header[1 : 1 + len(ROLES)] == list(ROLES), header
    for line in lines[2:]:
        cells = _cells(line)
        route = cells[0].strip("`")
        values = dict(zip(ROLES, cells[1 : 1 + len(ROLES)], strict=False))
        note = cells[1 + len(ROLES)] if len(cells) > 1 + len(ROLES) else ""
        rows.append((route, values, note))
    return rows, head, tail


def row_for(route: str, rows):
    for row in rows:
        if row[0] == route:
            return row
    for row in rows:
        if row[0].endswith("*") and fnmatchcase(route, row[0]):
            return row
    return None


def write_table(rows, head: str, tail: str) -> None:
    out = ["| URL pattern | " + " | ".join(ROLES) + " | notes |"]
    out.append("|" + "---|" * (len(ROLES) + 2))
    for route, values, note in rows:
        code = route.replace("|", "\\|")
        cells = " | ".join(values[r] for r in ROLES)
        out.append(f"| `{code}` | {cells} | {note} |")
    DOC.write_text(
        head + START + "\n" + "\n".join(out) + "\n" + END + tail, encoding="utf-8"
    )


# --- 1. every URL has an entry for every role --------------------------------------


def test_every_url_pattern_has_an_entry_for_every_role():
    rows, _head, _tail = read_table()
    missing = [route for route in url_patterns() if row_for(route, rows) is None]
    assert not missing, (
        "URL patterns without a row in docs/roles.md (add one, or a glob row):\n"
        + "\n".join(missing)
    )
    bad = [
        (route, values)
        for route, values, _note in rows
        if set(values) != set(ROLES) or not set(values.values()) <= VALUES
    ]
    assert not bad, f"rows need one of {sorted(VALUES)} for every role: {bad}"


def test_every_row_is_used():
    routes = url_patterns()
    rows, _head, _tail = read_table()
    unused = [
        row[0]
        for row in rows
        if row[0] not in DEBUG_ONLY
        and not any(row_for(route, rows) is row for route in routes)
    ]
    assert not unused, f"rows in docs/roles.md that match no URL: {unused}"


# --- 2. what each role actually gets -----------------------------------------------


def _people():
    sync_roles()
    User = get_user_model()
    people = {ANONYMOUS: None}
    for role in (RESIDENTS, STAFF, REVIEWERS, HR, EDITORS):
        user = User.objects.create_user(username=f"m-{role}", password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        people[role] = user
    people[SUPERUSER] = User.objects.create_superuser("m-root", password=PASSWORD)
    for role in (HR, SUPERUSER, REVIEWERS, EDITORS):
        TOTP.activate(people[role], generate_totp_secret())
    return people


def _login_paths() -> tuple[str, ...]:
    return tuple(
        reverse(name)
        for name in (
            "account_login",
            "wagtailadmin_login",
            "wagtailcore_login",
            "admin:login",
        )
    )


def classify(response, *, path: str, anonymous: bool, posted: bool = False) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if posted and status in (400, 404):
        return "yes"  # an empty POST reached the view, which found nothing to act on
    if status in (403, 404):
        return "no"
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        if target.startswith(_login_paths()):
            return "login" if anonymous else "no"
        admin_home = reverse("wagtailadmin_home")
        if target == admin_home and path != admin_home:
            return "no"  # Wagtail's "Sorry, you do not have permission"
        return "yes"
    if 200 <= status < 300:
        return "yes"
    return f"status {status}"


def observe(person, path: str) -> str:
    client = Client(raise_request_exception=False)
    if person is not None:
        client.force_login(person)
    response = client.get(path)
    posted = response.status_code == 405
    if posted:
        response = client.post(path, {})
    return classify(response, path=path, anonymous=person is None, posted=posted)


@pytest.mark.django_db
def test_each_role_gets_what_the_table_says(settings):
    settings.LANGUAGE_CODE = "en"
    rows, head, tail = read_table()
    people = _people()
    observed: dict[str, dict[str, str]] = {}
    per_route: dict[str, dict[str, str]] = {}
    mismatches = []
    for route in url_patterns():
        if not needs_no_object(route):
            continue
        row = row_for(route, rows)
        if row is None:
            row = (route, dict.fromkeys(ROLES, "any"), "")
        path = "/" + route
        for role in ROLES:
            got = observe(people[role], path)
            observed.setdefault(row[0], {})[role] = got
            per_route.setdefault(route, {})[role] = got
            expected = row[1][role]
            if got.startswith(("error", "status")):
                mismatches.append(f"{path} as {role}: {got}")
            elif expected != "any" and got != expected:
                mismatches.append(f"{path} as {role}: table {expected}, got {got}")
    if os.environ.get("ROLE_MATRIX_DUMP"):
        Path(os.environ["ROLE_MATRIX_DUMP"]).write_text(json.dumps(per_route))
    if os.environ.get("ROLE_MATRIX_WRITE"):
        new_rows = []
        for route, values, note in rows:
            seen = observed.get(route, {})
            merged = {
                r: values[r] if values[r] == "any" else seen.get(r, values[r])
                for r in ROLES
            }
            new_rows.append((route, merged, note))
        write_table(new_rows, head, tail)
    assert not mismatches, "\n".join(mismatches)
