"""Completed documents (.docx, .pdf) read back into records: parse and ParseResult.

Trust order: the record ptk embedded (to know the kind and to list what people changed), then
content controls tagged with field paths, then the document's structure read against
:func:`ptk_docs.layout.outline`. Structure alone recovers every field of ptk's own documents, and
the same reader takes agreements and business cases written in a council's own words.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar, overload

from ptk_docs._errors import DocumentError, RecordError
from ptk_docs._io.envelope import Envelope
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits
from ptk_docs._read.blocks import ExtractedDocument
from ptk_docs._read.diff import answer_paths, changes, value_at
from ptk_docs._read.extract import extract
from ptk_docs._read.signatures import add_digital_signatures
from ptk_docs._read.structure import StructureReader, labels_for, read_content_controls
from ptk_docs._records._base import Record, has_answer, name_key, validate_record
from ptk_docs._records.agreement import PartnershipAgreement
from ptk_docs._records.changes import Change
from ptk_docs._records.kinds import KINDS, kind_of, model_for_kind
from ptk_docs._toolkit.headings import (
    normalise,
    toolkit_heading,
)

READABLE_KINDS = ("agreement", "business-case")

R = TypeVar("R", bound=Record)

#: The warning given when a document is read with nothing to compare it with.
NO_BASELINE = (
    "nothing to compare with: the document carries no record from ptk and none was given "
    "(against=, or --against SENT.json), so changes are not known"
)


@dataclass
class ParseResult(Generic[R]):
    """What was read from a document, where each value came from, and what was left over.

    ``provenance`` maps a field path to where its value was found, as a person would look for
    it: ``{"source": "content-control" | "structure" | "form-field" | "title" | "embedded",
    "heading": .., "question": .., "location": "paragraph 14" | "table 2 row 3"}``, with
    ``"page": 1`` for the location in a PDF. The heading is the toolkit's where the section is one;
    paragraphs are counted from the top of the document, those in tables included, as the
    template linter counts them. ``changes`` is None when there was
    nothing to compare with (no embedded record and no ``against``).
    """

    kind: str
    record: R
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changes: list[Change] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "record": self.record.model_dump(mode="json"),
            "provenance": self.provenance,
            "warnings": self.warnings,
            "unmapped": self.unmapped,
            "missing": self.missing,
            "changes": None if self.changes is None else [c.to_json() for c in self.changes],
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
) -> ParseResult[Record]:
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
        provenance={
            "": {
                "source": "embedded",
                "note": f"the record of a {kind} made by ptk; its text is not parsed",
            }
        },
        warnings=list(extracted.warnings),
        changes=[],
    )


def _detect_kind(extracted: ExtractedDocument) -> tuple[str, str]:
    """(kind, warning): the kind from the embedded record, the title, or the questions asked.

    A governance document that is recognisably neither (terms of reference, a constitution) is
    read as an agreement, which is what the toolkit asks such a document to be, with a warning.
    """
    embedded = extracted.embedded
    if embedded is not None and embedded.get("kind") in READABLE_KINDS:
        return str(embedded["kind"]), ""
    for block in extracted.blocks[:3]:
        if block.kind == "title":
            # ptk's own titles: "Partnership Agreement – Community Safety Partnership"
            title = normalise(block.text.split(" – ")[0])
            if title == "partnership agreement":
                return "agreement", ""
            if title == "partnership business case":
                return "business-case", ""
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
    if scores[best] >= 3:
        return best, ""
    return "agreement", (
        f"{Path(extracted.source).name} is not recognisably a ptk agreement or business case; "
        "read as a partnership agreement (give --kind business-case if it is a business case)"
    )


_TITLE_NOISE = re.compile(
    r"^(?:partnership agreement|terms of reference|agreement|constitution|business case)"
    r"\s*(?:for|of|[:–—-])?\s*",
    re.I,
)

#: What a title says about itself after the name: "Dorset CSP Terms of Reference (2019)".
_TITLE_SUFFIX = re.compile(
    r"\s*[:–—-]?\s*(?:terms of reference|constitution|(?:partnership|information sharing|data sharing) agreement|agreement|memorandum of understanding)\b.*$",
    re.I,
)

#: A body's name in the opening text ("The purpose of the Welsh Technical Standards Board ...").
_NAME_IN_TEXT = re.compile(
    r"\b((?:[A-Z][\w&'’-]*\s+(?:(?:and|&|of|for)\s+)?){1,7}"
    r"(?:Board|Partnership|Group|Committee|Forum|Panel|Network|Alliance|Trust))\b"
)


def _partnership_name(reader: StructureReader, embedded: Envelope | None, source: Path) -> str:
    """The name from the document's title; never from a heading further down (the last
    unrecognised heading, "Escalation", is not a name)."""
    first = next((b for b in reader.extracted.blocks if b.text.strip()), None)
    opening = first.text if first is not None and first.kind in ("title", "heading") else ""
    for candidate in (reader.title, opening):
        text = " ".join(candidate.split())
        cleaned = _TITLE_SUFFIX.sub("", _TITLE_NOISE.sub("", text)).strip(" :–-")
        key = normalise(cleaned)
        if not cleaned or key in reader.labels.fixed or toolkit_heading(cleaned):
            continue
        return cleaned
    if embedded and isinstance(embedded.get("record"), dict):
        name = embedded["record"].get("partnership_name")
        if isinstance(name, str) and name.strip():
            return name
    for block in reader.extracted.blocks[:8]:
        found = _NAME_IN_TEXT.search(block.text) if block.kind != "table-row" else None
        if found:
            return re.sub(r"^(?:The|This|Our)\s+", "", found.group(1))
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
        reader.provenance["partnership_name"] = {"source": "title"}
    data = _nest(reader.values)
    for _attempt in range(20):
        try:
            return validate_record(model, data)
        except RecordError as error:
            if not error.problems:
                raise DocumentError(f"{source.name}: {error}") from None
            dropped = False
            for path, message in error.problems:
                # A rule across fields ("signatories[0].date_signed (..) is before the date of
                # agreement") names the value it doubts first: that one is left empty.
                named = _NAMED_PATH.match(message)
                target = path
                if named and (not path or _value(data, path) is None):
                    target = named.group(1)
                value = _value(data, target)
                if value is not None and _drop(data, target):
                    dropped = True
                    reader.warnings.append(f"{target}: {message}; left empty, kept in unmapped")
                    reader.unmapped.append(
                        {
                            "heading": reader.provenance.get(target, {}).get("heading", ""),
                            "text": str(value),
                            "location": reader.provenance.get(target, {}).get("location", ""),
                            "field": target,
                        }
                    )
            if not dropped:
                raise DocumentError(f"{source.name}: {error}") from None
    raise DocumentError(f"{source.name}: the values read do not make a valid {kind}")


_NAMED_PATH = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*)\b")


def _value(data: dict[str, Any], path: str) -> Any:
    """The value at a pydantic error path, or None."""
    if not path:
        return None
    node: Any = data
    try:
        for part in [p for p in re.split(r"\.|\[(\d+)\]", path) if p]:
            node = node[int(part)] if isinstance(node, list) else node[part]
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    return node


def _drop(data: dict[str, Any], path: str) -> bool:
    """Remove the value at a pydantic error path ("signatories[0].date_signed")."""
    parts = [p for p in re.split(r"\.|\[(\d+)\]", path) if p]
    if not parts:
        return False
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


def _signature_lines(reader: StructureReader, baseline: Envelope | None) -> None:
    """A signature row naming only an organisation is a line waiting for a signature. ptk's
    template draws one for each partner when no one has signed, so such a row is a signatory
    only where the record sent had one for that organisation (a pre-filled signature row)."""
    rows = reader.values.get("signatories")
    if not isinstance(rows, list):
        return
    sent = baseline["record"].get("signatories") if baseline is not None else None
    sent_lines = {
        name_key(str(s.get("organisation", "")))
        for s in (sent if isinstance(sent, list) else [])
        if isinstance(s, dict)
    }
    kept: list[Any] = []
    provenance = {k: v for k, v in reader.provenance.items() if not k.startswith("signatories[")}
    for index, row in enumerate(rows):
        waiting = set(row) <= {"organisation"}
        if waiting and name_key(str(row.get("organisation", ""))) not in sent_lines:
            continue
        where = reader.provenance.get(f"signatories[{index}]")
        if where is not None:
            provenance[f"signatories[{len(kept)}]"] = where
        kept.append(row)
    reader.provenance.clear()
    reader.provenance.update(provenance)
    if kept:
        reader.values["signatories"] = kept
    else:
        del reader.values["signatories"]


def _kind_name(kind: str | type[Record] | None) -> str | None:
    if kind is None or isinstance(kind, str):
        return kind
    for name, model in KINDS.items():
        if model is kind:
            return name
    raise DocumentError(f"cannot read a {kind.__name__} from a document")


def _baseline(
    against: Record | Mapping[str, Any] | None, kind: str | None
) -> tuple[str | None, Envelope | None]:
    """The record that was sent, as an envelope, and its kind."""
    if against is None:
        return None, None
    if isinstance(against, Record):
        sent_kind = against.record_kind
        data = against.model_dump(mode="json")
    else:
        data = dict(against)
        sent_kind = kind or kind_of(data) or ""
        if sent_kind not in KINDS:
            raise RecordError("cannot tell what kind of record 'against' is; give the kind")
        data = validate_record(model_for_kind(sent_kind), data).model_dump(mode="json")
    return sent_kind, Envelope(kind=sent_kind, record=data, attributes={})


#: What a source may be: a path, the document's bytes, or a binary file open for reading.
Source = str | Path | bytes | BinaryIO

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


@overload
def parse(
    source: Source,
    *,
    kind: type[R],
    against: R | Mapping[str, Any] | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ParseResult[R]: ...


@overload
def parse(
    source: Source,
    *,
    kind: str | None = None,
    against: Record | Mapping[str, Any] | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ParseResult[Record]: ...


def parse(
    source: Source,
    *,
    kind: str | type[Record] | None = None,
    against: Record | Mapping[str, Any] | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ParseResult[Any]:
    """Read ``source`` (a .docx or .pdf: its path, its bytes or a binary file) into a record.

    ``limits`` bound the reading of a document from outside (see :class:`ptk_docs.Limits`).

    ``kind`` (``agreement`` or ``business-case``, or the record class, which also types
    ``.record``) is detected when not given: from the record ptk embedded, else from the
    document's title and questions; a governance document that is recognisably neither is read
    as an agreement, with a warning. ``against`` is the record that was sent (a record or its
    data): ``changes`` lists each field whose value differs from it. Without it, the record ptk
    embedded is the baseline; with neither, ``changes`` is None and a warning says so. With
    ``strict``, every warning (a comment, a value that could not be read, a recovery) raises
    ``DocumentError`` instead.
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
            return parse(path, kind=kind, against=against, strict=strict, limits=limits)
    path = Path(source)
    return parse_extracted(
        extract(path, limits), path, kind=kind, against=against, strict=strict, limits=limits
    )


