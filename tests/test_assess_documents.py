"""`assess` and `check` on whole files: a council's own .docx, its PDF and Word 97 versions.

The council document is written here with python-docx the way many are in real life: headings as
bold "List Paragraph" text numbered by Word ("1.0 Purpose"), a header repeated on every page, a
"Review and Termination" section that only allows suspension.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

import ptk_docs
from ptk_docs import AGREEMENT_HEADINGS, DocumentError, PartnershipAgreement, assess, check
from ptk_docs._cli import main
from ptk_docs._io.libreoffice import convert_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docbuild import ptk_layout_docx

HEADINGS = [heading for _, heading in AGREEMENT_HEADINGS]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
HEADER = "[IL0: UNCLASSIFIED]"

SECTIONS: list[tuple[str, list[str]]] = [
    ("Purpose of the Group", [
        "The purpose of the group is to reduce re-offending by young adults in the district by "
        "joining up the work of the partners.",
    ]),
    ("Membership and Chairing", [
        "Members are nominated by each partner organisation: the District Council, the "
        "Probation Service, the Police and the two housing associations.",
        "The group is chaired by the District Council's Head of Community Safety; the vice chair "
        "is elected by the members each year.",
    ]),
    ("Meetings", [
        "The group will meet every two months. A quorum is three members from different "
        "partners, and decisions are taken by consensus.",
    ]),
    ("Information", [
        "Partners share information about individual cases under the county information "
        "sharing protocol; personal data are sent only by secure e-mail.",
    ]),
    ("Review and Termination", [
        "A partner may suspend its part in these arrangements while a serious breach is "
        "investigated.",
        "This agreement will be reviewed every two years.",
    ]),
]  # fmt: skip


def _numbering(document: Any) -> str:
    """A Word list numbered "1.0", "2.0", ... for headings typed as List Paragraphs."""
    numbering = document.part.numbering_part.element
    abstract = etree.SubElement(numbering, qn("w:abstractNum"))
    abstract.set(qn("w:abstractNumId"), "77")
    lvl = etree.SubElement(abstract, qn("w:lvl"))
    lvl.set(qn("w:ilvl"), "0")
    etree.SubElement(lvl, qn("w:start")).set(qn("w:val"), "1")
    etree.SubElement(lvl, qn("w:numFmt")).set(qn("w:val"), "decimal")
    etree.SubElement(lvl, qn("w:lvlText")).set(qn("w:val"), "%1.0")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    num = etree.SubElement(numbering, qn("w:num"))
    num.set(qn("w:numId"), "77")
    etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), "77")
    return "77"


def council_docx(dest: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    document.add_paragraph("Young Adults Partnership Group: Agreement", style="Title")
    num_id = _numbering(document)
    for heading, paragraphs in SECTIONS:
        paragraph = document.add_paragraph(style="List Paragraph")
        num_pr = etree.SubElement(paragraph._p.get_or_add_pPr(), qn("w:numPr"))
        etree.SubElement(num_pr, qn("w:ilvl")).set(qn("w:val"), "0")
        etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), num_id)
        paragraph.add_run(heading).bold = True
        for text in paragraphs:
            document.add_paragraph(text)
    document.save(str(dest))
    return dest


def soffice_convert(source: Path, fmt: str, outdir: Path) -> Path:
    (converted,) = convert_files([source], outdir, fmt)
    return converted


def _addressed(assessment: ptk_docs.Assessment) -> set[str]:
    return {v.heading for v in assessment.verdicts if v.addressed}


EXPECTED = {"Purpose", "Membership", "Meetings", "Information"}


def it_judges_a_council_document_by_what_its_text_covers(tmp_path: Path) -> None:
    assessment = assess(council_docx(tmp_path / "group.docx"))
    assert _addressed(assessment) >= EXPECTED
    assert assessment.verdict("Exit Strategies").verdict == "not-addressed"
    assert assessment.verdict("Equalities").verdict == "not-addressed"
    meetings = assessment.verdict("Meetings")
    assert meetings.verdict == "addressed"
    assert "Meetings" in meetings.section_title
    assert meetings.quote.startswith("The group will meet every two months.")
    assert meetings.location.startswith("paragraph ")
    for verdict in assessment.verdicts:
        assert HEADER not in verdict.quote


def it_makes_check_findings_from_the_verdicts(tmp_path: Path) -> None:
    source = council_docx(tmp_path / "group.docx")
    report = check(source, today=dt.date(2026, 1, 1))
    by_heading = {f.heading: f for f in report.findings if f.heading}
    assert by_heading["Exit Strategies"].rule == "heading-not-addressed"
    assert by_heading["Exit Strategies"].severity == "error"
    assert "Meetings" not in by_heading
    assessment = assess(source)
    for verdict in assessment.verdicts:
        finding = by_heading.get(verdict.heading)
        if verdict.verdict == "addressed":
            assert finding is None
        elif verdict.verdict == "partly":
            assert finding is not None and finding.rule == "heading-partly-addressed"
            assert finding.severity == "warning" and verdict.location in finding.message
        else:
            assert finding is not None and finding.rule == "heading-not-addressed"


def it_counts_answers_under_the_toolkits_own_headings(tmp_path: Path) -> None:
    """ptk's own layout without its embedded record (e.g. re-saved elsewhere) is not penalised."""
    record = ptk_docs.load_record(EXAMPLES / "agreement.json")
    source = ptk_layout_docx(record, tmp_path / "agreement.docx", embed=False)
    assessment = assess(source)
    assert all(v.addressed for v in assessment.verdicts)
    report = check(source, today=dt.date(2011, 6, 1))
    assert not [f for f in report.findings if f.rule == "heading-not-addressed"]


