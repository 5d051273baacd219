"""The shape of ptk's own documents, shared by the templates (writing) and the parser (reading).

Pure data over the record models: which headings a document has, in which order, which fields sit
under each (with the seed's question shown as guidance), which fields are tables, and the fixed
texts of the seed. The template builder prints this outline; the parser walks the same outline to
read a document back by structure alone, so the two cannot drift apart.

A ptk document is, in order::

    Title                       "Partnership Agreement" / "Partnership Business Case" / report title
    [intro paragraphs]          the seed's fixed text (e.g. "This template should be completed ...")
    Heading 1 + its fields      for each Section of the outline, in order:
        guidance paragraphs       (style "Guidance") the seed's extra notes under the heading
        for each field:
          question paragraph      (style "Question") the field's question, exactly as FieldSpec.question
          answer                  text field: paragraph(s) in a content control tagged with the path;
                                  newlines are line breaks; empty shows BLANK_PROMPT
                                  list field: one "List Bullet" paragraph per item
                                  table field: a data table whose header row is TableSpec.columns
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ptk_docs._records._base import FieldSpec, Record, field_specs
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, Membership, PartnershipAgreement
from ptk_docs._records.business_case import RESOURCE_LINES, BusinessCase
from ptk_docs._records.profile import NEUTRAL_WORDING
from ptk_docs._toolkit.headings import normalise

# --------------------------------------------------------------------------------------------
# The council's own words: {council}, {intranet}, {risk_appendix}, {area_plan}, {council_plan},
# {contact} in a text are filled from the council's profile (NEUTRAL_WORDING without one).
# --------------------------------------------------------------------------------------------

#: A word the council's profile fills in, in an outline text or a question.
SLOT = re.compile(r"\{(" + "|".join(NEUTRAL_WORDING) + r")\}")

_SLOT_WORD = "ptkslotptk"


def fill(text: str, wording: Mapping[str, str] = NEUTRAL_WORDING) -> str:
    """``text`` with each ``{slot}`` replaced by the council's word (neutral by default)."""
    return SLOT.sub(lambda m: wording.get(m[1]) or NEUTRAL_WORDING[m[1]], text)


def as_jinja(text: str) -> str:
    """``text`` for a template: each ``{slot}`` becomes ``{{ wording.slot }}``."""
    return SLOT.sub(lambda m: f"{{{{ wording.{m[1]} }}}}", text)


def slot_pattern(text: str) -> re.Pattern[str] | None:
    """What ``text`` normalises to whatever a council's words in it, or None without slots.

    The parser matches a document's questions and guidance with this: the same outline reads
    documents of every council.
    """
    if not SLOT.search(text):
        return None
    parts = normalise(SLOT.sub(f" {_SLOT_WORD} ", text)).split(_SLOT_WORD)
    return re.compile(r"\s*(.+?)\s*".join(re.escape(p.strip()) for p in parts))


def slot_regex(text: str) -> str:
    """``text`` as a regular expression over plain text, each ``{slot}`` matching any words."""
    return ".+?".join(re.escape(part) for part in SLOT.split(text)[::2])


#: What the seed's template says under some headings besides the questions (guidance only).
AGREEMENT_GUIDANCE: dict[str, tuple[str, ...]] = {
    "risk_management": ("See {risk_appendix} of the Toolkit.",),
    "equalities": (
        "More information is available in the Equality impact assessment toolkit on {intranet}.",
        "Council officers and members are responsible for promoting equality under the Equality "
        "Duty in any partnership – the Partnership on its own does not have a statutory duty under "
        "the Act – but each member of the Partnership who works for a public body has to promote "
        "equality in everything they do.",
    ),
    "exit_strategies": ("Issues to consider may be:",),
}


AGREEMENT_SIGNING_STATEMENT = (
    "All Partnership Agreements should be signed by suitable representatives from each partner "
    "organisations and copies should be readily available."
)

AGREEMENT_REVIEW_STATEMENT = "Partnership Agreements should be reviewed annually."

#: Paragraph style of the seed's questions (shown to officers, never part of an answer).
QUESTION_STYLE = "Question"

#: Paragraph style of the seed's notes under a heading that are not questions.
GUIDANCE_STYLE = "Guidance"


DOCUMENT_TITLES = {
    "agreement": "Partnership Agreement",
    "business-case": "Partnership Business Case",
}


BUSINESS_CASE_INTRO = (
    "This template should be completed if there is a business case for setting up or joining an "
    "existing partnership."
)

BUSINESS_CASE_GUIDANCE: dict[str, tuple[str, ...]] = {
    "nature": (
        "This is concerned with: setting up a partnership; joining an existing partnership; or "
        "reviewing an existing partnership.",
    ),
    "reasons": (
        "How do these fit in with the strategic outcomes of {area_plan}, {council_plan} and "
        "other Council plans?",
    ),
    "risk": ("Details on undertaking an Equality Impact Needs Assessment are on {intranet}.",),
    "excellence": ("Give examples of how the partnership will deliver:",),
    "authorisation": ("Business Case must be authorised by Strategic Director.",),
    "partnership_register": ("If not email {contact}",),
}


AGREEMENT_INTRO = "A Partnership Agreement must address the following headings:"


