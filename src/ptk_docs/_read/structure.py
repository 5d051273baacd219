"""Reading a document by its structure: headings, questions and tables mapped to field paths."""

from __future__ import annotations

import enum
import functools
import re
import types
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from ptk_docs._read.blocks import Block, ExtractedDocument
from ptk_docs._read.values import Unreadable, convert, value_type_for
from ptk_docs._records._base import FieldSpec, Record, has_answer
from ptk_docs._records.formatting import is_prompt, parse_money
from ptk_docs._records.kinds import model_for_kind
from ptk_docs._toolkit.headings import (
    PARTNER_HEADINGS,
    SIGNATURE_HEADINGS,
    normalise,
    toolkit_heading,
)
from ptk_docs._toolkit.outline import (
    AGREEMENT_INTRO,
    BUSINESS_CASE_INTRO,
    DOCUMENT_TITLES,
    QUESTION_STYLE,
    Section,
    TableSpec,
    outline,
    slot_pattern,
    slot_regex,
)

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
    #: The pattern of :attr:`line_label`, compiled when first used (it is large, and ptk's own
    #: documents are read by their styles without it).
    line_label_pattern: str
    #: Questions and guidance with a council's own words in them, and the key each stands for.
    slotted: list[tuple[re.Pattern[str], str]]
    #: The fixed texts by their first word.
    fixed_by_word: dict[str, list[str]]

    @functools.cached_property
    def line_label(self) -> re.Pattern[str]:
        """Any question or heading at the start of a line (with a section number before it)."""
        return re.compile(self.line_label_pattern, re.I | re.M)

    def all_fixed(self, key: str) -> bool:
        """``key`` is one or more of the fixed texts, one after another."""
        if key in self.fixed:
            return True
        for text in self.fixed_by_word.get(key.partition(" ")[0], ()):
            if key.startswith(text + " ") and self.all_fixed(key[len(text) + 1 :]):
                return True
        return False

    def key(self, text: str, seen: set[str] | None = None) -> str:
        """``text`` normalised; a question or guidance in a council's own words as its label.

        Questions that differ only in the council's words ("... of the Anytown Plan?", "... of
        the Council Plan?") match each other's pattern: with ``seen`` (the labels met so far),
        the first not yet met is taken, as the outline orders them.
        """
        key = normalise(text)
        if key in self.questions or key in self.fixed or key in self.headings:
            return key
        found = [label for pattern, label in self.slotted if pattern.fullmatch(key)]
        if not found:
            return key
        label = next((f for f in found if seen is None or f not in seen), found[0])
        if seen is not None:
            seen.add(label)
        return label


def labels_for(kind: str) -> _Labels:
    cached = _LABELS.get(kind)
    if cached is not None:
        return cached
    sections = outline(kind)
    headings: dict[str, Section] = {}
    questions: dict[str, list[tuple[Section, FieldSpec | TableSpec]]] = {}
    tables: dict[tuple[str, ...], tuple[Section, TableSpec]] = {}
    by_path: dict[str, FieldSpec] = {}
    slotted: list[tuple[re.Pattern[str], str]] = []
    fixed = {normalise(DOCUMENT_TITLES[kind])}
    fixed.add(normalise(AGREEMENT_INTRO if kind == "agreement" else BUSINESS_CASE_INTRO))
    for section in sections:
        headings.setdefault(normalise(section.heading), section)
        headings.setdefault(normalise(section.toolkit_heading), section)
        fixed.update(normalise(t) for t in section.guidance + section.statements)
        texts_with_slots = [*section.guidance, *(i.question for i in section.items)]
        slotted.extend((p, normalise(t)) for t in texts_with_slots if (p := slot_pattern(t)))
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
        pattern = r"\s+".join(slot_regex(w) for w in words) + ":?"
        # A short label ("Name:", "Legal") only when it is the whole line or followed by ":".
        if len(words) < 4:
            pattern += r"(?=[ \t]*$)" if not text.endswith(":") else ""
        alternatives.append(pattern)
    line_label = r"^[ \t]*(?:\d{1,2}\.?[ \t]+)?(?P<label>" + "|".join(alternatives) + r")(?=\s|$)"
    fixed_by_word: dict[str, list[str]] = {}
    for text in fixed:
        if text:
            fixed_by_word.setdefault(text.partition(" ")[0], []).append(text)
    labels = _Labels(
        kind,
        sections,
        headings,
        questions,
        fixed,
        tables,
        by_path,
        line_label,
        slotted,
        fixed_by_word,
    )
    _LABELS[kind] = labels
    return labels