def it_finds_nothing_in_a_blank_template(tmp_path: Path) -> None:
    blank = PartnershipAgreement(partnership_name="Road Safety Partnership")
    source = ptk_layout_docx(blank, tmp_path / "blank.docx", embed=False)
    assert not _addressed(assess(source))
    report = check(source, today=dt.date(2011, 6, 1))
    missing = [f.heading for f in report.findings if f.rule == "heading-not-addressed"]
    assert missing == HEADINGS


def it_refuses_files_it_cannot_read(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(DocumentError):
        assess(broken)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(DocumentError):
        assess(notes)
    with pytest.raises(DocumentError):
        assess(tmp_path / "missing.docx")


def it_prints_the_table_and_the_json_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = council_docx(tmp_path / "group.docx")
    assert main(["assess", str(source)]) == 0
    text = capsys.readouterr().out
    assert "Exit Strategies" in text and "not addressed" in text
    assert main(["assess", str(source), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [v["heading"] for v in data["verdicts"]] == HEADINGS
    assert main(["assess", str(tmp_path / "missing.docx")]) == 2
    assert capsys.readouterr().err.startswith("ptk: error:")


@pytest.mark.libreoffice
def it_judges_the_pdf_of_a_document_as_its_word_original(tmp_path: Path) -> None:
    source = council_docx(tmp_path / "group.docx")
    pdf = soffice_convert(source, "pdf", tmp_path)
    assessment = assess(pdf)
    assert _addressed(assessment) == _addressed(assess(source))
    meetings = assessment.verdict("Meetings")
    assert meetings.location.startswith("page ")
    assert all(HEADER not in v.quote for v in assessment.verdicts)


@pytest.mark.libreoffice
def it_reads_word_97_documents_through_libreoffice(tmp_path: Path) -> None:
    source = council_docx(tmp_path / "group.docx")
    (tmp_path / "doc").mkdir()
    old = soffice_convert(source, "doc", tmp_path / "doc")
    assessment = assess(old)
    assert assessment.source == str(old)
    assert _addressed(assessment) == _addressed(assess(source))
    assert assessment.verdict("Exit Strategies").verdict == "not-addressed"


def it_explains_when_word_97_needs_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "agreement.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(DocumentError, match="LibreOffice"):
        assess(old)
