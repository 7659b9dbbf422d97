"""Roster, appraisal and qualification imports: dry-run errors, atomic, idempotent."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from incentives import imports, services
from incentives.models import Appraisal, AuditEntry, ExternalQualification

TODAY = date(2026, 6, 30)
ROSTER_HEADER = (
    "employee_no,name,phone,org_unit,post_type,grade,grade_since,hire_date\n"
)


def preview(kind, text: str | bytes, filename="f.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return services.import_preview(kind=kind, data=data, filename=filename, today=TODAY)


@pytest.mark.django_db
def test_roster_import_creates_then_is_idempotent(units, hr):
    text = (
        ROSTER_HEADER
        + "E100,王芳,13900001111,昆明路社区,正职,9,2022-01-01,2010-03-01\n"
        + "E101,李强,,昆明路社区,deputy,6,2023-05-01,2019-09-01\n"
    )
    p = preview("roster", text)
    assert p.ok, p.errors
    assert services.import_apply(preview=p, actor=hr) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    user = get_user_model().objects.get(employee_number="E100")
    assert (user.post_type, user.grade, user.phone) == ("chief", 9, "13900001111")
    again = services.import_apply(preview=preview("roster", text), actor=hr)
    assert again == {"created": 0, "updated": 0, "unchanged": 2}
    changed = text.replace(",9,2022-01-01", ",10,2024-01-01")
    assert services.import_apply(preview=preview("roster", changed), actor=hr) == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
    }
    user.refresh_from_db()
    assert user.grade == 10
    entry = AuditEntry.objects.filter(action="roster.update").get()
    assert (entry.before["grade"], entry.after["grade"]) == (9, 10)


@pytest.mark.django_db
def test_roster_row_errors_name_rows_and_apply_nothing(units, hr):
    text = (
        ROSTER_HEADER
        + "E100,王芳,,昆明路社区,正职,9,2022-01-01,2010-03-01\n"
        + "E101,李强,,昆明路社区,副职,16,2023-05-01,2019-09-01\n"
        + "E102,赵六,,不存在社区,其他,3,2023-05-01,2019-09-01\n"
        + "E100,王芳,,昆明路社区,正职,9,2022-01-01,2010-03-01\n"
        + "E103,钱七,,昆明路社区,主任,3,2030-01-01,2019-09-01\n"
    )
    p = preview("roster", text)
    found = {(e.row, e.column) for e in p.errors}
    assert found == {
        (3, "grade"),
        (4, "org_unit"),
        (5, "employee_no"),
        (6, "post_type"),
        (6, "grade_since"),
    }
    assert "超出该岗位范围 4–15" in next(e.zh for e in p.errors if e.row == 3)
    assert "duplicates row 2" in next(e.en for e in p.errors if e.row == 5)
    with pytest.raises(Exception, match="nothing applied"):
        services.import_apply(preview=p, actor=hr)
    assert not get_user_model().objects.filter(employee_number__isnull=False).exists()


@pytest.mark.django_db
def test_missing_column_is_reported_on_the_header_row(units):
    p = preview("roster", "employee_no,name,phone\nE1,a,\n")
    assert [(e.row, e.column) for e in p.errors] == [
        (1, "org_unit, post_type, grade, grade_since, hire_date")
    ]


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        pytest.param(
            b"\xef\xbb\xbf" + b"employee_no,year,rating\n",
            "utf-8-sig",
            id="utf8-bom",
        ),
        pytest.param(b"employee_no,year,rating\n", "utf-8", id="utf8"),
        pytest.param(
            "employee_no,year,rating\nE1,2025,优秀\n".encode("gb18030"),
            "gb18030",
            id="gb18030",
        ),
    ],
)
def test_encodings_detected(encoded, encoding):
    _rows, found = imports.read_table(encoded, "a.csv")
    assert found == encoding


def test_undecodable_file_is_refused_clearly():
    with pytest.raises(imports.FileRefused, match="CSV UTF-8"):
        imports.read_table(b"\xff\xfe\x00h\x00i\x81\x20", "a.csv")


@pytest.mark.django_db
def test_appraisals_in_chinese_and_english_and_errors(make_staff, hr):
    make_staff("E1")
    text = (
        "employee_no,year,rating\nE1,2024,优秀\nE1,2025,basically_qualified\n"
        "E9,2025,合格\nE1,2025,合格\nE1,2024,很好\n"
    )
    p = preview("appraisals", text)
    assert {(e.row, e.column) for e in p.errors} == {
        (4, "employee_no"),
        (5, "year"),
        (6, "rating"),
        (6, "year"),
    }
    good = preview(
        "appraisals",
        "employee_no,year,rating\nE1,2024,优秀\nE1,2025,basically_qualified\n",
    )
    assert services.import_apply(preview=good, actor=hr)["created"] == 2
    assert dict(Appraisal.objects.values_list("year", "rating")) == {
        2024: "excellent",
        2025: "basically_qualified",
    }


@pytest.mark.django_db
def test_qualifications_from_xlsx(make_staff, hr):
    make_staff("E1")
    book = Workbook()
    sheet = book.active
    sheet.append(["employee_no", "kind", "level", "number", "issued_on", "expires_on"])
    sheet.append(["E1", "social_work", "中级", "SW-1", date(2024, 5, 1), None])
    sheet.append(["E1", "social_work", "senior", "SW-2", "2025-05-01", "2030-04-30"])
    buf = io.BytesIO()
    book.save(buf)
    p = preview("qualifications", buf.getvalue(), "q.xlsx")
    assert p.ok, p.errors
    assert p.encoding == "xlsx"
    services.import_apply(preview=p, actor=hr)
    assert sorted(ExternalQualification.objects.values_list("level", "expires_on")) == [
        (2, None),
        (3, date(2030, 4, 30)),
    ]


@pytest.mark.django_db
def test_import_command_dry_run_changes_nothing(tmp_path, units):
    f = tmp_path / "roster.csv"
    f.write_text(
        ROSTER_HEADER + "E100,王芳,,昆明路社区,head,9,2022-01-01,2010-03-01\n",
        encoding="utf-8-sig",
    )
    out = io.StringIO()
    call_command("import_roster", str(f), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert not get_user_model().objects.filter(employee_number="E100").exists()
    call_command("import_roster", str(f), stdout=io.StringIO())
    assert get_user_model().objects.filter(employee_number="E100").exists()


@pytest.mark.django_db
def test_import_command_reports_row_errors(tmp_path, units):
    f = tmp_path / "roster.csv"
    f.write_text(
        ROSTER_HEADER + "E100,王芳,,昆明路社区,head,99,2022-01-01,2010-03-01\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was applied"):
        call_command("import_roster", str(f), stderr=err)
    assert "第 2 行 [grade]" in err.getvalue()
