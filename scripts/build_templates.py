"""Build templates/agreement.docx and templates/business-case.docx from the shared outline.

    python scripts/build_templates.py            # rewrite the templates
    python scripts/build_templates.py --check    # exit 1 if the committed files differ

The documents follow ``ptk_docs._toolkit.outline.outline`` exactly (the parser reads them back by the same
outline): a Title, the seed's intro, one Heading 1 per section (the agreement's 19 toolkit
headings numbered by Word), guidance in the "Guidance" style, each question in the "Question"
style, and its answer in a content control tagged with the field path. Lists are real bulleted
lists; tables are data tables with a repeating header row. Styles carry all the spacing (no
empty paragraphs), the language is en-GB in the style defaults, and the title and author are
set in the core properties from the record when rendered.

The package is written part by part (no python-docx default template, so nothing of it, such
as its "python-docx" author or thumbnail, leaks into council documents) with fixed timestamps,
so running the script twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, get_args, get_origin
from xml.sax.saxutils import escape, quoteattr

from ptk_docs._io.zipwriter import write_package
from ptk_docs._records._base import FieldSpec
from ptk_docs._records.formatting import BLANK_PROMPT, CELL_PLACEHOLDER_TEXT, PLACEHOLDER_TEXT
from ptk_docs._render.style import HOUSE
from ptk_docs._toolkit.outline import (
    AGREEMENT_INTRO,
    BUSINESS_CASE_INTRO,
    DOCUMENT_TITLES,
    GUIDANCE_STYLE,
    QUESTION_STYLE,
    TableSpec,
    as_jinja,
    fill,
    outline,
)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
INTROS = {"agreement": (AGREEMENT_INTRO,), "business-case": (BUSINESS_CASE_INTRO,)}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# The house style every ptk document shares (ptk_docs._render.style).
BLUE = HOUSE.heading_colour
GREY_TEXT = HOUSE.muted_colour
HEADER_FILL = HOUSE.header_fill
BORDER = HOUSE.border_colour
FONT = HOUSE.font
PLACEHOLDER_STYLE = "PlaceholderText"
# A signature row: at least 1.5 cm (851 twentieths of a point) to sign in.
SIGNATURE_ROW_HEIGHT = 851
# A4 with 2 cm margins; the text width is what tables share between their columns.
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1134
TEXT_W = PAGE_W - 2 * MARGIN

BULLET_NUM_ID = 1
HEADING_NUM_ID = 2
ANSWER_STYLE = "Answer"


# ------------------------------------------------------------------------------------------------
# Small XML builders (strings: the template is text that Jinja will read)
# ------------------------------------------------------------------------------------------------


def run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str | None, text: str = "", *, extra_ppr: str = "", runs: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    body = runs or (run(text) if text else "")
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>" if ppr else f"<w:p>{body}</w:p>"


def blank_test(expr: str, *, is_list: bool = False) -> str:
    """A Jinja test that is true when the value at ``expr`` is the context's blank prompt."""
    prompt = f'"{BLANK_PROMPT}"'
    return f"{expr} == [{prompt}]" if is_list else f"{expr} == {prompt}"


def value_runs(expr: str, placeholder_text: str = PLACEHOLDER_TEXT) -> str:
    """The value at ``expr``, or Word's grey placeholder text when it is blank.

    The placeholder is a run in the PlaceholderText style (Word's own way), so the officer sees
    grey "Click or tap here to enter text." where an answer is due and nothing to delete; the
    parser reads the phrase back as empty (``is_prompt``), in a .docx and in a PDF alike.
    """
    placeholder = (
        f'<w:r><w:rPr><w:rStyle w:val="{PLACEHOLDER_STYLE}"/></w:rPr>'
        f"<w:t>{escape(placeholder_text)}</w:t></w:r>"
    )
    return (
        f"{{% if {blank_test(expr)} %}}{placeholder}{{% else %}}"
        f"{run('{{ ' + expr + ' }}')}{{% endif %}}"
    )


