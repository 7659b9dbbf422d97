"""Reading roster, appraisal and qualification files (CSV or XLSX) into checked rows.

``read_table(data, filename)`` decodes a file: XLSX (by content), or CSV in UTF-8
with or without BOM, or GB18030 (detected when the bytes are not UTF-8 but are
GB18030; any other encoding is refused with a clear message). ``parse_*`` functions
check every row and return an :class:`ImportPreview` with row-level errors
(spreadsheet row numbers: the header is row 1). Nothing here writes; services apply
a clean preview atomically.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import GRADE_RANGES, PHONE_VALIDATOR, normalize_phone

ROSTER_COLUMNS = (
    "employee_no",
    "name",
    "phone",
    "org_unit",
    "post_type",
    "grade",
    "grade_since",
    "hire_date",
)
APPRAISAL_COLUMNS = ("employee_no", "year", "rating")
QUALIFICATION_COLUMNS = (
    "employee_no",
    "kind",
    "level",
    "number",
    "issued_on",
    "expires_on",
)

POST_TYPES = {
    "正职": "chief",
    "社区正职": "chief",
    "head": "chief",
    "chief": "chief",
    "副职": "deputy",
    "社区副职": "deputy",
    "deputy": "deputy",
    "其他": "other",
    "其他工作人员": "other",
    "other": "other",
}
RATINGS = {
    "优秀": "excellent",
    "excellent": "excellent",
    "合格": "qualified",
    "qualified": "qualified",
    "基本合格": "basically_qualified",
    "basically_qualified": "basically_qualified",
    "basically qualified": "basically_qualified",
    "不合格": "unqualified",
    "unqualified": "unqualified",
}
LEVELS = {
    "初级": 1,
    "junior": 1,
    "1": 1,
    "中级": 2,
    "intermediate": 2,
    "2": 2,
    "高级": 3,
    "senior": 3,
    "3": 3,
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    zh: str
    en: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        col = f" [{self.column}]" if self.column else ""
        return f"{where}{col}: {self.zh} / row {self.row}{col}: {self.en}"


@dataclass
class ImportPreview:
    kind: str
    encoding: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileRefused(ValueError):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


def read_table(data: bytes, filename: str = "") -> tuple[list[list[str]], str]:
    """Rows of cell texts (first row: header) and the encoding found."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data), "xlsx"
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise FileRefused(
                    "无法识别文件编码。请在表格软件中另存为“CSV UTF-8”后再导入。",
                    "The file's encoding is not UTF-8 or GB18030. Save it as "
                    "'CSV UTF-8' in your spreadsheet program and import again.",
                ) from None
    rows = [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)) if row
    ]
    return rows, encoding


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same to a user
        raise FileRefused(
            "无法打开这个 Excel 文件，请确认是 .xlsx 格式。",
            "This Excel file cannot be opened; make sure it is an .xlsx file.",
        ) from None
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = []
        for v in values:
            if v is None:
                cells.append("")
            elif hasattr(v, "date") and callable(v.date):
                cells.append(v.date().isoformat())
            elif isinstance(v, date):
                cells.append(v.isoformat())
            elif isinstance(v, float) and v.is_integer():
                cells.append(str(int(v)))
            else:
                cells.append(str(v).strip())
        if any(cells):
            rows.append(cells)
    book.close()
    return rows


