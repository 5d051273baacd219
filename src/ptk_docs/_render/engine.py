"""docxtpl's fill, compiled once per template and run many times: the fast render path.

docxtpl opens the package, cleans the tags out of Word's runs (``patch_xml``), compiles the XML
as a Jinja template, renders it, re-serialises every part through python-docx and deflates them
all again, for every document. Here the package is read, the templated parts patched and
compiled, and every other part deflated, once per template; a render runs the compiled Jinja
templates, applies docxtpl's own post-processing (line breaks, tabs, table and drawing fixes)
and writes the package reusing the deflated bytes of the parts that did not change. The
document content is the same as docxtpl's render of the same template and context (a test
compares them); the record rides along as a custom XML part.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import re
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import CodeType
from typing import Any, TypeVar

import jinja2
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]

from ptk_docs._errors import (
    DocumentError,
    LimitExceededError,
    PtkError,
    RecordError,
    TemplateError,
)
from ptk_docs._io.contained import ContainedFailure, run_contained
from ptk_docs._io.envelope import docx_record_part
from ptk_docs._io.guard import check_package, deadline, read_bounded_file
from ptk_docs._io.limits import DEFAULT_LIMITS, MB, Limits
from ptk_docs._io.zipwriter import STATIC_LEVEL, StoredPart, deflate_part, write_package

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_HEADER_FOOTER = {f"{_OFFICE_REL}/header", f"{_OFFICE_REL}/footer"}

_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

_CUSTOM_XML_REL = f"{_OFFICE_REL}/customXml"

_CUSTOM_PROPS_REL = f"{_OFFICE_REL}/customXmlProps"

_CUSTOM_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"

_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_PART_DECL = _XML_DECL.rstrip("\n")

T = TypeVar("T")

DRAWINGS, BRACES = 1, 2

_TAG = re.compile(r"\{[{%#]")

_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')

# A fixed datastore id (Word needs one) derived from the namespace, so output stays deterministic.
_DATASTORE_ID = "{6B1D4D0E-5C0A-4C4B-9D1E-7074B2D0C501}"


# docxtpl's patch_xml, resolve_listing and fix_tables use no state of the instance.
_DOCXTPL: Any = DocxTemplate.__new__(DocxTemplate)


class _KeysFirst:
    """``row.name`` on a dict looks up the key first.

    Jinja tries the attribute first and the key after the AttributeError; contexts here are
    dicts of field values, so that is an exception for every value of every table row (a third
    of the time of a 10,000-row table). A key that is there gives the same value either way.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)  # type: ignore[misc]


class _Environment(_KeysFirst, jinja2.Environment):
    pass


