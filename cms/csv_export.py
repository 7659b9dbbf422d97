"""The one CSV writer for every export in the project.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and a leading tab or carriage return can hide such a start), so a test
title, question name or community name typed by one person could run a formula
("CSV injection") on the computer of whoever opens the export. Every text cell that
starts with one of these characters is written with a leading apostrophe, which
spreadsheets show as plain text; numbers are written unchanged (a negative number
is a number, not a formula).

Use :func:`writer` (or :class:`DictWriter`) instead of :mod:`csv`'s, or
:func:`csv_response` for a whole download. Wagtail's own CSV exports (report views,
``list_export`` on viewsets, the built-in reports) go through
:func:`protect_wagtail_exports`, called once when the ``cms`` app is ready.
``tests/cms/test_csv_export.py`` fails when code elsewhere writes CSV directly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

__all__ = [
    "FORMULA_STARTS",
    "DictWriter",
    "csv_response",
    "neutralise",
    "protect_wagtail_exports",
    "writer",
]

#: What a spreadsheet may read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The cell as text a spreadsheet will not run; non-text values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Writer:
    """csv.writer whose rows are neutralised cell by cell."""

    def __init__(self, inner):
        self._inner = inner

    @property
    def dialect(self):
        return self._inner.dialect

    def writerow(self, row: Iterable[Any]):
        return self._inner.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file, *args, **kwargs) -> _Writer:
    """Like :func:`csv.writer`, with every cell neutralised."""
    return _Writer(csv.writer(file, *args, **kwargs))


class DictWriter(csv.DictWriter):
    """Like :class:`csv.DictWriter`, with every cell (and heading) neutralised."""

    def _dict_to_list(self, rowdict):
        return [neutralise(cell) for cell in super()._dict_to_list(rowdict)]


def csv_response(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A UTF-8 CSV download (with a BOM, so spreadsheets read Chinese correctly)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer(response).writerows(rows)
    return response


def protect_wagtail_exports() -> None:
    """Make Wagtail's spreadsheet exports write CSV through :class:`DictWriter`.

    Wagtail neutralises formulas in XLSX but writes CSV cells as they are. Its
    ``SpreadsheetExportMixin.stream_csv`` is the single place every Wagtail CSV
    export (reports, ``list_export`` index views) writes through, so replacing it
    covers them all, including ones added later. Idempotent.
    """
    from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_formulas_neutralised", False):
        return

    def stream_csv(self, queryset):
        out = DictWriter(Echo(), fieldnames=self.list_export)
        yield out.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(out, self.to_row_dict(item))

    SpreadsheetExportMixin.stream_csv = stream_csv
    SpreadsheetExportMixin._formulas_neutralised = True
