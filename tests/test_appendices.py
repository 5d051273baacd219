"""Committee-report appendices on their own, and inside a clerk's own report."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from docxcompose.composer import Composer
from docxtpl import DocxTemplate
from lxml import etree
from pydantic import ValidationError

import ptk_docs
from ptk_docs import (
    CommitteeReport,
    PartnershipAgreement,
    PartnershipRegister,
    Priority,
    RecordError,
    check_accessibility,
    load_record,
)
from ptk_docs._io.libreoffice import convert_files
from ptk_docs._records.formatting import format_date
from ptk_docs._records.report import ProgressRow, Rag
from ptk_docs._render.appendices import progress_chart
from ptk_docs._workflow.progress import build_progress

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEETING = dt.date(2011, 9, 28)


@pytest.fixture
def register(examples: Path) -> PartnershipRegister:
    record = load_record(examples / "register.json", kind="register")
    assert isinstance(record, PartnershipRegister)
    return record


@pytest.fixture
def report(examples: Path) -> CommitteeReport:
    record = load_record(examples / "report.json", kind="report")
    assert isinstance(record, CommitteeReport)
    return record


def _tables(document: docx.document.Document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _text(path: Path) -> str:
    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


# ---------------------------------------------------------------------------------------------
# On their own
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ptk_docs.APPENDIX_KINDS)
def it_writes_each_appendix_as_an_accessible_document_of_its_own(
    tmp_path: Path,
    kind: str,
    examples: Path,
    register: PartnershipRegister,
    report: CommitteeReport,
) -> None:
    out = ptk_docs.render_appendix(
        kind,
        tmp_path / f"{kind}.docx",
        number=7,
        title="Schedule for the committee",
        register=register,
        returns=examples / "returns",
        implications=report,
        today=MEETING,
    )
    assert check_accessibility(out) == []
    document = docx.Document(str(out))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Appendix 7 – Schedule for the committee"]
    assert document.core_properties.title == "Appendix 7 – Schedule for the committee"
    assert document.core_properties.author == "Derby City Council"


def it_shows_the_register_columns_asked_for(tmp_path: Path, register: PartnershipRegister) -> None:
    out = ptk_docs.render_appendix(
        "register",
        tmp_path / "register.docx",
        number=3,
        register=register,
        columns=["priority", "status", "lead_officer", "council_funding", "next_review"],
    )
    named = next(t for t in _tables(docx.Document(str(out))) if t[0][0] == "Name of Partnership")
    assert named[0] == [
        "Name of Partnership",
        "Priority Level",
        "Status",
        "Lead officer",
        "Council funding",
        "Next review",
    ]
    safety = next(row for row in named if row[0] == "Community Safety Partnership")
    entry = register.find("Community Safety Partnership")
    assert entry is not None and entry.next_review is not None
    assert safety[1:3] == ["High", "Listed"]
    assert safety[-1] == format_date(entry.next_review)
    assert check_accessibility(out) == []
    with pytest.raises(RecordError, match="unknown register column"):
        ptk_docs.render_appendix(
            "register", tmp_path / "bad.docx", number=3, register=register, columns=["colour"]
        )
    assert not (tmp_path / "bad.docx").exists()


def it_refuses_what_it_cannot_make(tmp_path: Path, register: PartnershipRegister) -> None:
    with pytest.raises(RecordError, match="no 'templates' appendix"):
        ptk_docs.render_appendix("templates", tmp_path / "a.docx", number=2)
    with pytest.raises(RecordError, match="needs the register"):
        ptk_docs.render_appendix("reviews", tmp_path / "a.docx", number=2)
    with pytest.raises(RecordError, match="1 or more"):
        ptk_docs.render_appendix("register", tmp_path / "a.docx", number=0, register=register)
    assert not (tmp_path / "a.docx").exists()


def it_accepts_any_appendix_numbers_in_ascending_order(report: CommitteeReport) -> None:
    data = report.model_dump(mode="json")
    data["appendices"] = [
        {"number": 2, "title": "Implications", "kind": "implications"},
        {"number": 3, "title": "Partnership Register", "kind": "register"},
    ]
    assert [a.number for a in CommitteeReport.model_validate(data).appendices] == [2, 3]
    for numbers in ([3, 2], [2, 2]):
        data["appendices"] = [
            {"number": n, "title": "Implications", "kind": "implications"} for n in numbers
        ]
        with pytest.raises(ValidationError, match="ascending order"):
            CommitteeReport.model_validate(data)


def it_writes_an_appendix_from_the_command_line(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "appendix-3.docx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ptk_docs",
            "appendix",
            "register",
            "--register",
            str(examples / "register.json"),
            "--number",
            "3",
            "--title",
            "The Partnership Register",
            "--columns",
            "priority,directorate,next_review",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no accessibility problem reported
    assert "Appendix 3 – The Partnership Register" in _text(out)
    bad = subprocess.run(
        [sys.executable, "-m", "ptk_docs", "appendix", "reviews", "--number", "2", "-o",
         str(tmp_path / "reviews.docx")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.startswith("ptk: error:") and len(bad.stderr.splitlines()) == 1
    assert not (tmp_path / "reviews.docx").exists()


# ---------------------------------------------------------------------------------------------
# In a clerk's own report (a report ptk did not make)
# ---------------------------------------------------------------------------------------------


def _clerks_report() -> docx.document.Document:
    """A clerk's report as a council writes one in Word: its own title, headings and text."""
    document = docx.Document()
    document.core_properties.title = "Partnership governance: annual update"
    document.core_properties.author = "Anytown Borough Council"
    document.styles["Normal"].font.name = "Verdana"
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph("Partnership governance: annual update", style="Title")
    document.add_paragraph("Purpose of the report", style="Heading 1")
    document.add_paragraph("This report updates members on partnership governance.")
    document.add_paragraph("Appendices", style="Heading 1")
    document.add_paragraph("Appendix 3 sets out the Partnership Register.")
    return document


