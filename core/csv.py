"""CSV exports that spreadsheets cannot execute. Every CSV Haru writes goes through here.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (CSV/formula injection: a habit named
``=HYPERLINK("http://evil","click")`` would run in the user's or an operator's spreadsheet).
Such text cells get a leading apostrophe, which spreadsheets show as plain text. Numbers,
dates and other non-text values are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    return [csv_safe_cell(value) for value in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text, line by line, with a BOM so spreadsheet apps read Korean correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(csv_safe_row(header))
    for row in rows:
        yield writer.writerow(csv_safe_row(row))


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download (rows may be a lazy iterator over millions of records)."""
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
