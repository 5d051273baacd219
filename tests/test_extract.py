"""extract(): any .docx or .pdf as blocks, the reader's view of a document."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from docbuild import add_text_box, add_tracked_change, word_numbered
from ptk_docs._errors import DocumentError
from ptk_docs._read.extract import extract


def _texts(doc_path: Path) -> list[str]:
    return [b.text for b in extract(doc_path).blocks]


def it_keeps_insertions_and_drops_deletions(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Meetings are held ")
    add_tracked_change(paragraph, "monthly", "quarterly")
    document.save(str(tmp_path / "a.docx"))
    assert _texts(tmp_path / "a.docx") == ["Meetings are held quarterly"]


def it_counts_comments_and_warns(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The chair is elected annually.")
    document.add_comment(paragraph.runs, text="Is this right?", author="Officer")
    document.save(str(tmp_path / "a.docx"))
    extracted = extract(tmp_path / "a.docx")
    assert extracted.comments == 1
    assert any("1 comment" in w for w in extracted.warnings)
    assert [b.text for b in extracted.blocks] == ["The chair is elected annually."]


def it_keeps_text_in_tables_and_text_boxes(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Before the box")
    add_text_box(paragraph, "Inside the box")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Organisation"
    table.cell(0, 1).text = "Name"
    table.cell(1, 0).text = "Derby City Council"
    table.cell(1, 1).text = "A. Officer"
    document.save(str(tmp_path / "a.docx"))
    blocks = extract(tmp_path / "a.docx").blocks
    assert [b.text for b in blocks[:2]] == ["Before the box", "Inside the box"]
    assert blocks[2].kind == "table-row"
    assert blocks[3].cells == ("Derby City Council", "A. Officer")
    assert blocks[3].location == "table 1 row 2"


def it_reads_headers_once_and_keeps_them_out_of_the_body(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Community Safety Partnership – OFFICIAL"
    document.add_paragraph("Body text")
    document.save(str(tmp_path / "a.docx"))
    extracted = extract(tmp_path / "a.docx")
    assert [b.text for b in extracted.blocks] == ["Body text"]
    assert extracted.furniture == ["Community Safety Partnership – OFFICIAL"]


def it_marks_headings_from_styles_title_and_outline_levels(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Partnership Agreement", style="Title")
    document.add_heading("Purpose", level=1)
    document.add_heading("Aims", level=2)
    document.add_paragraph("We aim to reduce crime in the city by working together.")
    document.save(str(tmp_path / "a.docx"))
    blocks = extract(tmp_path / "a.docx").blocks
    assert [(b.kind, b.level) for b in blocks] == [
        ("title", 0),
        ("heading", 1),
        ("heading", 2),
        ("paragraph", 0),
    ]
    assert blocks[1].location == "paragraph 2"


def it_finds_bold_short_paragraphs_and_word_numbered_headings(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("Roles & Responsibilities").bold = True
    document.add_paragraph("Each partner nominates a representative to the board.")
    word_numbered(document, [("Purpose", True), ("Membership", False)], fmt="%1.0")
    document.add_paragraph("Membership is open to all agencies in the city.")
    word_numbered(document, [("Exit strategy", True)])
    document.save(str(tmp_path / "a.docx"))
    blocks = extract(tmp_path / "a.docx").blocks
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings == [
        "Roles & Responsibilities",
        "1.0 Purpose",
        "2.0 Membership",
        "1. Exit strategy",
    ]


def it_keeps_long_numbered_list_items_as_items(tmp_path: Path) -> None:
    document = docx.Document()
    word_numbered(
        document,
        [("Produce an assessment of the nature and types of crime across the city", False)],
    )
    document.save(str(tmp_path / "a.docx"))
    (block,) = extract(tmp_path / "a.docx").blocks
    assert block.kind == "list-item"
    assert block.text.startswith("1. Produce")


def it_reads_content_control_tags(tmp_path: Path) -> None:
    from docbuild import _wrap_in_sdt

    document = docx.Document()
    paragraph = document.add_paragraph("Quarterly")
    _wrap_in_sdt(paragraph, "meetings.frequency_and_timing")
    document.save(str(tmp_path / "a.docx"))
    (block,) = extract(tmp_path / "a.docx").blocks
    assert (block.text, block.tag) == ("Quarterly", "meetings.frequency_and_timing")


def it_refuses_what_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"not a zip")
    with pytest.raises(DocumentError):
        extract(tmp_path / "a.docx")
    (tmp_path / "a.txt").write_text("hello")
    with pytest.raises(DocumentError, match=r"not a \.docx or \.pdf"):
        extract(tmp_path / "a.txt")
    with pytest.raises(DocumentError, match="no such file"):
        extract(tmp_path / "missing.docx")
