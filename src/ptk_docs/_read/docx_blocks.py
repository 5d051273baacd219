"""The body of a .docx as blocks: tracked changes resolved, Word's numbering written back in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptk_docs._errors import DocumentError, LimitExceededError
from ptk_docs._io.docx import DocxPackage
from ptk_docs._io.envelope import read_docx_envelope
from ptk_docs._io.guard import deadline
from ptk_docs._io.limits import Limits
from ptk_docs._read.blocks import (
    MANUAL_NUMBER,
    Block,
    BlockKind,
    ExtractedDocument,
    looks_like_heading,
    number_depth,
)
from ptk_docs._toolkit.outline import GUIDANCE_STYLE, QUESTION_STYLE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

_W = "{" + W + "}"


P, TBL, TR, TC, SDT, SDT_CONTENT, SDT_PR = (
    _W + n for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "sdtPr")
)

RUN, T, TAB, BR, CR, PPR, RPR = (_W + n for n in ("r", "t", "tab", "br", "cr", "pPr", "rPr"))

INS, DEL, MOVE_TO, MOVE_FROM = (_W + n for n in ("ins", "del", "moveTo", "moveFrom"))

TXBX = _W + "txbxContent"

TAG = _W + "tag"

PSTYLE, OUTLINE_LVL, NUM_PR, NUM_ID, ILVL = (
    _W + n for n in ("pStyle", "outlineLvl", "numPr", "numId", "ilvl")
)

VAL = _W + "val"

ALT, CHOICE = "{" + MC + "}AlternateContent", "{" + MC + "}Choice"

# Containers whose children are read as if they sat in the paragraph itself.
_TRANSPARENT = {
    INS,
    MOVE_TO,
    _W + "hyperlink",
    _W + "smartTag",
    _W + "customXml",
    _W + "fldSimple",
    _W + "dir",
    _W + "bdo",
}

_SKIPPED = {DEL, MOVE_FROM, PPR, _W + "proofErr", _W + "bookmarkStart", _W + "bookmarkEnd"}

_FALSE = {"0", "false", "off", "none"}


# ptk's own paragraph styles: a bold "Question" is a question, never a heading.
_PTK_STYLES = {QUESTION_STYLE, GUIDANCE_STYLE}

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


#: "Not worked out yet": whether every run is bold is asked only of heading-shaped paragraphs.
_LAZY_BOLD: Any = object()


def _on(element: Any) -> bool:
    """A toggle property (<w:b/>, <w:b w:val="0"/>) is on."""
    return element is not None and element.get(VAL, "1").lower() not in _FALSE


@dataclass
class _Style:
    name: str = ""
    based_on: str = ""
    outline: int | None = None
    bold: bool | None = None
    num: tuple[str, int] | None = None


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Word's list definitions and the running counters that turn them into "2." or "1.3"."""

    abstract_of: dict[str, str] = field(default_factory=dict)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        abstract = self.abstract_of.get(num_id)
        if abstract is None:
            return None
        return self.levels.get(abstract, {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """(label such as "2." or "", is a bullet) for the next paragraph of this list."""
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "", {})
        level = levels.get(ilvl)
        if abstract is None or level is None:
            return "", False
        if level.fmt == "bullet":
            return "", True
        counters = self.counters.setdefault(abstract, [0] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                if 0 <= lvl < 9:
                    counters[lvl] = start - 1
                    for deeper in range(lvl + 1, 9):
                        counters[deeper] = 0
        if counters[ilvl] == 0 and ilvl < 9:
            counters[ilvl] = level.start - 1
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if level.fmt == "none":
            return "", False

        def value(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            spec = levels.get(lvl, _Level())
            count = counters[lvl] if counters[lvl] else spec.start
            return _format_number(count, spec.fmt)

        return re.sub(r"%(\d)", value, level.text).strip(), False


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _read_styles(root: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for element in root.iterfind(_W + "style"):
        style = _Style()
        style_id = element.get(_W + "styleId", "")
        name = element.find(_W + "name")
        style.name = name.get(VAL, style_id) if name is not None else style_id
        based = element.find(_W + "basedOn")
        style.based_on = based.get(VAL, "") if based is not None else ""
        ppr = element.find(PPR)
        if ppr is not None:
            outline = ppr.find(_W + "outlineLvl")
            if outline is not None and outline.get(VAL, "").isdigit():
                style.outline = int(outline.get(VAL))
            num_pr = ppr.find(_W + "numPr")
            if num_pr is not None:
                num_id = num_pr.find(_W + "numId")
                ilvl = num_pr.find(_W + "ilvl")
                if num_id is not None:
                    style.num = (
                        num_id.get(VAL, "0"),
                        int(ilvl.get(VAL, "0")) if ilvl is not None else 0,
                    )
        rpr = element.find(RPR)
        if rpr is not None and rpr.find(_W + "b") is not None:
            style.bold = _on(rpr.find(_W + "b"))
        styles[style_id] = style
    # Inherit outline level, bold and numbering through basedOn chains.
    for style in styles.values():
        seen = set()
        parent = styles.get(style.based_on)
        while parent is not None and parent.name not in seen:
            seen.add(parent.name)
            if style.outline is None and not _HEADING_STYLE.match(style.name):
                style.outline = parent.outline
            if style.bold is None:
                style.bold = parent.bold
            if style.num is None:
                style.num = parent.num
            parent = styles.get(parent.based_on)
    return styles


def _read_numbering(root: Any) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    for abstract in root.iterfind(_W + "abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in abstract.iterfind(_W + "lvl"):
            level = _Level()
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            start = lvl.find(_W + "start")
            level.fmt = fmt.get(VAL, "decimal") if fmt is not None else "decimal"
            level.text = text.get(VAL, "") if text is not None else ""
            if start is not None and start.get(VAL, "").isdigit():
                level.start = int(start.get(VAL))
            levels[int(lvl.get(_W + "ilvl", "0"))] = level
        numbering.levels[abstract.get(_W + "abstractNumId", "")] = levels
    for num in root.iterfind(_W + "num"):
        num_id = num.get(_W + "numId", "")
        abstract_id = num.find(_W + "abstractNumId")
        if abstract_id is not None:
            numbering.abstract_of[num_id] = abstract_id.get(VAL, "")
        for override in num.iterfind(_W + "lvlOverride"):
            start = override.find(_W + "startOverride")
            if start is not None and start.get(VAL, "").isdigit():
                numbering.overrides.setdefault(num_id, {})[int(override.get(_W + "ilvl", "0"))] = (
                    int(start.get(VAL))
                )
    return numbering


class _Reader:
    """One pass over a document body, in reading order."""

    def __init__(self, styles: dict[str, _Style], numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.default_style = next(
            (sid for sid, s in styles.items() if s.name.lower() == "normal"), ""
        )

    # -- text of one paragraph --------------------------------------------------------------

    def _inline(self, parent: Any, out: list[str], boxes: list[Any], tags: list[str]) -> bool:
        """Append the text under ``parent``; return True when every run with text is bold."""
        all_bold = True
        for child in parent:
            tag = child.tag
            if tag == RUN:
                run_bold: bool | None = None
                texts = []
                for part in child:
                    ptag = part.tag
                    if ptag == T:
                        texts.append(part.text or "")
                    elif ptag == TAB:
                        texts.append("\t")
                    elif ptag == BR:
                        if part.get(_W + "type", "textWrapping") == "textWrapping":
                            texts.append("\n")
                    elif ptag == CR:
                        texts.append("\n")
                    elif ptag == _W + "noBreakHyphen":
                        texts.append("-")
                    elif ptag == RPR:
                        b = part.find(_W + "b")
                        if b is not None:
                            run_bold = _on(b)
                        elif (rstyle := part.find(_W + "rStyle")) is not None:
                            run_bold = self.styles.get(rstyle.get(VAL, ""), _Style()).bold
                    elif ptag == ALT:
                        choice = part.find(CHOICE)
                        if choice is not None:
                            boxes.extend(choice.iter(TXBX))
                    elif ptag in (_W + "drawing", _W + "pict", _W + "object"):
                        boxes.extend(part.iter(TXBX))
                text = "".join(texts)
                if text.strip():
                    out.append(text)
                    if run_bold is False or (run_bold is None and not self._paragraph_bold):
                        all_bold = False
                elif text:
                    out.append(text)
            elif tag in _TRANSPARENT:
                all_bold &= self._inline(child, out, boxes, tags)
            elif tag == SDT:
                tags.append(_sdt_tag(child))
                content = child.find(SDT_CONTENT)
                if content is not None:
                    all_bold &= self._inline(content, out, boxes, tags)
            elif tag == ALT:
                choice = child.find(CHOICE)
                if choice is not None:
                    all_bold &= self._inline(choice, out, boxes, tags)
        return all_bold

    _paragraph_bold = False

    #: Set when the body has moved text (w:moveFrom holds w:t): every paragraph is walked.
    careful = False

    def paragraph_text(self, p: Any) -> tuple[str, bool, list[Any], list[str]]:
        """(text, every run bold, text boxes inside, content control tags) of a paragraph."""
        if not self.careful:
            # The common case, walked in C: deleted text is w:delText, never w:t.
            parts = []
            tags: list[str] = []
            for element in p.iter(T, TAB, BR, CR, TAG, TXBX, ALT, _W + "noBreakHyphen"):
                tag = element.tag
                if tag == T:
                    parts.append(element.text or "")
                elif tag == TAB:
                    if element.getparent().tag == RUN:
                        parts.append("\t")
                elif tag == BR:
                    if element.get(_W + "type", "textWrapping") == "textWrapping":
                        parts.append("\n")
                elif tag == CR:
                    parts.append("\n")
                elif tag == TAG:
                    tags.append(element.get(VAL, ""))
                elif tag in (TXBX, ALT):
                    break  # a text box: walk the paragraph carefully
                else:
                    parts.append("-")
            else:
                return "".join(parts), _LAZY_BOLD, [], tags
        out: list[str] = []
        boxes: list[Any] = []
        tags = []
        bold = self._inline(p, out, boxes, tags)
        return "".join(out), bold, boxes, tags

    def all_bold(self, p: Any) -> bool:
        """Every run with text in the paragraph is bold (directly, or by its styles)."""
        for run in p.iter(RUN):
            if not any((t.text or "").strip() for t in run.iter(T)):
                continue
            rpr = run.find(RPR)
            run_bold: bool | None = None
            if rpr is not None:
                b = rpr.find(_W + "b")
                if b is not None:
                    run_bold = _on(b)
                elif (rstyle := rpr.find(_W + "rStyle")) is not None:
                    run_bold = self.styles.get(rstyle.get(VAL, ""), _Style()).bold
            if run_bold is False or (run_bold is None and not self._paragraph_bold):
                return False
        return True

    # -- blocks -----------------------------------------------------------------------------

    def body(self, parent: Any, tag: str = "") -> None:
        for child in parent:
            ctag = child.tag
            if ctag == P:
                self.paragraph(child, tag)
            elif ctag == TBL:
                self.table(child)
            elif ctag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.body(content, _sdt_tag(child) or tag)
            elif ctag in (INS, MOVE_TO, _W + "customXml"):
                self.body(child, tag)
            elif ctag == ALT:
                choice = child.find(CHOICE)
                if choice is not None:
                    self.body(choice, tag)

    def paragraph(self, p: Any, sdt_tag: str = "", where: str = "") -> None:
        self.paragraphs += 1
        style_id = self.default_style
        outline: int | None = None
        num: tuple[str, int] | None = None
        direct_bold: bool | None = None
        first = p[0] if len(p) else None
        if first is not None and first.tag == PPR:
            for prop in first:  # one pass over the paragraph's properties
                ptag = prop.tag
                if ptag == PSTYLE:
                    style_id = prop.get(VAL, style_id)
                elif ptag == OUTLINE_LVL:
                    value = prop.get(VAL, "")
                    if value.isdigit():
                        outline = int(value)
                elif ptag == NUM_PR:
                    num_id = "0"
                    ilvl = 0
                    for part in prop:
                        if part.tag == NUM_ID:
                            num_id = part.get(VAL, "0")
                        elif part.tag == ILVL and part.get(VAL, "0").isdigit():
                            ilvl = int(part.get(VAL, "0"))
                    num = (num_id, ilvl)
                elif ptag == RPR:
                    b = prop.find(_W + "b")
                    if b is not None:
                        direct_bold = _on(b)
        style = self.styles.get(style_id, _Style(name=style_id))
        if outline is None:
            outline = style.outline
        if num is None:
            num = style.num
        self._paragraph_bold = bool(style.bold)
        text, all_bold, boxes, tags = self.paragraph_text(p)
        location = where or f"paragraph {self.paragraphs}"
        label, bullet = ("", False)
        if num is not None and num[0] != "0":
            label, bullet = self.numbering.next_label(num[0], num[1])
        stripped = text.strip()
        if stripped:
            kind: BlockKind = "paragraph"
            level = 0
            name = style.name
            heading = _HEADING_STYLE.match(name)
            if name.lower() in ("title",):
                kind = "title"
            elif heading:
                kind, level = "heading", int(heading.group(1))
            elif outline is not None and outline < 9:
                kind, level = "heading", outline + 1
            elif bullet or name.lower().startswith("list"):
                kind = "list-item"
            if label and not MANUAL_NUMBER.match(stripped):
                stripped = f"{label} {stripped}"
            ptk_style = name in _PTK_STYLES
            bold = (
                kind in ("paragraph", "list-item")
                and not ptk_style
                and looks_like_heading(stripped, loose=True)
                and bool(direct_bold or (self.all_bold(p) if all_bold is _LAZY_BOLD else all_bold))
            )
            if (
                kind in ("paragraph", "list-item")
                and not ptk_style
                and (
                    bold
                    or (label and not bullet and looks_like_heading(stripped, loose=False))
                    or (
                        kind == "paragraph"
                        and MANUAL_NUMBER.match(stripped)
                        and looks_like_heading(stripped, loose=False)
                    )
                )
            ):
                kind, level = "heading", number_depth(stripped)
            the_tag = next((t for t in tags if t), sdt_tag)
            self.blocks.append(Block(stripped, kind, level, name, location, tag=the_tag, bold=bold))
        for box in boxes:
            for child in box:
                if child.tag == P:
                    self.paragraph(child, "", f"text box in paragraph {self.paragraphs}")
                elif child.tag == TBL:
                    self.table(child)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        number = self.tables
        for row_number, row in enumerate(_rows(tbl), start=1):
            cells: list[str] = []
            cell_tags: list[str] = []
            for cell, cell_tag in _cells(row):
                texts: list[str] = []
                inner_tags: list[str] = []
                self._cell_text(cell, texts, inner_tags)
                cells.append("\n".join(t for t in texts if t.strip()).strip())
                cell_tags.append(cell_tag or next((t for t in inner_tags if t), ""))
            if any(cells):
                self.blocks.append(
                    Block(
                        "\t".join(cells),
                        "table-row",
                        location=f"table {number} row {row_number}",
                        cells=tuple(cells),
                        cell_tags=tuple(cell_tags),
                        table=number,
                    )
                )

    def _cell_text(self, parent: Any, texts: list[str], tags: list[str]) -> None:
        for child in parent:
            if child.tag == P:
                # Counted as the template linter counts: every paragraph, those in tables too.
                self.paragraphs += 1
                self._paragraph_bold = False
                text, _, boxes, ptags = self.paragraph_text(child)
                texts.append(text)
                tags.extend(ptags)
                for box in boxes:
                    self._cell_text(box, texts, tags)
            elif child.tag == TBL:
                for row in _rows(child):
                    for cell, _ in _cells(row):
                        self._cell_text(cell, texts, tags)
            elif child.tag == SDT:
                tags.append(_sdt_tag(child))
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._cell_text(content, texts, tags)
            elif child.tag in (INS, MOVE_TO, _W + "customXml"):
                self._cell_text(child, texts, tags)


def _rows(tbl: Any) -> list[Any]:
    rows: list[Any] = []
    for child in tbl:
        if child.tag == TR:
            rows.append(child)
        elif child.tag in (SDT, _W + "customXml", INS):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                rows.extend(_rows(content))
    return rows


def _cells(row: Any) -> list[tuple[Any, str]]:
    cells: list[tuple[Any, str]] = []
    trpr = row.find(_W + "trPr")
    if trpr is not None and trpr.find(DEL) is not None:
        return cells  # a deleted row (tracked change)
    for child in row:
        if child.tag == TC:
            cells.append((child, ""))
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                cells.extend((cell, _sdt_tag(child)) for cell in content.iterfind(TC))
    return cells


def _sdt_tag(sdt: Any) -> str:
    pr = sdt.find(SDT_PR)
    if pr is None:
        return ""
    tag = pr.find(_W + "tag")
    return tag.get(VAL, "") if tag is not None else ""


def read_docx(path: Path, limits: Limits) -> ExtractedDocument:
    with deadline(limits.max_seconds, path.name):
        package = DocxPackage(path, limits)
        try:
            result = _read(package, path)
        except DocumentError:
            raise
        except RecursionError:
            raise LimitExceededError(f"{path.name} is nested too deeply to read") from None
        except Exception as error:  # a broken part: say which file, never a traceback
            raise DocumentError(f"{path.name} cannot be read as a Word document: {error}") from None
        finally:
            package.close()
    result.warnings[:0] = package.warnings
    return result


def _first(package: DocxPackage, kind: str) -> Any:
    names = package.related(kind)
    return package.xml(names[0]) if names else None


def _read(package: DocxPackage, path: Path) -> ExtractedDocument:
    document = package.xml(package.main)
    body = document.find(_W + "body") if document is not None else None
    if body is None:
        raise DocumentError(f"{path.name} is not a Word document (.docx): it has no body")
    comments_root = _first(package, "comments")
    comments = len(comments_root.findall(_W + "comment")) if comments_root is not None else 0
    first_page_parts: set[str] = set()
    repeated_parts: set[str] = set()
    for sect in body.iter(_W + "sectPr"):
        title_page = _on(sect.find(_W + "titlePg"))
        for ref in list(sect.iterfind(_W + "headerReference")) + list(
            sect.iterfind(_W + "footerReference")
        ):
            rid = ref.get("{" + R + "}id", "")
            if ref.get(_W + "type", "default") == "first":
                if title_page:
                    first_page_parts.add(rid)
            else:
                repeated_parts.add(rid)
    headers: list[tuple[Any, str]] = []
    for rid in sorted(first_page_parts | repeated_parts):
        if rid in package.rels:
            root = package.xml(package.rels[rid][1])
            if root is not None:
                headers.append((root, "repeated" if rid in repeated_parts else "first"))

    reader = _Reader(
        _read_styles(_first(package, "styles")), _read_numbering(_first(package, "numbering"))
    )
    reader.careful = next(body.iter(MOVE_FROM), None) is not None
    reader.body(body)
    result = ExtractedDocument(str(path), "docx", reader.blocks, comments=comments)

    first_blocks: list[Block] = []
    for root, kind in headers:
        texts: list[str] = []
        for p in root.iter(P):
            text = reader.paragraph_text(p)[0].strip()
            if text:
                texts.append(text)
        if kind == "repeated":
            result.furniture.extend(t for t in texts if t not in result.furniture)
        else:
            first_blocks.extend(Block(t, "paragraph", location="first page header") for t in texts)
    result.blocks[:0] = first_blocks
    if comments:
        result.warnings.append(
            f"{comments} comment{'s' if comments != 1 else ''} in the document "
            "(read the comments in Word: they are not part of any answer)"
        )
    result.embedded = read_docx_envelope(package)
    return result
