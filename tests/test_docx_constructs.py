"""The .docx reader against WordprocessingML as Word and LibreOffice write it, not as ptk does.

Each document is built with python-docx and then given the XML an editor writes for the thing
under test: a text box with its VML fallback, a tracked move, a nested table, a deleted row, a
content control around cells, a field, breaks of several kinds, and characters from a
private-use icon font. The property at the end splits paragraphs into runs as editing does
(formatting changed mid-word, tracked insertions and deletions, hyperlinks, content controls)
and checks the text read back is exactly the text shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptk_docs._read.extract import extract

_NS = (
    nsdecls("w", "wp", "a", "pic")
    + ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    + ' xmlns:v="urn:schemas-microsoft-com:vml"'
    + ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def _element(fragment: str) -> Any:
    """An element of WordprocessingML written with Word's prefixes."""
    name_end = min(
        i for i in (fragment.find(" "), fragment.find("/>"), fragment.find(">")) if i > 0
    )
    return parse_xml(fragment[:name_end] + " " + _NS + fragment[name_end:])


def _save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path


def it_reads_a_word_text_box_once_not_its_fallback(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Our aims are set out in the box.")
    box = "<w:p><w:r><w:t>Reduce reoffending by 10%</w:t></w:r></w:p>"
    paragraph._p.append(
        _element(
            "<w:r><mc:AlternateContent>"
            '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            f"<wps:wsp><wps:txbx><w:txbxContent>{box}</w:txbxContent></wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            "<mc:Fallback><w:pict><v:shape><v:textbox>"
            f"<w:txbxContent>{box}</w:txbxContent>"
            "</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    document.add_paragraph("After the box.")
    blocks = extract(_save(document, tmp_path / "a.docx")).blocks
    assert [(b.text, b.location) for b in blocks] == [
        ("Our aims are set out in the box.", "paragraph 1"),
        ("Reduce reoffending by 10%", "text box in paragraph 1"),
        ("After the box.", "paragraph 3"),
    ]


def it_reads_moved_text_where_it_was_moved_to(tmp_path: Path) -> None:
    document = docx.Document()
    first = document.add_paragraph("Meetings are held ")
    first._p.append(
        _element(
            '<w:moveFrom w:id="1" w:author="Officer"><w:r><w:t>every month</w:t></w:r></w:moveFrom>'
        )
    )
    second = document.add_paragraph("The board reports ")
    second._p.append(
        _element(
            '<w:moveTo w:id="2" w:author="Officer"><w:r><w:t>every month</w:t></w:r></w:moveTo>'
        )
    )
    blocks = extract(_save(document, tmp_path / "a.docx")).blocks
    assert [b.text for b in blocks] == ["Meetings are held", "The board reports every month"]


def it_reads_a_nested_table_as_its_cell_and_counts_deleted_rows(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Partner"
    table.cell(0, 1).text = "Contact"
    table.cell(1, 0).text = "Police"
    inner = table.cell(1, 1).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "Inspector A"
    inner.cell(1, 0).text = "01332 000000"
    table.cell(2, 0).text = "Fire Service"
    table.cell(2, 1).text = "Station Manager B"
    # The Police row is deleted with tracked changes on: Word marks the row, keeps its cells.
    deleted_row = table.rows[1]._tr
    tr_pr = deleted_row.get_or_add_trPr()
    tr_pr.append(_element('<w:del w:id="5" w:author="Officer"/>'))
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Second table"
    blocks = extract(_save(document, tmp_path / "a.docx")).blocks
    assert [(b.cells, b.location) for b in blocks] == [
        (("Partner", "Contact"), "table 1 row 1"),
        (("Fire Service", "Station Manager B"), "table 1 row 3"),
        (("Second table",), "table 2 row 1"),
    ]
    # Not deleted, the nested table is the text of its cell.
    tr_pr.remove(tr_pr[-1])
    blocks = extract(_save(document, tmp_path / "b.docx")).blocks
    assert blocks[1].cells == ("Police", "Inspector A\n01332 000000")
    assert blocks[2].location == "table 1 row 3"


def it_reads_the_tag_of_a_content_control_around_cells(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Name of Partnership"
    table.cell(0, 1).text = "Safer Anytown"
    tr = table.rows[0]._tr
    cell = tr.findall(qn("w:tc"))[1]
    sdt = _element('<w:sdt><w:sdtPr><w:tag w:val="name"/></w:sdtPr><w:sdtContent/></w:sdt>')
    cell.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(cell)
    (row,) = extract(_save(document, tmp_path / "a.docx")).blocks
    assert row.cells == ("Name of Partnership", "Safer Anytown")
    assert row.cell_tags == ("", "name")


def it_reads_fields_hyperlinks_and_breaks_as_shown(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    paragraph._p.append(
        _element(
            '<w:hyperlink r:id="" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><w:r><w:t>the intranet</w:t></w:r></w:hyperlink>'
        )
    )
    paragraph._p.append(_element('<w:r><w:t xml:space="preserve">, page </w:t></w:r>'))
    paragraph._p.append(_element('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    paragraph._p.append(_element("<w:r><w:instrText> PAGE </w:instrText></w:r>"))
    paragraph._p.append(_element('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    paragraph._p.append(_element("<w:r><w:t>4</w:t></w:r>"))
    paragraph._p.append(_element('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    lines = document.add_paragraph("First line")
    lines._p.append(_element("<w:r><w:br/><w:t>second line</w:t></w:r>"))
    lines._p.append(_element('<w:r><w:br w:type="page"/><w:t>, same paragraph</w:t></w:r>'))
    lines._p.append(_element("<w:r><w:tab/><w:t>tabbed</w:t><w:noBreakHyphen/><w:t>on</w:t></w:r>"))
    blocks = extract(_save(document, tmp_path / "a.docx")).blocks
    assert [b.text for b in blocks] == [
        "See the intranet, page 4",
        "First line\nsecond line, same paragraph\ttabbed-on",
    ]


def it_keeps_private_use_characters_and_reads_tags_holding_them(tmp_path: Path) -> None:
    # Icon fonts put their symbols in the private-use area, which the reader's own event
    # stream uses: every one must come back as it was.
    icons = "".join(chr(c) for c in range(0xE000, 0xE008))
    document = docx.Document()
    document.add_paragraph(f"Phone {icons} 01332 000000")
    paragraph = document.add_paragraph(f"Tagged {icons[::-1]}")
    from docbuild import _wrap_in_sdt

    _wrap_in_sdt(paragraph, f"notes{chr(0xE001)}")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = f"In a cell {icons}"
    cell = table.rows[0]._tr.find(qn("w:tc"))
    around_cell = _element(
        f'<w:sdt><w:sdtPr><w:tag w:val="{icons}"/></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    cell.addprevious(around_cell)
    around_cell.find(qn("w:sdtContent")).append(cell)
    block = document.add_paragraph(f"In a block control {icons}")._p
    around_block = _element(
        f'<w:sdt><w:sdtPr><w:tag w:val="{icons[:3]}"/></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    block.addprevious(around_block)
    around_block.find(qn("w:sdtContent")).append(block)
    document.sections[0].header.paragraphs[0].text = f"OFFICIAL {icons}"
    extracted = extract(_save(document, tmp_path / "a.docx"))
    assert [b.text for b in extracted.blocks] == [
        f"Phone {icons} 01332 000000",
        f"Tagged {icons[::-1]}",
        f"In a cell {icons}",
        f"In a block control {icons}",
    ]
    assert extracted.blocks[1].tag == f"notes{chr(0xE001)}"
    assert extracted.blocks[2].cell_tags == (icons,)
    assert extracted.blocks[3].tag == icons[:3]
    assert extracted.furniture == [f"OFFICIAL {icons}"]


def it_numbers_a_list_paragraph_without_a_list_id_as_unnumbered(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Purpose", style="List Number")
    paragraph._p.get_or_add_pPr().append(_element('<w:numPr><w:ilvl w:val="0"/></w:numPr>'))
    (block,) = extract(_save(document, tmp_path / "a.docx")).blocks
    assert block.text == "Purpose"


# -- what editing does to runs ----------------------------------------------------------------

# Text as people type it: words, numbers, punctuation, symbols and accents, and now and then a
# private-use icon (Hypothesis seldom draws those by itself); never XML's forbidden characters.
_ICONS = [chr(c) for c in range(0xE000, 0xE008)]


@st.composite
def _word_text(draw: st.DrawFn) -> str:
    text = draw(
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
            min_size=1,
            max_size=12,
        ).filter(lambda t: t.strip() == t and "\ufffe" not in t and "\uffff" not in t)
    )
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_ICONS)) + text[at:]
    return text


_WORD_TEXT = _word_text()

_WRAPPERS = ("plain", "bold", "insertion", "hyperlink", "control", "smart")


@st.composite
def _paragraphs(draw: st.DrawFn) -> list[list[tuple[str, str, str]]]:
    """Paragraphs as lists of (text, how the run is wrapped, deleted text after it)."""
    return draw(
        st.lists(
            st.lists(
                st.tuples(
                    _WORD_TEXT,
                    st.sampled_from(_WRAPPERS),
                    st.one_of(st.just(""), _WORD_TEXT),
                ),
                min_size=1,
                max_size=5,
            ),
            min_size=1,
            max_size=4,
        )
    )


def _run(text: str, *, bold: bool = False) -> Any:
    run = _element('<w:r><w:t xml:space="preserve"/></w:r>')
    run.find(qn("w:t")).text = text
    if bold:
        run.insert(0, _element("<w:rPr><w:b/></w:rPr>"))
    return run


def _wrapped(text: str, how: str) -> Any:
    if how in ("plain", "bold"):
        return _run(text, bold=how == "bold")
    wrapper = {
        "insertion": '<w:ins w:id="7" w:author="Officer"/>',
        "hyperlink": "<w:hyperlink/>",
        "control": '<w:sdt><w:sdtPr><w:tag w:val="x"/></w:sdtPr><w:sdtContent/></w:sdt>',
        "smart": '<w:smartTag w:uri="urn:x" w:element="place"/>',
    }[how]
    element = _element(wrapper)
    (element.find(qn("w:sdtContent")) if how == "control" else element).append(_run(text))
    return element


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_paragraphs())
def it_reads_the_text_shown_however_editing_split_the_runs(
    tmp_path: Path, paragraphs: list[list[tuple[str, str, str]]]
) -> None:
    document = docx.Document()
    expected = []
    for runs in paragraphs:
        p = document.add_paragraph()._p
        shown = []
        for text, how, deleted in runs:
            p.append(_wrapped(text + " ", how))
            shown.append(text + " ")
            if deleted:
                removed = _element(
                    '<w:del w:id="8" w:author="Officer"><w:r><w:delText/></w:r></w:del>'
                )
                removed.find(f"{qn('w:r')}/{qn('w:delText')}").text = deleted
                p.append(removed)
        expected.append("".join(shown).strip())
    path = _save(document, tmp_path / "edited.docx")
    blocks = extract(path).blocks
    assert [b.text for b in blocks] == expected
    assert [b.location for b in blocks] == [f"paragraph {i}" for i in range(1, len(expected) + 1)]


def it_finds_a_heading_bold_by_runs_character_style_or_paragraph_mark(tmp_path: Path) -> None:
    document = docx.Document()
    split = document.add_paragraph()
    split.add_run("Roles & ").bold = True
    split.add_run("Responsibilities").style = "Strong"  # a character style that is bold
    document.add_paragraph("Each partner nominates a representative to the board.")
    unbolded = document.add_paragraph()
    unbolded.add_run("Exit ").bold = True
    unbolded.add_run("Strategy")._r.insert(0, _element('<w:rPr><w:b w:val="0"/></w:rPr>'))
    document.add_paragraph("Partners give six months' notice in writing to the chair.")
    mark = document.add_paragraph("Review Arrangements")
    mark._p.get_or_add_pPr().append(_element("<w:rPr><w:b/></w:rPr>"))
    blocks = extract(_save(document, tmp_path / "a.docx")).blocks
    assert [(b.text, b.kind, b.bold) for b in blocks if b.kind == "heading" or b.bold] == [
        ("Roles & Responsibilities", "heading", True),
        ("Review Arrangements", "heading", True),
    ]


def it_reads_a_part_holding_private_use_characters_the_same_twice(tmp_path: Path) -> None:
    # Two header references may name one part; escaping must not change the package's tree.
    from ptk_docs._io.docx import DocxPackage
    from ptk_docs._io.limits import DEFAULT_LIMITS
    from ptk_docs._read.docx_blocks import _events

    document = docx.Document()
    document.add_paragraph(f"Phone {chr(0xE000)}{chr(0xE006)} 01332 000000")
    package = DocxPackage(_save(document, tmp_path / "a.docx"), DEFAULT_LIMITS)
    try:
        assert _events(package, package.main) == _events(package, package.main)
    finally:
        package.close()
