"""One house style for every ptk document, and a council's own taken from its Word template.

``HOUSE`` is the look the template builders (``scripts/build_templates.py``,
``scripts/build_report_templates.py``) and the appendices share, so an agreement, a business case,
a committee report and its appendices look as if one council made them.

:func:`reference_style` reads a council's own .docx (its Word template, or any document in its
house style), the way pandoc reads a reference document: its style definitions, its document
defaults and its theme (the theme fonts and colours that styles name as ``+Headings``/``Accent
1``). :func:`apply_reference` puts them into a document ptk made: a style the council defines
under the same id (``Heading1``, ``Title``, ``ListBullet``, ``TableGrid``...) replaces ptk's
definition, its run and paragraph properties taken whole but ptk's numbering and outline levels
kept (the parser reads the outline; the council's numbering definitions are not copied), and the
language stays en-GB. ptk's own table style takes the council's "Table Grid" when the council has
no style of that id. The body is never touched: what parse reads back does not change.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ptk_docs._errors import DocumentError
from ptk_docs._io.docx import DocxPackage
from ptk_docs._io.limits import DEFAULT_LIMITS
from ptk_docs._io.zipwriter import write_package


@dataclass(frozen=True)
class HouseStyle:
    """Fonts and colours of ptk's house style (hex RGB without '#')."""

    font: str = "Arial"
    #: Title and headings: dark blue, AA contrast on white at any size.
    heading_colour: str = "1F4E79"
    #: Footers and guidance.
    muted_colour: str = "595959"
    #: Content-control placeholder text: the lightest grey that passes AA contrast (4.5:1).
    placeholder_colour: str = "767676"
    #: Table header rows.
    header_fill: str = "DEEAF6"
    #: Table rules and the answer bar.
    border_colour: str = "8EAADB"


HOUSE = HouseStyle()

#: RAG statuses in the progress appendix: (fill, text) colours, written as words as well.
RAG_FILLS = {"Red": "F4C7C3", "Amber": "FCE8B2", "Green": "C6E7CE"}

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_THEME_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_THEME_CONTENT = "application/vnd.openxmlformats-officedocument.theme+xml"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
#: ptk's own table styles, which take the council's "Table Grid" when it has none by their id.
_PTK_TABLE_STYLES = ("PtkTable",)
#: pPr children that belong to ptk's structure, not to the look.
_KEEP_PPR = (f"{_W}numPr", f"{_W}outlineLvl")


@dataclass(frozen=True)
class ReferenceStyle:
    """A council's styles, read once from its reference .docx (reused for a whole batch)."""

    source: str
    styles: bytes
    theme: bytes | None


def reference_style(path: str | Path) -> ReferenceStyle:
    """The styles and theme of the council's reference document ``path`` (.docx or .dotx).

    A ``DocumentError`` when it is not a Word document or has no styles part; it is read with
    the same checks as any returned document (it comes from outside ptk).
    """
    path = Path(path)
    if path.suffix.lower() not in (".docx", ".dotx"):
        raise DocumentError(f"{path.name}: a style reference must be a Word document (.docx)")
    if not path.is_file():
        raise DocumentError(f"{path}: the style reference does not exist")
    package = DocxPackage(path, DEFAULT_LIMITS)
    try:
        styles = package.related("styles")
        if not styles:
            raise DocumentError(f"{path.name}: the style reference has no styles to take")
        themes = package.related("theme")
        theme = package.read(themes[0]) if themes else None
        return ReferenceStyle(str(path), package.read(styles[0]), theme)
    finally:
        package.close()


def _style_id(style: Any) -> str:
    return str(style.get(f"{_W}styleId", ""))


def _merge_style(ours: Any, theirs: Any) -> Any:
    """The council's definition of a style, keeping ptk's numbering and outline level."""
    merged = copy.deepcopy(theirs)
    our_ppr = ours.find(f"{_W}pPr")
    kept = [copy.deepcopy(e) for e in our_ppr if e.tag in _KEEP_PPR] if our_ppr is not None else []
    their_ppr = merged.find(f"{_W}pPr")
    if their_ppr is not None:
        for element in their_ppr.findall(f"{_W}numPr"):
            their_ppr.remove(element)
    if kept:
        if their_ppr is None:
            their_ppr = etree.SubElement(merged, f"{_W}pPr")
            # pPr comes before rPr and the table properties in a style.
            anchor = merged.find(f"{_W}rPr")
            if anchor is not None:
                anchor.addprevious(their_ppr)
        for element in kept:
            existing = their_ppr.find(element.tag)
            if existing is not None:
                their_ppr.remove(existing)
        # numPr sits near the start of pPr (after keepNext/keepLines/pageBreakBefore...); Word
        # accepts it first, as python-docx writes it.
        for element in reversed(kept):
            if element.tag == f"{_W}numPr":
                their_ppr.insert(0, element)
            else:
                their_ppr.append(element)
    return merged


