"""The accessibility checker: small real .docx files that break each rule once, and good ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ptk_docs import DocumentError, check_accessibility
from ptk_docs._check.accessibility import A11Y_RULES
from ptk_docs._cli import main


def _set_language(document: Any, lang: str) -> None:
    element = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    element.find(qn("w:rPr")).find(qn("w:lang")).set(qn("w:val"), lang)


def _mark_header(table: Any) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _hyperlink(paragraph: Any, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def good_document() -> Any:
    """A short document that passes every rule."""
    document = docx.Document()
    document.core_properties.title = "Partnership Toolkit"
    document.core_properties.author = "Derby City Council"
    _set_language(document, "en-GB")
    document.add_paragraph("Partnership Toolkit", style="Title")
    document.add_paragraph("Summary", style="Heading 1")
    document.add_paragraph("This report highlights the progress made.")
    document.add_paragraph("Concessionary Fares Partnership.", style="List Bullet")
    document.add_paragraph("Details", style="Heading 2")
    link = document.add_paragraph("Read the ")
    _hyperlink(link, "Partnership Toolkit guidance", "https://example.org/toolkit")
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(
        table.rows,
        [("Name", "Priority"), ("Derby Homes", "High"), ("Cycle Derby", "Low")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    _mark_header(table)
    document.add_paragraph("Risk", style="Heading 1")
    document.add_paragraph("No issues noted.")
    return document


def _save(document: Any, tmp_path: Path, name: str = "doc.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _rules(path: Path) -> list[str]:
    return [f.rule for f in check_accessibility(path)]


def it_passes_a_well_made_document(tmp_path: Path) -> None:
    assert check_accessibility(_save(good_document(), tmp_path)) == []


def _no_title(d: Any) -> None:
    d.core_properties.title = ""


def _library_author(d: Any) -> None:
    d.core_properties.author = "python-docx"


def _us_english(d: Any) -> None:
    _set_language(d, "en-US")


def _two_titles(d: Any) -> None:
    d.add_paragraph("Another title", style="Title")


def _skipped_level(d: Any) -> None:
    d.add_paragraph("Deep detail", style="Heading 3")


def _typed_bullet(d: Any) -> None:
    d.add_paragraph("• Cycle Derby.")


def _typed_number(d: Any) -> None:
    d.add_paragraph("1. Cycle Derby.")


def _typed_letter(d: Any) -> None:
    d.add_paragraph("a) Cycle Derby.")


def _no_header_row(d: Any) -> None:
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(1, 0).text = "Derby Homes"
    d.add_paragraph("After the table.")


def _merged(d: Any) -> None:
    table = d.add_table(rows=3, cols=2)
    _mark_header(table)
    table.cell(1, 0).merge(table.cell(1, 1))
    d.add_paragraph("After the table.")


def _layout_table(d: Any) -> None:
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Contact:"
    table.cell(0, 1).text = "Alison Eldam"
    d.add_paragraph("After the table.")


def _spacing(d: Any) -> None:
    d.add_paragraph("")
    d.add_paragraph("Spaced out.")


def _click_here(d: Any) -> None:
    _hyperlink(d.add_paragraph("For the assessment "), "click here", "https://example.org")


def _bare_url(d: Any) -> None:
    _hyperlink(
        d.add_paragraph("See "), "https://example.org/toolkit", "https://example.org/toolkit"
    )


BREAKERS: dict[str, Callable[[Any], None]] = {
    "a11y-title": _no_title,
    "a11y-author": _library_author,
    "a11y-language": _us_english,
    "a11y-one-title": _two_titles,
    "a11y-heading-order": _skipped_level,
    "a11y-list-numbering": _typed_bullet,
    "a11y-table-header": _no_header_row,
    "a11y-merged-cells": _merged,
    "a11y-layout-table": _layout_table,
    "a11y-empty-paragraph": _spacing,
    "a11y-link-text": _click_here,
}


@pytest.mark.parametrize("rule", list(BREAKERS))
def it_reports_each_rule_once_when_broken_once(rule: str, tmp_path: Path) -> None:
    document = good_document()
    BREAKERS[rule](document)
    assert _rules(_save(document, tmp_path)) == [rule]


@pytest.mark.parametrize("breaker", [_typed_number, _typed_letter, _bare_url])
def it_knows_other_hand_made_lists_and_bare_links(
    breaker: Callable[[Any], None], tmp_path: Path
) -> None:
    document = good_document()
    breaker(document)
    assert len(check_accessibility(_save(document, tmp_path))) == 1


def it_knows_an_empty_author_and_no_title_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Notes"
    document.core_properties.author = ""
    _set_language(document, "en-GB")
    document.add_paragraph("Just text.")
    assert _rules(_save(document, tmp_path)) == ["a11y-author", "a11y-one-title"]


def it_reads_headings_inside_content_controls(tmp_path: Path) -> None:
    document = good_document()
    # Wrap the Heading 2 in a block content control: its level still counts.
    paragraph = document.paragraphs[4]
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    paragraph._p.addprevious(sdt)
    content.append(paragraph._p)
    deeper = document.add_paragraph("Deeper", style="Heading 3")
    document.element.body.remove(deeper._p)
    sdt.addnext(deeper._p)
    assert _rules(_save(document, tmp_path)) == []


def it_says_where_a_problem_is(tmp_path: Path) -> None:
    document = good_document()
    _typed_bullet(document)
    (finding,) = check_accessibility(_save(document, tmp_path))
    assert finding.heading == "Risk"
    assert "• Cycle Derby." in finding.message


def it_accepts_a_page_break_and_the_paragraph_word_needs_after_a_table(tmp_path: Path) -> None:
    document = good_document()
    document.add_page_break()
    document.add_paragraph("Appendix", style="Heading 1")
    table = document.add_table(rows=2, cols=2)
    _mark_header(table)
    document.add_paragraph()
    assert _rules(_save(document, tmp_path)) == []


def it_refuses_a_file_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "not.docx"
    path.write_text("plain text")
    with pytest.raises(DocumentError):
        check_accessibility(path)


def it_has_a_description_for_every_rule() -> None:
    assert set(BREAKERS) <= set(A11Y_RULES)
    assert all(rule.startswith("a11y-") for rule in A11Y_RULES)


def it_runs_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _save(good_document(), tmp_path, "good.docx")
    assert main(["accessibility", str(good)]) == 0
    assert "no accessibility problems" in capsys.readouterr().out.lower()

    bad_document = good_document()
    _no_title(bad_document)
    bad = _save(bad_document, tmp_path, "bad.docx")
    assert main(["accessibility", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in data["findings"]] == ["a11y-title"]

    assert main(["accessibility", str(tmp_path / "missing.docx")]) == 2


def _png() -> bytes:
    """A 1x1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def it_wants_alternative_text_on_pictures(tmp_path: Path) -> None:
    image = tmp_path / "logo.png"
    image.write_bytes(_png())
    document = good_document()
    document.add_picture(str(image))
    assert _rules(_save(document, tmp_path)) == ["a11y-image-alt"]

    doc_pr = document.inline_shapes[0]._inline.docPr
    doc_pr.set("descr", "Derby City Council logo")
    assert _rules(_save(document, tmp_path, "described.docx")) == []


