"""Build templates/report.docx, the committee report template, with python-docx.

    python scripts/build_report_templates.py            # writes templates/report.docx
    python scripts/build_report_templates.py --out DIR  # writes DIR/report.docx

The template is a docxtpl template laid out as the seed's committee report: the title block,
numbered sections and paragraphs (real Word numbering: 1 Summary, 1.1, 1.2, ...), the approving
officers as a data table, contact, background papers, the list of appendices, and then each
appendix on a new page (implications under their eight headings, the register grouped by
priority, the progress table; the templates and document appendices are joined in by
``ptk_docs._render.report`` with docxcompose at the marker paragraph). It is accessible as built:
en-GB, one title, headings in order, real lists, data tables with repeating header rows.

A test builds it again and compares the parts with the committed file, so edit this script, not
the .docx, and run it again.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ptk_docs._render.style import HOUSE

ROOT = Path(__file__).resolve().parents[1]
# One house style with the agreement and business case (ptk_docs._render.style.HOUSE).
FONT = HOUSE.font
HEADING_COLOUR = RGBColor.from_string(HOUSE.heading_colour)

#: numbering.xml ids (kept clear of the ones the python-docx base template uses).
SECTIONS_ABSTRACT = 90
BULLETS_ABSTRACT = 91
# A list of its own (LibreOffice continues two instances of one list, whatever Word does).
IMPLICATIONS_ABSTRACT = 92
MAIN_NUM = 90  # 1 Summary, 1.1, ... 7 Other options considered
IMPLICATIONS_NUM = 91  # Appendix 1: 1 Financial and value for money, 1.1, ...
BULLETS_NUM = 92

BULLET_STYLE = "Report Bullet"
JOIN_MARKER = "{{ appendix.join_marker }}"


# ---------------------------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------------------------


def _fonts(rpr: Any, name: str = FONT) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _defaults(document: Any) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    rpr.find(qn("w:sz")).set(qn("w:val"), "24")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "24")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "160")
    spacing.set(qn("w:line"), "264")


def _restyle(
    style: Any, *, size: float, bold: bool = True, before: float = 0, after: float = 6
) -> None:
    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        rpr.remove(child)
    _fonts(rpr)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = HEADING_COLOUR
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:spacing", "w:contextualSpacing"):
        for child in ppr.findall(qn(tag)):
            ppr.remove(child)
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    style.paragraph_format.keep_with_next = True


def _rule_under(style: Any, *, size: int = 4, colour: str = HOUSE.border_colour) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (
        ("w:val", "single"),
        ("w:sz", str(size)),
        ("w:space", "1"),
        ("w:color", colour),
    ):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    ppr = style.element.get_or_add_pPr()
    # pBdr sits before spacing and ind in CT_PPr order.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _table_grid(document: Any) -> None:
    """Table rules in the house colour (python-docx's Table Grid draws them black)."""
    grid = document.styles["Table Grid"].element
    for border in grid.iter():
        if border.get(qn("w:val")) == "single" and border.get(qn("w:color")) is not None:
            border.set(qn("w:color"), HOUSE.border_colour)


def _styles(document: Any) -> None:
    _defaults(document)
    _table_grid(document)
    styles = document.styles
    _restyle(styles["Title"], size=22, before=12, after=12)
    _rule_under(styles["Title"], size=12, colour=HOUSE.heading_colour)
    _restyle(styles["Heading 1"], size=16, before=18, after=6)
    _restyle(styles["Heading 2"], size=13, before=12, after=6)
    # Heading 3 is the top of a joined document's sections (Appendix 2): a rule under it keeps
    # it apart from the bold questions beneath.
    _restyle(styles["Heading 3"], size=12, before=14, after=6)
    _rule_under(styles["Heading 3"])
    _restyle(styles["Heading 4"], size=12, before=6, after=6)
    styles["Heading 4"].font.italic = False
    _restyle(styles["Heading 5"], size=12, before=6, after=6)
    styles["Heading 5"].font.italic = True
    for level in (6, 7, 8, 9):
        _restyle(styles[f"Heading {level}"], size=12, before=6, after=6)
        styles[f"Heading {level}"].font.italic = level % 2 == 1
    bullet = styles.add_style(BULLET_STYLE, 1)  # WD_STYLE_TYPE.PARAGRAPH
    bullet.base_style = styles["Normal"]
    bullet.paragraph_format.space_after = Pt(4)
    _number(bullet.element.get_or_add_pPr(), BULLETS_NUM, 0)
    table_text = styles.add_style("Table Text", 1)
    table_text.base_style = styles["Normal"]
    table_text.font.size = Pt(11)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    after_table = styles.add_style("After Table", 1)
    after_table.base_style = styles["Normal"]
    after_table.paragraph_format.space_before = Pt(12)
    header = styles.add_style("Table Heading", 1)
    header.base_style = table_text
    header.font.bold = True
    header.paragraph_format.keep_with_next = True
    # For a table of many columns (the progress table): 10 point keeps words whole.
    small = styles.add_style("Table Text Small", 1)
    small.base_style = table_text
    small.font.size = Pt(10)
    small_header = styles.add_style("Table Heading Small", 1)
    small_header.base_style = small
    small_header.font.bold = True
    small_header.paragraph_format.keep_with_next = True


# ---------------------------------------------------------------------------------------------
# Numbering: a two-level list for section and paragraph numbers, and a bullet list
# ---------------------------------------------------------------------------------------------


def _level(ilvl: int, fmt: str, text: str, left: int, hanging: int, font: str | None = None) -> Any:
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(ilvl))
    for tag, value in (("w:start", "1"), ("w:numFmt", fmt)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        lvl.append(el)
    if ilvl > 0 and fmt == "decimal":
        restart = OxmlElement("w:lvlRestart")
        restart.set(qn("w:val"), str(ilvl))
        lvl.append(restart)
    for tag, value in (("w:lvlText", text), ("w:lvlJc", "left")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        lvl.append(el)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(left))
    ind.set(qn("w:hanging"), str(hanging))
    ppr.append(ind)
    lvl.append(ppr)
    if font:
        rpr = OxmlElement("w:rPr")
        _fonts(rpr, font)
        lvl.append(rpr)
    return lvl


def _abstract(number: int, levels: list[Any]) -> Any:
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(number))
    kind = OxmlElement("w:multiLevelType")
    kind.set(qn("w:val"), "multilevel" if len(levels) > 1 else "singleLevel")
    abstract.append(kind)
    for level in levels:
        abstract.append(level)
    return abstract


