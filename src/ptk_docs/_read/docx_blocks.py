"""The body of a .docx as blocks: tracked changes resolved, Word's numbering written back in.

The parts are walked in C: ``docx_events.xsl`` turns the body, each header and footer, the styles
and the list definitions into flat streams of events (a paragraph with its properties and text;
a table's rows and cells; a content control or text box opening and closing; a style; a list
level), and :class:`_Reader` makes blocks of them in one pass over a string.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

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

_W = "{" + W + "}"

PPR, RPR, VAL = _W + "pPr", _W + "rPr", _W + "val"

_FALSE = {"0", "false", "off", "none"}


# ptk's own paragraph styles: a bold "Question" is a question, never a heading.
_PTK_STYLES = {QUESTION_STYLE, GUIDANCE_STYLE}

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


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


def _read_styles(events: str) -> dict[str, _Style]:
    """The styles of styles.xml (its event stream), with what they inherit worked out."""
    styles: dict[str, _Style] = {}
    for event in events.split(_EVENT)[1:]:
        style_id, name, based_on, outline, num, bold = event[2:].split(_FIELD)
        style = _Style(name, based_on)
        if outline.isdecimal():
            style.outline = int(outline)
        if num:
            num_id, _, ilvl = num.partition(_ITEM)
            style.num = (num_id, int(ilvl) if ilvl.isdecimal() else 0)
        if bold:
            style.bold = bold.lower() not in _FALSE
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


def _read_numbering(events: str) -> _Numbering:
    """The list definitions of numbering.xml (its event stream)."""
    numbering = _Numbering()
    levels: dict[int, _Level] = {}
    num_id = ""
    for event in events.split(_EVENT)[1:]:
        code, fields = event[0], event[2:].split(_FIELD)
        if code == "A":
            levels = numbering.levels[fields[0]] = {}
        elif code == "L":
            ilvl, fmt, text, start = fields
            levels[int(ilvl) if ilvl.isdecimal() else 0] = _Level(
                fmt, text, int(start) if start.isdecimal() else 1
            )
        elif code == "N":
            num_id, abstract = fields
            numbering.abstract_of[num_id] = abstract
        elif code == "O" and fields[1].isdecimal():
            level = int(fields[0]) if fields[0].isdecimal() else 0
            numbering.overrides.setdefault(num_id, {})[level] = int(fields[1])
    return numbering


@dataclass
class _ParagraphStyle:
    """What a paragraph style says about its paragraphs, worked out once per style."""

    style: _Style
    kind: BlockKind
    level: int
    #: One of ptk's own styles: a bold "Question" is a question, never a heading.
    ptk: bool
    #: A list style ("List Bullet", "List Paragraph").
    listed: bool


class _Reader:
    """Blocks from the event stream of a body (see ``docx_events.xsl``), in reading order."""

    def __init__(self, styles: dict[str, _Style], numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.default_style = next(
            (sid for sid, s in styles.items() if s.name.lower() == "normal"), ""
        )
        self._paragraph_styles: dict[str, _ParagraphStyle] = {}

    def read(self, events: str) -> None:
        tags = [""]  # the tag of each block content control we are in (inherited inward)
        boxes: list[str] = []  # "text box in paragraph N" for each text box we are in
        depth = 0  # cells open: inside one, paragraphs and nested tables are the cell's text
        texts: list[str] = []
        inner_tags: list[str] = []
        cell_tag = ""
        cells: list[str] = []
        cell_tags: list[str] = []
        table = row = 0
        for event in events.split(_EVENT)[1:]:
            code = event[0]
            if code == "P":
                self.paragraphs += 1
                properties, _, marked = event[2:].partition(_FIELD)
                if depth:
                    texts.append(_text(marked))
                    inner_tags.append(_first_tag(marked))
                else:
                    self.paragraph(properties, marked, tags[-1], boxes[-1] if boxes else "")
            elif code == "S":
                tag = _unescaped(event[2:])
                if depth:
                    inner_tags.append(tag)
                tags.append(tag or tags[-1])
            elif code == "s":
                tags.pop()
            elif code == "B":
                boxes.append(f"text box in paragraph {self.paragraphs}")
                tags.append("")
            elif code == "b":
                boxes.pop()
                tags.pop()
            elif code == "C":
                depth += 1
                if depth == 1:
                    texts, inner_tags, cell_tag = [], [], _unescaped(event[2:])
            elif code == "c":
                depth -= 1
                if depth == 0:
                    cells.append("\n".join(t for t in texts if t.strip()).strip())
                    cell_tags.append(cell_tag or next((t for t in inner_tags if t), ""))
            elif depth:
                continue  # a table inside a cell: its text is the cell's
            elif code == "T":
                self.tables += 1
                table, row = self.tables, 0
            elif code == "R":
                row += 1
                cells, cell_tags = [], []
            elif code == "r" and any(cells):
                self.blocks.append(
                    Block(
                        "\t".join(cells),
                        "table-row",
                        location=f"table {table} row {row}",
                        cells=tuple(cells),
                        cell_tags=tuple(cell_tags),
                        table=table,
                    )
                )

    def paragraph_style(self, style_id: str) -> _ParagraphStyle:
        found = self._paragraph_styles.get(style_id)
        if found is None:
            style = self.styles.get(style_id or self.default_style) or _Style(name=style_id)
            name = style.name.lower()
            heading = _HEADING_STYLE.match(name)
            kind: BlockKind = "paragraph"
            level = 0
            if name == "title":
                kind = "title"
            elif heading:
                kind, level = "heading", int(heading.group(1))
            found = _ParagraphStyle(
                style, kind, level, style.name in _PTK_STYLES, name.startswith("list")
            )
            self._paragraph_styles[style_id] = found
        return found

    def paragraph(self, properties: str, marked: str, sdt_tag: str, box: str) -> None:
        style_id = outline_value = num_id = ilvl = direct = ""
        for item in properties.split(_ITEM)[:-1]:
            code = item[0]
            if code == "s":
                style_id = item[1:]
            elif code == "o":
                outline_value = item[1:]
            elif code == "n":
                num_id = item[1:]
            elif code == "l":
                ilvl = item[1:]
            elif code == "b":
                direct = item[1:]
        info = self.paragraph_style(style_id)
        style = info.style
        num = (num_id, int(ilvl) if ilvl.isdecimal() else 0) if num_id else style.num
        label, bullet = ("", False)
        if num is not None and num[0] != "0":
            label, bullet = self.numbering.next_label(num[0], num[1])
        stripped = _text(marked).strip()
        if not stripped:
            return
        kind, level = info.kind, info.level
        if kind == "paragraph":
            outline = int(outline_value) if outline_value.isdecimal() else style.outline
            if outline is not None and outline < 9:
                kind, level = "heading", outline + 1
            elif bullet or info.listed:
                kind = "list-item"
        if label and not MANUAL_NUMBER.match(stripped):
            stripped = f"{label} {stripped}"
        bold = False
        if kind != "heading" and kind != "title" and not info.ptk:
            bold = looks_like_heading(stripped, loose=True) and (
                (direct != "" and direct.lower() not in _FALSE) or self._all_bold(marked, style)
            )
            if (
                bold
                or (label and not bullet and looks_like_heading(stripped, loose=False))
                or (
                    kind == "paragraph"
                    and MANUAL_NUMBER.match(stripped)
                    and looks_like_heading(stripped, loose=False)
                )
            ):
                kind, level = "heading", number_depth(stripped)
        self.blocks.append(
            Block(
                stripped,
                kind,
                level,
                style.name,
                box or f"paragraph {self.paragraphs}",
                tag=_first_tag(marked) or sdt_tag,
                bold=bold,
            )
        )

    def _all_bold(self, marked: str, style: _Style) -> bool:
        """Every run with text is bold: by its own w:b, else its character style, else the
        paragraph's style. ``marked`` is the paragraph's text with each run's mark before it."""
        if _TAG in marked:
            marked = _TAGS.sub("", marked)
        for run in marked.split(_RUN)[1:]:
            code, _, text = run.partition(_MARK_END)
            if not text.strip():
                continue
            bold: bool | None = None
            if code[:1] == "b":
                bold = code[1:].lower() not in _FALSE
            elif code[:1] == "s":
                bold = self.styles[code[1:]].bold if code[1:] in self.styles else None
            if bold is False or (bold is None and not style.bold):
                return False
        return True


