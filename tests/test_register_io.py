"""Register import and export: council workbooks as they really are, every bad row at once."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptk_docs import (
    DocumentError,
    OutputExistsError,
    PartnershipRegister,
    Priority,
    PtkWarning,
    RecordError,
    RegisterEntry,
    RegisterStatus,
    export_register,
    import_register,
    load_record,
)
from ptk_docs._io.register_files import neutralise_formula, parse_priority

SPELLINGS = {
    Priority.HIGH: ["high", "HIGH", "High "],
    Priority.MEDIUM: ["Medium", "medium", "MEDIUM risk"],
    Priority.LOW: ["low", "Low", "LOW"],
    Priority.NA: ["N/A", "n/a", "NA"],
}


@pytest.fixture
def seed(examples: Path) -> PartnershipRegister:
    register = load_record(examples / "register.json", kind="register")
    assert isinstance(register, PartnershipRegister)
    return register


def council_workbook(path: Path, rows: list[list[object]], *, header: list[str]) -> Path:
    """A workbook shaped like a council's: title row, blank row, then the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Derby City Council - Partnership Register as at 1 September 2011"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def it_imports_a_council_workbook_with_a_title_row_and_odd_headers(
    seed: PartnershipRegister, tmp_path: Path
) -> None:
    header = ["  priority LEVEL ", "Notes", "NAME OF  PARTNERSHIP", "Lead Officer"]
    rows: list[list[object]] = []
    for index, entry in enumerate(seed.listed):
        assert entry.priority is not None
        spelling = SPELLINGS[entry.priority][index % 3]
        rows.append([spelling, "a note", entry.name, entry.lead_officer or None])
        if index == 10:
            rows.append([None, None, None, None])  # blank rows in the middle are skipped
    with pytest.warns(PtkWarning, match="'Notes' matches no register field"):
        register = import_register(
            council_workbook(tmp_path / "register.xlsx", rows, header=header)
        )
    assert len(register.listed) == 29
    assert register.counts_by_priority() == {
        Priority.HIGH: 5,
        Priority.MEDIUM: 7,
        Priority.LOW: 9,
        Priority.NA: 8,
    }
    assert [e.name for e in register.entries] == [e.name for e in seed.listed]
    assert register.council == "Derby City Council"
    assert register.as_at == dt.date(2011, 9, 1)
    safety = register.find("Community Safety Partnership")
    assert safety is not None and safety.lead_officer == "Andy Thomas, Head of Community Safety"


def it_reads_every_optional_column(tmp_path: Path) -> None:
    header = [
        "Name of Partnership",
        "Priority Level",
        "Status",
        "Reason",
        "Lead officer",
        "Directorate",
        "Accountable body",
        "Council funding (£)",
        "Business case received",
        "Agreement received",
        "Last review",
        "Next review",
    ]
    row: list[object] = [
        "Road Safety Partnership",
        "medium",
        "Pending removal",
        "Awaiting confirmation",
        "A. Officer",
        "Neighbourhoods",
        "yes",
        "£12,500",
        dt.datetime(2011, 5, 1),
        "8 July 2011",
        "08/07/2011",
        None,
    ]
    register = import_register(council_workbook(tmp_path / "r.xlsx", [row], header=header))
    (entry,) = register.entries
    assert entry == RegisterEntry(
        name="Road Safety Partnership",
        priority=Priority.MEDIUM,
        status=RegisterStatus.PENDING_REMOVAL,
        status_reason="Awaiting confirmation",
        lead_officer="A. Officer",
        directorate="Neighbourhoods",
        council_is_accountable_body=True,
        council_funding=Decimal("12500"),
        business_case_received=dt.date(2011, 5, 1),
        agreement_received=dt.date(2011, 7, 8),
        last_review=dt.date(2011, 7, 8),
    )
    assert entry.next_review == dt.date(2012, 7, 8)


def it_reports_every_bad_row_at_once_with_its_row_number(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Derby Homes", "High"],  # row 4
        [None, "Medium"],  # row 5: blank name
        ["Marketing Derby", "Urgent"],  # row 6: unknown priority
        ["derby  homes", "Low"],  # row 7: repeats row 4
        ["Big Screen", None],  # row 8: listed with no priority
    ]
    source = council_workbook(
        tmp_path / "bad.xlsx", rows, header=["Name of Partnership", "Priority"]
    )
    with pytest.raises(RecordError) as caught:
        import_register(source)
    message = str(caught.value)
    where = [w for w, _ in caught.value.problems]
    assert where == ["row 5", "row 6", "row 7", "row 8"]
    assert "blank" in message and "'Urgent'" in message and "repeats row 4" in message
    assert "4 rows cannot be imported" in message


def it_refuses_a_sheet_without_the_two_headers(tmp_path: Path) -> None:
    source = council_workbook(tmp_path / "x.xlsx", [["a", "b"]], header=["Partnership", "Owner"])
    with pytest.raises(RecordError, match="no header row"):
        import_register(source)


def it_refuses_files_it_cannot_read(tmp_path: Path) -> None:
    not_a_workbook = tmp_path / "register.xlsx"
    not_a_workbook.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError):
        import_register(not_a_workbook)
    with pytest.raises(DocumentError, match=r"\.xlsx, \.csv or \.json"):
        import_register(tmp_path / "register.ods")
    with pytest.raises(DocumentError, match="cannot read"):
        import_register(tmp_path / "missing.csv")