_LABELS: dict[str, _Labels] = {}


@functools.cache
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

_RESOURCE_LINE = re.compile(r"^\s*([A-Za-z ]{2,20}?)\s*[:–-]\s*(\S.*)$", re.S)

_PAGE = re.compile(r"page (\d+)")

_BULLET = re.compile(r"^\s*(?:[\uf0a7\uf0b7\uf0d8\uf076•●▪■◦‣∙]\s*|[·\-–*]\s+)")


class StructureReader:
    """One walk over a document's blocks against the outline of one kind."""

    def __init__(self, kind: str, extracted: ExtractedDocument) -> None:
        self.kind = kind
        self.labels = labels_for(kind)
        self.extracted = extracted
        self.values: dict[str, Any] = {}
        self.provenance: dict[str, dict[str, Any]] = {}
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
        # Labels in a council's own words met so far, by the walk and by the line splitter.
        self.seen: set[str] = set()
        self.split_seen: set[str] = set()

    # -- the walk ---------------------------------------------------------------------------

    def read(self) -> None:
        blocks = self.extracted.blocks
        if self.extracted.format == "pdf":
            blocks = self._recut(rows=True)
        elif not self.ptk_styles:
            blocks = self._recut(rows=False)
        for block in blocks:
            if block.kind == "table-row":
                self._row(block)
                continue
            if self.table is not None:
                self.table = None
            self._block(block)
        self._close()

    def _block(self, block: Block) -> None:
        key = self.labels.key(block.text, self.seen)
        if self.ptk_styles and block.kind in ("heading", "title", "list-item"):
            # ptk's own styles say what a paragraph is; the shape of its text does not.
            style = block.style.casefold()
            styled = style == "title" if block.kind == "title" else style.startswith("heading")
            # A bold heading an officer typed outside the answers' controls is their own.
            own = (
                block.kind == "heading"
                and block.bold
                and not block.tag
                and key not in self.labels.fixed
                and key not in self.labels.questions
            )
            if block.kind != "list-item" and not styled and not own:
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
        if self.labels.all_fixed(key):
            self._close()
            self.field = None
            return
        if self._resource_line(block):
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

    def _resource_line(self, block: Block) -> bool:
        """A line of the resources table typed as text: "Finance: £12,500" (or "Staff – a
        seconded officer", what is given in kind)."""
        if self.section is None or block.kind == "heading":
            return False
        spec = next((t for t in self.section.tables if t.fixed_rows), None)
        if spec is None:
            return False
        match = _RESOURCE_LINE.match(block.text)
        if match is None:
            return False
        label = normalise(match.group(1))
        row = next((name for name, shown in spec.fixed_rows if normalise(shown) == label), None)
        if row is None:
            return False
        self._close()
        self.field = None
        text = match.group(2).strip()
        model = _item_model(self.kind, f"{spec.path}.{row}")
        column = "cost" if parse_money(text) is not None else "in_kind"
        value_type = value_type_for(model.model_fields[column].annotation)
        path = f"{spec.path}.{row}.{column}"
        self._set_converted(path, value_type, text, self._where(block, path), block)
        return True

    def _default_field(self, section: Section) -> FieldSpec | None:
        """Where text under a heading goes when it answers no question: the first text field."""
        if self.ptk_styles and self.kind == "business-case":
            return None
        for spec in section.fields:
            if value_type_for(spec.annotation) in ("text", "list"):
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
            self.provenance.setdefault("partners", self._where(block, "partners"))

    # -- answers ----------------------------------------------------------------------------

    def _close(self) -> None:
        spec, answer = self.field, self.answer
        self.answer = []
        if spec is None or not answer:
            return
        value_type = value_type_for(spec.annotation)
        where = self._where(answer[0], spec.path)
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
        self,
        path: str,
        value_type: Any,
        text: str,
        where: dict[str, Any],
        block: Block | None,
    ) -> None:
        if path == "performance.reports_to_council":
            # The seed's form asks "... to the Council? If yes, how often?" in one question.
            m = re.match(r"^\s*(yes|no)\b[\s,.;:–-]*(.*)$", text, re.I | re.S)
            if m and m.group(2).strip() and "performance.reporting_frequency" not in self.values:
                self._set("performance.reporting_frequency", m.group(2).strip(), where)
                text = m.group(1)
        notes: list[str] = []
        spec = self.labels.by_path.get(path)
        label = spec.question if spec else path
        try:
            value = convert(value_type, text, notes)
        except Unreadable as problem:
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
        self.warnings.extend(f"{label.rstrip(':')} ({path}): {note}" for note in notes)
        self._set(path, value, where)

    def _where(self, block: Block | None, path: str, source: str = "structure") -> dict[str, Any]:
        """Where a value was found, as an officer would look for it in the document."""
        heading = (
            self.section.toolkit_heading or self.section.heading
            if self.section is not None
            else self.heading
        )
        return place(source, heading, self.labels.by_path.get(path), block)

    def _set(self, path: str, value: Any, where: dict[str, Any]) -> None:
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
        where = self._where(block, spec.path)
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
                    value_type = value_type_for(model.model_fields[column].annotation)
                    self._set_converted(path, value_type, text, where, block)
            return
        model = _item_model(self.kind, spec.path)
        item: dict[str, Any] = {}
        for column, text in zip(columns, cells, strict=False):
            if not column or column == "?" or not text or is_prompt(text):
                continue
            value_type = value_type_for(model.model_fields[column].annotation)
            try:
                value = convert(value_type, text)
            except Unreadable as problem:
                self.warnings.append(f"{block.location}: {column}: {problem}; left empty")
                self.unmapped.append(
                    {"heading": self.heading, "text": text, "location": block.location}
                )
                continue
            if value is not None:
                item[column] = value
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
            key = self.labels.key(label, self.split_seen)
            if key not in self.labels.questions and key not in self.labels.headings:
                continue
            pieces.append(text[position : match.start()])
            pieces.append((key, label))
            position = match.end()
        pieces.append(text[position:])
        return pieces

    # -- PDF --------------------------------------------------------------------------------

    def _recut(self, *, rows: bool) -> list[Block]:
        """Re-cut the text at the known questions and headings: a PDF's lines are all it has,
        and people completing a form type the answer on the question's line ("When is funding
        for the partnership due to end? 31 March 2014"). Table rows too when ``rows``."""
        blocks = self.extracted.blocks
        out: list[Block] = []
        for block in blocks:
            if block.kind == "table-row" and not rows:
                out.append(block)
                continue
            if self.labels.all_fixed(self.labels.key(block.text)):
                # The seed's guidance (which may quote a question), one paragraph or two that
                # the page set close together.
                out.append(block)
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
                    kind = "paragraph" if block.kind == "heading" else block.kind
                    out.append(Block(piece.strip(), kind, 0, "", block.location))
        return out


