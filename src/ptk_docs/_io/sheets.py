"""Workbooks (.xlsx) and CSV opened within the limits."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ptk_docs._errors import DocumentError, LimitExceededError
from ptk_docs._io.guard import (
    OLE_MAGIC,
    check_package,
    deadline,
    library_errors,
    one_line,
    read_bounded_file,
    report_noticed,
    sniff,
)
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits


def open_workbook(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, *, warnings: list[str] | None = None
) -> Any:
    """An openpyxl workbook (read-only, cached values not formulas) for ``path``, checked first.

    Refused as for :func:`open_docx`, and also sheets beyond ``max_sheet_rows`` or
    ``max_sheet_columns`` and macro-enabled (.xlsm) workbooks. Formula cells read as the value
    Excel saved with them; formulas with no saved value (read as empty) and merged cells are
    reported in ``warnings``.
    """
    import openpyxl

    path = Path(path)
    noticed: list[str] = []
    with deadline(limits.max_seconds, path.name):
        data = read_bounded_file(path, limits)
        check_package(data, path.name, "xlsx", limits, noticed)
        with library_errors(path.name, "an Excel workbook", noticed):
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    report_noticed(noticed, warnings)
    return workbook


# -- CSV --------------------------------------------------------------------------------------


def open_csv(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a CSV file (UTF-8, or Excel's Windows-1252), checked; or ``DocumentError``.

    Read its rows with :func:`csv_rows`, which bounds them: a CSV file costs many times its size
    in memory once split into cells.
    """
    path = Path(path)
    raw = read_bounded_file(path, limits)
    if b"\x00" in raw[:65536] or raw.startswith((b"PK\x03\x04", OLE_MAGIC, b"%PDF-")):
        seems = sniff(raw) or "a binary file"
        raise DocumentError(f"{path.name} is not a text CSV file: it is {seems}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on a UK Windows machine is Windows-1252.
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise DocumentError(f"{path.name} is not a text CSV file")
    return text


def csv_rows(
    text: str, name: str, limits: Limits = DEFAULT_LIMITS, *, delimiter: str = ","
) -> Iterator[list[str]]:
    """The rows of CSV ``text``, refused (``LimitExceededError``) past the sheet limits.

    A row is refused as it is read, before the csv module builds it: the delimiters outside
    quotes in its lines are counted first, so a line of sixteen million commas costs no more
    than its text (a list of its cells would cost eight bytes a cell on top).
    """
    import csv

    counter = _RowWidth(name, limits, delimiter)
    reader = csv.reader(counter.lines(text), delimiter=delimiter)
    cells = 0
    rows = 0
    try:
        for row in reader:
            counter.row_done()
            rows += 1
            cells += len(row)
            if rows > limits.max_sheet_rows:
                raise LimitExceededError(
                    f"{name} has more than {limits.max_sheet_rows:,} rows (limit max_sheet_rows)"
                )
            if len(row) > limits.max_sheet_columns:
                raise _too_wide(name, rows, limits)
            if cells > limits.max_sheet_cells:
                raise LimitExceededError(
                    f"{name} has more than {limits.max_sheet_cells:,} cells (limit max_sheet_cells)"
                )
            yield row
    except csv.Error as error:
        raise DocumentError(f"{name} is not a readable CSV file ({one_line(error)})") from None


def _too_wide(name: str, row: int, limits: Limits) -> LimitExceededError:
    return LimitExceededError(
        f"{name}: row {row} has more than {limits.max_sheet_columns:,} cells "
        "(limit max_sheet_columns)"
    )


class _RowWidth:
    """Counts the cells of the row the csv reader is reading, line by line, as it asks for
    them (a quoted cell may hold line breaks, so one row may take several lines)."""

    def __init__(self, name: str, limits: Limits, delimiter: str) -> None:
        self.name = name
        self.limits = limits
        self.delimiter = delimiter
        self.rows = 0
        self.width = 0
        self.raw = 0
        self.quoted = False

    def row_done(self) -> None:
        self.rows += 1
        self.width = self.raw = 0
        self.quoted = False

    def lines(self, text: str) -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            self.width += self._delimiters_outside_quotes(line)
            # Quotes in the middle of a cell are not quotes to the csv module; whatever the
            # quoting, a row whose lines hold this many delimiters is no register row.
            self.raw += line.count(self.delimiter)
            if (
                self.width >= self.limits.max_sheet_columns
                or self.raw >= 64 * self.limits.max_sheet_columns
            ):
                raise _too_wide(self.name, self.rows + 1, self.limits)
            yield line

    def _delimiters_outside_quotes(self, line: str) -> int:
        if '"' not in line:
            return 0 if self.quoted else line.count(self.delimiter)
        count = 0
        # Pieces between quote characters alternate outside, inside, outside...; a doubled
        # quote inside a quoted cell flips twice and so changes nothing.
        start = 0
        while True:
            quote = line.find('"', start)
            piece_end = len(line) if quote < 0 else quote
            if not self.quoted:
                count += line.count(self.delimiter, start, piece_end)
            if quote < 0:
                return count
            self.quoted = not self.quoted
            start = quote + 1