def it_reads_csv_saved_by_excel_on_windows(tmp_path: Path) -> None:
    source = tmp_path / "register.csv"
    text = "Partnership Register\r\n\r\nName of Partnership;Priority Level;Council funding\r\n"
    text += "Café Quarter Company;n/a;£0\r\nDerby Homes;HIGH;£1,000.50\r\n"
    source.write_bytes(text.encode("cp1252"))
    register = import_register(source)
    assert [(e.name, e.priority, e.council_funding) for e in register.entries] == [
        ("Café Quarter Company", Priority.NA, Decimal("0")),
        ("Derby Homes", Priority.HIGH, Decimal("1000.50")),
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def it_round_trips_the_seed_register(
    seed: PartnershipRegister, tmp_path: Path, suffix: str
) -> None:
    exported = export_register(seed, tmp_path / f"register{suffix}")
    back = import_register(exported)
    assert back.entries == seed.entries
    if suffix == ".xlsx":
        assert back == seed  # the title row carries the council and the date


def it_exports_a_real_excel_table(seed: PartnershipRegister, tmp_path: Path) -> None:
    path = export_register(seed, tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet.title == "Register"
    assert "Partnership Register as at 1 September 2011" in str(sheet["A1"].value)
    assert "Council is not the Accountable Body" in str(sheet["A2"].value)
    (table,) = sheet.tables.values()
    assert table.ref == f"A4:M{4 + len(seed.entries)}"
    assert sheet.freeze_panes == "A5"
    assert [c.value for c in sheet[4]][:2] == ["Name of Partnership", "Priority Level"]
    assert sheet.column_dimensions["A"].width >= 40
    assert sheet["B4"].comment is not None
    assert workbook.properties.creator == "Derby City Council"


ATTACKS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "'=already"]


def it_neutralises_text_a_spreadsheet_would_run(tmp_path: Path) -> None:
    entries = [
        RegisterEntry(name=f"{attack} Partnership", priority=Priority.LOW, lead_officer=attack)
        for attack in ATTACKS
    ]
    register = PartnershipRegister(entries=entries)
    csv_path = export_register(register, tmp_path / "r.csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    for row in rows:
        assert row[0].startswith("'") and row[4].startswith("'")
    assert '"\'=HYPERLINK(""http://x"") Partnership"' in csv_path.read_text("utf-8-sig")

    xlsx_path = export_register(register, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(xlsx_path).active
    for row in sheet.iter_rows(min_row=5):
        assert row[0].data_type == "s" and str(row[0].value).startswith("'")
        assert row[4].data_type == "s" and str(row[4].value).startswith("'")

    for path in (csv_path, xlsx_path):
        assert import_register(path).entries == entries
    assert neutralise_formula("Derby Homes") == "Derby Homes"


def it_refuses_to_overwrite_without_force(seed: PartnershipRegister, tmp_path: Path) -> None:
    dest = tmp_path / "register.csv"
    dest.write_text("keep me")
    with pytest.raises(OutputExistsError):
        export_register(seed, dest)
    assert dest.read_text() == "keep me"
    export_register(seed, dest, force=True)
    assert import_register(dest).entries == seed.entries
    with pytest.raises(DocumentError, match=r"\.xlsx or \.csv"):
        export_register(seed, tmp_path / "register.ods")


def it_understands_how_officers_write_priorities() -> None:
    assert parse_priority("  high ") is Priority.HIGH
    assert parse_priority("Medium Risk") is Priority.MEDIUM
    assert parse_priority("n/a") is Priority.NA
    assert parse_priority("N.A.") is Priority.NA
    assert parse_priority("Not applicable") is Priority.NA
    assert parse_priority("Urgent") is None


names = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda s: s == s.strip() and s.strip() != "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names, officer=names, priority=st.sampled_from(list(Priority)))
def it_round_trips_any_text_through_csv_and_xlsx(
    tmp_path: Path, name: str, officer: str, priority: Priority
) -> None:
    register = PartnershipRegister(
        entries=[RegisterEntry(name=name, priority=priority, lead_officer=officer)]
    )
    for suffix in (".csv", ".xlsx"):
        dest = export_register(register, tmp_path / f"r{suffix}", force=True)
        assert import_register(dest).entries == register.entries


def it_reads_a_register_grouped_by_priority_with_a_note_below(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["High priority", None],
        ["Derby Homes", None],
        ["Community Safety Partnership", None],
        ["Medium", None],
        ["Marketing Derby", None],
        ["Road Safety Partnership", "Low"],  # a priority in its own cell wins over the group
        [None, None],
        ["N/A – these are partnerships where the Council is not the Accountable Body.", None],
        ["Note: updated by the Performance Team", None],
    ]
    source = council_workbook(
        tmp_path / "r.xlsx", rows, header=["Name of Partnership", "Priority Level"]
    )
    register = import_register(source)
    assert [(e.name, e.priority) for e in register.entries] == [
        ("Derby Homes", Priority.HIGH),
        ("Community Safety Partnership", Priority.HIGH),
        ("Marketing Derby", Priority.MEDIUM),
        ("Road Safety Partnership", Priority.LOW),
    ]


def it_stops_at_the_end_of_a_sheet_that_claims_to_be_huge(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name of Partnership", "Priority Level"])
    sheet.append(["Derby Homes", "High"])
    sheet.cell(row=1_000_000, column=16_000, value=None)
    sheet["XFD1048576"] = " "  # a stray space in the last cell Excel has
    workbook.save(tmp_path / "huge.xlsx")
    register = import_register(tmp_path / "huge.xlsx")
    assert [e.name for e in register.entries] == ["Derby Homes"]


def it_refuses_a_register_with_too_many_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ptk_docs._io.register_files as register_io

    monkeypatch.setattr(register_io, "MAX_ROWS", 5)
    rows: list[list[object]] = [[f"P{i}", "Low"] for i in range(10)]
    source = council_workbook(tmp_path / "r.xlsx", rows, header=["Name of Partnership", "Priority"])
    with pytest.raises(DocumentError, match="more than 5 rows"):
        import_register(source)
