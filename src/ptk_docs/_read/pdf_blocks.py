"""The text of a PDF as blocks: lines re-joined across wraps and pages, page furniture removed."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptk_docs._io.envelope import read_pdf_envelope
from ptk_docs._io.limits import Limits
from ptk_docs._io.pdf import TextRun, no_text_layer, pdf_guard, read_pdf_text
from ptk_docs._read.blocks import (
    Block,
    BlockKind,
    ExtractedDocument,
    looks_like_heading,
    number_depth,
)

_BULLET = re.compile(r"^\s*(?:[\uf0a7\uf0b7\uf0d8\uf076•●▪■◦‣∙]\s*|[·\-–*o]\s+)")

# A list number set off by a tab ("1.0", "2.", "(a)", "iv)"): part of its line, not a table cell.
_LIST_LABEL = re.compile(r"\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]?", re.I)

_DOTTED_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]\d*\s|^\d{1,2}\.\d{1,2}\s")

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)

_SENTENCE_END = (".", "?", "!", ":", ";")


def read_pdf(path: Path, limits: Limits) -> ExtractedDocument:
    noticed: list[str] = []
    # Text runs from PDFium, after pypdf's checks, all under the same deadline and limits.
    pdf = read_pdf_text(path, limits, warnings=noticed, require_text=False)
    result = ExtractedDocument(str(path), "pdf")
    with pdf_guard(path.name, limits, noticed):  # pypdf reads lazily: bound this too
        result.embedded = read_pdf_envelope(pdf.reader)
        result.form_fields = _form_fields(pdf.reader)
    if not pdf.has_text() and result.embedded is None:
        # ptk's own PDF carries its record: a page with no text does not stop it being read.
        raise no_text_layer(path.name)
    result.warnings.extend(noticed)
    pages_lines = [_lines(_fragments(runs)) for runs in pdf.pages]
    furniture = _furniture([[(line.text, line.y) for line in lines] for lines in pages_lines])
    result.furniture = sorted(furniture)
    result.blocks = _blocks(pages_lines, furniture)
    return result


def _fragments(runs: list[TextRun]) -> list[_Fragment]:
    fragments: list[_Fragment] = []
    for run in runs:
        bold = any(w in run.font for w in ("Bold", "Black", "Heavy", "Semibold"))
        # A run may hold two lines (a text object with a line break in it).
        for index, part in enumerate(run.text.splitlines()):
            if part.strip():
                y = run.y - index * run.size * 1.2
                fragments.append(_Fragment(run.x, y, part, run.size, bold))
    return fragments


@dataclass
class _Fragment:
    x: float
    y: float
    text: str
    size: float
    bold: bool


@dataclass
class _Line:
    """Text on one baseline; ``cells`` are the runs of it separated by wide gaps (table cells)."""

    y: float
    x: float
    cells: list[_Fragment]
    size: float
    bold: bool
    bullet: bool = False
    #: The fragments as drawn, left to right (a table splits them at its column edges).
    parts: tuple[_Fragment, ...] = ()

    @property
    def text_x(self) -> float:
        """Where the words start: after the bullet of a list item."""
        if self.bullet and len(self.parts) > 1 and _BULLET.fullmatch(self.parts[0].text + " "):
            return self.parts[1].x
        return self.x

    @property
    def text(self) -> str:
        return " ".join(" ".join(c.text.split()) for c in self.cells).strip()


def _bold(row: list[_Fragment]) -> bool:
    """Every fragment with text is bold (a list number before a bold heading is not asked)."""
    texts = [f for f in row if f.text.strip()]
    words = [f for f in texts if not _LIST_LABEL.fullmatch(f.text.strip())] or texts
    return all(f.bold for f in words)


def _by_column(parts: tuple[_Fragment, ...], column_of: Any) -> list[_Fragment]:
    """The fragments of a line joined within each table column."""
    cells: list[_Fragment] = []
    last: int | None = -1
    for part in parts:
        column = column_of(part.x)
        if cells and column == last:
            previous = cells[-1]
            joiner = "" if previous.text.endswith(" ") else " "
            cells[-1] = _Fragment(
                previous.x, previous.y, previous.text + joiner + part.text, previous.size,
                previous.bold and part.bold,
            )  # fmt: skip
        else:
            cells.append(part)
        last = column
    return cells


def _width(fragment: _Fragment) -> float:
    return len(fragment.text) * fragment.size * 0.5


def _lines(fragments: list[_Fragment]) -> list[_Line]:
    """Fragments in content order grouped into lines; wide gaps split a line into cells."""
    rows: list[list[_Fragment]] = []
    for fragment in fragments:
        if rows and abs(rows[-1][-1].y - fragment.y) < max(1.5, fragment.size * 0.2):
            rows[-1].append(fragment)
        else:
            rows.append([fragment])
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda f: f.x)
        cells: list[_Fragment] = []
        for fragment in row:
            if cells:
                last = cells[-1]
                gap = fragment.x - (last.x + _width(last))
                if (
                    gap < 1.5 * max(last.size, 1.0)
                    or _BULLET.fullmatch(last.text.strip() + " ")
                    or (len(cells) == 1 and _LIST_LABEL.fullmatch(last.text.strip()))
                ):
                    joiner = "" if last.text.endswith(" ") or not last.text.strip() else " "
                    cells[-1] = _Fragment(
                        last.x, last.y, last.text + joiner + fragment.text, last.size,
                        last.bold and fragment.bold,
                    )  # fmt: skip
                    continue
            cells.append(
                _Fragment(fragment.x, fragment.y, fragment.text, fragment.size, fragment.bold)
            )
        text = cells[0].text.strip()
        bullet = bool(_BULLET.match(text))
        if bullet:
            cells[0] = _Fragment(
                cells[0].x, cells[0].y, _BULLET.sub("", text, count=1), cells[0].size, cells[0].bold
            )
        lines.append(
            _Line(
                row[0].y,
                cells[0].x,
                cells,
                max(f.size for f in row),
                _bold(row),
                bullet,
                tuple(row),
            )
        )
    return lines


def _form_fields(reader: Any) -> dict[str, str]:
    try:
        fields = reader.get_form_text_fields() or {}
    except Exception:
        return {}
    return {str(k): str(v) for k, v in fields.items() if v not in (None, "")}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _furniture(pages: list[list[tuple[str, float]]]) -> set[str]:
    """Line shapes repeated at the top or bottom of most pages, at the same height (running
    headers, page numbers); a short answer ("Yes") that falls at a page's foot is not one."""
    if len(pages) < 2:
        return {
            _shape(line)
            for page in pages
            for line, _ in (page[:1] + page[-1:])
            if _PAGE_NUMBER.match(line)
        }
    edges: Counter[tuple[str, int]] = Counter()
    body: set[str] = set()
    for page in pages:
        lines = [(line, y) for line, y in page if line]
        seen = {(_shape(line), round(y / 4)) for line, y in lines[:3] + lines[-3:]}
        edges.update(seen)
        body.update(_shape(line) for line, _ in lines[3:-3])
    threshold = max(2, (len(pages) * 6 + 9) // 10)
    # Furniture repeats at the same height on most pages. A line that also stands in the
    # middle of a page is text: a short answer such as "Yes" can fall near the top or bottom
    # of most pages of a form.
    repeated = {shape for (shape, _), n in edges.items() if n >= threshold and shape not in body}
    for page in pages:
        texts = [line for line, _ in page if line]
        for text in texts[:1] + texts[-1:]:
            if _PAGE_NUMBER.match(text):
                repeated.add(_shape(text))
    return repeated


def _blocks(pages: list[list[_Line]], furniture: set[str]) -> list[Block]:
    """Lines re-joined into paragraphs, list items, headings and table rows."""
    body = [line for page in pages for line in page]
    sizes = Counter(round(line.size) for line in body)
    body_size = sizes.most_common(1)[0][0] if sizes else 11
    gaps = Counter(
        round(a.y - b.y)
        for page in pages
        for a, b in itertools.pairwise(page)
        if 0 < a.y - b.y < body_size * 2.5
    )
    pitch = min((g for g, n in gaps.items() if n >= 2), default=body_size * 1.3)
    pitch = max(pitch, body_size)

    blocks: list[Block] = []
    current: list[str] = []
    current_kind: BlockKind = "paragraph"
    where = "page 1"
    previous: _Line | None = None
    #: Where the words of the current list item start: its wrapped lines start there too.
    item_x = 0.0
    table: list[float] | None = None
    table_count = 0
    row_count = 0
    row: list[list[str]] = []
    last_column = -1
    row_bottom = 0.0
    header: tuple[str, ...] = ()

    def flush() -> None:
        nonlocal current
        if current:
            text = " ".join(current).strip()
            kind = current_kind
            if kind == "heading" and len(current) > 1 and not looks_like_heading(text, loose=True):
                kind = "paragraph"  # a bold sentence that wrapped, not a heading
            if text:
                blocks.append(
                    Block(text, kind, number_depth(text) if kind == "heading" else 0, "", where)
                )
        current = []

    def flush_row() -> None:
        nonlocal row, row_count, header
        if row and any(any(c) for c in row):
            cells = tuple(" ".join(" ".join(part.split()) for part in c).strip() for c in row)
            if row_count == 0:
                header = cells
            elif cells == header:
                row = []
                return  # the header row repeated at the top of a new page
            row_count += 1
            blocks.append(
                Block(
                    "\t".join(cells),
                    "table-row",
                    location=f"table {table_count} row {row_count}",
                    cells=cells,
                    table=table_count,
                )
            )
        row = []

    def column_of(x: float) -> int | None:
        assert table is not None
        for index, start in enumerate(table):
            end = table[index + 1] if index + 1 < len(table) else 10_000.0
            if start - 3 <= x < end - 3:
                return index
        return None

    for page_number, page in enumerate(pages, start=1):
        lines = page
        edge = set(range(min(3, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))
        new_page = True
        for index, line in enumerate(lines):
            text = line.text
            if not text or (index in edge and _shape(text) in furniture):
                continue
            gap = (previous.y - line.y) if previous is not None and not new_page else pitch
            # -- inside a table: cells in content order, a row ends when a column repeats ----
            if table is not None:
                if row_count == 0 and row:
                    # The header row may wrap onto more lines and show further columns.
                    for cell in line.cells:
                        if cell.x > table[-1] + 3 and all(abs(cell.x - x) > 3 for x in table):
                            table.append(cell.x)
                            row.append([])
                cells = _by_column(line.parts, column_of)
                columns = [column_of(c.x) for c in cells]
                fits = all(
                    col is not None
                    and (col + 1 >= len(table) or c.x + _width(c) <= table[col + 1] + 2 * c.size)
                    for col, c in zip(columns, cells, strict=True)
                )
                below = row_bottom - line.y
                # Rows set tall for a pen (signatures at least 1.5 cm) leave a wider gap; a
                # line that starts in the table's first column and fits its columns still
                # continues it.
                near = below < pitch * 1.8 or (columns[:1] == [0] and below < pitch * 4.5)
                if fits and (new_page or near):
                    first = columns[0] or 0
                    if row and first < last_column and not (new_page and first > 0):
                        flush_row()
                    if not row:
                        row = [[] for _ in table]
                        row_bottom = line.y
                    for col, cell in zip(columns, cells, strict=True):
                        row[col or 0].append(cell.text)
                    last_column = columns[-1] or 0
                    row_bottom = min(row_bottom, line.y) if not new_page else line.y
                    previous, new_page = line, False
                    continue
                flush_row()
                table = None
            if len(line.cells) >= 2 and not line.bullet:
                flush()
                table = [c.x for c in line.cells]
                table_count += 1
                row_count = 0
                header = ()
                row = [[c.text] for c in line.cells]
                last_column = len(table) - 1
                row_bottom = line.y
                previous, new_page = line, False
                continue
            # -- running text ------------------------------------------------------------------
            heading = (
                line.size >= body_size * 1.15
                or (line.bold and looks_like_heading(text, loose=True))
                or (
                    _DOTTED_NUMBER.match(text) is not None and looks_like_heading(text, loose=False)
                )
            )
            continues = (
                current
                and previous is not None
                and gap <= max(pitch, previous.size * 1.2) * 1.35
                and not line.bullet
                and line.bold == previous.bold
                and abs(line.size - previous.size) < 0.5
                and (current_kind == "heading" or not heading)
                # A paragraph typed below a list item starts left of the item's words.
                and (current_kind != "list-item" or line.x >= item_x - 2)
                # A question or heading at the foot of a page does not run on to the next.
                and not (new_page and previous.bold)
            )
            if continues:
                current.append(text)
            else:
                flush()
                where = f"page {page_number}"
                if heading and not line.bullet:
                    current_kind = "heading"
                elif line.bullet:
                    current_kind = "list-item"
                    item_x = line.text_x
                else:
                    current_kind = "paragraph"
                current = [text]
            previous, new_page = line, False
    flush()
    flush_row()
    _mark_title(blocks)
    return blocks


def _mark_title(blocks: list[Block]) -> None:
    """The first heading, when nothing but headings comes before it, is the document's title."""
    for index, block in enumerate(blocks[:3]):
        if block.kind == "heading":
            if not block.text[:1].isdigit():
                blocks[index] = Block(block.text, "title", 0, "", block.location)
            return
