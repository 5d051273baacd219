"""PDFs opened within the limits: pypdf checks the structure, PDFium reads the text and positions.

pypdf (pure Python, under a deadline and its own resource limits tightened to ours) opens the
file, refuses what is encrypted, looping or too large, and decodes every stream a page's text
depends on (its content, its form XObjects, its embedded fonts) under the stream cap. Only then
does PDFium (pypdfium2, the engine in Chrome: C, several times faster than pypdf's text
extraction) read the text runs, one page at a time. A deadline cannot interrupt one C call, so
what PDFium is given has been bounded first: each page it loads holds only streams pypdf has
already decoded within ``max_pdf_stream_bytes``, and the deadline is checked between pages and
between text runs. pypdf stays for attachments, the info dictionary, form fields and writing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    path = Path(path)
    name = path.name
    data = _pdf_bytes(path, limits)
    with pdf_guard(name, limits, warnings):
        reader = _checked_reader(data, name, limits)
        if require_text:
            _first_text(reader, name)
    return reader


def _pdf_bytes(path: Path, limits: Limits) -> bytes:
    data = read_bounded_file(path, limits)
    if b"%PDF-" not in data[:1024]:
        seems = sniff(data)
        if data.startswith(b"PK\x03\x04"):
            seems = "an Office document or zip package"
        raise DocumentError(f"{path.name} is not a PDF" + (f": it is {seems}" if seems else ""))
    return data


def _checked_reader(data: bytes, name: str, limits: Limits) -> Any:
    """pypdf's reader over ``data``, its structure checked; call inside :func:`pdf_guard`."""
    from pypdf import PdfReader

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
            f"{name} is damaged: it has no page tree (truncated or broken cross-reference table?)"
        ) from None
    declared = pages.get("/Count", 0)
    if isinstance(declared, int) and declared > limits.max_pdf_pages:
        raise LimitExceededError(_pages_message(name, int(declared), limits))
    count = len(reader.pages)
    if count > limits.max_pdf_pages:
        raise LimitExceededError(_pages_message(name, count, limits))
    if count == 0:
        raise DocumentError(f"{name} has no pages (truncated, or a broken cross-reference table?)")
    _check_pages(reader, name)
    check_pdf_envelope_size(reader, name, limits)
    return reader


def _check_pages(reader: Any, name: str) -> None:
    """Decode every stream a page's text depends on, within the limits, and keep none of them.

    The content streams, the form XObjects they draw (nested or not) and the embedded fonts:
    a decompression bomb or a nesting attack is found here, by pypdf under its output caps and
    the deadline, before PDFium (which cannot be interrupted inside a page) loads the page.
    Nothing decoded is kept: each stream is decoded and dropped.
    """
    from pypdf.filters import decode_stream_data
    from pypdf.generic import ArrayObject, StreamObject

    seen: set[int] = set()
    for page in reader.pages:
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        for stream in streams:
            stream = stream.get_object() if stream is not None else None
            if isinstance(stream, StreamObject) and id(stream) not in seen:
                seen.add(id(stream))
                if "/Filter" in stream:  # else its bytes are as read, already bounded
                    decode_stream_data(stream)
        _check_resources(page.get("/Resources"), seen, 0)


#: Form XObjects inside form XObjects deeper than this are not checked (PDFium stops sooner).
_MAX_FORM_DEPTH = 32


def _check_resources(resources: Any, seen: set[int], depth: int) -> None:
    """Decode the form XObjects and embedded fonts under ``resources`` (see _check_pages).

    A stream pypdf cannot decode for another reason (an unusual filter on a font) is left to
    PDFium, which skips what it cannot draw; only a limit reached stops the reading.
    """
    from pypdf.errors import LimitReachedError
    from pypdf.filters import decode_stream_data
    from pypdf.generic import DictionaryObject, StreamObject

    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or depth > _MAX_FORM_DEPTH:
        return

    def decode(stream: Any) -> bool:
        stream = stream.get_object() if stream is not None else None
        if not isinstance(stream, StreamObject) or id(stream) in seen:
            return False
        seen.add(id(stream))
        try:
            if "/Filter" in stream:
                decode_stream_data(stream)
        except LimitReachedError:
            raise
        except Exception:
            return False
        return True

    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if isinstance(xobjects, DictionaryObject):
        for value in xobjects.values():
            xobject = value.get_object()
            form = isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form"
            if form and decode(xobject):
                _check_resources(xobject.get("/Resources"), seen, depth + 1)
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else None
    if isinstance(fonts, DictionaryObject):
        for value in fonts.values():
            font = value.get_object()
            if not isinstance(font, DictionaryObject) or id(font) in seen:
                continue
            seen.add(id(font))
            descendants = font.get("/DescendantFonts")
            faces = (
                [font, *(d.get_object() for d in (descendants.get_object() or ()))]
                if (descendants is not None)
                else [font]
            )
            for face in faces:
                descriptor = (
                    face.get("/FontDescriptor") if isinstance(face, DictionaryObject) else None
                )
                descriptor = descriptor.get_object() if descriptor is not None else None
                if isinstance(descriptor, DictionaryObject):
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        decode(descriptor.get(key))
            procs = font.get("/CharProcs")  # a Type 3 font draws its glyphs with content streams
            procs = procs.get_object() if procs is not None else None
            if isinstance(procs, DictionaryObject):
                for proc in procs.values():
                    decode(proc)
                _check_resources(font.get("/Resources"), seen, depth + 1)


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