def _set_english(path: Path) -> None:
    """python-docx's default template is en-US; a UK clerk's report is en-GB."""
    document = docx.Document(str(path))
    rpr = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = rpr.find(f"{W}lang")
    if lang is None:
        lang = etree.SubElement(rpr, f"{W}lang")
    lang.set(f"{W}val", "en-GB")
    document.save(str(path))


def it_goes_into_a_clerks_report_as_a_python_docx_document(
    tmp_path: Path, register: PartnershipRegister
) -> None:
    appendix = ptk_docs.appendix_document("register", number=3, register=register, level=1)
    assert isinstance(appendix, docx.document.Document)
    clerk = _clerks_report()
    body = clerk.element.body
    end = body[-1]  # the clerk's section properties stay last
    for element in appendix.element.body:
        if element.tag != f"{W}sectPr":
            end.addprevious(copy.deepcopy(element))
    out = tmp_path / "clerk.docx"
    clerk.save(str(out))
    _set_english(out)
    text = _text(out)
    assert "Appendix 3 – Partnership Register" in text
    assert "Community Safety Partnership" in text
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Appendix 3 – Partnership Register"
    assert [f.rule for f in check_accessibility(out)] == []


def it_goes_into_a_clerks_report_by_docxcompose(
    tmp_path: Path, examples: Path, register: PartnershipRegister
) -> None:
    clerk = _clerks_report()
    composer = Composer(clerk)
    for number, kind in ((3, "register"), (4, "progress")):
        composer.append(
            ptk_docs.appendix_document(
                kind,
                number=number,
                register=register,
                returns=examples / "returns",
                today=MEETING,
                level=1,
            )
        )
    out = tmp_path / "clerk.docx"
    composer.save(str(out))
    _set_english(out)
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-2:] == [
        "Appendix 3 – Partnership Register",
        "Appendix 4 – Progress of the high and medium priority partnerships",
    ]
    assert len(document.inline_shapes) == 1  # the chart came along
    assert [f.rule for f in check_accessibility(out)] == []


def it_goes_into_a_clerks_docxtpl_template_as_a_subdocument(
    tmp_path: Path, register: PartnershipRegister
) -> None:
    template = _clerks_report()
    template.add_paragraph("{{p appendix }}")
    template_path = tmp_path / "clerk-template.docx"
    template.save(str(template_path))
    appendix = ptk_docs.render_appendix(
        "register", tmp_path / "appendix-3.docx", number=3, register=register, level=1
    )
    tpl = DocxTemplate(str(template_path))
    tpl.render({"appendix": tpl.new_subdoc(str(appendix))})
    out = tmp_path / "clerk.docx"
    tpl.save(str(out))
    _set_english(out)
    text = _text(out)
    assert "{{p appendix }}" not in text
    assert "Appendix 3 – Partnership Register" in text
    register_table = next(
        t for t in _tables(docx.Document(str(out))) if t[0][0] == "Name of Partnership"
    )
    assert len(register_table) == 1 + 29
    assert [f.rule for f in check_accessibility(out)] == []