_SIGNATURES = TableSpec(
    "signatories",
    "",
    ("Organisation", "Name", "Title", "Signature", "Date"),
    ("organisation", "name", "title", "", "date_signed"),
)


def place(source: str, heading: str, spec: FieldSpec | None, block: Block | None) -> dict[str, Any]:
    """Provenance: the source, the heading and question it sat under, and its place."""
    where: dict[str, Any] = {"source": source}
    if heading:
        where["heading"] = heading
    if spec is not None and spec.question:
        where["question"] = spec.question
    if block is not None and block.location:
        page = _PAGE.fullmatch(block.location) if block.location[:1] == "p" else None
        if page:
            where["page"] = int(page.group(1))
        else:
            where["location"] = block.location
    return where


def _covers(structure: Any, tagged: Any) -> bool:
    """The structure's reading holds the tagged text and more (typed outside the control)."""
    if not has_answer(structure):
        return False
    if not has_answer(tagged):
        return True
    if isinstance(structure, list) and isinstance(tagged, list):
        rest = iter(structure)
        return len(structure) > len(tagged) and all(item in rest for item in tagged)
    if isinstance(structure, str) and isinstance(tagged, str):
        return len(structure) > len(tagged) and tagged in structure
    return False


def _headings_of(reader: StructureReader) -> dict[int, str]:
    """The heading each block sits under (by the block's index)."""
    under: dict[int, str] = {}
    heading = ""
    for index, block in enumerate(reader.extracted.blocks):
        if block.kind == "heading" and (
            not reader.ptk_styles or block.style.casefold().startswith("heading")
        ):
            section = reader.labels.headings.get(normalise(block.text))
            name = toolkit_heading(block.text) if reader.kind == "agreement" else None
            if section is None and name is not None:
                section = next(s for s in reader.labels.sections if s.path == name)
            heading = (section.toolkit_heading or section.heading) if section else block.text
        under[index] = heading
    return under


