"""The Partnership Register from and to workbooks (.xlsx), CSV and JSON.

Real council workbooks are read as officers keep them: a title row, notes and blank rows before
the header; headers such as ``Name of Partnership`` and ``Priority Level`` found whatever their
case, spacing or column order; priorities written ``high``, ``HIGH``, ``N/A``, ``n/a`` or ``NA``.
Every bad row is reported at once, with its row number, as one ``RecordError``; nothing is
returned (and so nothing written) until the whole register is good.

Exported workbooks are a real Excel table under a title row, with the header frozen and the
meaning of ``N/A`` noted above it. Text a spreadsheet would run as a formula (starting ``=``,
``+``, ``-``, ``@``, tab or carriage return) is written with a leading apostrophe, as OWASP
recommends for CSV injection; import takes that apostrophe off again, so export and import
round-trip.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ptk_docs._errors import DocumentError, PtkWarning, RecordError
from ptk_docs._io.files import atomic_write, check_writable
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits
from ptk_docs._io.records import load_record
from ptk_docs._io.sheets import csv_rows, open_csv, open_workbook
from ptk_docs._records.formatting import format_date, parse_date, parse_money
from ptk_docs._records.register import (
    PRIORITY_NA_MEANING,
    PartnershipRegister,
    Priority,
    RegisterEntry,
    RegisterStatus,
)


@dataclass(frozen=True)
class Column:
    """One column of the register as a spreadsheet: the field, its header, the headers accepted."""

    field: str
    header: str
    aliases: tuple[str, ...]
    width: int


#: The register's columns in export order; import accepts any order and any of the aliases.
COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "Name of Partnership",
        ("name of partnership", "partnership name", "partnership", "name"),
        60,
    ),
    Column(
        "priority",
        "Priority Level",
        ("priority level", "priority", "risk level", "priority risk level", "priority risk"),
        14,
    ),
    Column("status", "Status", ("status", "register status"), 17),
    Column(
        "status_reason",
        "Reason",
        ("reason", "status reason", "reason for status", "reason for removal"),
        40,
    ),
    Column(
        "lead_officer",
        "Lead officer",
        ("lead officer", "lead council officer", "lead"),
        30,
    ),
    Column("directorate", "Directorate", ("directorate", "department"), 28),
    Column(
        "council_is_accountable_body",
        "Accountable body",
        (
            "accountable body",
            "council is accountable body",
            "is the council the accountable body",
            "council accountable body",
        ),
        17,
    ),
    Column(
        "council_funding",
        "Council funding",
        ("council funding", "funding", "council funds"),
        16,
    ),
    Column(
        "business_case_received",
        "Business case received",
        (
            "business case received",
            "date business case received",
            "business case",
            "date the business case was received",
            "business case held",
            "business case held y n",
        ),
        20,
    ),
    Column(
        "agreement_received",
        "Agreement received",
        (
            "agreement received",
            "partnership agreement received",
            "date agreement received",
            "agreement",
            "date the partnership agreement was received",
            "agreement held",
            "agreement held y n",
        ),
        20,
    ),
    Column(
        "last_review",
        "Last review",
        ("last review", "last reviewed", "date of last review", "last annual review"),
        17,
    ),
    Column(
        "next_review",
        "Next review",
        ("next review", "next review due", "date of next review", "next annual review"),
        17,
    ),
    Column("reference", "Reference", ("reference", "ref", "ref no", "reference number"), 12),
)

#: Columns holding "was it received?": Yes, No, Y, N, a tick or the date it came.
RECEIVED_FIELDS = ("business_case_received", "agreement_received")


_BY_FIELD = {c.field: c for c in COLUMNS}

#: Rows searched for the header before giving up (title, notes and blank rows come first).
HEADER_SEARCH_ROWS = 30

#: Bounds on what is read of a sheet (see _sheet_rows).
MAX_ROWS = 100_000

MAX_COLUMNS = 64

MAX_BLANK_RUN = 1_000

#: Characters that make a spreadsheet treat a cell as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def import_register(
    source: str | Path,
    *,
    council: str | None = None,
    as_at: dt.date | None = None,
    columns: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> PartnershipRegister:
    """Read a register from ``.xlsx``, ``.csv`` or ``.json``.

    ``council`` and ``as_at`` come from these arguments, else from the workbook's title row
    (``Anytown Council – Partnership Register as at 1 September 2011``) when it has one.
    ``columns`` maps the council's own headers to ptk's fields (``{"Ref": "reference",
    "Partnership": "name", "Risk": "priority"}``); headers ptk knows need no mapping. Columns
    that match no field are kept in each entry's ``extra`` (and exported back), with a
    ``PtkWarning`` naming them. Raises ``RecordError`` listing every bad row (with its row
    number), or ``DocumentError`` when the file cannot be read.
    """
    path = Path(source)
    suffix = path.suffix.lower()
    mapping = column_map(columns or {})
    if suffix in (".json", ".yaml", ".yml"):
        register = load_record(path, kind="register")
        assert isinstance(register, PartnershipRegister)
        if council:
            register = register.model_copy(update={"council": council})
        return register
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise DocumentError(
            f"{path.name}: a register is read from .xlsx, .csv or .json (not '{suffix or path.name}')"
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error.strerror or error}") from None
    if size > limits.max_file_bytes:
        raise DocumentError(f"{path.name} is {size:,} bytes: too large to be a register")
    rows = (
        _workbook_rows(path, limits, mapping)
        if suffix in (".xlsx", ".xlsm")
        else _csv_rows(path, limits, mapping)
    )
    return _register_from_rows(rows, path.name, council=council, as_at=as_at, mapping=mapping)


def column_map(columns: Mapping[str, str]) -> dict[str, str]:
    """A council's header-to-field map checked and keyed as headers are matched.

    ``RecordError`` names every field that ptk does not have.
    """
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header, field in columns.items():
        if field.strip() not in _BY_FIELD:
            unknown.append(f"'{header}={field}'")
        else:
            mapping[_header_key(header)] = field.strip()
    if unknown:
        raise RecordError(
            f"column map: {', '.join(unknown)} name no register field "
            f"(the fields are: {', '.join(_BY_FIELD)})"
        )
    return mapping


def parse_column_map(text: str) -> dict[str, str]:
    """``"Ref=reference,Partnership=name"`` as a map; ``RecordError`` for a part without ``=``."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        header, equals, field = part.partition("=")
        if not equals or not header.strip() or not field.strip():
            raise RecordError(f"column map: '{part.strip()}' is not HEADER=field")
        mapping[header.strip()] = field.strip()
    return mapping


