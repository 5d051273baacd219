"""Any council, not only Derby: its profile, its register as it keeps it, every kind offered."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

import ptk_docs
from ptk_docs import (
    CouncilProfile,
    PartnershipRegister,
    PtkWarning,
    RecordError,
    import_register,
)
from ptk_docs._cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples" / "derby-2011"

#: How Anytown keeps its register: its own headers, Y/N and ticks, a reference and notes.
ANYTOWN_COLUMNS = (
    "Ref=reference,Partnership=name,Risk=priority,Lead Officer=lead_officer,"
    "Business case=business_case_received,Agreement held (Y/N)=agreement_received"
)

ANYTOWN_PROFILE = """\
council = "Anytown Borough Council"
short_name = "ABC"
contact = "the Policy Team at policy@anytown.example"
draft_priorities = ["high"]

[toolkit]
intranet = "the Anytown Hub"
risk_appendix = "Annex R"
agreement_appendix = "Annex A"
interests_appendix = "Annex D"
exit_guidance = "section 7 of the toolkit"
area_plan = "the Anytown 2030 Plan"
council_plan = "the Corporate Plan"

[register_columns]
"Risk" = "priority"
"""

DERBY_WORDS = re.compile(r"Derby|DCC\b|derby\.gov")


def _anytown_xlsx(path: Path) -> Path:
    """The same register as Anytown keeps it in Excel: a title, dates and ticks as Excel has them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Anytown Borough Council – Partnership Register as at 1 April 2012"])
    sheet.append([])
    sheet.append(
        [
            "Ref",
            "Partnership",
            "Risk",
            "Lead Officer",
            "Business case",
            "Agreement held (Y/N)",
            "Notes",
        ]
    )
    sheet.append(["P001", "Anytown Community Safety Partnership", "High", "Jo Bloggs",
                  dt.datetime(2011, 5, 12), "Y", "Chair rotates yearly"])  # fmt: skip
    sheet.append(["P002", "Anytown Health and Wellbeing Board", "high", "Sam Patel", "✓", "N"])
    sheet.append(["P003", "Town Centre Business Improvement District", "Medium", "Lee Chan",
                  None, True, "Levy collected by the BID company"])  # fmt: skip
    sheet.append(["P004", "Anytown Youth Forum", "Low", None, "No", "n"])
    sheet.append(["P005", "Sub-regional Transport Board", "N/A", None, None, None,
                  "Council not the accountable body"])  # fmt: skip
    workbook.save(path)
    return path


def _check_anytown(register: PartnershipRegister) -> None:
    assert [e.reference for e in register.entries] == ["P001", "P002", "P003", "P004", "P005"]
    safety, health, bid, youth, transport = register.entries
    assert safety.agreement_received and safety.agreement_received_on is None
    assert safety.business_case_received_on == dt.date(2011, 5, 12)
    assert health.business_case_received and not health.agreement_received
    assert bid.agreement_received and not bid.business_case_received
    assert not youth.agreement_received and not youth.business_case_received
    assert safety.extra == {"Notes": "Chair rotates yearly"}
    assert health.extra == {}
    assert transport.extra == {"Notes": "Council not the accountable body"}


# --------------------------------------------------------------------------------------------
# Registers as councils keep them
# --------------------------------------------------------------------------------------------


def it_imports_another_councils_csv_with_a_column_map() -> None:
    columns = ptk_docs.parse_column_map(ANYTOWN_COLUMNS)
    with pytest.warns(PtkWarning, match="'Notes' matches no register field"):
        register = import_register(
            FIXTURES / "other-council-register.csv",
            columns=columns,
            council="Anytown Borough Council",
        )
    _check_anytown(register)
    assert register.council == "Anytown Borough Council"


def it_imports_another_councils_workbook_with_a_column_map(tmp_path: Path) -> None:
    columns = ptk_docs.parse_column_map(ANYTOWN_COLUMNS)
    with pytest.warns(PtkWarning, match="Notes"):
        register = import_register(_anytown_xlsx(tmp_path / "ours.xlsx"), columns=columns)
    _check_anytown(register)
    assert register.council == "Anytown Borough Council"  # from the title row
    assert register.as_at == dt.date(2012, 4, 1)


