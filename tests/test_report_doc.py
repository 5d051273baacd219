"""The committee report: figures from the register, the seed's layout, appendices, accessibility."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ptk_docs import (
    CommitteeReport,
    DocumentError,
    OutputExistsError,
    PartnershipRegister,
    Priority,
    RecordError,
    RegisterEntry,
    check_accessibility,
    load_record,
)
from ptk_docs._io.envelope import PDF_ATTACHMENT_NAME, RECORD_NAMESPACE
from ptk_docs._io.libreoffice import convert_files
from ptk_docs._records.report import IMPLICATION_HEADINGS, NO_ISSUES_NOTED, ProgressRow
from ptk_docs._render.report import render_report, resolve_figures

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

REMOVED = [
    "Concessionary Fares Partnership",
    "Children and Adolescent Mental Health Partnership",
    "Cycle Derby",
    "Library Joint Arrangements (with Derbyshire County Council)",
    "Teenage Pregnancy Commissioning Board",
    "Aiming High for Disabled Children",
]
PENDING = [
    "Supporting People Board (+ sub partnerships)",
    "Derby Carers Partnership Strategy Board",
]


@pytest.fixture
def report() -> CommitteeReport:
    record = load_record(EXAMPLES / "report.json", kind="report")
    assert isinstance(record, CommitteeReport)
    return record


@pytest.fixture
def register() -> PartnershipRegister:
    record = load_record(EXAMPLES / "register.json", kind="register")
    assert isinstance(record, PartnershipRegister)
    return record


def _stand_in_blank(kind: str, dest: str | Path, *, force: bool = False) -> Path:
    """A small accessible document to join as an appendix."""
    document = docx.Document()
    title = "Partnership Business Case" if kind == "business-case" else "Partnership Agreement"
    document.add_paragraph(title, style="Title")
    document.add_paragraph("Purpose", style="Heading 1")
    document.add_paragraph("List the aims and objectives of the partnership.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Organisation"
    table.cell(0, 1).text = "Sector"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.add_paragraph("Signatures", style="Heading 2")
    document.save(str(dest))
    return Path(dest)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Derby 2011 report, rendered once for the tests that only read it."""
    report = load_record(EXAMPLES / "report.json", kind="report")
    register = load_record(EXAMPLES / "register.json", kind="register")
    assert isinstance(report, CommitteeReport)
    assert isinstance(register, PartnershipRegister)
    return render_report(
        report, tmp_path_factory.mktemp("report") / "report.docx", register=register
    )


def _texts(path: Path) -> list[str]:
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


def _styled(path: Path, style: str) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def it_computes_the_seeds_figures_from_the_register(
    report: CommitteeReport, register: PartnershipRegister
) -> None:
    resolved = resolve_figures(report, register)
    paragraph = resolved.supporting_information[0].paragraphs[1]
    assert "from 35 to 29" in paragraph.text
    assert "5 of the 29 being high priority and 7 classed as medium risk" in paragraph.text
    assert paragraph.bullets == REMOVED
    assert paragraph.bullets_from is None
    assert resolved.supporting_information[0].paragraphs[2].bullets == PENDING


def it_leaves_the_report_it_was_given_unchanged(
    report: CommitteeReport, register: PartnershipRegister
) -> None:
    before = report.model_dump()
    resolve_figures(report, register)
    assert report.model_dump() == before
    assert "{previously_listed}" in report.supporting_information[0].paragraphs[1].text


def it_follows_the_register_when_it_changes(
    report: CommitteeReport, register: PartnershipRegister
) -> None:
    index = next(i for i, e in enumerate(register.entries) if e.name == "Cycle Derby")
    register.entries[index] = RegisterEntry(name="Cycle Derby", priority=Priority.HIGH)
    text = resolve_figures(report, register).supporting_information[0].paragraphs[1].text
    assert "from 35 to 30, with 6 of the 30 being high priority" in text


