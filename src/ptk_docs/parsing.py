"""Completed documents (.docx, .pdf) read back into records: parse and ParseResult.

Trust order: the record ptk embedded (to know the kind and to list what people changed), then
content controls tagged with field paths, then the document's structure read against
:func:`ptk_docs.layout.outline`. Structure alone recovers every field of ptk's own documents, and
the same reader takes agreements and business cases written in a council's own words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import re
import types
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from ._headings import (
    PARTNER_HEADINGS,
    SIGNATURE_HEADINGS,
    normalise,
    toolkit_heading,
)
from .errors import DocumentError, RecordError
from .extract import Block, ExtractedDocument, extract
from .formatting import is_prompt, parse_date, parse_money
from .layout import (
    AGREEMENT_INTRO,
    BUSINESS_CASE_INTRO,
    DOCUMENT_TITLES,
    QUESTION_STYLE,
    Section,
    TableSpec,
    outline,
)
from .models import (
    FieldSpec,
    Record,
    model_for_kind,
    validate_record,
)

__all__ = ["ParseResult", "parse"]

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
# Value types
# --------------------------------------------------------------------------------------------


def _value_type(annotation: Any) -> Any:
    try:
        return _VALUE_TYPES[annotation]
    except (KeyError, TypeError):
        pass
    value_type = _value_type_of(annotation)
    with contextlib.suppress(TypeError):
        _VALUE_TYPES[annotation] = value_type
    return value_type


_VALUE_TYPES: dict[Any, Any] = {}


def _value_type_of(annotation: Any) -> Any:
    """ "text", "list", "bool", "date", "money", or an Enum class, for a field's annotation."""
    origin = get_origin(annotation)
    if origin is list:
        return "list"
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        return _value_type_of(inner[0]) if inner else "text"
    if get_args(annotation) and origin is not None:  # Annotated[...]
        return _value_type_of(get_args(annotation)[0])
    if annotation is bool:
        return "bool"
    if annotation is dt.date:
        return "date"
    if annotation is Decimal:
        return "money"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return "text"


_YES = re.compile(r"^\s*(yes|y|true|attached|x|✓|✔|☒)\b", re.I)
_NO = re.compile(r"^\s*(no|n|false|not attached|none)\b", re.I)


def _enum_value(kind: type[enum.Enum], text: str) -> Any:
    key = normalise(text, drop_number=False)
    members = list(kind)
    for member in members:
        if normalise(str(member.value), drop_number=False) == key:
            return member
    # "Setting up" for "Setting up a partnership"; "Internal / External" for both.
    hits = [m for m in members if key and key in normalise(str(m.value), drop_number=False)]
    if len(hits) == 1:
        return hits[0]
    words = set(key.split())
    hits = [m for m in members if set(normalise(str(m.value), drop_number=False).split()) <= words]
    if hits:
        return max(hits, key=lambda m: len(str(m.value)))
    hits = [m for m in members if normalise(str(m.value)).split()[0] in words]
    if len(hits) == 1:
        return hits[0]
    return None


class _Unreadable(ValueError):
    """A value that could not be read as its field's type."""


def _convert(value_type: Any, text: str) -> Any:
    text = text.strip()
    if not text or is_prompt(text):
        return None
    if value_type == "bool":
        if _YES.match(text):
            return True
        if _NO.match(text):
            return False
        raise _Unreadable(f"'{_short(text)}' is not Yes or No")
    if value_type == "date":
        day = parse_date(text)
        if day is None:
            raise _Unreadable(f"'{_short(text)}' is not a date")
        return day
    if value_type == "money":
        amount = parse_money(text)
        if amount is None:
            raise _Unreadable(f"'{_short(text)}' is not an amount of money")
        return amount
    if isinstance(value_type, type) and issubclass(value_type, enum.Enum):
        member = _enum_value(value_type, text)
        if member is None:
            choices = ", ".join(str(m.value) for m in value_type)
            raise _Unreadable(f"'{_short(text)}' is not one of: {choices}")
        return member.value
    return text


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------------
# The labels of a kind of document: headings, questions, tables, fixed texts
# --------------------------------------------------------------------------------------------


@dataclass
class _Labels:
    kind: str
    sections: list[Section]
    headings: dict[str, Section]
    questions: dict[str, list[tuple[Section, FieldSpec | TableSpec]]]
    fixed: set[str]
    tables: dict[tuple[str, ...], tuple[Section, TableSpec]]
    by_path: dict[str, FieldSpec]
    line_label: re.Pattern[str]


