"""Any .docx or .pdf as an ordered list of text blocks with headings marked: the reader's view.

Used by the parser (ptk's own documents read by structure, and agreements in the council's own
words) and by the assessment of existing documents. Resolves tracked changes, keeps text in
tables, text boxes, headers and footers, and drops headers and footers repeated on every page.

Two readers sit behind :func:`extract`: :mod:`ptk_docs._docx_blocks` walks the WordprocessingML
of a .docx (opened by :func:`ptk_docs.safety.open_docx`) and :mod:`ptk_docs._pdf_blocks` re-joins
the text lines pypdf finds in a PDF (opened by :func:`ptk_docs.safety.open_pdf`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import ConversionError, DocumentError
from .limits import DEFAULT_LIMITS, Limits

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
    #: The tag of the content control the text sits in (a field path in ptk's documents), or "".
    tag: str = ""
    #: For table rows: the tag of the content control around each cell's text ("" for none).
    cell_tags: tuple[str, ...] = ()
    #: For table rows: the number of the table in the document (1 for the first), else 0.
    table: int = 0


@dataclass
class ExtractedDocument:
    """The text of a document as blocks, plus what was noticed on the way."""

    source: str
    format: Literal["docx", "pdf"]
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comments: int = 0
    #: Header and footer text repeated on every page (kept here, out of the body's blocks).
    furniture: list[str] = field(default_factory=list)
    #: The record ptk embedded when it made the document: ``{"kind": .., "record": {..},
    #: "attributes": {..}}``, or None (a custom XML part in a .docx, an attachment in a PDF).
    embedded: dict[str, Any] | None = None
    #: PDF form fields with a value (field name -> text).
    form_fields: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """The body's text, one block a line (table cells separated by tabs)."""
        return "\n".join(b.text for b in self.blocks)


def extract(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Read ``path`` (.docx, .pdf; .doc through LibreOffice) into blocks."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"{path.name}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm", ".dotx"):
        from ._docx_blocks import read_docx

        return read_docx(path, limits)
    if suffix == ".pdf":
        from ._pdf_blocks import read_pdf

        return read_pdf(path, limits)
    if suffix in (".doc", ".odt", ".rtf"):
        return _via_libreoffice(path, limits)
    raise DocumentError(f"{path.name}: not a .docx or .pdf document (cannot read '{suffix}')")


def _via_libreoffice(path: Path, limits: Limits) -> ExtractedDocument:
    """Convert an old Word (.doc), .odt or .rtf file to .docx with LibreOffice, then read it."""
    from ._docx_blocks import read_docx
    from .convert import convert_files

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        raise DocumentError(
            f"{path.name}: reading {path.suffix} files needs LibreOffice, which is not installed; "
            "save it as .docx in Word and try again"
        )
    with tempfile.TemporaryDirectory(prefix="ptk-doc-") as work:
        try:
            (converted,) = convert_files(
                [path.resolve()], Path(work), "docx", timeout=max(60.0, limits.max_seconds * 15)
            )
        except ConversionError as error:
            raise DocumentError(f"{path.name}: {error}") from None
        document = read_docx(converted, limits)
    document.source = str(path)
    return document
