"""Opening untrusted documents within the limits: every .docx, .pdf and .xlsx is opened here.

Readers (parse, assess, register import) never call python-docx, pypdf or openpyxl on a path
directly: they call these functions, which check the file against :class:`~ptk_docs.limits.Limits`
first and turn every failure into a ``DocumentError`` (``LimitExceededError`` for a limit) with
one line saying what is wrong.

A .docx or .xlsx is read into memory once and checked before its library sees it: it must be a
zip package with a sane directory; every part is inflated as a stream under a cap (the sizes in
the zip headers are not trusted); every XML part is parsed without a DTD (a DOCTYPE, and so any
entity declaration, is refused: no entity expansion, no external entity, nothing fetched), with
bounded nesting; macros are refused. Only then are the checked bytes handed to python-docx or
openpyxl. A PDF is opened by pypdf (``strict=False``: its recoveries from mildly broken files are
kept as warnings) under a deadline and pypdf's own resource limits, tightened to ours.

Every opener takes an optional ``warnings`` list: what was recovered or noticed on the way
(formulas without a saved value, a rebuilt PDF cross-reference table, ...) is appended to it, for
the parser to surface.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import heapq
import importlib
import io
import itertools
import logging
import os
import threading
import time
import warnings as pywarnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from ptk_docs._errors import DocumentError, LimitExceededError
from ptk_docs._io.limits import MB, Limits

# lxml ships no type information; everything taken from it is Any here.
etree: Any = importlib.import_module("lxml.etree")


log = logging.getLogger(__name__)


PackageKind = Literal["docx", "xlsx"]


_WHAT = {"docx": "a Word document (.docx)", "xlsx": "an Excel workbook (.xlsx)"}

_MAIN_TYPES = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    ),
}

_OTHER_FORMATS = {
    "wordprocessingml": "a Word document",
    "ms-word": "a Word document",
    "spreadsheetml": "an Excel workbook",
    "ms-excel": "an Excel workbook",
    "presentationml": "a PowerPoint presentation",
    "ms-powerpoint": "a PowerPoint presentation",
}

_DEFAULT_MAIN = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

_OFFICE_DOCUMENT_REL = "/officeDocument"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_XML_SUFFIXES = (".xml", ".rels", ".vml")

_CHUNK = 64 * 1024


# -- deadline ---------------------------------------------------------------------------------


class _DeadlinePassed(BaseException):
    """Raised asynchronously in the reading thread when its deadline passes.

    A ``BaseException`` so that the ``except Exception`` recoveries inside pypdf cannot swallow it.
    """


@contextlib.contextmanager
def deadline(seconds: float, what: str, *, limit: str = "max_seconds") -> Iterator[None]:
    """Run the block with a wall-clock deadline; past it, ``LimitExceededError``.

    Works in any thread (a watchdog timer raises an exception in the reading thread), so a
    document read in a worker thread is bounded too. The exception arrives between Python
    bytecodes: pure-Python parsing (pypdf, python-docx, openpyxl) is interrupted; a single long
    C call (inflating one stream) finishes first, which the size limits keep short.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(target), ctypes.py_object(_DeadlinePassed)
            )

    message = f"{what} took longer than the {seconds:g} s allowed to read it (limit {limit})"
    token = _WATCHDOG.schedule(time.monotonic() + seconds, fire)
    try:
        try:
            yield
        finally:
            with lock:
                state["done"] = True
                if state["fired"]:
                    # Withdraw the exception if it has not been delivered yet.
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
            _WATCHDOG.cancel(token)
    except _DeadlinePassed:
        raise LimitExceededError(message) from None
    if state["fired"]:
        raise LimitExceededError(message)


class _Watchdog:
    """One daemon thread that fires every deadline of the process when it falls due.

    A thread per deadline (``threading.Timer``) costs a thread start and a hand-shake with it
    on every document read, which on a busy machine is milliseconds: more than reading a small
    .docx. Deadlines wait in a heap; a cancelled one is dropped when it reaches the top.
    """

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._due: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, when: float, fire: Callable[[], None]) -> int:
        with self._wake:
            token = next(self._tokens)
            heapq.heappush(self._due, (when, token, fire))
            if self._thread is None or not self._thread.is_alive():  # first use, or a fork
                self._thread = threading.Thread(target=self._run, name="ptk-deadline", daemon=True)
                self._thread.start()
            elif self._due[0][1] == token:
                self._wake.notify()
            return token

    def cancel(self, token: int) -> None:
        with self._wake:
            if self._due and self._due[0][1] == token:
                heapq.heappop(self._due)
            else:
                self._cancelled.add(token)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._due and self._due[0][1] in self._cancelled:
                    self._cancelled.discard(heapq.heappop(self._due)[1])
                if not self._due:
                    self._wake.wait()
                    continue
                when, _, fire = self._due[0]
                left = when - time.monotonic()
                if left > 0:
                    self._wake.wait(left)
                    continue
                heapq.heappop(self._due)
            fire()