def it_runs_as_a_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    document = good_document()
    _us_english(document)
    path = _save(document, tmp_path, "report.docx")
    done = subprocess.run(
        [sys.executable, "-m", "ptk_docs", "accessibility", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.startswith("error a11y-language: The default language is en-US")
    assert done.stderr == ""


def it_reads_links_made_as_fields(tmp_path: Path) -> None:
    document = good_document()
    paragraph = document.add_paragraph("The assessment form is ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), ' HYPERLINK "https://example.org/eina" ')
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "here"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    assert _rules(_save(document, tmp_path)) == ["a11y-link-text"]


def it_knows_a_list_style_with_its_numbering_switched_off(tmp_path: Path) -> None:
    document = good_document()
    paragraph = document.add_paragraph("• Cycle Derby.", style="List Bullet")
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 0
    assert _rules(_save(document, tmp_path)) == ["a11y-list-numbering"]


def it_reads_heading_levels_from_the_outline_level_of_any_style(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = good_document()
    style = document.styles.add_style("Überschrift Drei", WD_STYLE_TYPE.PARAGRAPH)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "2")  # level 3
    style.element.get_or_add_pPr().append(outline)
    document.add_paragraph("Tief", style=style)
    (finding,) = check_accessibility(_save(document, tmp_path))
    assert finding.rule == "a11y-heading-order"
    assert "Heading 3 after a Heading 1" in finding.message