#: The separators of the event stream (see ``docx_events.xsl``): before each event, before each
#: field, after an item of a field; in a paragraph's text, the start of the mark before a run's
#: text and the start of a content control's tag, and the end of either.
_EVENT, _FIELD, _ITEM = "\ue000", "\ue001", "\ue002"

_RUN, _TAG, _MARK_END = "\ue003", "\ue005", "\ue004"

_MARKS = re.compile("[\ue003\ue005][^\ue004]*\ue004")

_TAGS = re.compile("\ue005([^\ue004]+)\ue004")

#: In a part that holds the separators as text, each (and the escape itself) is written as the
#: escape and a letter ("a" for U+E000), and written back in the blocks' text.
_ESCAPE = "\ue006"

_ESCAPED = re.compile("[\ue000-\ue006]")

_UNESCAPE = re.compile("\ue006([a-g])")


def _unescaped(text: str) -> str:
    """``text`` with the separators escaped in it (see ``_escaped_copy``) written back."""
    if _ESCAPE not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1)) - ord("a")), text)


def _text(marked: str) -> str:
    """A paragraph's text: its marked text without the marks, escaped separators written back."""
    return _unescaped(_MARKS.sub("", marked))


def _first_tag(marked: str) -> str:
    """The tag of the first content control in a paragraph's marked text, or ""."""
    if _TAG not in marked:
        return ""
    found = _TAGS.search(marked)
    return _unescaped(found.group(1)) if found else ""


_TRANSFORMS = threading.local()


def _events(package: DocxPackage, name: str) -> str:
    """A part (the document, a header or a footer) as its event stream (``docx_events.xsl``)."""
    root = package.xml(name)
    raw = package.blobs.get(name)
    if raw is None or b"\x00" in raw[:4] or b"\xee\x80" in raw or b"&#" in raw:
        # The part may hold the stream's separators as text: escape them first, in a copy (the
        # package's tree is shared, and a part may be read twice). Rare: they are private-use
        # characters, and Word writes UTF-8 rather than character references.
        root = _escaped_copy(root)
    transform = getattr(_TRANSFORMS, "docx_events", None)
    if transform is None:
        # One compiled stylesheet per thread (libxslt's objects are not shared across threads).
        stylesheet = etree.fromstring(
            resources.files(__package__).joinpath("docx_events.xsl").read_bytes()
        )
        transform = etree.XSLT(stylesheet, access_control=etree.XSLTAccessControl.DENY_ALL)
        _TRANSFORMS.docx_events = transform
    try:
        return str(transform(root))
    except etree.XSLTApplyError as error:
        raise LimitExceededError(f"{package.path.name} is too complex to read ({error})") from None


def _escaped_copy(root: Any) -> Any:
    def escaped(text: str) -> str:
        return _ESCAPED.sub(lambda m: _ESCAPE + chr(ord("a") + ord(m.group()) - 0xE000), text)

    root = copy.deepcopy(root)
    for element in root.iter():
        if element.text and _ESCAPED.search(element.text):
            element.text = escaped(element.text)
        if element.tail and _ESCAPED.search(element.tail):
            element.tail = escaped(element.tail)
        for key, value in element.attrib.items():
            if _ESCAPED.search(value):
                element.set(key, escaped(value))
    return root


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


def _part_events(package: DocxPackage, kind: str) -> str:
    """The event stream of the part the document relates to as ``kind``, or "" when none."""
    names = package.related(kind)
    return _events(package, names[0]) if names and package.xml(names[0]) is not None else ""


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
    headers: list[tuple[str, str]] = []
    for rid in sorted(first_page_parts | repeated_parts):
        if rid in package.rels and package.xml(package.rels[rid][1]) is not None:
            headers.append((package.rels[rid][1], "repeated" if rid in repeated_parts else "first"))

    reader = _Reader(
        _read_styles(_part_events(package, "styles")),
        _read_numbering(_part_events(package, "numbering")),
    )
    reader.read(_events(package, package.main))
    result = ExtractedDocument(str(path), "docx", reader.blocks, comments=comments)

    first_blocks: list[Block] = []
    for part, kind in headers:
        texts = [
            text
            for event in _events(package, part).split(_EVENT)[1:]
            if (text := _text(event[2:]).strip())
        ]
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