def parse_extracted(
    extracted: ExtractedDocument,
    path: Path,
    *,
    kind: str | type[Record] | None = None,
    against: Record | Mapping[str, Any] | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ParseResult[Any]:
    """:func:`parse` of a document already read by :func:`~ptk_docs._read.extract.extract`:
    a command that also assesses or checks the document reads it once."""
    kind_name = _kind_name(kind)
    carried = extracted.embedded.get("kind") if extracted.embedded else None
    if kind_name in (None, "report", "register") and carried in ("report", "register"):
        # A committee report (or register) ptk made: its text is the records' output (figures,
        # joined templates), not a form to read back, so the record it carries is the answer.
        return _from_embedded(path, str(carried), extracted, strict)
    if kind_name is not None and kind_name not in READABLE_KINDS:
        raise DocumentError(
            f"cannot read a '{kind_name}' from a document ptk did not make "
            f"(expected: {', '.join(READABLE_KINDS)})"
        )
    sent_kind, sent = _baseline(against, kind_name)
    guessed = ""
    if kind_name is None and sent_kind in READABLE_KINDS:
        kind_name = sent_kind  # the record that was sent says what the document is
    if kind_name is None:
        kind_name, guessed = _detect_kind(extracted)
    embedded = extracted.embedded
    if embedded is not None and embedded.get("kind") not in (kind_name, "", None):
        embedded = None  # a record of another kind: not this document's
    baseline = sent if sent is not None else embedded
    reader = StructureReader(kind_name, extracted)
    if guessed:
        reader.warnings.append(guessed)
    if sent is not None and sent_kind != kind_name:
        reader.warnings.append(
            f"the record given to compare with is a {sent_kind}, the document a {kind_name}: "
            "nothing compared"
        )
        baseline = None
    reader.read()
    read_content_controls(reader)
    _signature_lines(reader, baseline)
    record = _validate(kind_name, reader, path, embedded)
    if isinstance(record, PartnershipAgreement) and extracted.format == "pdf":
        record = add_digital_signatures(record, path, reader.provenance, reader.warnings, limits)
    result: ParseResult[Any] = ParseResult(
        kind=kind_name,
        record=record,
        provenance=reader.provenance,
        warnings=reader.warnings,
        unmapped=reader.unmapped,
    )
    result.missing = [p for p in answer_paths(kind_name) if not has_answer(value_at(record, p))]
    if baseline is not None:
        result.changes = changes(kind_name, record, baseline)
    else:
        result.warnings.append(NO_BASELINE)
    if strict:
        serious = [w for w in result.warnings if w != NO_BASELINE]
        if serious:
            raise DocumentError(f"{path.name}: {serious[0]} (strict reading)")
    return result