_WATCHDOG = _Watchdog()


def _new_watchdog_after_fork() -> None:
    # A forked child (a contained template filler) has no watchdog thread, and the parent's
    # may have held the condition's lock at the fork: the child starts with a fresh one.
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_watchdog_after_fork)


# -- files ------------------------------------------------------------------------------------


def read_bounded_file(path: Path, limits: Limits) -> bytes:
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError(f"{path} is a folder, not a document")
        if size == 0:
            raise DocumentError(f"{name} is empty (0 bytes)")
        if size > limits.max_file_bytes:
            raise LimitExceededError(
                f"{name} is {megabytes(size)}, more than the {megabytes(limits.max_file_bytes)} allowed "
                "(limit max_file_bytes)"
            )
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist") from None
    except PermissionError:
        raise DocumentError(f"{path} cannot be read (permission denied)") from None
    except OSError as error:
        raise DocumentError(f"{path} cannot be read: {error.strerror or error}") from None
    if len(data) > limits.max_file_bytes:  # it grew while we read it
        raise LimitExceededError(f"{name} is larger than allowed (limit max_file_bytes)")
    return data


def megabytes(size: float) -> str:
    if size >= MB:
        return f"{size / MB:.0f} MB"
    return f"{size / 1024:.0f} KB"


def sniff(data: bytes) -> str | None:
    """What a file that is not the expected kind seems to be, for the message."""
    if data.startswith(OLE_MAGIC):
        return "an old-format (97-2003) or password-protected Office file"
    if b"%PDF-" in data[:1024]:
        return "a PDF"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "a zip package"
    head = data[:512].lstrip().lower()
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    if head.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    return None


# -- zip packages (.docx, .xlsx) --------------------------------------------------------------


@dataclass
class _Package:
    """A checked package: its XML parts' content types, main part, and what was noticed."""

    zip: zipfile.ZipFile
    names: set[str]
    content_types: dict[str, str] = field(default_factory=dict)
    main: str = ""
    formulas_without_value: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    #: A Word package's XML parts parsed by the checks (part name -> root element), kept for
    #: the reader: the package is inflated and parsed once (see _KEEP_PART_BYTES).
    trees: dict[str, Any] = field(default_factory=dict)
    #: With ``lazy``, the inflated bytes of those parts: each is parsed into ``trees`` only when
    #: a reader asks for it (:func:`part_tree`), and a reader may look for a byte sequence in
    #: them in C rather than walk a tree.
    blobs: dict[str, bytes] = field(default_factory=dict)
    kind: PackageKind = "docx"
    lazy: bool = False