@dataclass(frozen=True)
class TableSpec:
    """A field shown as a data table: one row per item (or per fixed line), a header row."""

    path: str
    #: The question printed above the table ("" for none).
    question: str
    columns: tuple[str, ...]
    #: The record field shown in each column, in order ("" for a column left for a pen,
    #: such as Signature).
    item_fields: tuple[str, ...]
    #: For fixed rows (the twelve resource lines): (field name, row label) per row.
    fixed_rows: tuple[tuple[str, str], ...] = ()

    def shows(self, path: str) -> bool:
        """True when the field at ``path`` is shown in this table rather than on its own."""
        if not self.fixed_rows:
            return path == self.path
        return any(path.startswith(f"{self.path}.{row}.") for row, _ in self.fixed_rows)


@dataclass(frozen=True)
class Section:
    """One Heading 1 of a ptk document and what sits under it."""

    heading: str
    #: The seed's heading for a toolkit section (agreement), else the heading itself.
    toolkit_heading: str
    #: The number shown before the heading (1-19 for the agreement's headings), else None.
    number: int | None
    #: Field path prefix of the section's record ("membership"), "" for top-level fields.
    path: str
    guidance: tuple[str, ...] = ()
    #: The questions with their answers, and the tables, in document order.
    items: tuple[FieldSpec | TableSpec, ...] = ()
    #: Fixed statements printed before the items (the signing and review statements).
    statements: tuple[str, ...] = field(default=())

    # Worked out once: a frozen dataclass keeps a cached property in its own __dict__.
    @functools.cached_property
    def fields(self) -> tuple[FieldSpec, ...]:
        return tuple(i for i in self.items if isinstance(i, FieldSpec))

    @functools.cached_property
    def tables(self) -> tuple[TableSpec, ...]:
        return tuple(i for i in self.items if isinstance(i, TableSpec))


MEMBERS_TABLE = TableSpec(
    "membership.members",
    Membership.model_fields["members"].description or "",
    ("Member", "Organisation", "Represents", "Sector"),
    ("name", "organisation", "represents", "sector"),
)

PARTNERS_TABLE = TableSpec(
    "partners",
    "The organisations that are party to this agreement:",
    ("Organisation", "Sector"),
    ("organisation", "sector"),
)

SIGNATURES_TABLE = TableSpec(
    "signatories",
    "",
    ("Organisation", "Name", "Title", "Signature", "Date"),
    ("organisation", "name", "title", "", "date_signed"),
)


def _items(
    specs: list[FieldSpec] | tuple[FieldSpec, ...], tables: tuple[TableSpec, ...] = ()
) -> tuple[FieldSpec | TableSpec, ...]:
    """The fields in order, each table taking the place of the fields it shows."""
    items: list[FieldSpec | TableSpec] = []
    for spec in specs:
        table = next((t for t in tables if t.shows(spec.path)), None)
        if table is None:
            items.append(spec)
        elif table not in items:
            items.append(table)
    return tuple(items)


def _agreement() -> list[Section]:
    top = {s.path: s for s in field_specs(PartnershipAgreement) if "." not in s.path}
    sections = [
        Section(
            "About this agreement",
            "About this agreement",
            None,
            "",
            items=(top["partnership_name"], top["council"], top["date_of_agreement"]),
        ),
        Section(
            "Parties to this agreement",
            "Parties to this agreement",
            None,
            "",
            items=(PARTNERS_TABLE,),
        ),
    ]
    for number, (name, heading) in enumerate(AGREEMENT_HEADINGS, start=1):
        model = PartnershipAgreement.model_fields[name].annotation
        assert isinstance(model, type) and issubclass(model, Record)
        sections.append(
            Section(
                heading,
                heading,
                number,
                name,
                guidance=AGREEMENT_GUIDANCE.get(name, ()),
                items=_items(list(field_specs(model, f"{name}.")), (MEMBERS_TABLE,)),
            )
        )
    sections.append(
        Section(
            "Signatures",
            "Signatures",
            None,
            "",
            items=(SIGNATURES_TABLE,),
            statements=(AGREEMENT_SIGNING_STATEMENT,),
        )
    )
    sections.append(
        Section(
            "Annual review",
            "Annual review",
            None,
            "",
            items=(top["last_review"], top["next_review"]),
            statements=(AGREEMENT_REVIEW_STATEMENT,),
        )
    )
    return sections


RESOURCES_TABLE = TableSpec(
    "resources",
    "What resources is the Council providing in terms of:",
    ("Resource", "Cost - £", "Source (internal / external)", "In kind"),
    ("cost", "source", "in_kind"),
    fixed_rows=RESOURCE_LINES,
)


def _business_case() -> list[Section]:
    specs = list(field_specs(BusinessCase))
    sections = [
        Section(
            "Name of Partnership",
            "Name of Partnership",
            None,
            "",
            items=tuple(s for s in specs if s.path == "partnership_name"),
        )
    ]
    for name, info in BusinessCase.model_fields.items():
        if name == "partnership_name":
            continue
        heading = info.description or name
        sections.append(
            Section(
                heading,
                heading,
                None,
                name,
                guidance=BUSINESS_CASE_GUIDANCE.get(name, ()),
                items=_items(
                    [s for s in specs if s.path.startswith(f"{name}.")],
                    (RESOURCES_TABLE,) if name == "resources" else (),
                ),
            )
        )
    return sections


_OUTLINES = {"agreement": _agreement(), "business-case": _business_case()}


def outline(kind: str) -> list[Section]:
    """The sections of a ptk document of ``kind`` (``agreement`` or ``business-case``), in order."""
    return list(_OUTLINES[kind])