def _num(num_id: int, abstract_id: int) -> Any:
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    return num


def _numbering(document: Any) -> None:
    numbering = document.part.numbering_part.element
    sections = _abstract(
        SECTIONS_ABSTRACT,
        [
            _level(0, "decimal", "%1", 567, 567),
            _level(1, "decimal", "%1.%2", 567, 567),
        ],
    )
    implications = _abstract(
        IMPLICATIONS_ABSTRACT,
        [
            _level(0, "decimal", "%1", 567, 567),
            _level(1, "decimal", "%1.%2", 567, 567),
        ],
    )
    bullets = _abstract(BULLETS_ABSTRACT, [_level(0, "bullet", "\u2022", 1134, 397, "Arial")])
    first_num = numbering.find(qn("w:num"))
    for abstract in (sections, implications, bullets):
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num_id, abstract_id in (
        (MAIN_NUM, SECTIONS_ABSTRACT),
        (IMPLICATIONS_NUM, IMPLICATIONS_ABSTRACT),
        (BULLETS_NUM, BULLETS_ABSTRACT),
    ):
        numbering.append(_num(num_id, abstract_id))


def _number(ppr: Any, num_id: int, ilvl: int) -> None:
    num_pr = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), str(ilvl))
    ident = OxmlElement("w:numId")
    ident.set(qn("w:val"), str(num_id))
    num_pr.append(level)
    num_pr.append(ident)
    # numPr sits after pStyle/keepNext/... and before spacing/ind in CT_PPr order.
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(num_pr)
    else:
        ppr.insert(0, num_pr)


