"""Accessibility checks for any .docx: the document rules of the Public Sector Bodies Accessibility Regulations.

No mature open-source checker for Word documents exists, so ptk ships its own. Each rule has a
stable id (``a11y-...``) that scripts and tests can rely on:

=====================  ========  ===========================================================
rule                   severity  what it asks
=====================  ========  ===========================================================
a11y-title             error     the document title is set in its properties
a11y-author            error     the author is a person or team, not a library's name
a11y-language          error     the default language (styles, docDefaults) is en-GB
a11y-one-title         error     exactly one paragraph in the Title style
a11y-heading-order     error     headings go down one level at a time (no 1 -> 3)
a11y-list-numbering    warning   "•", "1." or "a)" typed by hand is real Word numbering instead
a11y-table-header      error     a data table repeats its header row (w:tblHeader)
a11y-merged-cells      error     a data table has no merged cells (gridSpan, vMerge, hMerge)
a11y-layout-table      error     no table used to position text (one row, one column, nested)
a11y-empty-paragraph   warning   no empty paragraphs used for spacing
a11y-link-text         warning   link text says where it goes (not "click here", not a bare URL)
a11y-image-alt         error     every picture has alternative text
=====================  ========  ===========================================================

A document passes when :func:`check_accessibility` returns no findings. The checker reads the
package through :func:`ptk_docs.safety.open_docx`, so it is safe on documents from outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptk_docs._check.findings import Finding
from ptk_docs._io.docx import open_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_W = f"{{{W}}}"

_NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}


#: Rule id -> what it asks, in the order findings are reported.
A11Y_RULES: dict[str, str] = {
    "a11y-title": "The document title is set in its properties.",
    "a11y-author": "The author is a person or team, not a library's name.",
    "a11y-language": "The default language is English (United Kingdom), en-GB.",
    "a11y-one-title": "Exactly one paragraph uses the Title style.",
    "a11y-heading-order": "Headings go down one level at a time.",
    "a11y-list-numbering": "Lists use Word's numbering, not bullets or numbers typed by hand.",
    "a11y-table-header": "Data tables repeat their header row.",
    "a11y-merged-cells": "Data tables have no merged cells.",
    "a11y-layout-table": "Tables hold data, not layout.",
    "a11y-empty-paragraph": "No empty paragraphs are used for spacing.",
    "a11y-link-text": "Link text says where the link goes.",
    "a11y-image-alt": "Every picture has alternative text.",
}


#: Authors that mean nobody set one: library defaults and Word's placeholders.
LIBRARY_AUTHORS = frozenset(
    {
        "",
        "python-docx",
        "python-docx-template",
        "docxtpl",
        "docxcompose",
        "ptk_docs",
        "ptk-docs",
        "unknown",
        "un-named",
        "unnamed",
        "author",
        "user",
        "administrator",
        "microsoft office user",
        "libreoffice",
        "openpyxl",
    }
)


#: The language every council document is published in.
LANGUAGE = "en-GB"


# Text typed to look like a list item: bullets, "1.", "1)", "1.2 ", "a)", "(a)", "iv.".
_HAND_LIST = re.compile(
    r"^\s*(?:[•·▪◦‣∙●○■□➢➤►✓✔*]|[-–—](?=\s)|\(?\d{1,3}[.)](?!\d)|\d{1,3}(?:\.\d{1,3})+\.?(?=\s)"
    r"|\(?[a-z][.)](?=\s)|\(?(?:i{1,3}|iv|v|vi{1,3}|ix|x)[.)](?=\s))",
    re.IGNORECASE,
)

_VAGUE_LINKS = frozenset(
    {
        "click here",
        "click",
        "here",
        "link",
        "this link",
        "more",
        "read more",
        "more info",
        "more information",
        "find out more",
        "learn more",
        "this",
        "this page",
        "website",
        "web site",
    }
)

_URL = re.compile(r"^\s*(?:https?://|www\.|ftp://|mailto:)\S*\s*$", re.IGNORECASE)

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def check_accessibility(path: str | Path) -> list[Finding]:
    """Check the Word document at ``path``; an empty list means it passes every rule.

    Raises ``DocumentError`` when the file cannot be read as a .docx.
    """

    return check_document_accessibility(open_docx(path))


def check_document_accessibility(document: Any) -> list[Finding]:
    """Check an open python-docx ``Document`` (for documents built in memory)."""
    styles = _Styles(document)
    findings: list[Finding] = []
    findings += _properties(document)
    findings += _language(styles)
    findings += _paragraph_rules(document, styles)
    findings += _table_rules(document, styles)
    order = list(A11Y_RULES)
    return sorted(findings, key=lambda f: order.index(f.rule))


# ---------------------------------------------------------------------------------------------
# Document properties and defaults
# ---------------------------------------------------------------------------------------------


def _properties(document: Any) -> list[Finding]:
    findings = []
    core = document.core_properties
    if not (core.title or "").strip():
        findings.append(
            Finding(
                "a11y-title",
                "error",
                "The document has no title in its properties (File > Info > Title); screen "
                "readers announce it when the file opens.",
            )
        )
    author = (core.author or "").strip()
    if author.casefold() in LIBRARY_AUTHORS:
        shown = f"'{author}'" if author else "empty"
        findings.append(
            Finding(
                "a11y-author",
                "error",
                f"The author is {shown}: set it to the council or the team that owns the document.",
            )
        )
    return findings


def _language(styles: _Styles) -> list[Finding]:
    lang = styles.default_language
    if lang is None:
        message = f"No default language is set in the styles; set it to {LANGUAGE}."
    elif lang.casefold() != LANGUAGE.casefold():
        message = f"The default language is {lang}; set it to {LANGUAGE} so it is read correctly."
    else:
        return []
    return [Finding("a11y-language", "error", message)]


# ---------------------------------------------------------------------------------------------
# Styles: heading levels and list numbering through the basedOn chain
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    style_id: str
    name: str
    based_on: str | None
    outline_level: int | None
    numbered: bool | None


class _Styles:
    """The paragraph styles of a document, resolved through ``w:basedOn``."""

    def __init__(self, document: Any) -> None:
        root = document.styles.element
        self.default_language: str | None = None
        lang = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
        if lang is not None:
            self.default_language = lang.get(f"{_W}val")
        self.default_paragraph: str | None = None
        self._styles: dict[str, _Style] = {}
        for style in root.iterfind(f"{_W}style"):
            if style.get(f"{_W}type") != "paragraph":
                continue
            style_id = style.get(f"{_W}styleId") or ""
            name_el = style.find(f"{_W}name")
            based = style.find(f"{_W}basedOn")
            ppr = style.find(f"{_W}pPr")
            outline = None if ppr is None else ppr.find(f"{_W}outlineLvl")
            num = None if ppr is None else ppr.find(f"{_W}numPr/{_W}numId")
            self._styles[style_id] = _Style(
                style_id,
                (name_el.get(f"{_W}val") if name_el is not None else None) or style_id,
                based.get(f"{_W}val") if based is not None else None,
                int(outline.get(f"{_W}val") or 9) if outline is not None else None,
                (num.get(f"{_W}val") not in (None, "0")) if num is not None else None,
            )
            if style.get(f"{_W}default") in ("1", "true"):
                self.default_paragraph = style_id

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default_paragraph
        while current and current not in seen and current in self._styles:
            seen.add(current)
            style = self._styles[current]
            yield style
            current = style.based_on

    def is_title(self, style_id: str | None) -> bool:
        return any(
            s.name.casefold() == "title" or s.style_id == "Title" for s in self._chain(style_id)
        )

    def heading_level(self, style_id: str | None) -> int | None:
        """1-9 for a heading style (by name, else by outline level), else None."""
        for style in self._chain(style_id):
            match = _HEADING_NAME.match(style.name) or _HEADING_NAME.match(style.style_id)
            if match:
                return int(match.group(1))
            if style.outline_level is not None:
                return style.outline_level + 1 if style.outline_level < 9 else None
        return None

    def is_numbered(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            if style.numbered is not None:
                return style.numbered
        return False

    def name(self, style_id: str | None) -> str:
        style = next(self._chain(style_id), None)
        return style.name if style is not None else "Normal"


# ---------------------------------------------------------------------------------------------
# Paragraph rules: title, headings, lists, empty paragraphs, links, pictures
# ---------------------------------------------------------------------------------------------


def _text(element: Any) -> str:
    """The visible text of a paragraph or run container (deleted text left out)."""
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if any(a.tag == f"{_W}del" for a in node.iterancestors()):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def _in_table(paragraph: Any) -> bool:
    return any(a.tag == f"{_W}tc" for a in paragraph.iterancestors())


def _block_elements(body: Any) -> list[Any]:
    """Body-level paragraphs and tables in order, looking inside block content controls."""
    blocks: list[Any] = []
    for child in body:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            blocks.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                blocks.extend(_block_elements(content))
    return blocks


def _is_structural(paragraph: Any) -> bool:
    """An empty paragraph that carries a page or section break, or a picture, is not spacing."""
    if paragraph.find(f"{_W}pPr/{_W}sectPr") is not None:
        return True
    for br in paragraph.iter(f"{_W}br"):
        if br.get(f"{_W}type") in ("page", "column"):
            return True
    return any(
        True
        for _ in paragraph.iter(
            f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_W}fldSimple", f"{_W}instrText"
        )
    )


def _paragraph_rules(document: Any, styles: _Styles) -> list[Finding]:
    findings: list[Finding] = []
    body = document.element.body
    titles = 0
    previous_level = 0
    heading: str | None = None
    for number, paragraph in enumerate(body.iter(f"{_W}p"), start=1):
        where = f"paragraph {number}"
        ppr = paragraph.find(f"{_W}pPr")
        style_el = None if ppr is None else ppr.find(f"{_W}pStyle")
        style_id = style_el.get(f"{_W}val") if style_el is not None else None
        text = _text(paragraph).strip()
        in_table = _in_table(paragraph)
        if styles.is_title(style_id) and not in_table:
            titles += 1
            heading = text or heading
            continue
        level = styles.heading_level(style_id)
        direct = None if ppr is None else ppr.find(f"{_W}outlineLvl")
        if direct is not None:
            value = int(direct.get(f"{_W}val") or 9)
            level = value + 1 if value < 9 else None
        if level is not None and text and not in_table:
            if level > previous_level + 1:
                expected = f"Heading {previous_level + 1}" if previous_level else "Heading 1"
                findings.append(
                    Finding(
                        "a11y-heading-order",
                        "error",
                        f"'{_short(text)}' ({where}) is a Heading {level} after "
                        f"{'a Heading ' + str(previous_level) if previous_level else 'no heading'}"
                        f": a level is skipped (use {expected}).",
                        heading=heading,
                    )
                )
            previous_level = level
            heading = text
            continue
        num_id = None if ppr is None else ppr.find(f"{_W}numPr/{_W}numId")
        if num_id is not None:
            numbered = num_id.get(f"{_W}val") != "0"  # numId 0 switches the style's list off
        else:
            numbered = styles.is_numbered(style_id)
        if text and not numbered and _HAND_LIST.match(text):
            findings.append(
                Finding(
                    "a11y-list-numbering",
                    "warning",
                    f"'{_short(text)}' ({where}) looks like a list item typed by hand: use a "
                    "bulleted or numbered list so screen readers announce it as a list.",
                    heading=heading,
                )
            )
        findings += _link_findings(paragraph, where, heading)
        findings += _picture_findings(paragraph, where, heading)
    if titles != 1:
        findings.append(
            Finding(
                "a11y-one-title",
                "error",
                "The document has no paragraph in the Title style: give it one title."
                if titles == 0
                else f"The document has {titles} paragraphs in the Title style: keep one title "
                "and make the others headings.",
            )
        )
    findings += _empty_paragraphs(body, styles)
    return findings


def _empty_paragraphs(body: Any, styles: _Styles) -> list[Finding]:
    findings = []
    blocks = _block_elements(body)
    numbers = {id(p): n for n, p in enumerate(body.iter(f"{_W}p"), start=1)}
    heading: str | None = None
    for index, block in enumerate(blocks):
        if block.tag != f"{_W}p":
            continue
        text = _text(block).strip()
        if text:
            ppr = block.find(f"{_W}pPr")
            style_el = None if ppr is None else ppr.find(f"{_W}pStyle")
            style_id = style_el.get(f"{_W}val") if style_el is not None else None
            if styles.heading_level(style_id) is not None or styles.is_title(style_id):
                heading = text
            continue
        if _is_structural(block):
            continue
        before = blocks[index - 1].tag if index > 0 else None
        after = blocks[index + 1].tag if index + 1 < len(blocks) else None
        # Word needs a paragraph after a table that ends the document or the section, and
        # between two tables (else it joins them): those are not spacing.
        if before == f"{_W}tbl" and after in (None, f"{_W}tbl"):
            continue
        if (
            after is not None
            and blocks[index + 1].tag == f"{_W}p"
            and _is_structural(blocks[index + 1])
            and not _text(blocks[index + 1]).strip()
            and before == f"{_W}tbl"
        ):
            continue
        findings.append(
            Finding(
                "a11y-empty-paragraph",
                "warning",
                f"An empty paragraph (paragraph {numbers.get(id(block), '?')}) is used for "
                "spacing: use paragraph spacing in the style instead.",
                heading=heading,
            )
        )
    return findings


def _link_findings(paragraph: Any, where: str, heading: str | None) -> list[Finding]:
    findings = []
    links = [
        *paragraph.iter(f"{_W}hyperlink"),
        *(
            field
            for field in paragraph.iter(f"{_W}fldSimple")
            if field.get(f"{_W}instr", "").strip().upper().startswith("HYPERLINK")
        ),
    ]
    for link in links:
        text = " ".join(_text(link).split())
        if not text:
            problem = "has no text"
        elif text.casefold().strip(".:!") in _VAGUE_LINKS:
            problem = f"says '{text}'"
        elif _URL.match(text):
            problem = f"is a bare address ({_short(text)})"
        else:
            continue
        findings.append(
            Finding(
                "a11y-link-text",
                "warning",
                f"A link ({where}) {problem}: make the link text say where it goes.",
                heading=heading,
            )
        )
    return findings


def _picture_findings(paragraph: Any, where: str, heading: str | None) -> list[Finding]:
    findings = []
    for doc_pr in paragraph.iterfind(".//wp:docPr", _NS):
        if doc_pr.get("descr", "").strip() or doc_pr.get("title", "").strip():
            continue
        if doc_pr.getparent() is not None and any(
            True
            for _ in doc_pr.getparent().iter(
                "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}wsp"
            )
        ):
            continue  # a shape or text box: its text is read, it needs no alt text
        findings.append(
            Finding(
                "a11y-image-alt",
                "error",
                f"A picture ({where}, '{doc_pr.get('name', '')}') has no alternative text.",
                heading=heading,
            )
        )
    return findings


# ---------------------------------------------------------------------------------------------
# Table rules
# ---------------------------------------------------------------------------------------------


def _table_rules(document: Any, styles: _Styles) -> list[Finding]:
    findings: list[Finding] = []
    body = document.element.body
    heading: str | None = None
    table_number = 0
    for element in body.iter(f"{_W}p", f"{_W}tbl"):
        if element.tag == f"{_W}p":
            if _in_table(element):
                continue
            ppr = element.find(f"{_W}pPr")
            style_el = None if ppr is None else ppr.find(f"{_W}pStyle")
            style_id = style_el.get(f"{_W}val") if style_el is not None else None
            text = _text(element).strip()
            if text and (styles.heading_level(style_id) is not None or styles.is_title(style_id)):
                heading = text
            continue
        table_number += 1
        where = f"table {table_number}"
        rows = element.findall(f"{_W}tr")
        columns = max((len(r.findall(f"{_W}tc")) for r in rows), default=0)
        nested = any(a.tag == f"{_W}tbl" for a in element.iterancestors())
        if nested or len(rows) < 2 or columns < 2:
            shape = (
                "is inside another table"
                if nested
                else f"has {len(rows)} row{'s' if len(rows) != 1 else ''} and "
                f"{columns} column{'s' if columns != 1 else ''}"
            )
            findings.append(
                Finding(
                    "a11y-layout-table",
                    "error",
                    f"{where.capitalize()} {shape}: it looks like a table used for layout; use "
                    "headings, paragraphs or a proper data table instead.",
                    heading=heading,
                )
            )
            continue
        header = rows[0].find(f"{_W}trPr/{_W}tblHeader")
        if header is None or header.get(f"{_W}val") in ("0", "false", "off"):
            findings.append(
                Finding(
                    "a11y-table-header",
                    "error",
                    f"{where.capitalize()} has no header row marked to repeat (Table Properties > "
                    "Row > Repeat as header row).",
                    heading=heading,
                )
            )
        merged = 0
        for cell in element.iterfind(f"{_W}tr/{_W}tc"):
            tcpr = cell.find(f"{_W}tcPr")
            if tcpr is None:
                continue
            span = tcpr.find(f"{_W}gridSpan")
            if (
                (span is not None and int(span.get(f"{_W}val") or 1) > 1)
                or tcpr.find(f"{_W}vMerge") is not None
                or tcpr.find(f"{_W}hMerge") is not None
            ):
                merged += 1
        if merged:
            findings.append(
                Finding(
                    "a11y-merged-cells",
                    "error",
                    f"{where.capitalize()} has {merged} merged cell{'s' if merged != 1 else ''}: "
                    "screen readers cannot tell which header a merged cell belongs to.",
                    heading=heading,
                )
            )
    return findings


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