def _sheet_rows(sheet: Any, name: str) -> list[tuple[int, list[Any]]]:
    """A sheet's rows, bounded: a register has a few hundred rows and a few dozen columns.

    A workbook can claim a million rows and sixteen thousand columns in its dimension; reading
    stops at ``MAX_COLUMNS`` columns, and after ``MAX_BLANK_RUN`` blank rows in a row, and
    refuses more than ``MAX_ROWS`` rows.
    """
    rows: list[tuple[int, list[Any]]] = []
    blank_run = 0
    for number, values in enumerate(
        sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
    ):
        if number > MAX_ROWS:
            raise DocumentError(f"{name} has more than {MAX_ROWS:,} rows: too large for a register")
        cells = list(values)
        if all(_blank(v) for v in cells):
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
        else:
            blank_run = 0
        rows.append((number, cells))
    return rows


def _workbook_rows(
    path: Path, limits: Limits, mapping: Mapping[str, str]
) -> list[tuple[int, list[Any]]]:
    workbook = open_workbook(path, limits)
    try:
        sheets = list(workbook.worksheets)
        # The register is the first sheet with a header row; a workbook may lead with notes.
        first: list[tuple[int, list[Any]]] = []
        for index, sheet in enumerate(sheets):
            rows = _sheet_rows(sheet, path.name)
            if _find_header(rows, mapping) is not None:
                return rows
            if index == 0:
                first = rows
        return first
    except DocumentError:
        raise
    except Exception as error:  # a damaged sheet part: openpyxl raises many kinds
        raise DocumentError(f"{path.name} cannot be read as a workbook: {error}") from None
    finally:
        workbook.close()