def sdt(tag: str, alias: str, content: str, *, blank_if: str = "") -> str:
    """A rich-text content control tagged with a field path (Word shows ``alias`` as its title).

    ``blank_if`` is a Jinja test: when it holds, the control is marked as showing its
    placeholder (``w:showingPlcHdr``), so Word selects the grey text whole and replaces it as
    the officer types.
    """
    # Word's dialog takes titles of up to 64 characters; keep within what it can edit.
    alias = alias if len(alias) <= 64 else alias[:63].rstrip() + "…"
    showing = f"{{% if {blank_if} %}}<w:showingPlcHdr/>{{% endif %}}" if blank_if else ""
    return (
        f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(alias)}/><w:tag w:val={quoteattr(tag)}/>"
        # Officers can change the answer but not delete the control, so its tag survives Word.
        f'<w:lock w:val="sdtLocked"/>{showing}'
        f"</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


def is_list(annotation: Any) -> bool:
    return get_origin(annotation) is list


def answer(spec: FieldSpec) -> str:
    """The answer to one question: a tagged content control holding a paragraph or a list."""
    if is_list(spec.annotation):
        inner = get_args(spec.annotation)[0]
        assert not isinstance(inner, type) or issubclass(inner, str), spec.path
        content = (
            para(None, f"{{%p for item in {spec.path} %}}")
            + para("ListBullet", runs=value_runs("item"))
            + para(None, "{%p endfor %}")
        )
        blank_if = blank_test(spec.path, is_list=True)
    else:
        content = para(ANSWER_STYLE, runs=value_runs(spec.path))
        blank_if = blank_test(spec.path)
    # The control's title is plain text (no tags): the neutral wording of the question.
    return sdt(spec.path, fill(spec.question), content, blank_if=blank_if)


def cell(width: int, content: str, *, header: bool = False, valign: str = "") -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>' if header else ""
    align = f'<w:vAlign w:val="{valign}"/>' if valign else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}{align}</w:tcPr>'
        f"{content}</w:tc>"
    )