def _labels(kind: str) -> _Labels:
    cached = _LABELS.get(kind)
    if cached is not None:
        return cached
    sections = outline(kind)
    headings: dict[str, Section] = {}
    questions: dict[str, list[tuple[Section, FieldSpec | TableSpec]]] = {}
    tables: dict[tuple[str, ...], tuple[Section, TableSpec]] = {}
    by_path: dict[str, FieldSpec] = {}
    fixed = {normalise(DOCUMENT_TITLES[kind])}
    fixed.add(normalise(AGREEMENT_INTRO if kind == "agreement" else BUSINESS_CASE_INTRO))
    for section in sections:
        headings.setdefault(normalise(section.heading), section)
        headings.setdefault(normalise(section.toolkit_heading), section)
        fixed.update(normalise(t) for t in section.guidance + section.statements)
        for item in section.items:
            if item.question:
                questions.setdefault(normalise(item.question), []).append((section, item))
            if isinstance(item, TableSpec):
                tables[tuple(normalise(c) for c in item.columns)] = (section, item)
            else:
                by_path[item.path] = item
    texts = sorted(
        {q for s in sections for i in s.items if (q := i.question)} | {s.heading for s in sections},
        key=len,
        reverse=True,
    )
    alternatives = []
    for text in texts:
        words = text.rstrip(":").split()
        pattern = r"\s+".join(re.escape(w) for w in words) + ":?"
        # A short label ("Name:", "Legal") only when it is the whole line or followed by ":".
        if len(words) < 4:
            pattern += r"(?=[ \t]*$)" if not text.endswith(":") else ""
        alternatives.append(pattern)
    line_label = re.compile(
        r"^[ \t]*(?:\d{1,2}\.?[ \t]+)?(?P<label>" + "|".join(alternatives) + r")(?=\s|$)",
        re.I | re.M,
    )
    labels = _Labels(kind, sections, headings, questions, fixed, tables, by_path, line_label)
    _LABELS[kind] = labels
    return labels


_LABELS: dict[str, _Labels] = {}


def _item_model(kind: str, path: str) -> type[Record]:
    model: Any = model_for_kind(kind)
    for part in path.split("."):
        annotation = model.model_fields[part].annotation
        args = [a for a in get_args(annotation) if a is not type(None)]
        model = (
            args[0]
            if args and get_origin(annotation) in (list, Union, types.UnionType)
            else (annotation)
        )
    assert isinstance(model, type) and issubclass(model, Record)
    return model


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

_SIGNATURE_COLUMNS = {
    "organisation": {
        "organisation", "organization", "partner", "agency", "on behalf of", "signed on behalf of",
        "for and on behalf of", "partner organisation", "body", "authority", "council", "company",
    },
    "name": {"name", "print name", "signatory", "name of signatory", "printed name", "full name"},
    "title": {"title", "position", "job title", "role", "designation", "post"},
    "date_signed": {"date", "date signed", "signed date", "dated"},
    "": {"signature", "signed", "sign"},
}  # fmt: skip
_BULLET = re.compile(r"^\s*(?:[\uf0a7\uf0b7\uf0d8\uf076•●▪■◦‣∙]\s*|[·\-–*]\s+)")


