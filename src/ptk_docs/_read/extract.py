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
from pathlib import Path

from ptk_docs._errors import ConversionError, DocumentError
from ptk_docs._io.libreoffice import check_convertible, convert_files
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits
from ptk_docs._read.blocks import ExtractedDocument
from ptk_docs._read.docx_blocks import read_docx
from ptk_docs._read.pdf_blocks import read_pdf


def extract(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Read ``path`` (.docx, .pdf; .doc through LibreOffice) into blocks."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"{path.name}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm", ".dotx"):
        return read_docx(path, limits)
    if suffix == ".pdf":
        return read_pdf(path, limits)
    if suffix in (".doc", ".odt", ".rtf"):
        return _via_libreoffice(path, limits)
    raise DocumentError(f"{path.name}: not a .docx or .pdf document (cannot read '{suffix}')")


def _via_libreoffice(path: Path, limits: Limits) -> ExtractedDocument:
    """Convert an old Word (.doc), .odt or .rtf file to .docx with LibreOffice, then read it."""

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        raise DocumentError(
            f"{path.name}: reading {path.suffix} files needs LibreOffice, which is not installed; "
            "save it as .docx in Word and try again"
        )
    with path.open("rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            # A .docx renamed: read as what it is, by the checked reader, never converted.
            return read_docx(path, limits)
    check_convertible(path, limits)
    with tempfile.TemporaryDirectory(prefix="ptk-doc-") as work:
        try:
            (converted,) = convert_files(
                [path.resolve()], Path(work), "docx", timeout=limits.max_conversion_seconds
            )
        except ConversionError as error:
            raise DocumentError(f"{path.name}: {error}") from None
        document = read_docx(converted, limits)
    document.source = str(path)
    return document