def no_text_layer(name: str) -> DocumentError:
    """The refusal of a PDF none of whose pages has text (a scan)."""
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
    raise no_text_layer(name)


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
            raise no_text_layer(name)
    return texts


# -- text and positions, by PDFium ------------------------------------------------------------


@dataclass(frozen=True)
class TextRun:
    """Text a page draws in one go (one PDF text object): its origin on the page in points
    (y upwards), its font size as drawn, and the font's base name ("LiberationSans-Bold")."""

    x: float
    y: float
    text: str
    size: float
    font: str


@dataclass
class PdfText:
    """A PDF read for its text: pypdf's checked reader (for the attachments, the info dictionary
    and form fields) and each page's text runs in the order the page draws them."""

    reader: Any
    pages: list[list[TextRun]] = field(default_factory=list)

    def has_text(self) -> bool:
        return any(run.text.strip() for page in self.pages for run in page)


#: PDFium is not thread-safe: one document is read at a time in a process.
_PDFIUM_LOCK = threading.Lock()

_Matrix = tuple[float, float, float, float, float, float]


def read_pdf_text(
    path: str | Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    warnings: list[str] | None = None,
    require_text: bool = True,
) -> PdfText:
    """The text runs of every page of ``path``, read by PDFium after pypdf's checks.

    Refused as :func:`open_pdf` refuses (``DocumentError``; ``LimitExceededError`` for a
    limit), and, with ``require_text``, a PDF with no text layer. Pages are loaded one at a
    time and closed once read; the whole read runs under one deadline.
    """
    path = Path(path)
    name = path.name
    data = _pdf_bytes(path, limits)
    with pdf_guard(name, limits, warnings):
        reader = _checked_reader(data, name, limits)
        text = PdfText(reader, _text_runs(data, name, limits))
    if require_text and not text.has_text():
        raise no_text_layer(name)
    return text


def _text_runs(data: bytes, name: str, limits: Limits) -> list[list[TextRun]]:
    # pypdfium2 is a C library loaded on first use, like pypdf.
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise DocumentError(_pdf_open_message(name, data, error)) from None
        try:
            count = len(document)
            if count > limits.max_pdf_pages:
                raise LimitExceededError(_pages_message(name, count, limits))
            reading = _PageReader(raw)
            pages = []
            for index in range(count):
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        pages.append(reading.runs(page.raw, textpage.raw))
                    finally:
                        textpage.close()
                finally:
                    page.close()
            return pages
        finally:
            document.close()


class _PageReader:
    """Walks a page's objects (into form XObjects) and reads each text object: a few C calls
    per run of text, where reading every character's box would take a few per character."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.matrix = raw.FS_MATRIX()
        self.size = ctypes.c_float()
        self.name = ctypes.create_string_buffer(256)
        self.text = (ctypes.c_ushort * 2048)()
        self.fonts: dict[int | None, str] = {}

    def runs(self, page: Any, textpage: Any) -> list[TextRun]:
        runs: list[TextRun] = []
        raw = self.raw
        self._walk(
            raw.FPDFPage_CountObjects(page),
            functools.partial(raw.FPDFPage_GetObject, page),
            textpage,
            None,
            0,
            runs,
        )
        return runs

    def _walk(
        self,
        count: int,
        get: Callable[[int], Any],
        textpage: Any,
        outer: _Matrix | None,
        depth: int,
        runs: list[TextRun],
    ) -> None:
        raw = self.raw
        matrix = self.matrix
        for index in range(count):
            obj = get(index)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                text = self._text(obj, textpage)
                if not text.strip():
                    continue
                raw.FPDFPageObj_GetMatrix(obj, matrix)
                a, d, e, f = matrix.a, matrix.d, matrix.e, matrix.f
                if outer is not None:
                    oa, ob, oc, od, oe, of = outer
                    e, f = oa * e + oc * f + oe, ob * e + od * f + of
                    a, d = a * oa, d * od
                raw.FPDFTextObj_GetFontSize(obj, self.size)
                scale = abs(a) or abs(d) or 1.0
                runs.append(TextRun(e, f, text, self.size.value * scale, self._font(obj)))
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                raw.FPDFPageObj_GetMatrix(obj, matrix)
                inner: _Matrix = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                if outer is not None:
                    inner = _compose(inner, outer)
                self._walk(
                    raw.FPDFFormObj_CountObjects(obj),
                    functools.partial(raw.FPDFFormObj_GetObject, obj),
                    textpage,
                    inner,
                    depth + 1,
                    runs,
                )

    def _text(self, obj: Any, textpage: Any) -> str:
        raw = self.raw
        size = raw.FPDFTextObj_GetText(obj, textpage, self.text, len(self.text) * 2)
        if size > len(self.text) * 2:
            self.text = (ctypes.c_ushort * (size // 2 + 1))()
            size = raw.FPDFTextObj_GetText(obj, textpage, self.text, len(self.text) * 2)
        if size <= 2:
            return ""
        return ctypes.string_at(self.text, size - 2).decode("utf-16-le", "replace")

    def _font(self, obj: Any) -> str:
        raw = self.raw
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value
        name = self.fonts.get(key)
        if name is None:
            length = raw.FPDFFont_GetBaseFontName(font, self.name, len(self.name)) if key else 0
            name = self.name.raw[: max(0, min(length, len(self.name)) - 1)].decode(
                "latin-1", "replace"
            )
            self.fonts[key] = name
        return name


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix that applies ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )
