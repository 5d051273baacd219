"""Any .docx or .pdf as an ordered list of text blocks with headings marked: the reader's view.

Used by the parser (ptk's own documents read by structure, and agreements in the council's own
words) and by the assessment of existing documents. Resolves tracked changes, keeps text in
tables, text boxes, headers and footers, and drops headers and footers repeated on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["Block", "ExtractedDocument", "extract"]

BlockKind = Literal["title", "heading", "paragraph", "list-item", "table-row"]


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table row of a document, in reading order."""

    text: str
    kind: BlockKind
    #: Heading level (1 for the top level) for headings, else 0.
    level: int = 0
    #: The paragraph style name where the format has one ("Heading 1", "List Paragraph", ...).
    style: str = ""
    #: Where it is, for an officer: "paragraph 12", "table 2 row 3", "page 4".
    location: str = ""
    #: For table rows: the cell texts.
    cells: tuple[str, ...] = ()


@dataclass
class ExtractedDocument:
    """The text of a document as blocks, plus what was noticed on the way."""

    source: str
    format: Literal["docx", "pdf"]
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comments: int = 0


def extract(path: str | Path) -> ExtractedDocument:
    """Read ``path`` (.docx, .pdf; .doc through LibreOffice) into blocks."""
    raise NotImplementedError("extract: issue 4")
