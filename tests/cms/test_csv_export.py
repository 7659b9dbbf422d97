"""Every CSV export neutralises cells a spreadsheet would run as a formula.

One writer (cms/csv_export.py) is used by every export: the assessments statistics,
the training completion reports and Wagtail's own report/list exports. A guard test
fails when code writes CSV without it.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cms import csv_export
from tests.accounts.factories import activate_totp
from tests.training.conftest import (  # noqa: F401 (fixtures)
    communities,
    make_course,
    people,
    site_tree,
)

ROOT = Path(__file__).resolve().parents[2]
EVIL = ["=1+2", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _cells(rows) -> list[str]:
    return [cell for row in rows for cell in row]


def _no_formula(rows) -> None:
    for cell in _cells(rows):
        assert not cell.startswith(csv_export.FORMULA_STARTS), cell


# ------------------------------------------------------------------ the writer


@pytest.mark.parametrize("value", EVIL, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_text_starting_like_a_formula_is_written_as_text(value):
    out = io.StringIO()
    csv_export.writer(out).writerow([value, "安全", 3])
    cell = _rows(out.getvalue().encode())[0][0]
    assert cell == "'" + value


def test_numbers_and_plain_text_are_unchanged():
    out = io.StringIO()
    csv_export.writer(out).writerow([-5, Decimal("-0.25"), "王阿姨", "a=b", ""])
    assert _rows(out.getvalue().encode())[0] == ["-5", "-0.25", "王阿姨", "a=b", ""]


def test_dict_writer_neutralises_headings_and_values():
    out = io.StringIO()
    w = csv_export.DictWriter(out, fieldnames=["=h", "b"])
    w.writeheader()
    w.writerow({"=h": "@x", "b": 2})
    assert _rows(out.getvalue().encode()) == [["'=h", "b"], ["'@x", "2"]]


# ------------------------------------------------------------------ guards


def test_no_code_writes_csv_without_the_shared_writer():
    # Reading CSV (imports) is fine; writing must go through the shared writer.
    pattern = re.compile(r"csv\.(writer|DictWriter)\s*\(")
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "node_modules", "tests", "var", "bench"}:
            continue
        if rel == Path("cms/csv_export.py") or "demo_content" in rel.parts:
            continue  # demo_content only shows learners a csv.DictReader example
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(rel))
    assert offenders == [], "write CSV with cms.csv_export: " + ", ".join(offenders)


def _view_classes(patterns):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _view_classes(p.url_patterns)
        elif isinstance(p, URLPattern):
            cls = getattr(p.callback, "view_class", None)
            if cls is not None:
                yield cls


def test_every_wagtail_spreadsheet_export_streams_through_the_shared_writer():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    exporting = [
        cls
        for cls in _view_classes(get_resolver().url_patterns)
        if issubclass(cls, SpreadsheetExportMixin)
    ]
    assert exporting  # Wagtail's reports and ours are there
    for cls in exporting:
        assert cls.stream_csv is SpreadsheetExportMixin.stream_csv, cls
    assert SpreadsheetExportMixin._formulas_neutralised


# ------------------------------------------------------------------ each export


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["training_report_courses", "training_report_communities"]
)
def test_training_completion_reports(client, site_tree, people, url_name):  # noqa: F811
    from training import services

    course = make_course(site_tree.index, title='=HYPERLINK("http://x")')
    people.resident.org_unit.name = "-2+3社区"
    people.resident.org_unit.save()
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.editor)
    response = client.get(reverse(url_name), {"export": "csv"})
    assert response.status_code == 200
    rows = _rows(b"".join(response.streaming_content))
    cells = _cells(rows)
    assert '\'=HYPERLINK("http://x")' in cells
    if url_name == "training_report_communities":
        assert "'-2+3社区" in cells
    _no_formula(rows)


@pytest.mark.django_db
def test_assessments_statistics_csv(client, django_user_model):
    from assessments import services
    from assessments.models import SkillTest, TestSlot
    from tests.assessments.conftest import tf

    category = services.category_ensure(path="Bank")
    test = SkillTest.objects.create(title="@SUM(1+1)", slug="evil")
    q = services.question_save(spec=tf(name="+cmd|' /C calc'!A0"), category=category)
    TestSlot.objects.create(test=test, question=q, marks=Decimal(1))
    person = django_user_model.objects.create_user(username="p", password="x")
    a = services.attempt_start(user=person, test=test)
    services.attempt_answer_save(
        attempt_id=a.pk, user=person, position=0, response=True
    )
    services.attempt_submit(attempt_id=a.pk, user=person)
    viewer = django_user_model.objects.create_superuser(username="root", password="x")
    activate_totp(viewer)  # superusers must use an authenticator app
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    response = client.get(
        reverse("assessments-stats:report", args=[test.pk]) + "?format=csv"
    )
    assert response.status_code == 200, response.get("Location")
    rows = _rows(response.content)
    cells = _cells(rows)
    assert "'@SUM(1+1)" in cells
    assert "'+cmd|' /C calc'!A0" in cells
    _no_formula(rows)


@pytest.mark.django_db
def test_wagtail_locked_pages_report(client, site_tree, django_user_model):  # noqa: F811
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    activate_totp(admin)  # superusers must use an authenticator app
    course = site_tree.course
    course.title = "=cmd()"
    course.locked = True
    course.locked_by = admin
    course.save()
    client.force_login(admin)
    response = client.get(
        reverse("wagtailadmin_reports:locked_pages"), {"export": "csv"}
    )
    if response.status_code == 302:  # a superuser without MFA is sent to set it up
        pytest.skip("admin reports need MFA set up in this configuration")
    assert response.status_code == 200
    rows = _rows(b"".join(response.streaming_content))
    assert "'=cmd()" in _cells(rows)
    _no_formula(rows)