# ---------------------------------------------------------------------------------------------
# Building blocks of the body
# ---------------------------------------------------------------------------------------------


class Builder:
    def __init__(self, document: Any) -> None:
        self.document = document

    def para(self, text: str = "", style: str | None = None) -> Any:
        return self.document.add_paragraph(text, style=style)

    def tag(self, text: str) -> Any:
        """A docxtpl block tag (``{%p ... %}``): its paragraph disappears when rendered."""
        return self.document.add_paragraph(text)

    def heading(
        self, text: str, level: int, *, num: int | None = None, new_page: bool = False
    ) -> Any:
        paragraph = self.document.add_paragraph(text, style=f"Heading {level}")
        if num is not None:
            _number(paragraph._p.get_or_add_pPr(), num, 0)
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def numbered(self, text: str, num: int = MAIN_NUM) -> Any:
        paragraph = self.document.add_paragraph(text)
        _number(paragraph._p.get_or_add_pPr(), num, 1)
        return paragraph

    def bullet(self, text: str) -> Any:
        return self.document.add_paragraph(text, style=BULLET_STYLE)

    def labelled(self, label: str, value: str, style: str | None = None) -> Any:
        paragraph = self.document.add_paragraph(style=style)
        paragraph.add_run(label).bold = True
        paragraph.add_run(" ")
        paragraph.add_run(value)
        return paragraph

    def paragraphs(self, items: str, num: int = MAIN_NUM) -> None:
        """Numbered paragraphs, each followed by its bullet list."""
        self.tag(f"{{%p for paragraph in {items} %}}")
        self.numbered("{{ paragraph.text }}", num)
        self.tag("{%p for bullet in paragraph.bullets %}")
        self.bullet("{{ bullet }}")
        self.tag("{%p endfor %}")
        self.tag("{%p endfor %}")

    def table(
        self,
        caption: str,
        headers: list[str],
        loop: str,
        cells: list[str],
        widths: list[float],
        *,
        small: bool = False,
    ) -> Any:
        """A data table: a repeating header row, then one row per item of ``loop``."""
        heading_style, text_style = (
            ("Table Heading Small", "Table Text Small")
            if small
            else ("Table Heading", "Table Text")
        )
        table = self.document.add_table(rows=4, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for index, text in enumerate(headers):
            cell = table.cell(0, index)
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = self.document.styles[heading_style]
            _shade(cell)
        header = table.rows[0]._tr.get_or_add_trPr()
        header.append(OxmlElement("w:tblHeader"))
        table.cell(1, 0).paragraphs[0].text = f"{{%tr for row in {loop} %}}"
        for index, text in enumerate(cells):
            cell = table.cell(2, index)
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = self.document.styles[text_style]
        table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
        for row in table.rows:
            row._tr.get_or_add_trPr()
            cant_split = OxmlElement("w:cantSplit")
            row._tr.trPr.insert(0, cant_split)
            for index, width in enumerate(widths):
                row.cells[index].width = Cm(width)
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        _table_width(table, sum(widths))
        _caption(table, caption)
        return table


def _shade(cell: Any) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HOUSE.header_fill)
    tcpr.append(shading)


def _table_width(table: Any, width_cm: float) -> None:
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(width_cm * 567)))


def _caption(table: Any, text: str) -> None:
    """The table's title (alternative text), read out by screen readers before the table."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text)
    table._tbl.tblPr.append(caption)


def _footer(document: Any) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.text = "{{ footer }} – page "
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.style = document.styles["Footer"]
    document.styles["Footer"].font.size = Pt(9)


def _page(document: Any) -> None:
    section = document.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.footer_distance = Cm(1.0)


def _keep_used_styles(document: Any) -> None:
    """Drop the base template's hundred unused table and character styles.

    Fewer styles make the file smaller and joining appendices with docxcompose faster (it
    walks every style of the report for every paragraph it joins).
    """
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}
    keep = {"Normal", "Title", "Footer", "TableGrid"} | {f"Heading{n}" for n in range(1, 10)}
    # The appendices (ptk_docs._render.appendices) are built on this template's styles.
    keep |= {
        "TableText",
        "TableHeading",
        "TableTextSmall",
        "TableHeadingSmall",
        "AfterTable",
        "ReportBullet",
    }
    keep |= {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    parts = [document.element, *(s.footer._element for s in document.sections)]
    for part in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            keep |= {e.get(qn("w:val")) for e in part.iter(qn(tag))}
    pending = list(keep)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)


def _drop_styles_with_effects(document: Any) -> None:
    """Word 2010's copy of the styles (stylesWithEffects.xml) would keep the old styles alive."""
    part = document.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(r_id) if hasattr(part, "drop_rel") else part.rels.pop(r_id)