# ---------------------------------------------------------------------------------------------
# Progress a committee accepts
# ---------------------------------------------------------------------------------------------


def it_says_where_each_partnership_stands_in_words() -> None:
    row = ProgressRow(
        partnership="Community Safety Partnership",
        agreement_returned=True,
        business_case_returned=True,
        headings_addressed=17,
        all_partners_signed=False,
        not_signed_by=["Derbyshire Constabulary"],
        headings_not_addressed=["Scheme of Delegation", "Business Continuity Plans"],
    )
    assert row.state() == (
        "Agreement returned: 17 of 19 headings; not signed by Derbyshire Constabulary. "
        "Business case returned."
    )
    assert row.summary() == "Missing: Scheme of Delegation, Business Continuity Plans"
    assert row.rag() is Rag.AMBER
    # Whoever verifies the signatures can say so; it replaces the "not signed by" wording.
    verified = row.model_copy(update={"signatures": "signed by 3 of 3 partners (verified)"})
    assert "17 of 19 headings; signed by 3 of 3 partners (verified)." in verified.state()
    assert ProgressRow(partnership="X").rag() is Rag.RED


def it_shows_the_status_as_a_word_and_a_colour(
    tmp_path: Path, examples: Path, register: PartnershipRegister
) -> None:
    document = ptk_docs.appendix_document(
        "progress", number=4, register=register, returns=examples / "returns", today=MEETING
    )
    table = document.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    status = header.index("Status")
    seen = {}
    for row in table.rows[1:]:
        cell = row.cells[status]
        fill = cell._tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill")
        seen[cell.text] = fill
    assert set(seen) == {"Green", "Amber", "Red"}
    assert len(set(seen.values())) == 3
    # One row per partnership, its findings summarised once.
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == 12
    assert rows["Derby Homes"][4].startswith("Missing: Roles and Responsibilities, Information")
    assert rows["Derby Homes"][4].count("Scheme of Delegation") == 1
    # Counts per priority at the top, and the chart with its alternative text.
    counts = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert counts[0][:2] == ["Priority Level", "Partnerships"]
    assert [r[:2] for r in counts[1:]] == [["High", "5"], ["Medium", "7"]]
    (shape,) = document.inline_shapes
    alt = shape._inline.docPr.get("descr")
    assert alt.startswith("Bar chart of progress by priority level. High priority: 5")


def it_puts_the_detail_of_findings_in_a_table_of_its_own(
    tmp_path: Path, examples: Path, register: PartnershipRegister
) -> None:
    document = ptk_docs.appendix_document(
        "findings", number=5, register=register, returns=examples / "returns", today=MEETING
    )
    (table,) = _tables(document)
    assert table[0] == ["Partnership", "Document", "Finding"]
    homes = [r for r in table[1:] if r[0] == "Derby Homes"]
    assert {r[1] for r in homes} == {"Derby Homes - signed agreement.pdf"}
    assert any(r[2].startswith("Scheme of Delegation: Not addressed") for r in homes)


def it_leaves_out_a_return_that_a_later_one_replaces(
    tmp_path: Path, examples: Path, register: PartnershipRegister
) -> None:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    assert isinstance(agreement, PartnershipAgreement)
    returns = tmp_path / "returns"
    returns.mkdir()
    data = agreement.model_dump(mode="json")
    data["date_of_agreement"] = "2011-01-10"
    data["last_review"] = None
    data["scheme_of_delegation"]["decisions"] = ""
    data["business_continuity_plans"]["plans"] = ""
    for signatory in data["signatories"]:
        signatory["date_signed"] = "2011-02-01"
    earlier = PartnershipAgreement.model_validate(data)
    later = agreement.model_copy(deep=True)
    # File names sort the later return first: the dates it carries decide, not the name.
    ptk_docs.render(earlier, returns / "b first draft.docx")
    ptk_docs.render(later, returns / "a final.docx")
    rows = {r.partnership: r for r in build_progress(register, returns, today=MEETING)}
    safety = rows["Community Safety Partnership"]
    assert safety.replaced == ["b first draft.docx"]
    assert safety.headings_not_addressed == []
    assert not any("first draft" in f for f in safety.findings)
    assert safety.headings_addressed == 19