def _merged_styles(ours_xml: bytes, theirs_xml: bytes) -> bytes:
    ours = etree.fromstring(ours_xml, _PARSER)
    try:
        theirs = etree.fromstring(theirs_xml, _PARSER)
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"the style reference's styles are not valid XML ({error})") from None
    their_styles = {_style_id(s): s for s in theirs.iterfind(f"{_W}style")}
    their_defaults = theirs.find(f"{_W}docDefaults")
    our_defaults = ours.find(f"{_W}docDefaults")
    if their_defaults is not None and our_defaults is not None:
        defaults = copy.deepcopy(their_defaults)
        # The language is the law's (en-GB for a UK council's published documents), not a look.
        rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr")
        if rpr is not None:
            for lang in rpr.findall(f"{_W}lang"):
                rpr.remove(lang)
            lang = etree.SubElement(rpr, f"{_W}lang")
            lang.set(f"{_W}val", "en-GB")
            lang.set(f"{_W}eastAsia", "en-GB")
        our_defaults.getparent().replace(our_defaults, defaults)
    grid = their_styles.get("TableGrid")
    ours_ids = set()
    for style in list(ours.iterfind(f"{_W}style")):
        style_id = _style_id(style)
        ours_ids.add(style_id)
        theirs_style = their_styles.get(style_id)
        if theirs_style is None and style_id in _PTK_TABLE_STYLES and grid is not None:
            theirs_style = copy.deepcopy(grid)
            theirs_style.set(f"{_W}styleId", style_id)
            name = theirs_style.find(f"{_W}name")
            if name is not None:
                name.set(f"{_W}val", "PTK Table")
        if theirs_style is None or theirs_style.get(f"{_W}type") != style.get(f"{_W}type"):
            continue
        merged = _merge_style(style, theirs_style)
        if style.get(f"{_W}default") in ("1", "true"):
            merged.set(f"{_W}default", "1")
        ours.replace(style, merged)
    # The council's other styles come along too (Word offers them to the officer), without
    # numbering, which would point at lists this document does not have.
    for style_id, style in their_styles.items():
        if style_id and style_id not in ours_ids:
            added = _merge_style(etree.Element(f"{_W}style"), style)
            added.attrib.pop(f"{_W}default", None)
            ours.append(added)
    out: bytes = etree.tostring(ours, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _with_theme(parts: dict[str, bytes], theme: bytes) -> None:
    """Put the council's theme in the package, replacing ptk's or adding it."""
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name], _PARSER)
    target = next(
        (r.get("Target", "") for r in rels if r.get("Type") == _THEME_TYPE),
        None,
    )
    if target is None:
        target = "theme/theme1.xml"
        taken = {r.get("Id") for r in rels}
        number = 1
        while f"rIdTheme{number}" in taken:
            number += 1
        rel = etree.SubElement(rels, f"{{{_REL_NS}}}Relationship")
        rel.set("Id", f"rIdTheme{number}")
        rel.set("Type", _THEME_TYPE)
        rel.set("Target", target)
        parts[rels_name] = etree.tostring(
            rels, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        types = etree.fromstring(parts["[Content_Types].xml"], _PARSER)
        override = etree.SubElement(types, f"{{{_CT_NS}}}Override")
        override.set("PartName", "/word/" + target)
        override.set("ContentType", _THEME_CONTENT)
        parts["[Content_Types].xml"] = etree.tostring(
            types, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    parts["word/" + target.lstrip("/").removeprefix("word/")] = theme


def apply_reference(data: bytes, reference: ReferenceStyle | None) -> bytes:
    """``data`` (a .docx ptk made) in the council's styles; ``data`` itself when no reference."""
    if reference is None:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [info.filename for info in package.infolist()]
        parts = {name: package.read(name) for name in names}
    styles_name = "word/styles.xml"
    if styles_name not in parts:
        return data
    parts[styles_name] = _merged_styles(parts[styles_name], reference.styles)
    if reference.theme is not None:
        _with_theme(parts, reference.theme)
        names += [n for n in parts if n not in names]
    return write_package((name, parts[name]) for name in names)