def table(spec: TableSpec) -> str:
    """A data table: a header row repeated on each page, one row per item, nothing merged."""
    columns = len(spec.columns)
    if spec.fixed_rows:
        first = TEXT_W * 22 // 100
        rest = (TEXT_W - first) // (columns - 1)
        widths = [first] + [rest] * (columns - 1)
    else:
        widths = [TEXT_W // columns] * columns
    widths[-1] += TEXT_W - sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    caption = spec.question.rstrip(":") if spec.question else spec.path.replace("_", " ").title()
    if spec.path == "signatories":
        caption = "Signatures of the partners' representatives"
    props = (
        '<w:tblPr><w:tblStyle w:val="PtkTable"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"<w:tblCaption w:val={quoteattr(caption)}/></w:tblPr>"
    )
    head = "".join(
        cell(w, para("TableHeading", name), header=True)
        for w, name in zip(widths, spec.columns, strict=True)
    )
    rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"]
    if spec.fixed_rows:
        # Fixed lines (the twelve resources): the label is the row's header cell.
        for field_name, label in spec.fixed_rows:
            cells = [cell(widths[0], para("TableText", runs=run(label, bold=True)))]
            for width, column, item_field in zip(
                widths[1:], spec.columns[1:], spec.item_fields, strict=True
            ):
                path = f"{spec.path}.{field_name}.{item_field}"
                value = para("TableText", runs=value_runs(path, CELL_PLACEHOLDER_TEXT))
                cells.append(
                    cell(width, sdt(path, f"{label}: {column}", value, blank_if=blank_test(path)))
                )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    else:
        # One row per item; docxtpl repeats the row between the {%tr %} rows.
        loop = [cell(widths[0], para("TableText", f"{{%tr for row in {spec.path} %}}"))]
        loop += [cell(w, para("TableText")) for w in widths[1:]]
        rows.append(f"<w:tr>{''.join(loop)}</w:tr>")
        cells = []
        for width, column, item_field in zip(widths, spec.columns, spec.item_fields, strict=True):
            if not item_field:  # a column left for a pen (Signature): a line to sign on
                line = (
                    f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="{GREY_TEXT}"/>'
                    "</w:pBdr>"
                )
                cells.append(cell(width, para("TableText", extra_ppr=line), valign="bottom"))
                continue
            tag = f"{spec.path}[{{{{ loop.index0 }}}}].{item_field}"
            expr = f"row.{item_field}"
            value = para("TableText", runs=value_runs(expr, CELL_PLACEHOLDER_TEXT))
            cells.append(cell(width, sdt(tag, column, value, blank_if=blank_test(expr))))
        height = (
            f'<w:trHeight w:val="{SIGNATURE_ROW_HEIGHT}" w:hRule="atLeast"/>'
            if "" in spec.item_fields
            else ""
        )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>{''.join(cells)}</w:tr>")
        end = [cell(widths[0], para("TableText", "{%tr endfor %}"))]
        end += [cell(w, para("TableText")) for w in widths[1:]]
        rows.append(f"<w:tr>{''.join(end)}</w:tr>")
    return f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def for_blank_forms(paragraphs: list[str]) -> list[str]:
    """Instructions to the author: printed on a blank form, never in a document for signature."""
    if not paragraphs:
        return []
    return [para(None, "{%p if blank_form %}"), *paragraphs, para(None, "{%p endif %}")]


def body(kind: str) -> str:
    parts = [para("Title", DOCUMENT_TITLES[kind])]
    parts += for_blank_forms([para(GUIDANCE_STYLE, text) for text in INTROS[kind]])
    numbered = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{HEADING_NUM_ID}"/></w:numPr>'
    for section in outline(kind):
        parts.append(
            para("Heading1", section.heading, extra_ppr=numbered if section.number else "")
        )
        # The council's own words ({intranet}, {area_plan}, ...) come from its profile.
        parts += for_blank_forms(
            [
                para(GUIDANCE_STYLE, as_jinja(text))
                for text in (*section.guidance, *section.statements)
            ]
        )
        for item in section.items:
            if isinstance(item, TableSpec):
                if item.question:
                    parts.append(para(QUESTION_STYLE, item.question))
                parts.append(table(item))
                # A table must not be followed directly by another block without a paragraph
                # in Word's model only at the end of a cell; in the body it may.
            else:
                parts.append(para(QUESTION_STYLE, as_jinja(item.question)))
                parts.append(answer(item))
    section_props = (
        f'<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    )
    return (
        f'{XML_DECL}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        + "".join(parts)
        + section_props
        + "</w:body></w:document>"
    )


def footer() -> str:
    page = (
        run("Page ")
        + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        + run(" of ")
        + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )
    runs = run("{{ document_title }}") + "<w:r><w:tab/></w:r>" + page
    return f'{XML_DECL}<w:ftr xmlns:w="{W}" xmlns:r="{R}">' + para("Footer", runs=runs) + "</w:ftr>"


# ------------------------------------------------------------------------------------------------
# Styles: every bit of spacing lives here, so the body needs no empty paragraphs
# ------------------------------------------------------------------------------------------------


def rpr(
    size: int | None = None, *, bold: bool = False, italic: bool = False, color: str = ""
) -> str:
    out = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    out += "<w:b/><w:bCs/>" if bold else ""
    out += "<w:i/><w:iCs/>" if italic else ""
    out += f'<w:color w:val="{color}"/>' if color else ""
    out += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    return f"<w:rPr>{out}</w:rPr>"


def pstyle(style_id: str, name: str, ppr: str, rpr_xml: str, *, based_on: str = "Normal",
           next_style: str = "", extra: str = "") -> str:  # fmt: skip
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="{0 if style_id in BUILTIN else 1}" '
        f'w:styleId="{style_id}"><w:name w:val="{name}"/>{based}{nxt}{extra}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr_xml}</w:style>"
    )


BUILTIN = {"Normal", "Title", "Heading1", "Heading2", "ListBullet", "Footer"}


def styles() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="24"/><w:szCs w:val="24"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    keep = "<w:keepNext/><w:keepLines/>"
    items = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>",
        pstyle(
            "Title",
            "Title",
            '<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="' + BLUE + '"/>'
            '</w:pBdr><w:spacing w:after="240"/>',
            rpr(48, bold=True, color=BLUE),
            next_style="Normal",
        ),
        pstyle(
            "Heading1",
            "heading 1",
            f'{keep}<w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
            rpr(30, bold=True, color=BLUE),
            next_style="Normal",
        ),
        pstyle(
            "Heading2",
            "heading 2",
            f'{keep}<w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>',
            rpr(26, bold=True, color=BLUE),
            next_style="Normal",
        ),
        pstyle(
            QUESTION_STYLE,
            QUESTION_STYLE,
            f'{keep}<w:spacing w:before="160" w:after="60"/>',
            rpr(bold=True),
            next_style=ANSWER_STYLE,
        ),
        pstyle(
            GUIDANCE_STYLE,
            GUIDANCE_STYLE,
            '<w:spacing w:after="120"/>',
            rpr(22, italic=True, color=GREY_TEXT),
        ),
        pstyle(
            ANSWER_STYLE,
            ANSWER_STYLE,
            f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{BORDER}"/></w:pBdr>'
            '<w:spacing w:after="120"/><w:ind w:left="227"/>',
            rpr(),
        ),
        pstyle(
            "ListBullet",
            "List Bullet",
            f'<w:numPr><w:numId w:val="{BULLET_NUM_ID}"/></w:numPr>'
            '<w:spacing w:after="60"/><w:ind w:left="587" w:hanging="360"/>',
            rpr(),
        ),
        pstyle("TableText", "Table Text", '<w:spacing w:before="40" w:after="40"/>', rpr(22)),
        pstyle(
            "TableHeading",
            "Table Heading",
            '<w:keepNext/><w:spacing w:before="40" w:after="40"/>',
            rpr(22, bold=True),
            based_on="TableText",
        ),
        pstyle(
            "Footer",
            "footer",
            f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs><w:spacing w:after="0"/>',
            rpr(18, color=GREY_TEXT),
        ),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>",
        # Word's own style for a content control's placeholder, a grey that still passes AA.
        f'<w:style w:type="character" w:styleId="{PLACEHOLDER_STYLE}">'
        '<w:name w:val="Placeholder Text"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f'<w:uiPriority w:val="99"/><w:semiHidden/><w:rPr><w:color w:val="{HOUSE.placeholder_colour}"/>'
        "</w:rPr></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
        '<w:style w:type="table" w:customStyle="1" w:styleId="PtkTable">'
        '<w:name w:val="PTK Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr></w:tblStylePr>'
        "</w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        "<w:semiHidden/></w:style>",
    ]
    return (
        f'{XML_DECL}<w:styles xmlns:w="{W}" xmlns:r="{R}">{defaults}'
        + "".join(items)
        + "</w:styles>"
    )