def _records(
    table: list[list[str]], columns: tuple[str, ...], preview: ImportPreview
) -> list[tuple[int, dict[str, str]]]:
    if not table:
        preview.errors.append(RowError(0, "", "文件是空的", "the file is empty"))
        return []
    header = [h.strip().lstrip("\ufeff").lower() for h in table[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        names = ", ".join(missing)
        preview.errors.append(
            RowError(1, names, f"缺少列：{names}", f"missing column(s): {names}")
        )
        return []
    index = {name: header.index(name) for name in columns}
    out = []
    for number, row in enumerate(table[1:], start=2):
        out.append(
            (
                number,
                {c: (row[i] if i < len(row) else "").strip() for c, i in index.items()},
            )
        )
    return out


def _date(value: str, row: int, col: str, today: date, errors: list, required=True):
    if not value:
        if required:
            errors.append(RowError(row, col, "缺少日期", "date is missing"))
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors.append(
            RowError(
                row,
                col,
                f"“{value}” 不是日期，请写成 2024-03-01",
                f"“{value}” is not a date; write it like 2024-03-01",
            )
        )
        return None
    if day > today:
        errors.append(RowError(row, col, "日期在今天之后", "the date is in the future"))
        return None
    return day


def _duplicate(seen: dict, key, row: int, col: str, errors: list) -> bool:
    if key in seen:
        errors.append(
            RowError(
                row,
                col,
                f"与第 {seen[key]} 行重复",
                f"duplicates row {seen[key]}",
            )
        )
        return True
    seen[key] = row
    return False


def parse_roster(
    table, *, today: date, known_units: dict[str, int], phones_taken: dict[str, str]
) -> ImportPreview:
    """``known_units``: community name → id; ``phones_taken``: phone → employee_no
    of whoever holds it now (or '' for a non-staff account)."""
    preview = ImportPreview("roster")
    seen: dict = {}
    for row, rec in _records(table, ROSTER_COLUMNS, preview):
        errors: list[RowError] = []
        emp = rec["employee_no"]
        if not emp:
            errors.append(RowError(row, "employee_no", "缺少工号", "missing"))
        elif _duplicate(seen, emp, row, "employee_no", errors):
            pass
        if not rec["name"]:
            errors.append(RowError(row, "name", "缺少姓名", "missing"))
        phone = normalize_phone(rec["phone"]) if rec["phone"] else None
        if phone:
            try:
                PHONE_VALIDATOR(phone)
            except ValidationError:
                errors.append(
                    RowError(row, "phone", "手机号应为 11 位", "not a mobile number")
                )
            else:
                holder = phones_taken.get(phone)
                if holder is not None and holder != emp:
                    errors.append(
                        RowError(
                            row,
                            "phone",
                            "该手机号已被其他账号使用",
                            "this phone number belongs to another account",
                        )
                    )
        unit_id = None
        if rec["org_unit"]:
            unit_id = known_units.get(rec["org_unit"])
            if unit_id is None:
                errors.append(
                    RowError(
                        row,
                        "org_unit",
                        f"没有名为“{rec['org_unit']}”的社区",
                        f"no community named “{rec['org_unit']}”",
                    )
                )
        post = POST_TYPES.get(rec["post_type"].lower())
        if post is None:
            errors.append(
                RowError(
                    row,
                    "post_type",
                    f"岗位“{rec['post_type']}”应为 正职/副职/其他",
                    f"post type “{rec['post_type']}” must be head/deputy/other",
                )
            )
        grade = None
        try:
            grade = int(rec["grade"])
        except ValueError:
            errors.append(
                RowError(row, "grade", "薪级应为整数", "grade must be a whole number")
            )
        if grade is not None and post is not None:
            low, high = GRADE_RANGES[post]
            if not low <= grade <= high:
                errors.append(
                    RowError(
                        row,
                        "grade",
                        f"薪级 {grade} 超出该岗位范围 {low}–{high}",
                        f"grade {grade} is outside the post's range {low}–{high}",
                    )
                )
        since = _date(rec["grade_since"], row, "grade_since", today, errors)
        hired = _date(rec["hire_date"], row, "hire_date", today, errors)
        if since and hired and since < hired:
            errors.append(
                RowError(
                    row,
                    "grade_since",
                    "任现级日期早于入职日期",
                    "grade start is before the hire date",
                )
            )
        if errors:
            preview.errors.extend(errors)
            continue
        preview.rows.append(
            {
                "row": row,
                "employee_no": emp,
                "name": rec["name"],
                "phone": phone,
                "org_unit_id": unit_id,
                "post_type": post,
                "grade": grade,
                "grade_since": since,
                "hire_date": hired,
            }
        )
    return preview


def _employee(rec, row, known: dict[str, int], errors) -> int | None:
    emp = rec["employee_no"]
    if not emp:
        errors.append(RowError(row, "employee_no", "缺少工号", "missing"))
        return None
    user_id = known.get(emp)
    if user_id is None:
        errors.append(
            RowError(
                row,
                "employee_no",
                f"工号 {emp} 不在花名册中",
                f"employee number {emp} is not on the roster",
            )
        )
    return user_id


def parse_appraisals(table, *, today: date, employees: dict[str, int]) -> ImportPreview:
    preview = ImportPreview("appraisals")
    seen: dict = {}
    for row, rec in _records(table, APPRAISAL_COLUMNS, preview):
        errors: list[RowError] = []
        user_id = _employee(rec, row, employees, errors)
        year = None
        try:
            year = int(rec["year"])
        except ValueError:
            errors.append(RowError(row, "year", "年份应为整数", "not a year"))
        if year is not None and not 1990 <= year <= today.year:
            errors.append(
                RowError(
                    row,
                    "year",
                    f"年份 {year} 不在 1990–{today.year} 之间",
                    f"year {year} is not between 1990 and {today.year}",
                )
            )
            year = None
        rating = RATINGS.get(rec["rating"].lower())
        if rating is None:
            errors.append(
                RowError(
                    row,
                    "rating",
                    f"考核结果“{rec['rating']}”应为 优秀/合格/基本合格/不合格",
                    f"rating “{rec['rating']}” must be excellent/qualified/"
                    "basically_qualified/unqualified",
                )
            )
        if user_id and year:
            _duplicate(seen, (user_id, year), row, "year", errors)
        if errors:
            preview.errors.extend(errors)
            continue
        preview.rows.append(
            {"row": row, "user_id": user_id, "year": year, "rating": rating}
        )
    return preview


def parse_qualifications(
    table, *, today: date, employees: dict[str, int]
) -> ImportPreview:
    preview = ImportPreview("qualifications")
    seen: dict = {}
    for row, rec in _records(table, QUALIFICATION_COLUMNS, preview):
        errors: list[RowError] = []
        user_id = _employee(rec, row, employees, errors)
        kind = rec["kind"]
        if not kind or not all(
            ch.isascii() and (ch.isalnum() or ch in "_-") for ch in kind
        ):
            errors.append(
                RowError(
                    row,
                    "kind",
                    "类别应为英文代码，如 social_work",
                    "kind must be a code like social_work",
                )
            )
        level = LEVELS.get(rec["level"].lower())
        if level is None:
            errors.append(
                RowError(
                    row,
                    "level",
                    f"等级“{rec['level']}”应为 初级/中级/高级",
                    f"level “{rec['level']}” must be junior/intermediate/senior",
                )
            )
        issued = _date(rec["issued_on"], row, "issued_on", today, errors)
        expires = None
        if rec["expires_on"]:
            try:
                expires = date.fromisoformat(rec["expires_on"])
            except ValueError:
                errors.append(
                    RowError(
                        row,
                        "expires_on",
                        f"“{rec['expires_on']}” 不是日期",
                        f"“{rec['expires_on']}” is not a date",
                    )
                )
        if issued and expires and expires < issued:
            errors.append(
                RowError(
                    row,
                    "expires_on",
                    "到期日早于颁发日",
                    "expires before it was issued",
                )
            )
        if user_id and level:
            _duplicate(seen, (user_id, kind, level), row, "level", errors)
        if errors:
            preview.errors.extend(errors)
            continue
        preview.rows.append(
            {
                "row": row,
                "user_id": user_id,
                "kind": kind,
                "level": level,
                "number": rec["number"],
                "issued_on": issued,
                "expires_on": expires,
            }
        )
    return preview
