"""Completed documents (.docx, .pdf) read back into records: parse and ParseResult.

Trust order: the record ptk embedded (to know the kind and to list what people changed), then
content controls tagged with field paths, then the document's structure read against
:func:`ptk_docs.layout.outline`. Structure alone recovers every field of ptk's own documents, and
the same reader takes agreements and business cases written in a council's own words.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ptk_docs._errors import DocumentError, RecordError
from ptk_docs._io.envelope import Envelope
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits
from ptk_docs._read.blocks import ExtractedDocument
from ptk_docs._read.diff import answer_paths, changes, value_at
from ptk_docs._read.extract import extract
from ptk_docs._read.structure import StructureReader, labels_for, read_content_controls
from ptk_docs._records._base import Record, has_answer, validate_record
from ptk_docs._records.kinds import model_for_kind
from ptk_docs._toolkit.headings import (
    normalise,
    toolkit_heading,
)

READABLE_KINDS = ("agreement", "business-case")


@dataclass
class ParseResult:
    """What was read from a document, where each value came from, and what was left over."""

    kind: str
    record: Record
    provenance: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "record": self.record.model_dump(mode="json"),
            "provenance": self.provenance,
            "warnings": self.warnings,
            "unmapped": self.unmapped,
            "missing": self.missing,
            "changes": self.changes,
        }


# --------------------------------------------------------------------------------------------
# Building the record
# --------------------------------------------------------------------------------------------


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, value in values.items():
        parts = path.split(".")
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return data


def _from_embedded(
    path: Path, kind: str, extracted: ExtractedDocument, strict: bool
) -> ParseResult:
    assert extracted.embedded is not None
    try:
        record = validate_record(model_for_kind(kind), extracted.embedded.get("record"))
    except RecordError as error:
        raise DocumentError(
            f"{path.name}: the {kind} record it carries is not valid ({error})"
        ) from None
    del strict  # nothing is recovered: the record is read as ptk wrote it
    return ParseResult(
        kind=kind,
        record=record,
        provenance={"": f"embedded record (a {kind} made by ptk; its text is not parsed)"},
        warnings=list(extracted.warnings),
    )


def _detect_kind(extracted: ExtractedDocument) -> str:
    embedded = extracted.embedded
    if embedded is not None and embedded.get("kind") in READABLE_KINDS:
        return str(embedded["kind"])
    for block in extracted.blocks[:3]:
        if block.kind == "title":
            # ptk's own titles: "Partnership Agreement – Community Safety Partnership"
            title = normalise(block.text.split(" – ")[0])
            if title == "partnership agreement":
                return "agreement"
            if title == "partnership business case":
                return "business-case"
    scores = {k: 0 for k in READABLE_KINDS}
    for block in extracted.blocks[:400]:
        texts = block.cells if block.kind == "table-row" else (block.text,)
        for text in texts:
            key = normalise(text.split("\n")[0])
            if key in ("partnership agreement",):
                scores["agreement"] += 5
            elif key in ("partnership business case", "business case"):
                scores["business-case"] += 5
            for kind in READABLE_KINDS:
                labels = labels_for(kind)
                if key in labels.questions:
                    scores[kind] += 1
            if block.kind in ("heading", "title") and toolkit_heading(text):
                scores["agreement"] += 1
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 3:
        raise DocumentError(
            f"{Path(extracted.source).name}: cannot tell whether this is an agreement or a "
            "business case; give the kind (--kind agreement or --kind business-case)"
        )
    return best


_TITLE_NOISE = re.compile(
    r"^(?:partnership agreement|terms of reference|agreement|constitution|business case)"
    r"\s*(?:for|of|[:–—-])?\s*",
    re.I,
)


def _partnership_name(reader: StructureReader, embedded: Envelope | None, source: Path) -> str:
    for candidate in (reader.title, reader.first_heading):
        text = " ".join(candidate.split())
        key = normalise(text)
        if not text or key in reader.labels.fixed or toolkit_heading(text):
            continue
        cleaned = _TITLE_NOISE.sub("", text).strip(" :–-") or text
        return cleaned
    if embedded and isinstance(embedded.get("record"), dict):
        name = embedded["record"].get("partnership_name")
        if isinstance(name, str) and name.strip():
            return name
    return source.stem.replace("_", " ").replace("-", " ").strip() or "Unnamed partnership"


def _validate(
    kind: str, reader: StructureReader, source: Path, embedded: Envelope | None
) -> Record:
    model = model_for_kind(kind)
    if "partnership_name" not in reader.values:
        name = _partnership_name(reader, embedded, source)
        reader.warnings.append(
            f"the partnership's name was not found under its question; read '{name}' "
            "from the document's title"
        )
        reader.values["partnership_name"] = name
        reader.provenance["partnership_name"] = "title"
    data = _nest(reader.values)
    for _attempt in range(20):
        try:
            return validate_record(model, data)
        except RecordError as error:
            if not error.problems:
                raise DocumentError(f"{source.name}: {error}") from None
            dropped = False
            for path, message in error.problems:
                if _drop(data, path):
                    dropped = True
                    reader.warnings.append(f"{path}: {message}; left empty")
            if not dropped:
                raise DocumentError(f"{source.name}: {error}") from None
    raise DocumentError(f"{source.name}: the values read do not make a valid {kind}")


def _drop(data: dict[str, Any], path: str) -> bool:
    """Remove the value at a pydantic error path ("signatories[0].date_signed")."""
    parts = [p for p in re.split(r"\.|\[(\d+)\]", path) if p]
    node: Any = data
    try:
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        last = parts[-1]
        if isinstance(node, list):
            del node[int(last)]
        elif last in node:
            del node[last]
        else:
            return False
    except (KeyError, IndexError, ValueError, TypeError):
        return False
    return True


#: What a document's first bytes say it is, for one given as bytes or a file object.
_MAGIC = ((b"PK\x03\x04", ".docx"), (b"%PDF", ".pdf"), (b"\xd0\xcf\x11\xe0", ".doc"))


def _source_bytes(source: bytes | bytearray | memoryview | BinaryIO, limits: Limits) -> bytes:
    """A document given in memory or as a binary file object, read no further than the limit."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = source.read(limits.max_file_bytes + 1)
        if not isinstance(data, bytes):
            raise DocumentError("parse needs a binary file object (open it with 'rb')")
    if len(data) > limits.max_file_bytes:
        raise DocumentError(
            f"the document is over {limits.max_file_bytes:,} bytes: too large to read"
        )
    return data