def check_package(
    data: bytes,
    name: str,
    kind: PackageKind,
    limits: Limits,
    warnings: list[str],
    *,
    lazy: bool = False,
) -> _Package:
    """Check a zip package (.docx, .xlsx) from its bytes, inflating each part once.

    Every part is inflated under its caps, and XML parts are refused if they declare a DTD. The
    XML parts of a Word package are parsed into trees and checked (nesting, paragraphs); with
    ``lazy`` (a reader that will only ever ask for some parts) each is parsed and checked when
    it is first asked for, through :func:`part_tree`, so parts nobody reads (Word's
    stylesWithEffects.xml, the theme, web settings) are never parsed.
    """
    what = _WHAT[kind]
    if not data.startswith(b"PK\x03\x04"):
        seems = sniff(data)
        if seems and seems != "a zip package":
            raise DocumentError(f"{name} is not {what}: it is {seems}")
        raise DocumentError(f"{name} is not {what} (it is not a zip package)")
    _check_zip_directory(data, name, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise DocumentError(f"{name} is truncated or damaged ({one_line(error)})") from None
    if len(infos) > limits.max_parts:
        raise LimitExceededError(
            f"{name} has {len(infos)} parts, more than the {limits.max_parts} allowed "
            "(limit max_parts)"
        )
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})[0]
        raise DocumentError(f"{name} is damaged: it has two parts named {twice}")
    _refuse_macros_by_name(names, name)

    declared_total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DocumentError(f"{name} has encrypted parts: save it without a password")
        _check_compression(name, info)
        declared_total += info.file_size
        _check_part_size(name, info.filename, info.file_size, info.compress_size, limits)
    if declared_total > limits.max_total_uncompressed_bytes:
        raise LimitExceededError(_total_message(name, declared_total, limits))

    package = _Package(zip=archive, names=set(names), kind=kind, lazy=lazy)
    started = time.monotonic()
    inflated_total = 0
    kept = 0
    # [Content_Types].xml first: which parts are XML (and so parsed and bounded as XML) is
    # decided by their declared content type as well as by their name, so a main part renamed
    # word/document.dat is checked exactly as word/document.xml would be.
    first = [i for i in infos if i.filename == "[Content_Types].xml"]
    for info in first + [i for i in infos if i.filename != "[Content_Types].xml"]:
        if info.is_dir():
            continue
        keep = (
            kind == "docx"
            and is_xml_part(info.filename, package.content_types)
            and info.file_size <= _KEEP_PART_BYTES
            and kept + info.file_size <= _KEEP_TOTAL_BYTES
        )
        size = _inflate_and_check(archive, info, name, kind, limits, package, keep=keep)
        kept += size if keep else 0
        inflated_total += size
        if inflated_total > limits.max_total_uncompressed_bytes:
            raise LimitExceededError(_total_message(name, inflated_total, limits))
        if time.monotonic() - started > limits.max_seconds:
            raise LimitExceededError(
                f"{name} took longer than the {limits.max_seconds:g} s allowed to check "
                "(limit max_seconds)"
            )
        if info.filename == "[Content_Types].xml":
            _read_content_types(package, name)

    if not package.content_types:
        _read_content_types(package, name)
    _refuse_macros_by_type(package, name)
    _find_main_part(package, name, kind)
    if package.formulas_without_value:
        cells = ", ".join(package.formulas_without_value[:5])
        more = len(package.formulas_without_value) - 5
        warnings.append(
            f"{name}: formulas with no saved value (read as empty): {cells}"
            + (f" and {more} more" if more > 0 else "")
            + "; open and save the workbook in Excel to keep their results"
        )
    if package.merged:
        ranges = ", ".join(package.merged[:5])
        more = len(package.merged) - 5
        warnings.append(
            f"{name}: merged cells {ranges}"
            + (f" and {more} more" if more > 0 else "")
            + " (only the first cell of each holds the value)"
        )
    return package


def _check_zip_directory(data: bytes, name: str, limits: Limits) -> None:
    """Read the entry count and directory size from the end record before zipfile builds
    an object for every entry: a directory of a million entries is refused cheaply."""
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if eocd < 0 or len(data) < eocd + 22:
        raise DocumentError(
            f"{name} is truncated or damaged (the end of its zip directory is missing)"
        )
    entries = int.from_bytes(data[eocd + 10 : eocd + 12], "little")
    directory_size = int.from_bytes(data[eocd + 12 : eocd + 16], "little")
    locator = eocd - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        zip64_at = int.from_bytes(data[locator + 8 : locator + 16], "little")
        record = data[zip64_at : zip64_at + 56]
        if len(record) == 56 and record.startswith(b"PK\x06\x06"):
            entries = int.from_bytes(record[32:40], "little")
            directory_size = int.from_bytes(record[40:48], "little")
    if entries > limits.max_parts:
        raise LimitExceededError(
            f"{name} has {entries} parts, more than the {limits.max_parts} allowed (limit max_parts)"
        )
    # An entry takes 46 bytes plus its name, extra field and comment (each under 64 KB but in
    # practice well under 1 KB).
    if directory_size > limits.max_parts * 1024:
        raise LimitExceededError(
            f"{name} has a zip directory of {megabytes(directory_size)}, too large for "
            f"{limits.max_parts} parts (limit max_parts)"
        )


#: Zip compression methods a package may use: stored and deflated, what Word, Excel and
#: LibreOffice write. bzip2 (12) and LZMA (14) are refused before anything is inflated: zipfile
#: hands their whole input to one decompressor call with no output bound, so a small part could
#: fill gigabytes of memory inside one C call that no deadline can stop.
ALLOWED_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