def _csv_rows(
    path: Path, limits: Limits, mapping: Mapping[str, str]
) -> list[tuple[int, list[Any]]]:
    text = open_csv(path, limits)
    # Excel writes ";" where the decimal mark is a comma, and some systems export tabs: use the
    # delimiter under which the header row can be found.
    best: list[tuple[int, list[Any]]] = []
    for delimiter in (",", ";", "\t"):
        rows: list[tuple[int, list[Any]]] = list(
            enumerate(csv_rows(text, path.name, limits, delimiter=delimiter), start=1)
        )
        if _find_header(rows, mapping) is not None:
            return rows
        best = best or rows
    return best


def _header_key(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_ALIASES = {alias: c.field for c in COLUMNS for alias in c.aliases} | {
    c.field.replace("_", " "): c.field for c in COLUMNS
}


def _match_header(row: Sequence[Any], mapping: Mapping[str, str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = _header_key(cell)
        # The council's own map first: its "Risk" may be what ptk would not guess.
        field = mapping.get(key) or _ALIASES.get(key)
        if field is not None and field not in found:
            found[field] = index
    if "name" in found and "priority" in found:
        return found
    return None


def _find_header(
    rows: list[tuple[int, list[Any]]], mapping: Mapping[str, str]
) -> tuple[int, dict[str, int]] | None:
    for position, (_, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _match_header(row, mapping)
        if columns is not None:
            return position, columns
    return None


def _extra_columns(row: Sequence[Any], known: dict[str, int]) -> dict[str, int]:
    """The header row's other named columns, by their header as written."""
    used = set(known.values())
    extra: dict[str, int] = {}
    for index, cell in enumerate(row):
        if index in used or _blank(cell):
            continue
        header = " ".join(str(cell).split())
        if header not in extra:
            extra[header] = index
    return extra


_TITLE = re.compile(
    r"^\s*(?P<council>.*?\S)\s*[-–—:]\s*partnership register"
    r"(?:\s*(?:\(|,)?\s*(?:as at|correct at|at)\s+(?P<date>[^)]+?)\)?)?\s*$",
    re.IGNORECASE,
)


def _title_facts(rows: Iterable[list[Any]]) -> tuple[str | None, dt.date | None]:
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and (m := _TITLE.match(cell)):
                day = parse_date(m["date"]) if m["date"] else None
                return m["council"], day
    return None, None


def _register_from_rows(
    rows: list[tuple[int, list[Any]]],
    source_name: str,
    *,
    council: str | None,
    as_at: dt.date | None,
    mapping: Mapping[str, str],
) -> PartnershipRegister:
    header = _find_header(rows, mapping)
    if header is None:
        raise RecordError(
            f"{source_name}: no header row with 'Name of Partnership' and 'Priority Level' "
            f"in the first {HEADER_SEARCH_ROWS} rows (map your own headers to them, e.g. "
            "--columns 'Partnership=name,Risk=priority')"
        )
    position, columns = header
    extra_columns = _extra_columns(rows[position][1], columns)
    if extra_columns:
        warnings.warn(
            f"{source_name}: {'columns' if len(extra_columns) != 1 else 'column'} "
            f"{', '.join(repr(h) for h in extra_columns)} "
            f"{'match' if len(extra_columns) != 1 else 'matches'} no register field; kept as "
            "written in each entry's extra and exported back (map with --columns to use them)",
            PtkWarning,
            stacklevel=3,
        )
    title_council, title_date = _title_facts(row for _, row in rows[:position])
    council = council or title_council
    as_at = as_at or title_date

    problems: list[tuple[str, str]] = []
    entries: list[RegisterEntry] = []
    first_row: dict[str, int] = {}
    group: Priority | None = None
    for number, row in rows[position + 1 :]:
        values = {field: _cell(row, index) for field, index in columns.items()}
        filled = [v for v in row if not _blank(v)]
        if not filled:
            continue
        name_cell = values.get("name")
        if len(filled) == 1 and isinstance(name_cell, str) and name_cell:
            # Registers grouped by priority have a heading row ("High priority") before each
            # group, and often a note under the table ("N/A – these are partnerships where...").
            if (heading := parse_priority(name_cell)) is not None:
                group = heading
                continue
            if _NOTE.match(name_cell):
                continue
        where = f"row {number}"
        row_problems: list[str] = []
        if group is not None and _blank(values.get("priority")):
            values["priority"] = group.value
        data = _entry_data(values, row_problems)
        extra = {
            header: _extra_text(row[index])
            for header, index in extra_columns.items()
            if index < len(row) and not _blank(row[index])
        }
        if extra:
            data["extra"] = extra
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            row_problems.insert(0, "the name of the partnership is blank")
        else:
            key = " ".join(name.casefold().split())
            if key in first_row:
                row_problems.append(f"'{name.strip()}' repeats row {first_row[key]}")
            else:
                first_row[key] = number
        if not row_problems:
            try:
                entries.append(RegisterEntry.model_validate(data))
            except ValidationError as error:
                detail = RecordError.from_validation_error(error).problems
                row_problems.extend(
                    f"{_column_label(path)}: {msg}" if path else msg for path, msg in detail
                )
        problems.extend((where, p) for p in row_problems)
    if problems:
        count = len({where for where, _ in problems})
        raise RecordError(
            f"{source_name}: {count} row{'s' if count != 1 else ''} cannot be imported "
            "(nothing was written)",
            problems,
        )
    facts: dict[str, Any] = {"entries": entries}
    if council:
        facts["council"] = council
    if as_at:
        facts["as_at"] = as_at
    try:
        return PartnershipRegister.model_validate(facts)
    except ValidationError as error:
        raise RecordError.from_validation_error(error, f"{source_name}: invalid register") from None


_NOTE = re.compile(r"^(\*|notes?\s*:|source\s*:|key\s*:|n/?a\s*[–—-]\s)", re.IGNORECASE)


def _column_label(path: str) -> str:
    column = _BY_FIELD.get(path.split(".")[0])
    return column.header if column else path


def _cell(row: Sequence[Any], index: int) -> Any:
    value = row[index] if index < len(row) else None
    if isinstance(value, str):
        value = _unneutralise(value.strip())
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_PRIORITIES = {
    "high": Priority.HIGH,
    "h": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "med": Priority.MEDIUM,
    "m": Priority.MEDIUM,
    "low": Priority.LOW,
    "l": Priority.LOW,
    "na": Priority.NA,
    "notapplicable": Priority.NA,
}

_STATUSES = {
    "active": RegisterStatus.ACTIVE,
    "listed": RegisterStatus.ACTIVE,
    "current": RegisterStatus.ACTIVE,
    "pendingremoval": RegisterStatus.PENDING_REMOVAL,
    "pending": RegisterStatus.PENDING_REMOVAL,
    "awaitingconfirmation": RegisterStatus.PENDING_REMOVAL,
    "removalawaitingconfirmation": RegisterStatus.PENDING_REMOVAL,
    "removed": RegisterStatus.REMOVED,
}

_YES = {"yes", "y", "true", "1", "x"}

_NO = {"no", "n", "false", "0"}


def parse_priority(value: Any) -> Priority | None:
    """``High``, ``HIGH``, ``high priority``, ``Medium risk``, ``N/A``, ``n/a``, ``NA``; else None."""
    key = re.sub(r"[^a-z]", "", str(value).casefold())
    key = re.sub(r"(priority|risk)$", "", key)
    return _PRIORITIES.get(key)


def _entry_data(values: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field, value in values.items():
        if _blank(value):
            continue
        label = _BY_FIELD[field].header
        if field == "priority":
            priority = parse_priority(value)
            if priority is None:
                problems.append(
                    f"{label} '{value}' is not one of High, Medium, Low, N/A "
                    f"({PRIORITY_NA_MEANING.split(' – ')[0]}: council not the Accountable Body)"
                )
            data[field] = priority
        elif field == "status":
            status = _STATUSES.get(re.sub(r"[^a-z]", "", str(value).casefold()))
            if status is None:
                problems.append(f"{label} '{value}' is not one of active, pending-removal, removed")
            data[field] = status or RegisterStatus.ACTIVE
        elif field == "council_is_accountable_body":
            key = str(value).strip().casefold()
            if isinstance(value, bool):
                data[field] = value
            elif key in _YES:
                data[field] = True
            elif key in _NO:
                data[field] = False
            else:
                problems.append(f"{label} '{value}' is not Yes or No")
        elif field == "council_funding":
            amount = _money(value)
            if amount is None:
                problems.append(f"{label} '{value}' is not an amount in pounds")
            else:
                data[field] = amount
        elif field in RECEIVED_FIELDS:
            received = _received(value)
            if received is None:
                problems.append(f"{label} '{value}' is not Yes, No or a date")
            else:
                data[field] = received is not False
                if isinstance(received, dt.date):
                    data[f"{field}_on"] = received
        elif field in ("last_review", "next_review"):
            day = _date(value)
            if day is None:
                problems.append(f"{label} '{value}' is not a date")
            else:
                data[field] = day
        else:
            data[field] = value if isinstance(value, str) else str(value)
    return data


_TICKS = {"✓", "✔", "☑", "✅", "x"}


def _received(value: Any) -> bool | dt.date | None:
    """Yes, No, Y, N, a tick, or the date it was received; None when it is none of these."""
    if isinstance(value, bool):
        return value
    key = str(value).strip().casefold()
    if key in _YES or key in _TICKS or key in ("received", "held"):
        return True
    if key in _NO or key in ("not received", "none", "-", "✗", "✘"):
        return False
    return _date(value)


def _extra_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _unneutralise(value.strip()) if isinstance(value, str) else str(value)


def _money(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
    return parse_money(str(value))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def neutralise_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (OWASP, CSV injection).

    Text already starting with an apostrophe gets one more, so that import (which takes one off
    before a trigger or an apostrophe) gives back exactly what was exported.
    """
    if text.startswith((*FORMULA_TRIGGERS, "'")):
        return "'" + text
    return text


def _unneutralise(text: str) -> str:
    if text.startswith("'") and text[1:].startswith((*FORMULA_TRIGGERS, "'")):
        return text[1:]
    return text


def export_register(
    register: PartnershipRegister, dest: str | Path, *, force: bool = False
) -> Path:
    """Write the register to ``.xlsx`` (an Excel table) or ``.csv``; refuse to overwrite unless ``force``."""
    dest = Path(dest)
    suffix = dest.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DocumentError(f"{dest.name}: a register is exported to .xlsx or .csv")
    check_writable(dest, force=force)
    if suffix == ".csv":
        data = _csv_bytes(register)
        with atomic_write(dest, force=force) as tmp:
            tmp.write_bytes(data)
    else:
        workbook = _workbook(register)
        with atomic_write(dest, force=force) as tmp:
            workbook.save(str(tmp))
    return dest


def _extra_headers(register: PartnershipRegister) -> list[str]:
    """The council's own columns kept in the entries' ``extra``, in the order first met."""
    known = {c.header for c in COLUMNS}
    headers: dict[str, None] = {}
    for entry in register.entries:
        headers.update((h, None) for h in entry.extra if h not in known)
    return list(headers)


def _plain_values(entry: RegisterEntry, extra_headers: Sequence[str] = ()) -> list[Any]:
    """The entry's cells in COLUMNS order then its extra columns, as Python values (dates and
    money kept typed; a received column shows the date when known, else Yes, else nothing)."""
    cells: list[Any] = []
    for column in COLUMNS:
        value = getattr(entry, column.field)
        if column.field in RECEIVED_FIELDS:
            cells.append(getattr(entry, f"{column.field}_on") or ("Yes" if value else None))
        elif value is None:
            cells.append(None)
        elif isinstance(value, bool):
            cells.append("Yes" if value else "No")
        elif isinstance(value, Priority | RegisterStatus):
            cells.append(value.value)
        elif isinstance(value, str):
            cells.append(neutralise_formula(value) if value else None)
        else:
            cells.append(value)
    for header in extra_headers:
        text = entry.extra.get(header, "")
        cells.append(neutralise_formula(text) if text else None)
    return cells


def _csv_bytes(register: PartnershipRegister) -> bytes:
    buffer = io.StringIO(newline="")
    # Every field quoted, as OWASP recommends alongside the apostrophe.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    extra = _extra_headers(register)
    writer.writerow([c.header for c in COLUMNS] + extra)
    for entry in register.entries:
        row = []
        for value in _plain_values(entry, extra):
            if value is None:
                row.append("")
            elif isinstance(value, dt.date):
                row.append(value.isoformat())
            elif isinstance(value, Decimal):
                row.append(f"{value:.2f}")
            else:
                row.append(str(value))
        writer.writerow(row)
    # UTF-8 with a byte order mark: Excel then shows £ and accents correctly.
    return buffer.getvalue().encode("utf-8-sig")


def register_title(register: PartnershipRegister) -> str:
    title = (
        f"{register.council} – Partnership Register" if register.council else "Partnership Register"
    )
    if register.as_at is not None:
        title += f" as at {format_date(register.as_at)}"
    return title


def _workbook(register: PartnershipRegister) -> Any:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    workbook.properties.title = "Partnership Register"
    workbook.properties.creator = register.council or "Partnership Register"
    workbook.properties.language = "en-GB"

    sheet["A1"] = register_title(register)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = PRIORITY_NA_MEANING
    sheet["A2"].font = Font(italic=True)
    header_row = 4
    extra = _extra_headers(register)
    columns = [*COLUMNS, *(Column(header, header, (), 20) for header in extra)]
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.cell(row=header_row, column=2).comment = Comment(
        PRIORITY_NA_MEANING, register.council or "ptk"
    )

    for offset, entry in enumerate(register.entries, start=1):
        row_number = header_row + offset
        values = _plain_values(entry, extra)
        for index, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            cell = sheet.cell(row=row_number, column=index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
                cell.alignment = Alignment(wrap_text=column.width >= 28, vertical="top")
            elif isinstance(value, dt.date):
                cell.number_format = "d mmmm yyyy"
                cell.alignment = Alignment(vertical="top")
            elif isinstance(value, Decimal):
                cell.number_format = '"£"#,##0.00'
                cell.alignment = Alignment(vertical="top")

    last_row = header_row + max(len(register.entries), 1)
    last_column = get_column_letter(len(columns))
    table = Table(displayName="PartnershipRegister", ref=f"A{header_row}:{last_column}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"

    priorities = DataValidation(
        type="list", formula1='"High,Medium,Low,N/A"', allow_blank=True, showErrorMessage=True
    )
    priorities.error = "Priority Level is one of High, Medium, Low, N/A"
    priorities.add(f"B{header_row + 1}:B{max(last_row, header_row + 200)}")
    statuses = DataValidation(
        type="list", formula1='"active,pending-removal,removed"', allow_blank=True
    )
    statuses.add(f"C{header_row + 1}:C{max(last_row, header_row + 200)}")
    sheet.add_data_validation(priorities)
    sheet.add_data_validation(statuses)
    return workbook