class _Reader:
    """One walk over a document's blocks against the outline of one kind."""

    def __init__(self, kind: str, extracted: ExtractedDocument) -> None:
        self.kind = kind
        self.labels = _labels(kind)
        self.extracted = extracted
        self.values: dict[str, Any] = {}
        self.provenance: dict[str, str] = {}
        self.warnings: list[str] = list(extracted.warnings)
        self.unmapped: list[dict[str, Any]] = []
        self.ptk_styles = any(b.style == QUESTION_STYLE for b in extracted.blocks)
        self.section: Section | None = None
        self.heading = ""
        self.field: FieldSpec | None = None
        self.answer: list[Block] = []
        self.table: tuple[TableSpec, int, list[str]] | None = None
        self.title = ""
        self.first_heading = ""

    # -- the walk ---------------------------------------------------------------------------

    def read(self) -> None:
        blocks = self.extracted.blocks
        if self.extracted.format == "pdf":
            blocks = self._pdf_blocks()
        for block in blocks:
            if block.kind == "table-row":
                self._row(block)
                continue
            if self.table is not None:
                self.table = None
            self._block(block)
        self._close()

    def _block(self, block: Block) -> None:
        key = normalise(block.text)
        if self.ptk_styles and block.kind in ("heading", "title", "list-item"):
            # ptk's own styles say what a paragraph is; the shape of its text does not.
            style = block.style.casefold()
            styled = style == "title" if block.kind == "title" else style.startswith("heading")
            if block.kind != "list-item" and not styled:
                block = Block(
                    block.text, "paragraph", 0, block.style, block.location, tag=block.tag
                )
        if block.kind == "title" and not self.title:
            self.title = block.text
            if key in self.labels.fixed:
                return
        heading = self._as_heading(block, key)
        if heading is not None:
            self._close()
            self.section, self.heading = heading, block.text
            self.field = None
            return
        question = self._as_question(block, key)
        if question is not None:
            self._close()
            section, item = question
            self.section = section
            if isinstance(item, TableSpec):
                self.field = None
            else:
                self.field = item
            return
        if block.kind == "heading" or (block.kind == "title" and key not in self.labels.fixed):
            if block.kind == "heading" and not self.first_heading:
                self.first_heading = block.text
            if block.kind == "heading":
                # A heading that matches nothing: what follows is unmapped, under it.
                self._close()
                self.section, self.heading, self.field = None, block.text, None
                if not self._special_heading(block.text):
                    self._unmapped(block, note="heading")
            return
        if key in self.labels.fixed:
            self._close()
            self.field = None
            return
        if self.field is None and self.section is not None:
            self.field = self._default_field(self.section)
        if self.field is not None:
            self.answer.append(block)
        elif self._special_heading(self.heading) == "partners" and self.kind == "agreement":
            self._partner_line(block)
        else:
            self._unmapped(block)

    def _as_heading(self, block: Block, key: str) -> Section | None:
        if self.ptk_styles and block.kind not in ("heading", "title"):
            return None
        if self.ptk_styles and block.kind == "heading" and block.level > 1:
            return None
        section = self.labels.headings.get(key)
        if section is not None:
            # In the business case, "Name of Partnership:" is both a heading and a question.
            if (
                section.items
                and not self.ptk_styles
                and block.kind not in ("heading", "title")
                and len(self.labels.questions.get(key, ())) == 1
            ):
                return None
            return section
        if self.kind == "agreement" and block.kind in ("heading", "title"):
            name = toolkit_heading(block.text)
            if name is not None:
                return next(s for s in self.labels.sections if s.path == name)
        return None

    def _as_question(self, block: Block, key: str) -> tuple[Section, FieldSpec | TableSpec] | None:
        if self.ptk_styles and block.style != QUESTION_STYLE:
            return None
        found = self.labels.questions.get(key)
        if not found:
            return None
        for section, item in found:
            if section is self.section:
                return section, item
        return found[0]

    def _default_field(self, section: Section) -> FieldSpec | None:
        """Where text under a heading goes when it answers no question: the first text field."""
        if self.ptk_styles and self.kind == "business-case":
            return None
        for spec in section.fields:
            if _value_type(spec.annotation) in ("text", "list"):
                return spec
        return None

    def _special_heading(self, text: str) -> str:
        key = normalise(text)
        if key in SIGNATURE_HEADINGS or key.startswith(("signed", "signature", "signatories")):
            return "signatures"
        if key in PARTNER_HEADINGS:
            return "partners"
        return ""

    def _unmapped(self, block: Block, note: str = "") -> None:
        entry: dict[str, Any] = {
            "heading": self.heading if note != "heading" else block.text,
            "text": block.text,
            "location": block.location,
        }
        if note == "heading":
            entry["text"] = ""  # kept even when nothing follows: the heading itself is news
            if self.unmapped and self.unmapped[-1]["heading"] == block.text:
                return
        elif (
            self.unmapped
            and self.unmapped[-1]["text"] == ""
            and (self.unmapped[-1]["heading"] == entry["heading"])
        ):
            self.unmapped.pop()  # the heading's own entry, now that text under it follows
        self.unmapped.append(entry)

    def _partner_line(self, block: Block) -> None:
        partners = self.values.setdefault("partners", [])
        text = block.text.strip().rstrip(";,.")
        if text and not is_prompt(text):
            partners.append({"organisation": text})
            self.provenance.setdefault("partners", f"structure:{block.location}")

    # -- answers ----------------------------------------------------------------------------

    def _close(self) -> None:
        spec, answer = self.field, self.answer
        self.answer = []
        if spec is None or not answer:
            return
        value_type = _value_type(spec.annotation)
        where = f"structure:{answer[0].location}"
        texts = [b.text for b in answer if not is_prompt(b.text)]
        if value_type == "list":
            # Bullets typed as text ("• item") are not part of the item; Word's own are not text.
            items = [
                t.strip() if self.ptk_styles else _BULLET.sub("", t, count=1).strip() for t in texts
            ]
            items = [i for i in items if i]
            existing = self.values.get(spec.path)
            if isinstance(existing, list) and items:
                items = existing + items
            self._set(spec.path, items, where)
            return
        text = "\n".join(texts).strip()
        if value_type == "text":
            existing = self.values.get(spec.path)
            if isinstance(existing, str) and existing and text:
                text = f"{existing}\n{text}"
            self._set(spec.path, text, where)
            return
        self._set_converted(spec.path, value_type, text, where, answer[0])

    def _set_converted(
        self, path: str, value_type: Any, text: str, where: str, block: Block | None
    ) -> None:
        if path == "performance.reports_to_council":
            # The seed's form asks "... to the Council? If yes, how often?" in one question.
            m = re.match(r"^\s*(yes|no)\b[\s,.;:–-]*(.*)$", text, re.I | re.S)
            if m and m.group(2).strip() and "performance.reporting_frequency" not in self.values:
                self._set("performance.reporting_frequency", m.group(2).strip(), where)
                text = m.group(1)
        try:
            value = _convert(value_type, text)
        except _Unreadable as problem:
            spec = self.labels.by_path.get(path)
            label = spec.question if spec else path
            self.warnings.append(
                f"{label.rstrip(':')} ({path}): {problem}; left empty, text kept in unmapped"
            )
            self.unmapped.append(
                {
                    "heading": self.heading,
                    "text": text,
                    "location": block.location if block else "",
                    "field": path,
                }
            )
            return
        self._set(path, value, where)

    def _set(self, path: str, value: Any, where: str) -> None:
        if value in (None, "", []):
            return
        self.values[path] = value
        self.provenance[path] = where

    # -- tables -----------------------------------------------------------------------------

    def _row(self, block: Block) -> None:
        cells = [c.strip() for c in block.cells]
        keys = tuple(normalise(c) for c in cells)
        if self.table is not None and self.table[1] == block.table:
            self._table_row(block, cells)
            return
        self.table = None
        spec = self._table_header(keys)
        if spec is not None:
            self._close()
            self.field = None
            self.table = (spec[0], block.table, spec[2])
            return
        self._form_row(block, cells)

    def _table_header(self, keys: tuple[str, ...]) -> tuple[TableSpec, int, list[str]] | None:
        labels = self.labels
        found = labels.tables.get(keys)
        table_no = 0
        if found is not None:
            section, spec = found
            self.section = section
            return spec, table_no, list(spec.item_fields)
        # Resources table with an empty first header cell, or a variant.
        for columns, (section, spec) in labels.tables.items():
            if spec.fixed_rows and len(keys) >= 3 and keys[1:] == columns[1:]:
                self.section = section
                return spec, table_no, list(spec.item_fields)
        if self.kind == "agreement":
            mapping = self._signature_columns(keys)
            if mapping is not None:
                return _SIGNATURES, table_no, mapping
        return None

    def _signature_columns(self, keys: tuple[str, ...]) -> list[str] | None:
        mapping: list[str] = []
        for key in keys:
            name = next((f for f, words in _SIGNATURE_COLUMNS.items() if key in words), None)
            mapping.append(name if name is not None else "?")
        named = set(mapping)
        if (
            ("organisation" in named or "name" in named)
            and ("" in named or "date_signed" in named)
            and "?" not in named
        ):
            return mapping
        return None

    def _table_row(self, block: Block, cells: list[str]) -> None:
        assert self.table is not None
        spec, _, columns = self.table
        if all(not c or is_prompt(c) for c in cells):
            return
        where = f"{block.location}"
        if spec.fixed_rows:
            label = normalise(cells[0])
            row = next((name for name, shown in spec.fixed_rows if normalise(shown) == label), None)
            if row is None:
                self._unmapped(block)
                return
            model = _item_model(self.kind, f"{spec.path}.{row}")
            for column, text in zip(columns, cells[1:], strict=False):
                if column and text and not is_prompt(text):
                    path = f"{spec.path}.{row}.{column}"
                    value_type = _value_type(model.model_fields[column].annotation)
                    self._set_converted(path, value_type, text, where, block)
            return
        model = _item_model(self.kind, spec.path)
        item: dict[str, Any] = {}
        for column, text in zip(columns, cells, strict=False):
            if not column or column == "?" or not text or is_prompt(text):
                continue
            value_type = _value_type(model.model_fields[column].annotation)
            try:
                value = _convert(value_type, text)
            except _Unreadable as problem:
                self.warnings.append(f"{block.location}: {column}: {problem}; left empty")
                self.unmapped.append(
                    {"heading": self.heading, "text": text, "location": block.location}
                )
                continue
            if value is not None:
                item[column] = value
        if spec.path == "signatories" and set(item) <= {"organisation"}:
            return  # a signature line waiting for its signature: the partner has not signed
        if spec.path == "signatories" and not item.get("organisation"):
            if item.get("name"):
                self.warnings.append(
                    f"{block.location}: a signature with no organisation; "
                    f"read '{item['name']}' as the organisation"
                )
                item["organisation"] = item["name"]
            else:
                self._unmapped(block)
                return
        if spec.path == "partners" and not item.get("organisation"):
            self._unmapped(block)
            return
        rows = self.values.setdefault(spec.path, [])
        self.provenance[f"{spec.path}[{len(rows)}]"] = where
        rows.append(item)

    def _form_row(self, block: Block, cells: list[str]) -> None:
        """A row of a form-layout table: a heading, or questions with their answers."""
        filled = [c for c in cells if c]
        if not filled:
            return
        first_key = normalise(filled[0])
        if len(filled) == 1 or all(normalise(c) == first_key for c in filled):
            section = self.labels.headings.get(first_key)
            if section is not None and first_key not in self.labels.questions:
                self._close()
                self.section, self.heading, self.field = section, filled[0], None
                return
            if (
                self.kind == "agreement"
                and (name := toolkit_heading(filled[0]))
                and len(first_key.split()) <= 6
            ):
                self._close()
                self.section = next(s for s in self.labels.sections if s.path == name)
                self.heading, self.field = filled[0], None
                return
        if len(filled) >= 2:
            first = self._split(filled[0], block.location)
            if len(first) >= 2 and not first[0].strip() and isinstance(first[1], tuple):
                # Question (with its printed options) in the first cell, answer in the others.
                self._pieces([first[1], "\n".join(filled[1:])], block)
                return
        pieces = self._split("\n".join(filled), block.location)
        if not any(isinstance(p, tuple) for p in pieces):
            if self.field is not None or self.section is not None:
                self._block(
                    Block(block.text.replace("\t", " "), "paragraph", 0, "", block.location)
                )
            else:
                self._unmapped(block)
            return
        self._pieces(pieces, block)

    def _pieces(self, pieces: list[Any], block: Block) -> None:
        for piece in pieces:
            if isinstance(piece, tuple):
                label_key, _ = piece
                self._close()
                if label_key in self.labels.questions:
                    options = self.labels.questions[label_key]
                    found = next((o for o in options if o[0] is self.section), options[0])
                    self.section = found[0]
                    self.field = found[1] if isinstance(found[1], FieldSpec) else None
                else:
                    self.section = self.labels.headings[label_key]
                    self.heading, self.field = piece[1], None
            else:
                text = piece.strip()
                if text:
                    self._block(Block(text, "paragraph", 0, "", block.location))

    def _split(self, text: str, location: str) -> list[Any]:
        """Text cut at every known question or heading that starts a line: labels and answers."""
        pieces: list[Any] = []
        position = 0
        for match in self.labels.line_label.finditer(text):
            label = match.group("label")
            key = normalise(label)
            if key not in self.labels.questions and key not in self.labels.headings:
                continue
            pieces.append(text[position : match.start()])
            pieces.append((key, label))
            position = match.end()
        pieces.append(text[position:])
        return pieces

    # -- PDF --------------------------------------------------------------------------------

    def _pdf_blocks(self) -> list[Block]:
        """Re-cut a PDF's text at the known questions and headings (its lines are all it has)."""
        blocks = self.extracted.blocks
        out: list[Block] = []
        for block in blocks:
            if normalise(block.text) in self.labels.fixed:
                out.append(block)  # the seed's guidance, which may quote a question
                continue
            text = block.text
            pieces = self._split(text, block.location)
            if len(pieces) == 1:
                out.append(block)
                continue
            for piece in pieces:
                if isinstance(piece, tuple):
                    key, label = piece
                    if key in self.labels.questions and key not in self.labels.headings:
                        out.append(Block(label, "paragraph", 0, "", block.location))
                    else:
                        out.append(Block(label, "heading", 1, "", block.location))
                elif piece.strip():
                    out.append(Block(piece.strip(), block.kind, 0, "", block.location))
        return out