def read_content_controls(reader: StructureReader) -> None:
    """Values in content controls tagged with a field path win over the structure's reading."""
    tagged: dict[str, list[Block]] = {}
    under = _headings_of(reader)
    heading_of: dict[str, str] = {}
    for index, block in enumerate(reader.extracted.blocks):
        if block.tag and block.tag in reader.labels.by_path and block.kind != "table-row":
            tagged.setdefault(block.tag, []).append(block)
            heading_of.setdefault(block.tag, under[index])
    # A PDF form's fields named by field path (or by the seed's question) count as tagged.
    for name, text in reader.extracted.form_fields.items():
        key = reader.labels.key(name)
        path = name if name in reader.labels.by_path else ""
        if not path and key in reader.labels.questions:
            item = reader.labels.questions[key][0][1]
            path = item.path if isinstance(item, FieldSpec) else ""
        if path:
            tagged.setdefault(path, []).append(Block(text, "paragraph", location="form field"))
    for path, blocks in tagged.items():
        spec = reader.labels.by_path[path]
        value_type = value_type_for(spec.annotation)
        texts = [b.text for b in blocks if not is_prompt(b.text)]
        if value_type == "list":
            value: Any = [t.strip() for t in texts]
        elif value_type == "text":
            value = "\n".join(texts).strip()
        else:
            try:
                value = convert(value_type, "\n".join(texts))
            except Unreadable:
                continue  # the structure's reading already reported it
            if isinstance(value, enum.Enum):
                value = value.value
        if _covers(reader.values.get(path), value):
            continue  # the officer typed on below the control: the structure has it all
        if not has_answer(value):
            reader.values.pop(path, None)
            reader.provenance.pop(path, None)
            continue
        reader.values[path] = value
        source = "form-field" if blocks[0].location == "form field" else "content-control"
        reader.provenance[path] = place(source, heading_of.get(path, ""), spec, blocks[0])
        _forget_problems(reader, path, texts)


def _forget_problems(reader: StructureReader, path: str, texts: list[str]) -> None:
    """A value the structure could not read, now read from its control, is no longer a
    problem; text typed below the control ("2 June 2024" then "Appendix A ...") stays in
    ``unmapped``, without the control's own text."""
    reader.warnings[:] = [w for w in reader.warnings if f"({path}): " not in w]
    kept = []
    for entry in reader.unmapped:
        if entry.get("field") != path:
            kept.append(entry)
            continue
        rest = entry.get("text", "")
        for text in texts:
            rest = rest.replace(text.strip(), "", 1)
        if rest.strip():
            kept.append({k: v for k, v in entry.items() if k != "field"} | {"text": rest.strip()})
    reader.unmapped[:] = kept
