"""Any .docx or .pdf as an ordered list of text blocks with headings marked: the reader's view.

Used by the parser (ptk's own documents read by structure, and agreements in the council's own
words) and by the assessment of existing documents. Resolves tracked changes, keeps text in
tables, text boxes, headers and footers, and drops headers and footers repeated on every page.

Two readers sit behind :func:`extract`: :mod:`ptk_docs._read.docx_blocks` reads the
WordprocessingML of a .docx (checked and inflated once by :mod:`ptk_docs._io.docx`, flattened
in C by an XSLT stylesheet) and
:mod:`ptk_docs._read.pdf_blocks` re-joins the text runs PDFium finds in a PDF (checked by pypdf
first, :func:`ptk_docs._io.pdf.read_pdf_text`). A command reads a document once and hands the
result to everything that needs it (parse, assess, check); :func:`extract_many` reads a folder's
documents with one LibreOffice run for all the old-format ones.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ptk_docs._errors import ConversionError, DocumentError, PtkError
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
    if suffix in _CONVERTED:
        return _via_libreoffice(path, limits)
    raise DocumentError(f"{path.name}: not a .docx or .pdf document (cannot read '{suffix}')")


_CONVERTED = (".doc", ".odt", ".rtf")


def extract_many(
    paths: Sequence[str | Path], limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[Path, ExtractedDocument | PtkError]]:
    """Each document of a batch read as :func:`extract` reads it, or the error it raised, in
    order; the old-format files (.doc, .odt, .rtf) are converted by one LibreOffice run for
    the whole batch rather than one each (starting LibreOffice costs about a second)."""
    files = [Path(p) for p in paths]
    old = [p for p in files if p.suffix.lower() in _CONVERTED and p.is_file()]
    with tempfile.TemporaryDirectory(prefix="ptk-doc-") as work:
        converted: dict[Path, Path] = {}
        if len(old) > 1 and _has_libreoffice():
            for index, path in enumerate(old):
                # Copies under unique names: two returns may share a stem in different cases.
                copy = Path(work, f"return-{index:05d}{path.suffix.lower()}")
                shutil.copyfile(path, copy)
                converted[path] = copy
            try:
                outputs = convert_files(
                    list(converted.values()),
                    Path(work, "docx"),
                    "docx",
                    timeout=max(60.0, limits.max_seconds * 15) * len(old),
                )
                converted = dict(zip(converted, outputs, strict=True))
            except ConversionError:
                converted = {}  # one of them would not convert: each is tried alone below
        for path in files:
            try:
                if path in converted and converted[path].is_file():
                    document = read_docx(converted[path], limits)
                    document.source = str(path)
                    yield path, document
                else:
                    yield path, extract(path, limits)
            except PtkError as error:
                yield path, error


def _has_libreoffice() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def _via_libreoffice(path: Path, limits: Limits) -> ExtractedDocument:
    """Convert an old Word (.doc), .odt or .rtf file to .docx with LibreOffice, then read it."""

    if not _has_libreoffice():
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