_SIGNATURES = TableSpec(
    "signatories",
    "",
    ("Organisation", "Name", "Title", "Signature", "Date"),
    ("organisation", "name", "title", "", "date_signed"),
)


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


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Field path -> JSON value; lists of records as path[i].field, lists of text whole."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    path = prefix.rstrip(".")
    if isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for index, item in enumerate(data):
            out.update(_flatten(item, f"{path}[{index}]."))
        return out
    out[path] = data
    return out


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


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
                labels = _labels(kind)
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


def _partnership_name(reader: _Reader, embedded: dict[str, Any] | None, source: Path) -> str:
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


def _validate(kind: str, reader: _Reader, source: Path, embedded: dict[str, Any] | None) -> Record:
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


def _fields(kind: str) -> list[str]:
    """Every answerable field path of a kind, in document order (tables as one path)."""
    paths: list[str] = []
    for section in outline(kind):
        for item in section.items:
            if isinstance(item, TableSpec) and item.fixed_rows:
                continue  # the resource lines are optional line by line
            paths.append(item.path)
    return paths


def _get(record: Record, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _changes(kind: str, record: Record, embedded: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        original = validate_record(model_for_kind(kind), embedded["record"])
    except RecordError:
        return []
    old = _flatten(original.model_dump(mode="json"))
    new = _flatten(record.model_dump(mode="json"))
    changes = []
    for path in list(dict.fromkeys([*old, *new])):
        a, b = old.get(path), new.get(path)
        if _empty(a) and _empty(b):
            continue
        if a != b:
            changes.append({"path": path, "old": a, "new": b})
    return changes


def parse(source: str | Path, *, kind: str | None = None, strict: bool = False) -> ParseResult:
    """Read ``source`` (.docx or .pdf) back into a record.

    ``kind`` (``agreement`` or ``business-case``) is detected when not given: from the record
    ptk embedded, else from the document's title and questions. With ``strict``, every warning
    (a comment, a value that could not be read, a recovery) raises ``DocumentError`` instead.
    """
    path = Path(source)
    extracted = extract(path)
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
    reader = _Reader(kind, extracted)
    reader.read()
    _content_controls(reader)
    record = _validate(kind, reader, path, embedded)
    result = ParseResult(
        kind=kind,
        record=record,
        provenance=reader.provenance,
        warnings=reader.warnings,
        unmapped=reader.unmapped,
    )
    result.missing = [p for p in _fields(kind) if _empty(_get(record, p))]
    if embedded is not None:
        result.changes = _changes(kind, record, embedded)
    if strict and result.warnings:
        raise DocumentError(f"{path.name}: {result.warnings[0]} (strict reading)")
    return result


def _content_controls(reader: _Reader) -> None:
    """Values in content controls tagged with a field path win over the structure's reading."""
    tagged: dict[str, list[Block]] = {}
    for block in reader.extracted.blocks:
        if block.tag and block.tag in reader.labels.by_path and block.kind != "table-row":
            tagged.setdefault(block.tag, []).append(block)
    # A PDF form's fields named by field path (or by the seed's question) count as tagged.
    for name, text in reader.extracted.form_fields.items():
        key = normalise(name)
        path = name if name in reader.labels.by_path else ""
        if not path and key in reader.labels.questions:
            item = reader.labels.questions[key][0][1]
            path = item.path if isinstance(item, FieldSpec) else ""
        if path:
            tagged.setdefault(path, []).append(Block(text, "paragraph", location="form field"))
    for path, blocks in tagged.items():
        spec = reader.labels.by_path[path]
        value_type = _value_type(spec.annotation)
        texts = [b.text for b in blocks if not is_prompt(b.text)]
        if value_type == "list":
            value: Any = [t.strip() for t in texts]
        elif value_type == "text":
            value = "\n".join(texts).strip()
        else:
            try:
                value = _convert(value_type, "\n".join(texts))
            except _Unreadable:
                continue  # the structure's reading already reported it
            if isinstance(value, enum.Enum):
                value = value.value
        if _empty(value):
            reader.values.pop(path, None)
            reader.provenance.pop(path, None)
            continue
        reader.values[path] = value
        reader.provenance[path] = (
            "form-field" if blocks[0].location == "form field" else "content-control"
        )