def _drop_thumbnail(document: Any) -> None:
    """The base template's thumbnail shows python-docx's own page; Word makes its own."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(r_id)


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def build() -> Any:
    document = docx.Document()
    _drop_thumbnail(document)
    _page(document)
    _styles(document)
    _numbering(document)
    _footer(document)
    core = document.core_properties
    core.title = "Committee report"
    core.author = "Partnership Toolkit"
    core.last_modified_by = "Partnership Toolkit"
    core.subject = "Partnership Toolkit"
    core.keywords = "ptk_docs template: report"
    core.comments = (
        "Template for ptk_docs: filled by docxtpl, see scripts/build_report_templates.py"
    )
    core.created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    core.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    core.revision = 1

    b = Builder(document)
    # Title block.
    council = b.para("{{ council }}")
    council.runs[0].bold = True
    council.runs[0].font.size = Pt(14)
    b.para("{{ committee }}").runs[0].bold = True
    b.para("{{ meeting_date }}")
    b.tag("{%p if report_of %}")
    b.para("Report of the {{ report_of }}")
    b.tag("{%p endif %}")
    b.para("{{ title }}", style="Title")

    for heading, items in (
        ("Summary", "summary"),
        ("Recommendations", "recommendations"),
        ("Reasons for recommendations", "reasons"),
    ):
        b.heading(heading, 1, num=MAIN_NUM)
        b.paragraphs(items)

    b.tag("{%p if supporting_information %}")
    b.heading("Supporting information", 1)
    b.tag("{%p for section in supporting_information %}")
    b.heading("{{ section.title }}", 2, num=MAIN_NUM)
    b.paragraphs("section.paragraphs")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")

    b.heading("Other options considered", 1, num=MAIN_NUM)
    b.paragraphs("other_options")

    b.heading("Approval, contact and appendices", 1)
    b.tag("{%p if approving_officers %}")
    b.para("This report has been approved by the following officers:")
    b.table(
        "Officers who approved this report",
        ["Role", "Name", "Job title"],
        "approving_officers",
        ["{{ row.role }}", "{{ row.name }}", "{{ row.job_title }}"],
        [4.6, 4.2, 7.8],
    )
    b.tag("{%p else %}")
    b.para("No approving officers are recorded for this report.")
    b.tag("{%p endif %}")
    b.labelled("For more information contact:", "{{ contact }}", style="After Table")
    b.labelled("Background papers:", "{{ background_papers }}")
    b.tag("{%p if appendices %}")
    b.labelled("List of appendices:", "")
    b.tag("{%p for appendix in appendices %}")
    b.bullet("Appendix {{ appendix.number }} – {{ appendix.title }}")
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.labelled("List of appendices:", "None")
    b.tag("{%p endif %}")

    # Appendices in the record's order. Those ptk makes (implications, the register,
    # progress, findings, reviews) are documents of their own (ptk_docs._render.appendices),
    # joined at the marker with their own heading on a new page; the templates and a council's
    # own documents are joined under a heading of the report's.
    b.tag("{%p for appendix in appendices %}")
    b.tag('{%p if appendix.kind in ("templates", "document") %}')
    b.heading("Appendix {{ appendix.number }} – {{ appendix.title }}", 1, new_page=True)
    b.tag("{%p endif %}")
    b.para(JOIN_MARKER)
    b.tag("{%p endfor %}")
    _keep_used_styles(document)
    _drop_styles_with_effects(document)
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    dest = args.out / "report.docx"
    build().save(str(dest))
    print(dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
