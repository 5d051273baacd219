"""Opening untrusted documents within the limits: every .docx, .pdf and .xlsx is opened here.

Readers (parse, assess, register import) never call python-docx, pypdf or openpyxl on a path
directly: they call these functions, which check the file against :class:`~ptk_docs.limits.Limits`
first and turn every failure into a ``DocumentError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import DocumentError
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["open_docx", "open_pdf", "open_workbook"]


def open_docx(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """A python-docx ``Document`` for ``path``, or ``DocumentError``."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    try:
        return docx.Document(str(path))
    except PackageNotFoundError:
        raise DocumentError(f"{path.name} is not a Word document (.docx)") from None
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise DocumentError(f"{path.name} cannot be read as a Word document: {error}") from None


def open_pdf(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """A pypdf ``PdfReader`` for ``path``, or ``DocumentError``."""
    from pypdf import PdfReader

    path = Path(path)
    try:
        reader = PdfReader(str(path))
    except Exception as error:
        raise DocumentError(f"{path.name} is not a readable PDF: {error}") from None
    if reader.is_encrypted:
        raise DocumentError(f"{path.name} is an encrypted PDF: ask for an unprotected copy")
    return reader


def open_workbook(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """An openpyxl workbook (read-only, values not formulas) for ``path``, or ``DocumentError``."""
    import openpyxl

    path = Path(path)
    try:
        return openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as error:
        raise DocumentError(f"{path.name} is not a readable Excel workbook: {error}") from None