def parse(
    source: str | Path | bytes | BinaryIO,
    *,
    kind: str | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ParseResult:
    """Read ``source`` (.docx or .pdf: a path, the bytes, or a binary file object) back into a
    record.

    ``limits`` bound the reading of a document from outside (see :class:`ptk_docs.Limits`).

    ``kind`` (``agreement`` or ``business-case``) is detected when not given: from the record
    ptk embedded, else from the document's title and questions. With ``strict``, every warning
    (a comment, a value that could not be read, a recovery) raises ``DocumentError`` instead.
    """
    if not isinstance(source, str | Path):
        # In memory (a web upload, an email attachment): read from a private temporary file,
        # named by what its first bytes say it is.
        data = _source_bytes(source, limits)
        suffix = next((s for magic, s in _MAGIC if data.startswith(magic)), None)
        if suffix is None:
            raise DocumentError("the document given is not a .docx, .pdf or .doc")
        with tempfile.TemporaryDirectory(prefix="ptk-parse-") as folder:
            path = Path(folder) / f"document{suffix}"
            path.write_bytes(data)
            return parse(path, kind=kind, strict=strict, limits=limits)
    path = Path(source)
    return parse_extracted(extract(path, limits), path, kind=kind, strict=strict)


def parse_extracted(
    extracted: ExtractedDocument, path: Path, *, kind: str | None = None, strict: bool = False
) -> ParseResult:
    """:func:`parse` of a document already read by :func:`~ptk_docs._read.extract.extract`:
    a command that also assesses or checks the document reads it once."""
    carried = extracted.embedded.get("kind") if extracted.embedded else None
    if kind in (None, "report", "register") and carried in ("report", "register"):
        # A committee report (or register) ptk made: its text is the records' output (figures,
        # joined templates), not a form to read back, so the record it carries is the answer.
        return _from_embedded(path, str(carried), extracted, strict)
    if kind is not None and kind not in READABLE_KINDS:
        raise DocumentError(
            f"cannot read a '{kind}' from a document ptk did not make "
            f"(expected: {', '.join(READABLE_KINDS)})"
        )
    kind = kind or _detect_kind(extracted)
    embedded = extracted.embedded
    if embedded is not None and embedded.get("kind") not in (kind, "", None):
        embedded = None  # a record of another kind: not this document's
    reader = StructureReader(kind, extracted)
    reader.read()
    read_content_controls(reader)
    record = _validate(kind, reader, path, embedded)
    result = ParseResult(
        kind=kind,
        record=record,
        provenance=reader.provenance,
        warnings=reader.warnings,
        unmapped=reader.unmapped,
    )
    result.missing = [p for p in answer_paths(kind) if not has_answer(value_at(record, p))]
    if embedded is not None:
        result.changes = changes(kind, record, embedded)
    if strict and result.warnings:
        raise DocumentError(f"{path.name}: {result.warnings[0]} (strict reading)")
    return result