def it_refuses_a_figure_without_a_register(report: CommitteeReport) -> None:
    with pytest.raises(RecordError, match=r"supporting_information\[0\]\.paragraphs\[1\]"):
        resolve_figures(report, None)


def it_refuses_a_figure_the_register_does_not_compute(
    report: CommitteeReport, register: PartnershipRegister
) -> None:
    report.summary = ["There are {lots} of partnerships."]
    with pytest.raises(RecordError, match=r"summary\[0\] quotes \{lots\}"):
        resolve_figures(report, register)


def it_needs_no_register_when_no_figure_is_quoted(tmp_path: Path) -> None:
    report = CommitteeReport(
        committee="Audit and Accounts Committee",
        meeting_date="2026-11-26",  # type: ignore[arg-type]
        title="Partnership Toolkit",
        summary=["A short update."],
    )
    out = render_report(report, tmp_path / "short.docx")
    texts = _texts(out)
    assert "A short update." in texts
    # The sections a draft has not written yet show the prompt.
    assert texts[texts.index("Recommendations") + 1] == "[to be completed]"
    assert check_accessibility(out) == []


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def it_writes_the_seeds_figures_and_names(rendered: Path) -> None:
    text = "\n".join(_texts(rendered))
    assert "from 35 to 29" in text
    assert "5 of the 29 being high priority and 7 classed as medium risk" in text
    for name in REMOVED + PENDING:
        assert name in text
    assert "{" not in text and "}" not in text


def it_is_laid_out_as_the_seed(rendered: Path) -> None:
    assert _styled(rendered, "Title") == ["Partnership Toolkit"]
    headings = _styled(rendered, "Heading 1")
    assert headings[:4] == [
        "Summary",
        "Recommendations",
        "Reasons for recommendations",
        "Supporting information",
    ]
    assert "Other options considered" in headings
    assert [h for h in headings if h.startswith("Appendix")] == [
        "Appendix 1 – Implications",
        "Appendix 2 – Business Case and Partnership Agreement Templates",
        "Appendix 3 – Partnership Register",
    ]
    texts = _texts(rendered)
    assert texts[:4] == [
        "Derby City Council",
        "Audit and Accounts Committee",
        "28 September 2011",
        "Report of the Director of Strategic Services and Transformation",
    ]
    assert "Appendix 2 – Business Case and Partnership Agreement Templates" in texts


def it_numbers_sections_and_paragraphs_with_word_numbering(rendered: Path) -> None:
    document = docx.Document(str(rendered))
    numbered = [
        p
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None and p.style.name == "Normal"
    ]
    texts = [p.text for p in numbered]
    assert texts[0].startswith("This report highlights the progress")
    assert "No issues noted." in texts  # Appendix 1, 5.1 and 6.1
    levels = {p._p.pPr.numPr.ilvl.val for p in numbered}
    assert levels == {1}


def it_shows_the_eight_implication_headings(rendered: Path) -> None:
    headings = _styled(rendered, "Heading 2")
    expected = [heading for _name, heading in IMPLICATION_HEADINGS]
    start = headings.index(expected[0])
    assert headings[start : start + 8] == expected
    texts = _texts(rendered)
    assert texts.count(NO_ISSUES_NOTED) == 2


def _table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def it_lists_the_approving_officers_by_role(rendered: Path) -> None:
    document = docx.Document(str(rendered))
    rows = _table_rows(document.tables[0])
    assert rows[0] == ["Role", "Name", "Job title"]
    assert rows[1] == ["Legal officer", "Olu Idowu", "Head of Legal Service - General"]
    assert len(rows) == 6