def numbering() -> str:
    bullet = (
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="587" w:hanging="360"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
        "</w:abstractNum>"
    )
    headings = (
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>'
    )
    return (
        f'{XML_DECL}<w:numbering xmlns:w="{W}">{bullet}{headings}'
        f'<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="0"/></w:num>'
        f'<w:num w:numId="{HEADING_NUM_ID}"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


SETTINGS = (
    f'{XML_DECL}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-GB"/></w:settings>'
)

CONTENT_TYPES = (
    f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    f'{XML_DECL}<Relationships xmlns="{REL}">'
    f'<Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{OFFICE_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    f'{XML_DECL}<Relationships xmlns="{REL}">'
    f'<Relationship Id="rIdStyles" Type="{OFFICE_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdNumbering" Type="{OFFICE_REL}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{OFFICE_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFooter1" Type="{OFFICE_REL}/footer" Target="footer1.xml"/>'
    "</Relationships>"
)

#: When the templates were made: the fixed created/modified date every document carries.
MADE = "2026-11-26T00:00:00Z"


def core(kind: str) -> str:
    return (
        f"{XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>{{ document_title }}</dc:title>"
        "<dc:subject>Partnership Toolkit</dc:subject>"
        "<dc:creator>{{ wording.council }}</dc:creator>"
        f"<cp:keywords>Partnership Toolkit; {DOCUMENT_TITLES[kind]}</cp:keywords>"
        "<dc:language>en-GB</dc:language>"
        "<cp:lastModifiedBy>{{ wording.council }}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{MADE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{MADE}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP = (
    f"{XML_DECL}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ptk_docs</Application><DocSecurity>0</DocSecurity></Properties>"
)


def package(kind: str) -> bytes:
    """The template's bytes: the same every time for the same outline."""
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", core(kind)),
        ("docProps/app.xml", APP),
        ("word/document.xml", body(kind)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", styles()),
        ("word/numbering.xml", numbering()),
        ("word/settings.xml", SETTINGS),
        ("word/footer1.xml", footer()),
    ]
    return write_package((name, text.encode("utf-8")) for name, text in parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--out", type=Path, default=TEMPLATES)
    args = parser.parse_args(argv)
    stale = []
    for kind in ("agreement", "business-case"):
        dest = args.out / f"{kind}.docx"
        data = package(kind)
        if args.check:
            if not dest.exists() or dest.read_bytes() != data:
                stale.append(dest.name)
            continue
        tmp = dest.with_name(f".{dest.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)  # a render running meanwhile never reads half a template
        print(dest)
    if stale:
        print(f"out of date: {', '.join(stale)} (run scripts/build_templates.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