def it_says_how_to_map_a_register_whose_headers_it_does_not_know() -> None:
    with pytest.raises(RecordError, match="--columns"):
        import_register(FIXTURES / "other-council-register.csv")


def it_refuses_a_map_to_a_field_ptk_does_not_have() -> None:
    with pytest.raises(RecordError, match="'Risk=risk' name no register field"):
        import_register(FIXTURES / "other-council-register.csv", columns={"Risk": "risk"})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def it_exports_the_councils_own_columns_back(tmp_path: Path, suffix: str) -> None:
    columns = ptk_docs.parse_column_map(ANYTOWN_COLUMNS)
    with pytest.warns(PtkWarning):
        register = import_register(FIXTURES / "other-council-register.csv", columns=columns)
    out = ptk_docs.export_register(register, tmp_path / f"register{suffix}")
    with pytest.warns(PtkWarning, match="Notes"):
        back = import_register(out)
    assert back == register
    if suffix == ".csv":
        header = out.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.endswith('"Reference","Notes"')


def it_reports_every_bad_row_at_once_and_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "ours.csv"
    source.write_text(
        "Ref,Partnership,Risk,Agreement held (Y/N)\n"
        "P1,Road Safety,High,Maybe\n"
        "P2,,High,Y\n"
        "P3,Youth Forum,Urgent,N\n",
        encoding="utf-8",
    )
    out = tmp_path / "register.json"
    code = main(["register", "import", str(source), "-o", str(out), "--columns", "Risk=priority"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "3 rows cannot be imported" in err
    assert "row 2" in err and "'Maybe' is not Yes, No or a date" in err
    assert "row 3" in err and "row 4" in err


def it_imports_with_the_council_named_and_warns_of_kept_columns(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "register.json"
    code = main(
        [
            "register", "import", str(FIXTURES / "other-council-register.csv"), "-o", str(out),
            "--columns", ANYTOWN_COLUMNS, "--council", "Anytown Borough Council",
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "ptk: warning:" in captured.err and "'Notes'" in captured.err
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["council"] == "Anytown Borough Council"


def it_takes_the_column_map_from_the_profile(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "ptk.toml"
    profile.write_text(ANYTOWN_PROFILE, encoding="utf-8")
    out = tmp_path / "register.json"
    source = str(FIXTURES / "other-council-register.csv")
    code = main(["--profile", str(profile), "register", "import", source, "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    register = ptk_docs.load_record(out, kind="register")
    assert isinstance(register, PartnershipRegister)
    assert register.council == "Anytown Borough Council"  # the profile's, given no --council
    assert len(register.entries) == 5


def it_counts_agreements_held_from_a_yes_no_column() -> None:
    columns = ptk_docs.parse_column_map(ANYTOWN_COLUMNS)
    with pytest.warns(PtkWarning):
        register = import_register(FIXTURES / "other-council-register.csv", columns=columns)
    due = ptk_docs.due_reviews(register, today=dt.date(2012, 4, 1))
    assert [e.name for e in due.no_agreement] == [
        "Anytown Health and Wellbeing Board",
        "Anytown Youth Forum",
        "Sub-regional Transport Board",
    ]


def it_still_loads_a_register_saved_with_received_dates_only(tmp_path: Path) -> None:
    old = {
        "council": "Anytown Borough Council",
        "entries": [
            {"name": "Road Safety", "priority": "High", "agreement_received": "2011-07-08"},
            {"name": "Youth Forum", "priority": "Low", "agreement_received": None},
        ],
    }
    path = tmp_path / "register.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    register = ptk_docs.load_record(path, kind="register")
    assert isinstance(register, PartnershipRegister)
    road, youth = register.entries
    assert road.agreement_received and road.agreement_received_on == dt.date(2011, 7, 8)
    assert not youth.agreement_received


# --------------------------------------------------------------------------------------------
# The council's profile and its words
# --------------------------------------------------------------------------------------------


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    parts += [document.core_properties.author or ""]
    return "\n".join(parts)


def _anytown(tmp_path: Path) -> CouncilProfile:
    path = tmp_path / "ptk.toml"
    path.write_text(ANYTOWN_PROFILE, encoding="utf-8")
    return ptk_docs.load_profile(path)


def it_makes_another_councils_drafts_in_its_own_words(tmp_path: Path) -> None:
    profile = _anytown(tmp_path)
    columns = ptk_docs.parse_column_map(ANYTOWN_COLUMNS)
    with pytest.warns(PtkWarning):
        register = import_register(FIXTURES / "other-council-register.csv", columns=columns)
    paths = ptk_docs.generate_drafts(register, tmp_path / "drafts", profile=profile)
    documents = paths[:-1]
    assert len(documents) == 4  # the profile's draft priorities: high only, both kinds
    for path in documents:
        text = _text(path.read_bytes())
        assert not DERBY_WORDS.search(text), path.name
        assert "Anytown Borough Council" in text
    case = _text(
        (tmp_path / "drafts/business-cases/Anytown Community Safety Partnership.docx").read_bytes()
    )
    assert "strategic outcomes of the Anytown 2030 Plan?" in case
    assert "Are any ABC staff being seconded? If so, ABC rules must apply." in case
    # Guidance to the author is printed on blank forms only, in the council's words there too.
    assert "are on the Anytown Hub." not in case
    blank = _text(ptk_docs.blank("business-case", tmp_path / "blank.docx", profile=profile)
                  .read_bytes())  # fmt: skip
    assert "are on the Anytown Hub." in blank
    assert "If not email the Policy Team at policy@anytown.example" in blank


def it_reads_back_a_document_in_another_councils_words(tmp_path: Path) -> None:
    profile = _anytown(tmp_path)
    case = ptk_docs.load_record(EXAMPLES / "business-case.json", kind="business-case")
    agreement = ptk_docs.load_record(EXAMPLES / "agreement.json", kind="agreement")
    for record in (case, agreement):
        data = ptk_docs.render_bytes(record, profile=profile)
        if record is case:  # the agreement's council words are in its guidance (blank forms)
            assert "Anytown" in _text(data)
        result = ptk_docs.parse(data)
        assert result.record == record and not result.unmapped and not result.changes


def it_writes_neutral_words_without_a_profile(tmp_path: Path) -> None:
    case = ptk_docs.load_record(EXAMPLES / "business-case.json", kind="business-case")
    text = _text(ptk_docs.render_bytes(case))
    assert not DERBY_WORDS.search(text)
    assert "Are there any ongoing implications for the Council?" in text
    # Guidance to the author: on the blank form.
    text = _text(ptk_docs.blank("business-case", tmp_path / "blank.docx").read_bytes())
    assert not DERBY_WORDS.search(text)
    assert (
        "Details on undertaking an Equality Impact Needs Assessment are on the Council's intranet."
        in text
    )


def it_gives_drafts_with_no_council_named_no_council() -> None:
    register = PartnershipRegister.model_validate(
        {"entries": [{"name": "Road Safety", "priority": "High"}]}
    )
    agreement, case = ptk_docs.draft_records(register, register.entries[0])
    assert agreement.council == "" and agreement.partners == []
    assert case.partnership_name == "Road Safety"


def it_leaves_no_derby_word_in_the_library_or_its_templates() -> None:
    found: list[str] = []
    package = ROOT / "src" / "ptk_docs"
    for path in sorted(package.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DERBY_WORDS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in sorted((ROOT / "templates").iterdir()):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package_zip:
                for name in package_zip.namelist():
                    if name.endswith(".xml") and DERBY_WORDS.search(
                        package_zip.read(name).decode()
                    ):
                        found.append(f"{path.relative_to(ROOT)}:{name}")
        elif path.is_file() and DERBY_WORDS.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)
    for kind in ptk_docs.KINDS:
        assert "Derby" not in json.dumps(ptk_docs.json_schema(kind))


def it_reads_its_own_commented_profile_back(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["init", "-o", str(tmp_path / "ptk.toml")]) == 0
    text = (tmp_path / "ptk.toml").read_text(encoding="utf-8")
    assert text.count("#") > 10
    profile = ptk_docs.load_profile(tmp_path / "ptk.toml")
    assert profile.wording()["council"] == "the Council"
    assert main(["init", "-o", str(tmp_path / "ptk.toml")]) == 2  # never over one without --force
    assert "exists" in capsys.readouterr().err


def it_refuses_a_profile_with_a_setting_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "ptk.toml"
    path.write_text('council = "Anytown"\ncouncil_name = "typo"\n', encoding="utf-8")
    with pytest.raises(RecordError, match="council_name"):
        ptk_docs.load_profile(path)
    path.write_text("council = \n", encoding="utf-8")
    with pytest.raises(RecordError, match="not a valid TOML profile"):
        ptk_docs.load_profile(path)


def it_finds_the_profile_in_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "ptk.toml").write_text(ANYTOWN_PROFILE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ptk_docs", "blank", "business-case", "-o", "case.docx"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "the Anytown 2030 Plan" in _text((tmp_path / "case.docx").read_bytes())


# --------------------------------------------------------------------------------------------
# Every kind the CLI offers
# --------------------------------------------------------------------------------------------


def it_lists_every_kind_in_its_help(capsys) -> None:  # type: ignore[no-untyped-def]
    for command in ("render", "blank"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert "{business-case,agreement,report,register}" in out


def it_renders_the_register_as_its_appendix(tmp_path: Path) -> None:
    out = tmp_path / "register.docx"
    assert main(["render", "register", str(EXAMPLES / "register.json"), "-o", str(out)]) == 0
    text = _text(out.read_bytes())
    assert "Community Safety Partnership" in text
    assert "N/A – these are partnerships where the Council is not the Accountable Body" in text
    assert ptk_docs.check_accessibility(out) == []


def it_makes_an_empty_register_workbook_that_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    assert main(["blank", "register", "-o", str(out)]) == 0
    register = import_register(out)
    assert register.entries == []
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None and sheet.cell(row=4, column=1).value == "Name of Partnership"


def it_refuses_a_blank_report_and_says_why(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["blank", "report", "-o", str(tmp_path / "report.docx")]) == 2
    err = capsys.readouterr().err
    assert "no blank report" in err and "one meeting" in err
    assert not (tmp_path / "report.docx").exists()


# --------------------------------------------------------------------------------------------
# For scripts: into memory and back
# --------------------------------------------------------------------------------------------


def it_renders_into_a_file_object_and_parses_from_one() -> None:
    agreement = ptk_docs.load_record(EXAMPLES / "agreement.json", kind="agreement")
    buffer = io.BytesIO()
    assert ptk_docs.render(agreement, buffer) is buffer
    assert buffer.getvalue() == ptk_docs.render_bytes(agreement)
    buffer.seek(0)
    assert ptk_docs.parse(buffer).record == agreement


def it_refuses_bytes_that_are_no_document() -> None:
    with pytest.raises(ptk_docs.DocumentError, match=r"not a \.docx, \.pdf or \.doc"):
        ptk_docs.parse(b"hello")


def it_makes_only_the_kinds_of_draft_asked_for(tmp_path: Path) -> None:
    register = ptk_docs.load_record(EXAMPLES / "register.json", kind="register")
    assert isinstance(register, PartnershipRegister)
    paths = ptk_docs.generate_drafts(register, tmp_path, priorities=["high"], kinds=["agreement"])
    assert {p.parent.name for p in paths[:-1]} == {"agreements"}
    with pytest.raises(RecordError, match="not minutes"):
        ptk_docs.generate_drafts(register, tmp_path / "x", kinds=["minutes"])


def it_gives_the_reports_templates_appendix_the_councils_own_words(tmp_path: Path) -> None:
    profile = _anytown(tmp_path)
    examples = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
    report = ptk_docs.load_record(examples / "report.json", kind="report")
    register = ptk_docs.load_record(examples / "register.json", kind="register")
    assert isinstance(report, ptk_docs.CommitteeReport)
    assert isinstance(register, ptk_docs.PartnershipRegister)
    assert any(a.kind is ptk_docs.AppendixKind.TEMPLATES for a in report.appendices)
    made = ptk_docs.build_report(report, tmp_path / "report.docx", register=register,
                                 profile=profile)  # fmt: skip
    text = _text(made.read_bytes())
    assert "are on the Anytown Hub." in text  # the blank business case's guidance
    neutral = _text(
        ptk_docs.build_report(report, tmp_path / "neutral.docx", register=register).read_bytes()
    )
    assert "are on the Anytown Hub." not in neutral
