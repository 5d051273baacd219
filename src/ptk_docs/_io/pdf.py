"""PDFs opened within the limits: pypdf under a deadline, its recoveries kept as warnings."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ptk_docs._errors import DocumentError, LimitExceededError
from ptk_docs._io.envelope import check_pdf_envelope_size
from ptk_docs._io.guard import (
    deadline,
    library_errors,
    megabytes,
    one_line,
    read_bounded_file,
    report_noticed,
    sniff,
)
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits


class _PypdfLog(logging.Handler):
    """Collects what pypdf logs (its recoveries) in this thread, while a PDF is read."""

    def __init__(self, name: str) -> None:
        super().__init__(logging.WARNING)
        self.name_of_file = name
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            message = " ".join(record.getMessage().split())
            text = f"{self.name_of_file}: {message} (recovered)"
            if text not in self.messages:
                self.messages.append(text)


@contextlib.contextmanager
def pdf_guard(name: str, limits: Limits, warnings: list[str] | None) -> Iterator[None]:
    """Read a PDF inside this block: a deadline, pypdf's resource limits tightened to ours,
    its log kept in ``warnings``, its errors turned into ``DocumentError``.

    pypdf reads lazily: pages, text and attachments are decoded when first used, after
    :func:`open_pdf` has returned. Do that reading inside ``with pdf_guard(...)``, or through
    :func:`pdf_page_texts`, for it to be bounded too.
    """
    import pypdf

    try:
        from pypdf.errors import LimitReachedError
    except ImportError:  # pragma: no cover - pypdf < 5
        LimitReachedError = ()  # type: ignore[assignment,misc]

    configure: Any = getattr(pypdf, "apply_configuration", None)
    settings: Any = contextlib.nullcontext()
    if configure is not None:
        stream = limits.max_pdf_stream_bytes
        settings = configure(
            maximum_declared_stream_length=stream,
            array_based_stream_maximum_output_length=stream,
            zlib_maximum_output_length=stream,
            lzw_maximum_output_length=stream,
            run_length_maximum_output_length=stream,
            jbig2_maximum_output_length=stream,
            image_maximum_buffer_size=stream,
            page_tree_maximum_entries=limits.max_pdf_pages * 2 + 100,
            jbig2dec_binary=None,
        )
    handler = _PypdfLog(name)
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(handler)
    noticed: list[str] = []
    try:
        with (
            deadline(limits.max_seconds, name),
            settings,
            library_errors(name, "a PDF", noticed),
        ):
            try:
                yield
            except LimitReachedError as error:
                raise _pdf_limit_error(name, limits, error) from None
    finally:
        pypdf_log.removeHandler(handler)
        report_noticed(handler.messages + noticed, warnings)


def open_pdf(
    path: str | Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    warnings: list[str] | None = None,
    require_text: bool = False,
) -> Any:
    """A pypdf ``PdfReader`` for ``path``, its page tree read and checked; or ``DocumentError``.

    Refused: not a PDF, truncated or damaged beyond pypdf's recovery, encrypted, a page tree
    that loops, more than ``max_pdf_pages`` pages, longer than ``max_seconds`` to open; and,
    with ``require_text``, a PDF with no text layer. Read its text with :func:`pdf_page_texts`,
    which keeps the same bounds.
    """
    from pypdf import PdfReader

    path = Path(path)
    name = path.name
    data = read_bounded_file(path, limits)
    if b"%PDF-" not in data[:1024]:
        seems = sniff(data)
        if data.startswith(b"PK\x03\x04"):
            seems = "an Office document or zip package"
        raise DocumentError(f"{name} is not a PDF" + (f": it is {seems}" if seems else ""))
    with pdf_guard(name, limits, warnings):
        try:
            reader: Any = PdfReader(io.BytesIO(data), strict=False)
        except Exception as error:
            raise DocumentError(_pdf_open_message(name, data, error)) from None
        if reader.is_encrypted:
            raise DocumentError(
                f"{name} is encrypted (password-protected): ask for a copy without a password"
            )
        try:
            root = reader.trailer["/Root"].get_object()
            pages = root["/Pages"].get_object()
        except Exception:
            raise DocumentError(
                f"{name} is damaged: it has no page tree (truncated or broken cross-reference "
                "table?)"
            ) from None
        declared = pages.get("/Count", 0)
        if isinstance(declared, int) and declared > limits.max_pdf_pages:
            raise LimitExceededError(_pages_message(name, int(declared), limits))
        count = len(reader.pages)
        if count > limits.max_pdf_pages:
            raise LimitExceededError(_pages_message(name, count, limits))
        if count == 0:
            raise DocumentError(
                f"{name} has no pages (truncated, or a broken cross-reference table?)"
            )
        _check_pages(reader, name)
        check_pdf_envelope_size(reader, name, limits)
        if require_text:
            _first_text(reader, name)
    return reader


def _check_pages(reader: Any, name: str) -> None:
    """Decode every page's content now, within the limits: a decompression bomb or a nesting
    attack is found here rather than by whoever extracts the text later (pypdf keeps the
    decoded streams, so the reading that follows does not pay twice)."""
    for page in reader.pages:
        page.get_contents()


def _pdf_limit_error(name: str, limits: Limits, error: Exception) -> LimitExceededError:
    detail = one_line(error)
    if "page tree" in detail.lower():
        return LimitExceededError(
            f"{name} has more than the {limits.max_pdf_pages:,} pages allowed, or a page tree "
            f"too large to read (limit max_pdf_pages; {detail})"
        )
    if "decompress" in detail.lower() or "output length" in detail.lower():
        return LimitExceededError(
            f"{name} has a stream that expands beyond {megabytes(limits.max_pdf_stream_bytes)} "
            f"(a decompression bomb?; limit max_pdf_stream_bytes; {detail})"
        )
    return LimitExceededError(f"{name} is beyond the limits for a PDF ({detail})")


def _pdf_open_message(name: str, data: bytes, error: Exception) -> str:
    detail = one_line(error)
    if b"%%EOF" not in data[-2048:]:
        return f"{name} is truncated: the PDF ends early ({detail})"
    if "xref" in detail.lower() or "startxref" in detail.lower():
        return f"{name} is damaged: its cross-reference table is broken ({detail})"
    return f"{name} is not a readable PDF ({detail})"


def _pages_message(name: str, count: int, limits: Limits) -> str:
    return (
        f"{name} has {count:,} pages, more than the {limits.max_pdf_pages:,} allowed "
        "(limit max_pdf_pages)"
    )


def _no_text_layer(name: str) -> DocumentError:
    return DocumentError(
        f"{name} has no text layer (scanned image?): ask for the original document or a PDF "
        "saved from Word"
    )


def _first_text(reader: Any, name: str) -> None:
    for page in reader.pages:
        if page.extract_text().strip():
            return
        # extract_text() returns "" when a content stream cannot be decoded (a decompression
        # bomb, a broken filter): decoding it again raises, and names the real problem.
        page.get_contents()
    raise _no_text_layer(name)


def require_text_layer(
    reader: Any, name: str, limits: Limits = DEFAULT_LIMITS, *, warnings: list[str] | None = None
) -> None:
    """Refuse (``DocumentError``) a PDF none of whose pages has any text: a scanned image."""
    with pdf_guard(name, limits, warnings):
        _first_text(reader, name)


def pdf_page_texts(
    reader: Any,
    name: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    warnings: list[str] | None = None,
    extract: Callable[[Any], str] | None = None,
) -> list[str]:
    """The text of every page, extracted within the limits; ``DocumentError`` if there is none.

    ``extract`` replaces ``page.extract_text()`` (for a layout mode or a visitor); it runs under
    the same deadline and pypdf limits.
    """
    read = extract or (lambda page: str(page.extract_text()))
    with pdf_guard(name, limits, warnings):
        texts = [read(page) for page in reader.pages]
        if not any(text.strip() for text in texts):
            for page in reader.pages:
                page.get_contents()  # names the real problem if a stream cannot be decoded
            raise _no_text_layer(name)
    return texts
