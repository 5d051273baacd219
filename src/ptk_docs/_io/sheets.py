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
    """The rows of CSV ``text``, refused (``LimitExceededError``) past the sheet limits."""
    import csv

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = 0
    rows = 0
    try:
        for row in reader:
            rows += 1
            cells += len(row)
            if rows > limits.max_sheet_rows:
                raise LimitExceededError(
                    f"{name} has more than {limits.max_sheet_rows:,} rows (limit max_sheet_rows)"
                )
            if len(row) > limits.max_sheet_columns:
                raise LimitExceededError(
                    f"{name}: row {rows} has more than {limits.max_sheet_columns:,} cells "
                    "(limit max_sheet_columns)"
                )
            if cells > limits.max_sheet_cells:
                raise LimitExceededError(
                    f"{name} has more than {limits.max_sheet_cells:,} cells (limit max_sheet_cells)"
                )
            yield row
    except csv.Error as error:
        raise DocumentError(f"{name} is not a readable CSV file ({one_line(error)})") from None