def _check_compression(name: str, info: zipfile.ZipInfo) -> None:
    if info.compress_type not in ALLOWED_COMPRESSION:
        raise DocumentError(
            f"{name}: part {info.filename} uses zip compression method {info.compress_type}; "
            "only stored and deflated parts are accepted (save the file again in Word or Excel)"
        )


def _part_cap(
    part: str, limits: Limits, content_types: dict[str, str] | None = None
) -> tuple[int, str]:
    """The inflated size allowed for ``part``, and the name of the limit."""
    if part.lower().startswith("customxml/") and "/_rels/" not in part.lower():
        return limits.max_embedded_record_bytes, "max_embedded_record_bytes"
    if is_xml_part(part, content_types or {}):
        return limits.max_xml_part_bytes, "max_xml_part_bytes"
    return limits.max_part_bytes, "max_part_bytes"


def _check_part_size(
    name: str,
    part: str,
    size: int,
    compressed: int,
    limits: Limits,
    content_types: dict[str, str] | None = None,
) -> None:
    cap, limit_name = _part_cap(part, limits, content_types)
    if size > cap:
        raise LimitExceededError(
            f"{name}: part {part} expands to more than {megabytes(cap)} (limit {limit_name})"
        )
    if (
        size > limits.compression_ratio_floor_bytes
        and size > compressed * limits.max_compression_ratio
    ):
        ratio = size / max(compressed, 1)
        raise LimitExceededError(
            f"{name}: part {part} expands {ratio:,.0f} times (a zip bomb?; "
            f"limit max_compression_ratio {limits.max_compression_ratio:g})"
        )


def _total_message(name: str, total: int, limits: Limits) -> str:
    return (
        f"{name} expands to more than {megabytes(limits.max_total_uncompressed_bytes)} "
        "(a zip bomb?; limit max_total_uncompressed_bytes)"
    )


def _is_xml_name(part: str) -> bool:
    return part.lower().endswith(_XML_SUFFIXES)


def is_xml_part(part: str, content_types: dict[str, str]) -> bool:
    """Whether ``part`` is XML: by its name, or by the content type the package declares for
    it (``...+xml`` or ``.../xml``), whatever its name says."""
    if _is_xml_name(part):
        return True
    declared = content_types.get(part, "").lower().split(";")[0].strip()
    return declared.endswith(("+xml", "/xml"))


def _inflate_and_check(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    kind: PackageKind,
    limits: Limits,
    package: _Package,
    *,
    keep: bool = False,
) -> int:
    """Inflate one part as a stream under its cap, feeding XML parts to a checking parser.

    Returns the inflated size. zipfile stops at the size the header declares and then fails
    the CRC check, so a header that understates a part is caught as damage; the caps catch the
    rest. With ``keep`` (a small XML part of a Word package) the part is parsed into a tree in
    C instead, checked on the tree (:func:`_check_tree`) and kept in ``package.trees`` for the
    reader, which then neither inflates nor parses it again.
    """
    part = info.filename
    parser: Any = None
    chunks: list[bytes] | None = [] if keep else None
    tree: Any = None
    if is_xml_part(part, package.content_types) and not keep:
        parser = _checking_parser(name, part, kind, limits, package)
    cap, _ = _part_cap(part, limits, package.content_types)
    _check_compression(name, info)
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    _check_part_size(
                        name, part, size, info.compress_size, limits, package.content_types
                    )
                if parser is not None:
                    parser.feed(chunk)
                if chunks is not None:
                    chunks.append(chunk)
        if parser is not None:
            parser.close()
        if chunks is not None:
            blob = b"".join(chunks)
            if b"!DOCTYPE" in blob or b"!\x00D\x00O\x00C" in blob:
                # Never handed to the tree parser: the streaming check refuses it by name.
                parser = _checking_parser(name, part, kind, limits, package)
                parser.feed(blob)
                parser.close()
            if not package.lazy or part == "[Content_Types].xml" or part.endswith(".rels"):
                tree = etree.fromstring(blob, _TREE_PARSER)
    except DocumentError:
        raise
    except etree.XMLSyntaxError as error:
        raise _xml_error(name, part, error) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise DocumentError(
            f"{name} is damaged: part {part} cannot be read ({one_line(error)})"
        ) from None
    except NotImplementedError as error:
        raise DocumentError(
            f"{name}: part {part} uses an unsupported compression ({error})"
        ) from None
    except RuntimeError as error:  # zipfile: encrypted part
        raise DocumentError(f"{name}: part {part} cannot be read ({one_line(error)})") from None
    _check_part_size(name, part, size, info.compress_size, limits, package.content_types)
    if chunks is not None and package.lazy:
        package.blobs[part] = blob
    if tree is not None:
        _check_tree(tree, size, name, part, kind, limits, package)
        package.trees[part] = tree
    return size


def part_tree(package: _Package, part: str, name: str, limits: Limits) -> Any:
    """The tree of an XML part the checks inflated (``package.blobs``), parsed and checked on
    first use (see ``lazy`` in :func:`check_package`); None for a part not kept."""
    tree = package.trees.get(part)
    if tree is not None or part not in package.blobs:
        return tree
    blob = package.blobs[part]
    try:
        tree = etree.fromstring(blob, _TREE_PARSER)
    except etree.XMLSyntaxError as error:
        raise _xml_error(name, part, error) from None
    _check_tree(tree, len(blob), name, part, package.kind, limits, package)
    package.trees[part] = tree
    return tree


#: A Word package's XML parts up to this size, and this much in all, are parsed into trees by
#: the checks and kept for the reader; larger ones are checked as a stream (little memory) and
#: parsed again by the reader. Real council documents fall well inside.
_KEEP_PART_BYTES = 4 * MB

_KEEP_TOTAL_BYTES = 8 * MB

_TREE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


@functools.cache
def _too_deep(max_depth: int) -> Any:
    """An XPath test, evaluated in C, for an element nested deeper than ``max_depth``."""
    return etree.XPath("boolean(/" + "/".join(["*"] * (max_depth + 1)) + ")")


#: Word tables, in the transitional and the strict namespace.
_TABLES = tuple(
    f"{{{ns}}}tbl"
    for ns in (
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
)

_PARAGRAPHS = tuple(tag[: -len("tbl")] + "p" for tag in _TABLES)


def _dtd_error(name: str, part: str) -> DocumentError:
    return DocumentError(
        f"{name}: part {part} declares a DTD (<!DOCTYPE>); DTDs and entities "
        "are not allowed in Office documents (entity expansion or external entity attack?)"
    )


def _check_tree(
    root: Any,
    size: int,
    name: str,
    part: str,
    kind: PackageKind,
    limits: Limits,
    package: _Package,
) -> None:
    """The checks of :class:`_XmlChecker` (no DTD, nesting, Word tables and paragraphs) made
    on a parsed tree: same limits, same messages."""
    if root.getroottree().docinfo.doctype:
        raise _dtd_error(name, part)
    if _too_deep(limits.max_xml_depth)(root):
        raise LimitExceededError(
            f"{name}: part {part} nests elements more than {limits.max_xml_depth} deep "
            "(limit max_xml_depth)"
        )
    declared = package.content_types.get(part, "").lower()
    if kind == "docx" and (part.lower().startswith("word/") or "wordprocessingml" in declared):
        # An element takes at least four bytes ("<p/>"): a small part cannot hold too many.
        if size // 4 > limits.max_paragraphs and (
            sum(1 for _ in root.iter("{*}p")) > limits.max_paragraphs
        ):
            raise LimitExceededError(
                f"{name} has more than {limits.max_paragraphs:,} paragraphs (limit max_paragraphs)"
            )
        # Tables are few, and the depth check above bounds how deeply they nest.
        for table in root.iter(*_TABLES):
            if sum(1 for _ in table.iterancestors(*_TABLES)) >= limits.max_table_nesting:
                raise LimitExceededError(
                    f"{name} has tables nested more than {limits.max_table_nesting} deep "
                    "(limit max_table_nesting)"
                )
        # A paragraph cannot hold more characters than its part has bytes.
        if size > limits.max_paragraph_chars and any(
            len("".join(p.itertext())) > limits.max_paragraph_chars for p in root.iter(*_PARAGRAPHS)
        ):
            raise LimitExceededError(
                f"{name} has a paragraph of more than {limits.max_paragraph_chars:,} characters "
                "(limit max_paragraph_chars)"
            )


def _checking_parser(
    name: str, part: str, kind: PackageKind, limits: Limits, package: _Package
) -> Any:
    return etree.XMLParser(
        target=_XmlChecker(name, part, kind, limits, package),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )


def _xml_error(name: str, part: str, error: Exception) -> DocumentError:
    message = one_line(error)
    lowered = message.lower()
    if "encoding" in lowered or "utf-8" in lowered or "invalid char" in lowered:
        return DocumentError(f"{name}: part {part} is not valid UTF-8 text ({message})")
    if "depth" in lowered:
        return LimitExceededError(f"{name}: part {part} is nested too deeply ({message})")
    if "entity" in lowered:
        return DocumentError(
            f"{name}: part {part} refers to an XML entity; entities are not allowed ({message})"
        )
    return DocumentError(f"{name}: part {part} is not well-formed XML ({message})")


class _XmlChecker:
    """An lxml parser target: refuses DTDs, bounds nesting, and notes what the library will
    need (no tree is built, so checking costs little memory)."""

    def __init__(
        self, name: str, part: str, kind: PackageKind, limits: Limits, package: _Package
    ) -> None:
        self.name = name
        self.part = part
        self.limits = limits
        self.package = package
        lowered = part.lower()
        declared = package.content_types.get(part, "").lower()
        self.word = kind == "docx" and (
            lowered.startswith("word/") or "wordprocessingml" in declared
        )
        self.sheet = kind == "xlsx" and (
            lowered.startswith("xl/worksheets/") or "spreadsheetml.worksheet" in declared
        )
        self.depth = 0
        self.tables = 0
        self.paragraph_chars: list[int] = []
        self.paragraphs = 0
        self.rows = 0
        self.cells = 0
        self.cells_in_row = 0
        self.cell_ref = ""
        self.cell_has_formula = False
        self.cell_has_value = False
        self.in_value = False
        self.value_chars = 0

    def doctype(self, doc_name: Any, public_id: Any, system_url: Any) -> None:
        raise _dtd_error(self.name, self.part)

    def start(self, tag: str, attrib: Any) -> None:
        self.depth += 1
        if self.depth > self.limits.max_xml_depth:
            raise LimitExceededError(
                f"{self.name}: part {self.part} nests elements more than "
                f"{self.limits.max_xml_depth} deep (limit max_xml_depth)"
            )
        local = tag.rpartition("}")[2]
        if self.word:
            if local == "tbl":
                self.tables += 1
                if self.tables > self.limits.max_table_nesting:
                    raise LimitExceededError(
                        f"{self.name} has tables nested more than "
                        f"{self.limits.max_table_nesting} deep (limit max_table_nesting)"
                    )
            elif local == "p":
                self.paragraph_chars.append(0)
                self.paragraphs += 1
                if self.paragraphs > self.limits.max_paragraphs:
                    raise LimitExceededError(
                        f"{self.name} has more than {self.limits.max_paragraphs:,} paragraphs "
                        "(limit max_paragraphs)"
                    )
        elif self.sheet:
            if local == "c":
                self.cells_in_row += 1
                self.cells += 1
                if self.cells > self.limits.max_sheet_cells:
                    raise LimitExceededError(
                        f"{self.name}: {self._sheet()} has more than "
                        f"{self.limits.max_sheet_cells:,} cells (limit max_sheet_cells)"
                    )
                if self.cells_in_row > self.limits.max_sheet_columns:
                    raise LimitExceededError(
                        f"{self.name}: a row of {self._sheet()} has more than "
                        f"{self.limits.max_sheet_columns} cells (limit max_sheet_columns)"
                    )
                self.cell_ref = str(attrib.get("r", ""))
                self.cell_has_formula = self.cell_has_value = False
            elif local == "f":
                self.cell_has_formula = True
            elif local == "v":
                self.value_chars = 0
                self.in_value = True
            elif local == "mergeCell":
                self.package.merged.append(f"{self._sheet()} {attrib.get('ref', '')}".strip())

    def end(self, tag: str) -> None:
        self.depth -= 1
        local = tag.rpartition("}")[2]
        if self.word:
            if local == "tbl":
                self.tables -= 1
            elif local == "p" and self.paragraph_chars:
                self.paragraph_chars.pop()
        elif self.sheet:
            if local == "row":
                self.rows += 1
                self.cells_in_row = 0
                if self.rows > self.limits.max_sheet_rows:
                    raise LimitExceededError(
                        f"{self.name}: {self._sheet()} has more than "
                        f"{self.limits.max_sheet_rows:,} rows (limit max_sheet_rows)"
                    )
            elif local == "v":
                self.in_value = False
                self.cell_has_value = self.value_chars > 0
            elif local == "c" and self.cell_has_formula and not self.cell_has_value:
                self.package.formulas_without_value.append(f"{self._sheet()} {self.cell_ref}")

    def data(self, text: str) -> None:
        if self.in_value:
            self.value_chars += len(text.strip())
        elif self.paragraph_chars:
            self.paragraph_chars[-1] += len(text)
            if self.paragraph_chars[-1] > self.limits.max_paragraph_chars:
                raise LimitExceededError(
                    f"{self.name} has a paragraph of more than "
                    f"{self.limits.max_paragraph_chars:,} characters (limit max_paragraph_chars)"
                )

    def comment(self, text: str) -> None:
        pass

    def pi(self, target: str, data: str | None = None) -> None:
        pass

    def close(self) -> None:
        return None

    def _sheet(self) -> str:
        return PurePosixPath(self.part).stem