def it_groups_the_register_by_priority_with_counts(rendered: Path) -> None:
    document = docx.Document(str(rendered))
    tables = [_table_rows(t) for t in document.tables]
    counts = next(t for t in tables if t[0] == ["Priority Level", "Partnerships"])
    assert counts[1:] == [
        ["High", "5"],
        ["Medium", "7"],
        ["Low", "9"],
        ["N/A", "8"],
        ["Total", "29"],
    ]
    register = next(t for t in tables if t[0][:2] == ["Name of Partnership", "Priority Level"])
    assert register[0] == ["Name of Partnership", "Priority Level", "Lead officer", "Directorate"]
    assert len(register) == 1 + 29
    priorities = [row[1] for row in register[1:]]
    assert priorities == ["High"] * 5 + ["Medium"] * 7 + ["Low"] * 9 + ["N/A"] * 8
    assert register[1][:2] == ["Derby Homes", "High"]
    texts = _texts(rendered)
    assert any(t.startswith("N/A – these are partnerships where the Council") for t in texts)


def it_joins_the_blank_templates_as_appendix_2(rendered: Path) -> None:
    headings = _styled(rendered, "Heading 2")
    assert "Partnership Business Case" in headings
    assert "Partnership Agreement" in headings
    assert headings.index("Partnership Business Case") < headings.index("Partnership Agreement")
    # The joined documents' titles became headings: the report keeps one title.
    assert _styled(rendered, "Title") == ["Partnership Toolkit"]


def it_passes_the_accessibility_checker(rendered: Path) -> None:
    assert check_accessibility(rendered) == []


def it_carries_the_record_it_was_made_from(rendered: Path, report: CommitteeReport) -> None:
    with zipfile.ZipFile(rendered) as package:
        parts = [n for n in package.namelist() if n.startswith("customXml/item")]
        records = []
        for name in parts:
            root = etree.fromstring(package.read(name))
            if root.tag == f"{{{RECORD_NAMESPACE}}}record":
                records.append(root)
    (record,) = records
    assert record.get("kind") == "report"
    assert record.get("template") == "report.docx"
    template = ROOT / "templates" / "report.docx"
    assert record.get("template-sha256") == hashlib.sha256(template.read_bytes()).hexdigest()
    assert json.loads(record.text or "") == report.model_dump(mode="json")


def it_sets_the_document_properties(rendered: Path) -> None:
    core = docx.Document(str(rendered)).core_properties
    assert core.title == "Partnership Toolkit: Audit and Accounts Committee, 28 September 2011"
    assert core.author == "Derby City Council"


def it_gives_the_same_bytes_for_the_same_records(
    tmp_path: Path,
    report: CommitteeReport,
    register: PartnershipRegister,
) -> None:
    first = render_report(report, tmp_path / "a.docx", register=register)
    second = render_report(report, tmp_path / "b.docx", register=register)
    assert first.read_bytes() == second.read_bytes()


def it_shows_values_verbatim(tmp_path: Path) -> None:
    report = CommitteeReport(
        committee='Community Safety & <Partnership> "CSP"',
        meeting_date="2026-11-26",  # type: ignore[arg-type]
        title="Partnership Toolkit",
        summary=["Line one\nline two & <three>"],
    )
    out = render_report(report, tmp_path / "escaped.docx")
    document = docx.Document(str(out))
    assert document.paragraphs[1].text == 'Community Safety & <Partnership> "CSP"'
    assert document.paragraphs[2].text == "26 November 2026"
    assert any(p.text == "Line one\nline two & <three>" for p in document.paragraphs)


def it_lists_progress_one_row_per_partnership(
    tmp_path: Path, register: PartnershipRegister
) -> None:
    report = CommitteeReport.model_validate(
        {
            "committee": "Audit and Accounts Committee",
            "meeting_date": "2011-12-14",
            "title": "Partnership Toolkit progress",
            "appendices": [{"number": 1, "title": "Progress of returns", "kind": "progress"}],
        }
    )
    rows = [
        ProgressRow(
            partnership="Community Safety Partnership",
            priority="High",  # type: ignore[arg-type]
            business_case_returned=True,
            agreement_returned=True,
            headings_addressed=17,
            all_partners_signed=False,
            findings=["Exit Strategies not addressed", "Probation Service has not signed"],
        ),
        ProgressRow(partnership="Marketing Derby", priority="Medium"),  # type: ignore[arg-type]
    ]
    rows[0].headings_not_addressed = ["Exit Strategies"]
    rows[0].not_signed_by = ["Probation Service"]
    out = render_report(report, tmp_path / "progress.docx", register=register, progress=rows)
    counts, table = docx.Document(str(out)).tables
    assert _table_rows(counts)[1:] == [
        ["High", "1", "1", "1", "0", "1", "0"],
        ["Medium", "1", "0", "0", "0", "0", "1"],
    ]
    cells = _table_rows(table)
    assert cells[0] == ["Partnership", "Priority", "Status", "State", "Findings (summary)"]
    assert cells[1] == [
        "Community Safety Partnership",
        "High",
        "Amber",
        "Agreement returned: 17 of 19 headings; not signed by Probation Service. "
        "Business case returned.",
        "Missing: Exit Strategies",
    ]
    assert cells[2] == [
        "Marketing Derby",
        "Medium",
        "Red",
        "No agreement returned. No business case.",
        "–",
    ]
    assert check_accessibility(out) == []


def it_takes_progress_from_the_register_when_no_returns_are_given(
    tmp_path: Path, register: PartnershipRegister
) -> None:
    report = CommitteeReport.model_validate(
        {
            "committee": "Audit and Accounts Committee",
            "meeting_date": "2011-12-14",
            "title": "Partnership Toolkit progress",
            "appendices": [{"number": 1, "title": "Progress", "kind": "progress"}],
        }
    )
    out = render_report(report, tmp_path / "progress.docx", register=register)
    _counts, table = docx.Document(str(out)).tables
    assert len(table.rows) == 1 + 12  # the high and medium partnerships


def it_refuses_a_register_appendix_without_a_register(
    tmp_path: Path, report: CommitteeReport
) -> None:
    report.supporting_information = []
    with pytest.raises(RecordError, match="Appendix 3 is the register"):
        render_report(report, tmp_path / "report.docx")
    assert not (tmp_path / "report.docx").exists()


def it_does_not_overwrite_without_force(
    tmp_path: Path,
    report: CommitteeReport,
    register: PartnershipRegister,
) -> None:
    dest = tmp_path / "report.docx"
    dest.write_bytes(b"the clerk's copy")
    with pytest.raises(OutputExistsError):
        render_report(report, dest, register=register)
    assert dest.read_bytes() == b"the clerk's copy"
    render_report(report, dest, register=register, force=True)
    assert zipfile.is_zipfile(dest)
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


# ---------------------------------------------------------------------------------------------
# The template and PDF
# ---------------------------------------------------------------------------------------------

_PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footer1.xml",
    "word/settings.xml",
    "docProps/core.xml",
    "[Content_Types].xml",
)


def _canonical(data: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    return etree.tostring(etree.fromstring(data, parser), method="c14n")


def it_rebuilds_the_committed_template(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_report_templates.py"),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    with (
        zipfile.ZipFile(ROOT / "templates" / "report.docx") as committed,
        zipfile.ZipFile(tmp_path / "report.docx") as rebuilt,
    ):
        assert sorted(committed.namelist()) == sorted(rebuilt.namelist())
        for part in _PARTS:
            assert _canonical(committed.read(part)) == _canonical(rebuilt.read(part)), part


def it_ships_an_accessible_template() -> None:
    assert check_accessibility(ROOT / "templates" / "report.docx") == []


@pytest.mark.libreoffice
def it_converts_to_pdf_with_every_heading(rendered: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    (pdf,) = convert_files([rendered], tmp_path / "pdf", "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    for heading in ("Summary", "Other options considered", "Appendix 3 – Partnership Register"):
        assert heading in text
    for _name, heading in IMPLICATION_HEADINGS:
        assert heading in text
    assert "from 35 to 29" in text
    assert "4.2 Following the roll out" in text


@pytest.mark.libreoffice
def it_writes_a_pdf_when_asked(
    tmp_path: Path, report: CommitteeReport, register: PartnershipRegister
) -> None:
    from pypdf import PdfReader

    out = render_report(report, tmp_path / "report.pdf", register=register)
    assert out.read_bytes().startswith(b"%PDF")
    (payload,) = PdfReader(out).attachments[PDF_ATTACHMENT_NAME]
    assert json.loads(payload)["title"] == "Partnership Toolkit"


def it_joins_a_document_appendix_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stand_in_blank("agreement", tmp_path / "signed-agreement.docx")
    monkeypatch.chdir(tmp_path)
    report = CommitteeReport.model_validate(
        {
            "committee": "Audit and Accounts Committee",
            "meeting_date": "2011-12-14",
            "title": "Partnership Toolkit",
            "appendices": [
                {
                    "number": 1,
                    "title": "Community Safety Partnership agreement",
                    "kind": "document",
                    "source": "signed-agreement.docx",
                }
            ],
        }
    )
    out = render_report(report, tmp_path / "report.docx")
    assert _styled(out, "Heading 2") == ["Partnership Agreement"]
    assert "List the aims and objectives of the partnership." in _texts(out)
    assert check_accessibility(out) == []


def it_refuses_a_document_appendix_that_is_not_a_word_document(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("notes")
    report = CommitteeReport.model_validate(
        {
            "committee": "Audit and Accounts Committee",
            "meeting_date": "2011-12-14",
            "title": "Partnership Toolkit",
            "appendices": [
                {
                    "number": 1,
                    "title": "Notes",
                    "kind": "document",
                    "source": str(tmp_path / "notes.txt"),
                }
            ],
        }
    )
    with pytest.raises(DocumentError, match="only a Word document"):
        render_report(report, tmp_path / "report.docx")
    assert not (tmp_path / "report.docx").exists()


def it_adds_a_progress_appendix_when_returns_were_checked(
    tmp_path: Path, report: CommitteeReport, register: PartnershipRegister
) -> None:
    rows = [ProgressRow(partnership="Derby Homes", priority=Priority.HIGH, agreement_returned=True)]
    out = render_report(report, tmp_path / "report.docx", register=register, progress=rows)
    headings = _styled(out, "Heading 1")
    assert headings[-1] == "Appendix 4 – Progress of the high and medium priority partnerships"
    texts = _texts(out)
    assert "Appendix 4 – Progress of the high and medium priority partnerships" in texts
    assert _table_rows(docx.Document(str(out)).tables[-1])[1][:3] == [
        "Derby Homes",
        "High",
        "Amber",
    ]
    assert check_accessibility(out) == []


def it_renders_the_example_report_from_the_command_line(tmp_path: Path) -> None:
    """``ptk render report`` finds the register beside the record; without one it says so."""
    out = tmp_path / "report.docx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ptk_docs",
            "render",
            "report",
            str(EXAMPLES / "report.json"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "from 35 to 29" in "\n".join(_texts(out))

    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(EXAMPLES / "report.json", alone / "report.json")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ptk_docs",
            "render",
            "report",
            str(alone / "report.json"),
            "-o",
            str(alone / "r.docx"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "supporting_information[0].paragraphs[1]" in done.stderr
    assert "--register" in done.stderr
    assert not (alone / "r.docx").exists()


_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        include_characters="\n&<>\"'{}",
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() and t == t.strip() and "\n\n" not in t)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(committee=_TEXT, paragraph=_TEXT)
def it_writes_any_text_verbatim(tmp_path: Path, committee: str, paragraph: str) -> None:
    report = CommitteeReport(
        committee=committee,
        meeting_date="2026-11-26",  # type: ignore[arg-type]
        title="Partnership Toolkit",
        other_options=[paragraph.replace("{", "(").replace("}", ")")],
    )
    out = render_report(report, tmp_path / "any.docx", force=True)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[1] == committee
    assert paragraph.replace("{", "(").replace("}", ")") in paragraphs