class _SandboxedEnvironment(_KeysFirst, SandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` bounded: ``'x' * 10**9`` or ``9 ** 9 ** 9`` in a
    custom template would otherwise build a gigabyte or run for hours inside one C call, where
    no deadline can stop it."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        cap = DEFAULT_LIMITS.max_template_output_bytes
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, bytes, list, tuple))
                    and isinstance(times, int)
                    and len(seq) * max(times, 0) > cap
                ):
                    raise SecurityError("a repetition in the template is too large")
        elif (
            operator == "**"
            and isinstance(right, int)
            and (
                abs(right) > 1000
                or (isinstance(left, int) and abs(left) > 1 and left.bit_length() * right > 100_000)
            )
        ):
            raise SecurityError("a power in the template is too large")
        return super().call_binop(context, operator, left, right)


def _environment(sandboxed: bool) -> jinja2.Environment:
    cls = _SandboxedEnvironment if sandboxed else _Environment
    return cls(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@dataclass
class _TemplatedPart:
    name: str
    template: jinja2.Template
    #: "xml" for Word parts docxtpl patches; "props" for core properties (plain Jinja).
    how: str
    fix_tables: bool
    #: DRAWINGS when the part has drawings (docxtpl renumbers their ids), BRACES when its text
    #: writes literal braces the docxtpl way ({_{ ... }_}).
    marks: int = 0


class CompiledTemplate:
    """A .docx template read, patched and compiled once; :meth:`render` makes a package."""

    def __init__(
        self,
        source: bytes,
        name: str,
        *,
        sandboxed: bool,
        limits: Limits = DEFAULT_LIMITS,
        codes: Mapping[str, tuple[str, bool, int, CodeType]] | None = None,
    ) -> None:
        self.name = name
        #: The compiled Jinja code of each templated part: (how, fix tables, code), for the
        #: disk cache that spares a new process the compilation.
        self.codes: dict[str, tuple[str, bool, int, CodeType]] = {}
        self.sha256 = hashlib.sha256(source).hexdigest()
        self.sandboxed = sandboxed
        self.environment = _environment(sandboxed)
        parts = read_template_package(source, name, limits, trusted=not sandboxed)
        names = [n for n, _ in parts]
        content = dict(parts)
        main = main_document(content)
        templated = templated_names(content, main)
        record_index = 1
        while f"customXml/item{record_index}.xml" in content:
            record_index += 1
        self.record_name = f"customXml/item{record_index}.xml"
        props_name = f"customXml/itemProps{record_index}.xml"
        content["[Content_Types].xml"] = _with_override(
            content["[Content_Types].xml"], f"/{props_name}", _CUSTOM_PROPS_TYPE
        )
        rels_name = _rels_name(main)
        content[rels_name] = _with_relationship(
            content.get(rels_name), _CUSTOM_XML_REL, f"../{self.record_name}"
        )
        if rels_name not in names:
            names.append(rels_name)
        if "docProps/core.xml" in content:
            content["docProps/core.xml"] = _core_defaults(content["docProps/core.xml"])
            if _TAG.search(content["docProps/core.xml"].decode("utf-8")):
                templated["docProps/core.xml"] = "props"

        self._order: list[StoredPart | str] = []
        self._templated: dict[str, _TemplatedPart] = {}
        for part_name in names:
            how = templated.get(part_name)
            if how is None:
                self._order.append(deflate_part(part_name, content[part_name], STATIC_LEVEL))
                continue
            if codes is not None and part_name in codes:
                how, fix, marks, code = codes[part_name]
                self._templated[part_name] = self._from_code(part_name, code, how, fix, marks)
            else:
                text = content[part_name].decode("utf-8")
                self._templated[part_name] = self._compile(part_name, text, how)
            self._order.append(part_name)
        self._order.append(self.record_name)
        self._order.append(
            deflate_part(
                props_name,
                (
                    f'{_XML_DECL}<ds:datastoreItem ds:itemID="{_DATASTORE_ID}" '
                    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
                    "<ds:schemaRefs/></ds:datastoreItem>"
                ).encode(),
            )
        )
        self._order.append(
            deflate_part(
                f"customXml/_rels/item{record_index}.xml.rels",
                (
                    f'{_XML_DECL}<Relationships xmlns="{_REL_NS}"><Relationship Id="rId1" '
                    f'Type="{_CUSTOM_PROPS_REL}" Target="itemProps{record_index}.xml"/>'
                    "</Relationships>"
                ).encode(),
            )
        )

    def _compile(self, name: str, text: str, how: str) -> _TemplatedPart:
        if how == "props":
            source = text
            fix = False
        else:
            root = etree.fromstring(text.encode("utf-8"))
            xml = etree.tostring(root, encoding="unicode")
            source = _DOCXTPL.patch_xml(xml)
            # docxtpl puts each paragraph on a line of its own for Jinja and takes the newlines
            # out of the output again; leaving them out of the source gives the same output
            # without scanning every document for them (they come back in error messages).
            source = re.sub(r"\n<w:p([ >])", r"<w:p\1", source)
            fix = "<w:gridSpan" in source or "{%tc" in text or "{{tc" in text
        marks = DRAWINGS if "<wp:docPr" in source else 0
        if any(brace in source for brace in ("{_{", "}_}", "{_%", "%_}")):
            marks |= BRACES
        try:
            code = self.environment.compile(source)
        except (RecursionError, SyntaxError, MemoryError) as error:
            # Jinja recurses once per nested block, and Python refuses more than 20 nested
            # loops in one function: a template nesting thousands of {% if %} or 25 {% for %}.
            raise TemplateError(
                f"{self.name} has a template error",
                [
                    f"{PurePosixPath(name).name}: its blocks are nested too deeply ({error.__class__.__name__})"
                ],
            ) from None
        except jinja2.TemplateSyntaxError:
            numbered = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
            try:
                self.environment.parse(numbered)
            except jinja2.TemplateSyntaxError as error:
                raise TemplateError(
                    f"{self.name} has a template error", [_place(numbered, error, name)]
                ) from None
            raise
        return self._from_code(name, code, how, fix, marks)

    def _from_code(
        self, name: str, code: CodeType, how: str, fix: bool, marks: int
    ) -> _TemplatedPart:
        env = self.environment
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        self.codes[name] = (how, fix, marks, code)
        return _TemplatedPart(name, template, how, fix, marks)

    def render(
        self, context: Mapping[str, Any], record: bytes | None, *, check_values: bool = False
    ) -> bytes:
        """The package for ``context``; ``record`` is the custom XML part's bytes (or none).

        ``check_values``: refuse (``RecordError``) a context holding characters XML cannot
        carry. Records are checked when they are made; a context built by hand is not.
        """
        out: list[StoredPart | tuple[str, bytes]] = []
        for item in self._order:
            if isinstance(item, StoredPart):
                out.append(item)
            elif item == self.record_name:
                out.append((item, record or docx_record_part(None)))
            else:
                data = self._render_part(self._templated[item], context)
                if check_values:
                    _check_characters(data, item)
                out.append((item, data))
        return write_package(out)

    def _render_part(self, part: _TemplatedPart, context: Mapping[str, Any]) -> bytes:
        try:
            xml = self._bounded(part, context) if self.sandboxed else part.template.render(context)
        except jinja2.TemplateError as error:
            raise TemplateError(
                f"{self.name} cannot be filled in", [_runtime_message(error, part.name)]
            ) from None
        if part.how == "props":
            return xml.encode("utf-8")
        data = (_PART_DECL + xml).encode("utf-8")
        # docxtpl's post-processing, each step only when its marks are there (searching bytes
        # is much faster than searching or replacing in a str holding non-ASCII text).
        if part.fix_tables or _needs_post_process(data, part.marks):
            xml = _post_process(xml, part.fix_tables, part.marks)
            data = (_PART_DECL + xml).encode("utf-8")
        if self.sandboxed:
            # A custom template can produce broken XML (an {%p if %} without its end, ...):
            # refuse it here rather than write a document Word cannot open.
            try:
                etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError as error:
                raise TemplateError(
                    f"{self.name} does not give a valid Word document",
                    [
                        f"{part.name}: {error.msg} (check that every {{%p %}} and {{%tr %}} tag "
                        "has its end in the same kind of place)"
                    ],
                ) from None
        return data

    def _bounded(self, part: _TemplatedPart, context: Mapping[str, Any]) -> str:
        """Fill a custom template's part within a deadline and an output cap; every failure of
        the template's own making is a ``TemplateError``, never a traceback."""
        limits = DEFAULT_LIMITS
        out = io.StringIO()  # not a list: millions of tiny chunks would cost far more than the text
        written = 0
        try:
            with deadline(limits.max_template_seconds, f"template {self.name}"):
                for chunk in part.template.generate(context):
                    written += len(chunk)
                    if written > limits.max_template_output_bytes:
                        raise TemplateError(
                            f"{self.name} cannot be filled in",
                            [
                                f"{part.name}: it writes more than "
                                f"{limits.max_template_output_bytes // (1024 * 1024)} MB "
                                "(a runaway loop?)"
                            ],
                        )
                    out.write(chunk)
        except (jinja2.TemplateError, TemplateError):
            raise
        except LimitExceededError:
            raise TemplateError(
                f"{self.name} cannot be filled in",
                [
                    f"{part.name}: it took longer than {limits.max_template_seconds:g} s "
                    "(a runaway loop?)"
                ],
            ) from None
        except MemoryError:
            raise TemplateError(
                f"{self.name} cannot be filled in",
                [
                    f"{part.name}: it needs more memory than a template may use "
                    "(limit max_template_memory_bytes)"
                ],
            ) from None
        except Exception as error:  # anything else a template can provoke in the sandbox
            raise TemplateError(
                f"{self.name} cannot be filled in",
                [f"{part.name}: {type(error).__name__}: {_short(error)}"],
            ) from None
        return out.getvalue()


def contained(name: str, function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` for a custom template, run in a child process with a memory limit,
    a CPU limit and a deadline (killed as a process group past it); every failure is one
    ``TemplateError`` (a ``RecordError`` raised by the work passes through)."""
    limits = DEFAULT_LIMITS
    try:
        return run_contained(
            function,
            *args,
            seconds=limits.max_template_seconds * 2 + 1,
            memory_bytes=limits.max_template_memory_bytes,
            result_bytes=limits.max_total_uncompressed_bytes,
        )
    except ContainedFailure as failure:
        if isinstance(failure.error, PtkError):
            raise failure.error from None
        if failure.reason == "time":
            detail = f"it {failure} (a runaway loop or a huge number?)"
        elif failure.reason == "memory":
            detail = (
                f"it needs more than {limits.max_template_memory_bytes // MB} MB of memory "
                "(limit max_template_memory_bytes) or was stopped"
            )
        else:
            detail = str(failure)
        raise TemplateError(f"{name} cannot be filled in", [detail]) from None


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:200] or "failed"


def _needs_post_process(data: bytes, marks: int) -> bool:
    """Whether docxtpl's post-processing would change anything in ``data``.

    Looking for one byte is a memchr (a microsecond for a whole agreement); the rest is known
    from the template. Unlike docxtpl, braces written ``{_{`` are turned into ``{{`` only when
    the template writes them: an officer's text reading ``{_{`` stays as typed.
    """
    return bool(marks) or any(mark in data for mark in (b"\n", b"\t", b"\a", b"\f"))


def _post_process(xml: str, fix_tables: bool, marks: int) -> str:
    """What docxtpl does to a rendered part: literal braces, line breaks, tables, drawings."""
    if marks & BRACES:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
    if "\n" in xml or "\t" in xml or "\a" in xml or "\f" in xml:
        xml = _DOCXTPL.resolve_listing(xml)
    if fix_tables:
        xml = etree.tostring(_DOCXTPL.fix_tables(xml), encoding="unicode")
    if marks & DRAWINGS:
        counter = iter(range(1001, 1_000_000))
        xml = _DOCPR_ID.sub(lambda m: f"{m[1]}{next(counter)}{m[2]}", xml)
    return xml


# Control characters XML 1.0 cannot carry (tab, newline and carriage return it can).
_NOT_XML = bytes(range(32)).translate(None, b"\t\n\r")


def _check_characters(data: bytes, part: str) -> None:
    if len(data.translate(None, _NOT_XML)) != len(data):
        bad = next(b for b in data if b in _NOT_XML)
        raise RecordError(
            f"a value contains a character that cannot be written in a document "
            f"(U+{bad:04X}, in {PurePosixPath(part).name})"
        )


# ------------------------------------------------------------------------------------------------
# Reading the template package
# ------------------------------------------------------------------------------------------------


def read_template_package(
    source: bytes, name: str, limits: Limits, *, trusted: bool = False
) -> list[tuple[str, bytes]]:
    """The parts of a template, checked by the same guard as any returned document (only
    stored and deflated parts, every part's inflated size and the total bounded, no DTD or
    entity, bounded nesting, no macros, a Word main part found by its content type).

    ``trusted``: one of ptk's own templates, shipped with the package, read without the
    checks (they cost more than compiling it from the disk cache)."""
    if trusted:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            return [(i.filename, archive.read(i)) for i in archive.infolist() if not i.is_dir()]
    try:
        with deadline(limits.max_seconds, f"template {name}"):
            package = check_package(source, name, "docx", limits, [])
            with package.zip as archive:
                return [
                    (info.filename, archive.read(info))
                    for info in archive.infolist()
                    if not info.is_dir()
                ]
    except DocumentError as error:
        raise TemplateError(f"template {_error_text(error)}") from None


def _error_text(error: BaseException) -> str:
    return " ".join(str(error).split())


def _parse(data: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def main_document(content: dict[str, bytes]) -> str:
    rels = content.get("_rels/.rels")
    if rels is not None:
        for rel in _parse(rels):
            if rel.get("Type", "").endswith("/officeDocument"):
                return str(rel.get("Target", "")).lstrip("/")
    return "word/document.xml"


def _rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels")


def templated_names(content: dict[str, bytes], main: str) -> dict[str, str]:
    """The parts docxtpl renders: the body, headers, footers and footnotes."""
    if main not in content:
        raise TemplateError("the template has no main document part")
    names = {main: "xml"}
    rels = content.get(_rels_name(main))
    base = PurePosixPath(main).parent
    if rels is not None:
        for rel in _parse(rels):
            if rel.get("Type") in _HEADER_FOOTER and rel.get("TargetMode") != "External":
                target = str(base / rel.get("Target", ""))
                if target in content:
                    names[target] = "xml"
    types = _parse(content["[Content_Types].xml"])
    for override in types:
        if override.get("ContentType") == _FOOTNOTES_TYPE:
            names[override.get("PartName", "").lstrip("/")] = "xml"
    return {
        name: how
        for name, how in names.items()
        if name in content and _TAG.search(content[name].decode("utf-8", "replace"))
    }


def _with_override(types: bytes, part_name: str, content_type: str) -> bytes:
    root = _parse(types)
    etree.SubElement(root, f"{{{_CT_NS}}}Override", PartName=part_name, ContentType=content_type)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _with_relationship(rels: bytes | None, rel_type: str, target: str) -> bytes:
    root = (
        _parse(rels)
        if rels
        else etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    )
    ids = {rel.get("Id") for rel in root}
    new_id = "rIdPtkRecord"
    while new_id in ids:
        new_id += "1"
    etree.SubElement(root, f"{{{_REL_NS}}}Relationship", Id=new_id, Type=rel_type, Target=target)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_DC = "http://purl.org/dc/elements/1.1/"

_LIBRARY_AUTHORS = {"", "python-docx", "docxtpl", "python-docx-template", "unknown"}


def _core_defaults(core: bytes) -> bytes:
    """A title and an author for every document: the record's, when the template left them out."""
    root = _parse(core)
    for tag, value in (("title", "{{ document_title }}"), ("creator", "{{ council }}")):
        element = root.find(f"{{{_DC}}}{tag}")
        if element is None:
            element = etree.SubElement(root, f"{{{_DC}}}{tag}")
        if (element.text or "").strip().casefold() in _LIBRARY_AUTHORS:
            element.text = value
    description = root.find(f"{{{_DC}}}description")
    if description is not None and "python-docx" in (description.text or ""):
        description.text = ""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# ------------------------------------------------------------------------------------------------
# Errors with a place an officer can find
# ------------------------------------------------------------------------------------------------


def _place(source: str, error: jinja2.TemplateSyntaxError, part: str) -> str:
    lines = source.splitlines()
    lineno = error.lineno or 1
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    where = "the document" if part.endswith("document.xml") else PurePosixPath(part).stem
    return f"{where}, paragraph {max(lineno - 1, 1)} ('{text[:60]}'): {error.message}"


def _runtime_message(error: jinja2.TemplateError, part: str) -> str:
    message = getattr(error, "message", None) or str(error)
    if isinstance(error, jinja2.exceptions.SecurityError):
        return f"unsafe expression refused: {message}"
    return f"{PurePosixPath(part).name}: {message}"


# ------------------------------------------------------------------------------------------------
# The cache of compiled templates (one per file content and trust)
# ------------------------------------------------------------------------------------------------

_CACHE: dict[tuple[str, bool], CompiledTemplate] = {}

_SEEN: dict[tuple[str, int, int, bool], CompiledTemplate] = {}

_LOCK = threading.Lock()

#: Bumped whenever what the disk cache holds, or how the code in it is made, changes.
_CACHE_FORMAT = 3


def cache_dir() -> Path | None:
    """Where compiled templates are kept between runs; ``PTK_CACHE_DIR=off`` turns it off.

    Compiling a template costs tens of milliseconds, ten times a render: a one-off
    ``ptk render`` loads the compiled code instead, as Jinja's bytecode cache does.
    """
    configured = os.environ.get("PTK_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "no"):
            return None
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "ptk_docs"
    # The cache holds code that is run: never from a folder anyone else may write to.
    with contextlib.suppress(OSError):
        if folder.stat().st_mode & 0o022:
            return None
    return folder


def _cache_key(sha256: str, sandboxed: bool) -> str:
    from docxtpl import __version__ as docxtpl_version

    parts = (
        sha256,
        str(sandboxed),
        str(_CACHE_FORMAT),
        jinja2.__version__,
        str(docxtpl_version),
        sys.implementation.cache_tag or "",
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _load_codes(key: str) -> dict[str, tuple[str, bool, int, CodeType]] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        loaded = marshal.loads((folder / f"{key}.jinja").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(loaded, dict):
        return None
    codes: dict[str, tuple[str, bool, int, CodeType]] = {}
    for name, entry in loaded.items():
        if not (isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[3], CodeType)):
            return None
        codes[str(name)] = (str(entry[0]), bool(entry[1]), int(entry[2]), entry[3])
    return codes


def _save_codes(key: str, codes: dict[str, tuple[str, bool, int, CodeType]]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(codes))
        os.replace(tmp, folder / f"{key}.jinja")
    except OSError:
        pass  # a cache we cannot write is only slower


def compiled(path: Path, *, sandboxed: bool, name: str | None = None) -> CompiledTemplate:
    """The compiled template for ``path``, compiled at most once per content."""
    try:
        stat = path.stat()
    except OSError as error:
        raise TemplateError(f"cannot read template {path}: {error.strerror or error}") from None
    # A batch asks for the same file thousands of times: one stat instead of a read and a hash.
    seen_key = (str(path), stat.st_mtime_ns, stat.st_size, sandboxed)
    with _LOCK:
        seen = _SEEN.get(seen_key)
    if seen is not None:
        return seen
    try:
        source = read_bounded_file(path, DEFAULT_LIMITS)
    except DocumentError as error:
        raise TemplateError(f"cannot read template: {_error_text(error)}") from None
    sha256 = hashlib.sha256(source).hexdigest()
    with _LOCK:
        found = _CACHE.get((sha256, sandboxed))
    if found is None:
        disk_key = _cache_key(sha256, sandboxed)
        codes = _load_codes(disk_key)
        try:
            found = CompiledTemplate(source, name or path.name, sandboxed=sandboxed, codes=codes)
        except (TypeError, ValueError):
            if codes is None:
                raise
            found = CompiledTemplate(source, name or path.name, sandboxed=sandboxed)
        if codes is None:
            _save_codes(disk_key, found.codes)
    with _LOCK:
        if len(_CACHE) > 32:
            _CACHE.clear()
            _SEEN.clear()
        _CACHE[(sha256, sandboxed)] = found
        _SEEN[seen_key] = found
    return found


def forget_compiled() -> None:
    """Drop the compiled templates kept in memory (the disk cache stays)."""
    with _LOCK:
        _CACHE.clear()
        _SEEN.clear()