def _safe_parse(package: _Package, part: str) -> Any:
    """Parse a small part already checked (no DTD, bounded): for reading content types and
    relationships."""
    tree = package.trees.get(part)
    if tree is not None:
        return tree
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    return etree.fromstring(package.zip.read(part), parser)


def _read_content_types(package: _Package, name: str) -> None:
    if "[Content_Types].xml" not in package.names:
        raise DocumentError(f"{name} is not an Office document: it has no [Content_Types].xml")
    root = _safe_parse(package, "[Content_Types].xml")
    defaults: dict[str, str] = {}
    for element in root:
        local = etree.QName(element).localname
        if local == "Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif local == "Override":
            part = element.get("PartName", "").lstrip("/")
            package.content_types[part] = element.get("ContentType", "")
    for part in package.names:
        if part not in package.content_types:
            suffix = PurePosixPath(part).suffix.lstrip(".").lower()
            if suffix in defaults:
                package.content_types[part] = defaults[suffix]


def _refuse_macros_by_name(names: list[str], name: str) -> None:
    for part in names:
        lowered = part.lower()
        if lowered.endswith(("vbaproject.bin", "vbadata.xml")):
            raise DocumentError(
                f"{name} contains macros ({part}); save it as a macro-free .docx or .xlsx"
            )


def _refuse_macros_by_type(package: _Package, name: str) -> None:
    for part, content_type in package.content_types.items():
        lowered = content_type.lower()
        if "macroenabled" in lowered or "vbaproject" in lowered:
            raise DocumentError(
                f"{name} is macro-enabled (part {part} is declared as macro content); "
                "save it as a macro-free .docx or .xlsx"
            )


def _find_main_part(package: _Package, name: str, kind: PackageKind) -> None:
    main = ""
    if "_rels/.rels" in package.names:
        for rel in _safe_parse(package, "_rels/.rels"):
            if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT_REL):
                main = str(rel.get("Target", "")).lstrip("/")
                break
    main = main or _DEFAULT_MAIN[kind]
    what = _WHAT[kind]
    content_type = package.content_types.get(main, "")
    if main not in package.names:
        raise DocumentError(f"{name} is not {what}: it has no {main}")
    if content_type not in _MAIN_TYPES[kind]:
        seems = next((v for k, v in _OTHER_FORMATS.items() if k in content_type), None)
        if seems is not None and seems not in what:
            raise DocumentError(f"{name} is not {what}: it is {seems}")
        raise DocumentError(
            f"{name} is not {what}: its main part {main} has content type "
            f"{content_type or '(none)'}"
        )
    package.main = main


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


@contextlib.contextmanager
def library_errors(name: str, what: str, warnings: list[str]) -> Iterator[None]:
    """Turn a third-party library's failure into ``DocumentError``; keep its warnings."""
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always")
        try:
            yield
        except DocumentError:
            raise
        except RecursionError:
            raise LimitExceededError(f"{name} is nested too deeply to read") from None
        except MemoryError:
            raise LimitExceededError(f"{name} needs too much memory to read") from None
        except Exception as error:
            detail = one_line(error)
            if "cyclic" in detail.lower() or "loop" in detail.lower():
                raise DocumentError(f"{name} is damaged: its page tree loops ({detail})") from None
            raise DocumentError(f"{name} cannot be read as {what} ({detail})") from None
        finally:
            for item in caught:
                warnings.append(f"{name}: {one_line(Exception(item.message))}")


def report_noticed(noticed: list[str], warnings: list[str] | None) -> None:
    for message in noticed:
        log.info("%s", message)  # not warning: the CLI must print one line only
    if warnings is not None:
        warnings.extend(noticed)