@pytest.mark.libreoffice
def it_keeps_the_example_progress_appendix_within_two_pages(
    tmp_path: Path, examples: Path, report: CommitteeReport, register: PartnershipRegister
) -> None:
    """With the example's returns, the appendices add at most 2 pages beyond the register."""
    from pypdf import PdfReader

    out = ptk_docs.build_report(
        report, tmp_path / "report.docx", register=register, returns=examples / "returns"
    )
    (pdf,) = convert_files([out], tmp_path / "pdf", "pdf")
    pages = [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]
    # The last page naming each appendix is where it starts (the list of appendices comes first).
    register_starts = max(i for i, t in enumerate(pages) if "Appendix 3 – Partnership" in t)
    progress_starts = max(i for i, t in enumerate(pages) if "Appendix 4 – Progress" in t)
    assert register_starts < progress_starts
    assert len(pages) - progress_starts <= 2, f"{len(pages) - progress_starts} pages of progress"


# ---------------------------------------------------------------------------------------------
# One house style, and a council's own
# ---------------------------------------------------------------------------------------------


def _styles_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("word/styles.xml")


def _council_reference(path: Path) -> Path:
    """A council's own Word template: Georgia, maroon headings, its own Table Grid."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = "Georgia"
        style.font.color.rgb = docx.shared.RGBColor(0x80, 0x00, 0x20)
    document.add_paragraph("Anytown Borough Council", style="Title")
    document.save(str(path))
    return path


def it_gives_every_document_one_house_style(
    tmp_path: Path, examples: Path, register: PartnershipRegister, report: CommitteeReport
) -> None:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    made = [
        ptk_docs.render(agreement, tmp_path / "agreement.docx"),
        ptk_docs.build_report(report, tmp_path / "report.docx", register=register),
        ptk_docs.render_appendix("register", tmp_path / "a.docx", number=3, register=register),
    ]
    for path in made:
        document = docx.Document(str(path))
        for name in ("Title", "Heading 1"):
            assert str(document.styles[name].font.color.rgb) == "1F4E79", (path.name, name)


def it_takes_a_councils_own_styles_and_still_reads_back(
    tmp_path: Path, examples: Path, register: PartnershipRegister, report: CommitteeReport
) -> None:
    reference = _council_reference(tmp_path / "council.docx")
    agreement = load_record(examples / "agreement.json", kind="agreement")
    out = ptk_docs.render(agreement, tmp_path / "agreement.docx", style_from=reference)
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert str(document.styles["Heading 1"].font.color.rgb) == "800020"
    # Word numbers the 19 headings and bullets the lists still; the language stays en-GB.
    assert b'w:numId w:val="1"' in _styles_xml(out)
    assert check_accessibility(out) == []
    # The parser reads the result back, from the structure alone too.
    result = ptk_docs.parse(out)
    assert result.record == agreement
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tag ", b"<w:ignored ")
            if not item.filename.startswith("customXml"):
                target.writestr(item, data)
    assert ptk_docs.parse(stripped, kind="agreement").record == agreement
    # The report, the appendices, drafts and blank forms take it too.
    for path in (
        ptk_docs.build_report(
            report, tmp_path / "report.docx", register=register, style_from=reference
        ),
        ptk_docs.render_appendix(
            "register", tmp_path / "a.docx", number=3, register=register, style_from=reference
        ),
        ptk_docs.blank("business-case", tmp_path / "blank.docx", style_from=reference),
    ):
        assert docx.Document(str(path)).styles["Heading 1"].font.name == "Georgia", path.name
        assert check_accessibility(path) == []
    drafts = ptk_docs.generate_drafts(register, tmp_path / "drafts", style_from=reference)
    assert docx.Document(str(drafts[0])).styles["Title"].font.name == "Georgia"


def it_refuses_a_style_reference_that_is_not_a_word_document(
    tmp_path: Path, examples: Path
) -> None:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    fake = tmp_path / "council.docx"
    fake.write_text("not a document")
    with pytest.raises(ptk_docs.DocumentError):
        ptk_docs.render(agreement, tmp_path / "a.docx", style_from=fake)
    assert not (tmp_path / "a.docx").exists()


# ---------------------------------------------------------------------------------------------
# Agreements fit to sign
# ---------------------------------------------------------------------------------------------


def _unfinished(examples: Path) -> PartnershipAgreement:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    assert isinstance(agreement, PartnershipAgreement)
    agreement.membership.chair = ""
    agreement.scheme_of_delegation.decisions = ""
    agreement.purpose.aims_and_objectives = []
    agreement.signatories = []
    return agreement


def it_keeps_instructions_to_the_author_out_of_the_agreement(
    tmp_path: Path, examples: Path
) -> None:
    agreement = ptk_docs.render(_unfinished(examples), tmp_path / "agreement.docx")
    blank = ptk_docs.blank("agreement", tmp_path / "blank.docx")
    instruction = "A Partnership Agreement must address the following headings:"
    assert instruction not in _text(agreement)
    assert "See Appendix 9 of the Toolkit." not in _text(agreement)
    assert instruction in _text(blank)
    assert "[to be completed]" not in _text(agreement)


def it_gives_signature_rows_room_and_a_line_to_sign_on(tmp_path: Path, examples: Path) -> None:
    out = ptk_docs.render(_unfinished(examples), tmp_path / "agreement.docx")
    document = docx.Document(str(out))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Organisation"
                 and "Signature" in [c.text for c in t.rows[0].cells])  # fmt: skip
    signature = [c.text for c in table.rows[0].cells].index("Signature")
    rows = table.rows[1:]
    assert len(rows) == 6  # one per partner
    for row in rows:
        height = row._tr.find(f"{W}trPr/{W}trHeight")
        assert int(height.get(f"{W}val")) >= 851  # 1.5 cm
        assert height.get(f"{W}hRule") == "atLeast"
        line = row.cells[signature].paragraphs[0]._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
        assert line is not None and line.get(f"{W}val") == "single"


@pytest.mark.libreoffice
def it_reads_placeholders_back_as_empty_after_libreoffice(tmp_path: Path, examples: Path) -> None:
    agreement = _unfinished(examples)
    out = ptk_docs.render(agreement, tmp_path / "agreement.docx")
    resaved = tmp_path / "resaved"
    (docx_copy,) = convert_files([out], resaved, "docx:MS Word 2007 XML")
    (pdf,) = convert_files([out], tmp_path / "pdf", "pdf")
    for source in (out, docx_copy, pdf):
        result = ptk_docs.parse(source, kind="agreement")
        for path in ("membership.chair", "scheme_of_delegation.decisions",
                     "purpose.aims_and_objectives"):  # fmt: skip
            assert path in result.missing, (source.name, path)
        assert result.record.membership.chair == ""
        assert result.record.membership.vice_chair == agreement.membership.vice_chair
        # No placeholder phrase is ever taken for an answer.
        values = json.dumps(result.record.model_dump(mode="json"))
        assert "Click or tap" not in values and "Enter text" not in values
        left_over = json.dumps(result.to_json()["unmapped"])
        assert "Click or tap" not in left_over and "Enter text" not in left_over


def it_refuses_a_final_render_with_every_missing_answer(tmp_path: Path, examples: Path) -> None:
    agreement = _unfinished(examples)
    with pytest.raises(RecordError) as raised:
        ptk_docs.render(agreement, tmp_path / "final.docx", final=True)
    message = str(raised.value)
    for path in ("membership.chair", "scheme_of_delegation.decisions",
                 "purpose.aims_and_objectives"):  # fmt: skip
        assert path in message
    assert "signatories" not in message  # signing comes after printing
    assert not (tmp_path / "final.docx").exists()
    complete = load_record(examples / "agreement.json", kind="agreement")
    assert ptk_docs.render(complete, tmp_path / "final.docx", final=True).exists()
    record = tmp_path / "unfinished.json"
    record.write_text(json.dumps(agreement.model_dump(mode="json")), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ptk_docs", "render", "agreement", str(record), "--final", "-o",
         str(tmp_path / "cli.docx")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "membership.chair" in done.stderr and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "cli.docx").exists()


def it_keeps_the_chart_out_of_import_ptk_docs() -> None:
    code = "import sys, ptk_docs; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def it_draws_the_same_chart_for_the_same_rows() -> None:
    rows = [ProgressRow(partnership="A", priority=Priority.HIGH, agreement_returned=True)]
    first = progress_chart(rows)
    assert progress_chart(rows) == first
    assert first[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert first[1] == (
        "Bar chart of progress by priority level. "
        "High priority: 1 partnership, 0 green, 1 amber, 0 red."
    )
