"""The committee report to the Audit and Accounts Committee as a record."""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import (
    Field,
    model_validator,
)

from ptk_docs._records._base import Name, Record, Text
from ptk_docs._records.register import Priority, RegisterStatus

# --------------------------------------------------------------------------------------------
# Committee report
# --------------------------------------------------------------------------------------------


class ReportParagraph(Record):
    """A numbered paragraph (1.1, 4.2, ...), optionally followed by a bullet list.

    ``text`` may quote register figures as ``{listed}``, ``{previously_listed}``, ``{high}``,
    ``{medium}``, ``{low}``, ``{na}``, ``{removed}``, ``{pending_removal}``; ``bullets_from``
    fills the bullet list with the names of the register's removed or pending partnerships.
    Both are resolved from the register when the report is made, never typed.
    """

    text: Text = Field(description="Paragraph")
    bullets: list[Text] = Field(default_factory=list, description="Bullet points")
    bullets_from: RegisterStatus | None = Field(
        default=None, description="Fill the bullets with the register's partnerships of this status"
    )


class ReportSection(Record):
    """A numbered section of the supporting information (4 Partnership Register, ...)."""

    title: Name = Field(description="Section title")
    paragraphs: list[ReportParagraph] = Field(default_factory=list, description="Paragraphs")


class ApprovingOfficer(Record):
    """An officer who approved the report, by role (Legal officer, Financial officer, ...)."""

    role: Name = Field(description="Role")
    name: Text = Field(default="", description="Name")
    job_title: Text = Field(default="", description="Job title")


class ContactOfficer(Record):
    """Who to contact for more information."""

    name: Text = Field(default="", description="Name")
    telephone: Text = Field(default="", description="Telephone")
    email: Text = Field(default="", description="Email")


#: (field name on Implications, heading as the seed's Appendix 1 writes it), in order.
IMPLICATION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("financial_and_value_for_money", "Financial and value for money"),
    ("legal", "Legal"),
    ("personnel", "Personnel"),
    ("equalities_impact", "Equalities Impact"),
    ("health_and_safety", "Health and Safety"),
    ("environmental_sustainability", "Environmental Sustainability"),
    ("risk_management", "Risk Management"),
    ("corporate_objectives", "Corporate objectives and priorities for change"),
)


#: What an implication heading with nothing under it says.
NO_ISSUES_NOTED = "No issues noted."


class Implications(Record):
    """Appendix 1 – Implications, under its eight headings; an empty one reads "No issues noted."."""

    financial_and_value_for_money: list[Text] = Field(
        default_factory=list, description="Financial and value for money"
    )
    legal: list[Text] = Field(default_factory=list, description="Legal")
    personnel: list[Text] = Field(default_factory=list, description="Personnel")
    equalities_impact: list[Text] = Field(default_factory=list, description="Equalities Impact")
    health_and_safety: list[Text] = Field(default_factory=list, description="Health and Safety")
    environmental_sustainability: list[Text] = Field(
        default_factory=list, description="Environmental Sustainability"
    )
    risk_management: list[Text] = Field(default_factory=list, description="Risk Management")
    corporate_objectives: list[Text] = Field(
        default_factory=list, description="Corporate objectives and priorities for change"
    )

    def headings(self) -> list[tuple[str, str, list[str]]]:
        """(field name, heading, paragraphs) for the eight headings, in the seed's order."""
        return [(name, heading, getattr(self, name)) for name, heading in IMPLICATION_HEADINGS]


class AppendixKind(StrEnum):
    """What an appendix of the report is made from."""

    IMPLICATIONS = "implications"  # from CommitteeReport.implications
    TEMPLATES = "templates"  # the blank business case and agreement
    REGISTER = "register"  # the register, grouped by priority
    PROGRESS = "progress"  # returns received and checked, per high and medium partnership
    FINDINGS = "findings"  # the detail of the check findings behind the progress appendix
    REVIEWS = "reviews"  # annual reviews overdue or falling due, from the register
    DOCUMENT = "document"  # a .docx joined in as it is (``source``)


#: The kinds of appendix ptk makes on its own, with the title each has when none is given.
APPENDIX_TITLES = {
    AppendixKind.IMPLICATIONS: "Implications",
    AppendixKind.REGISTER: "Partnership Register",
    AppendixKind.PROGRESS: "Progress of the high and medium priority partnerships",
    AppendixKind.FINDINGS: "Findings from the returns",
    AppendixKind.REVIEWS: "Annual reviews falling due",
}

#: The appendix kinds ``render_appendix`` makes, by name.
APPENDIX_KINDS: tuple[str, ...] = tuple(k.value for k in APPENDIX_TITLES)


#: Columns the register appendix can show: (field of RegisterEntry, column heading), in the
#: order they are shown. ``name`` is always shown first.
REGISTER_COLUMNS: dict[str, str] = {
    "name": "Name of Partnership",
    "priority": "Priority Level",
    "status": "Status",
    "lead_officer": "Lead officer",
    "directorate": "Directorate",
    "accountable_body": "Council is accountable body",
    "council_funding": "Council funding",
    "business_case_received": "Business case received",
    "agreement_received": "Agreement received",
    "last_review": "Last review",
    "next_review": "Next review",
    "reference": "Reference",
}

#: What the register appendix shows when no columns are chosen.
DEFAULT_REGISTER_COLUMNS: tuple[str, ...] = ("name", "priority", "lead_officer", "directorate")


class Appendix(Record):
    """An appendix listed in the report and joined to it."""

    # Strict: "3" is not a number here, as the published JSON Schema says.
    number: Annotated[int, Field(ge=1, strict=True)] = Field(description="Appendix number")
    title: Name = Field(description="Appendix title")
    kind: AppendixKind = Field(description="What the appendix is made from")
    source: Text = Field(default="", description="For a document appendix: the .docx to join")
    columns: list[Text] = Field(
        default_factory=list,
        description="For a register appendix: the columns to show, from REGISTER_COLUMNS or the "
        "register's own column headers (default: name, priority, lead officer, directorate)",
    )

    @model_validator(mode="after")
    def _source_for_documents(self) -> Appendix:
        if self.kind is AppendixKind.DOCUMENT and not self.source.strip():
            raise ValueError("a document appendix needs its source file")
        # Columns are checked against the register when the appendix is made: a council's own
        # columns (an entry's ``extra``) are known only then.
        return self


class Rag(StrEnum):
    """A progress row's RAG status, always written as a word as well as shown in colour."""

    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"


class ProgressRow(Record):
    """One line of the progress appendix: what came back for a high or medium partnership."""

    partnership: Name = Field(description="Name of Partnership")
    priority: Priority | None = Field(default=None, description="Priority Level")
    business_case_returned: bool = Field(default=False, description="Business case returned")
    agreement_returned: bool = Field(default=False, description="Agreement returned")
    headings_addressed: Annotated[int, Field(ge=0, le=19)] | None = Field(
        default=None, description="Headings addressed (of 19)"
    )
    all_partners_signed: bool | None = Field(default=None, description="Every partner signed")
    #: Digital signatures on a returned PDF (None when the return carries none, or is no PDF).
    partners_to_sign: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Partners in the parties or signatures table"
    )
    partners_digitally_signed: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Partners with an intact digital signature"
    )
    partners_verified: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Partners whose digital signature is valid and trusted"
    )
    findings: list[Text] = Field(default_factory=list, description="Check findings")
    headings_not_addressed: list[Text] = Field(
        default_factory=list, description="Toolkit headings the agreement does not address"
    )
    headings_partly_addressed: list[Text] = Field(
        default_factory=list, description="Toolkit headings the agreement only partly addresses"
    )
    not_signed_by: list[Text] = Field(
        default_factory=list, description="Partner organisations with no signature"
    )
    #: A phrase about the signatures as verified (e.g. "signed by 3 of 3 partners (verified)"),
    #: set by whoever verifies them; it replaces the "not signed by ..." wording when given.
    signatures: Text = Field(default="", description="Signatures, as verified")
    other_findings: list[Text] = Field(
        default_factory=list,
        description="Findings other than headings, in short (the detail is in ``findings``)",
    )
    unreadable: bool = Field(default=False, description="A return could not be read")
    replaced: list[Text] = Field(
        default_factory=list, description="Returns left out because a later one replaces them"
    )

    @property
    def digital_signatures(self) -> str | None:
        """``signed by 3 of 3 partners (verified)`` from the digital signature counts, or None
        when no digital signature was seen (see :func:`signatures_phrase`)."""
        return signatures_phrase(
            self.partners_to_sign, self.partners_digitally_signed, self.partners_verified
        )

    def state(self) -> str:
        """Where the partnership stands, in words a committee reads at a glance."""
        if self.agreement_returned:
            parts = ["Agreement returned"]
            detail = []
            if self.headings_addressed is not None:
                detail.append(f"{self.headings_addressed} of 19 headings")
            if self.signatures:
                detail.append(self.signatures)
            elif self.not_signed_by:
                detail.append(f"not signed by {_and(self.not_signed_by)}")
            elif self.all_partners_signed:
                detail.append("signed by every partner")
            elif self.all_partners_signed is False:
                detail.append("not signed")
            agreement = parts[0] + (": " + "; ".join(detail) if detail else "")
        else:
            agreement = "No agreement returned"
        case = "business case returned" if self.business_case_returned else "no business case"
        state = f"{agreement}. {case[0].upper()}{case[1:]}."
        if self.unreadable:
            state += " A return could not be read."
        return state

    def rag(self) -> Rag:
        """Green: a signed agreement addressing all 19 headings and a business case; Red: no
        agreement (or an unreadable return); Amber: anything between."""
        if not self.agreement_returned or self.unreadable:
            return Rag.RED
        complete = (
            self.headings_addressed == 19
            and self.all_partners_signed is True
            and self.business_case_returned
            and not self.headings_partly_addressed
        )
        return Rag.GREEN if complete else Rag.AMBER

    def summary(self) -> str:
        """The findings in one line: what is missing or partly there, once per partnership."""
        parts = []
        if self.headings_not_addressed:
            parts.append(f"Missing: {', '.join(self.headings_not_addressed)}")
        if self.headings_partly_addressed:
            parts.append(f"Partly addressed: {', '.join(self.headings_partly_addressed)}")
        # Each other finding once, however many returns or signatories repeat it.
        others = list(dict.fromkeys(self.other_findings))
        if len(others) > 3:
            parts.append(f"{others[0]}; and {len(others) - 1} other findings")
        else:
            parts.extend(others)
        return "; ".join(parts)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def signatures_phrase(total: int | None, signed: int | None, verified: int | None) -> str | None:
    """``signed by 3 of 3 partners (verified)`` from the counts of partners, partners with an
    intact digital signature and partners whose signature is valid; None without counts.

    "verified" when every partner that signed did so with a valid signature (intact, trusted,
    unchanged since), "2 verified" when only some did, "not verified" when none did.
    """
    if total is None or signed is None:
        return None
    if not signed:
        return f"digitally signed by none of {total} partners"
    if verified is not None and verified >= signed:
        checked = "verified"
    elif verified:
        checked = f"{verified} verified"
    else:
        checked = "not verified"
    return f"signed by {signed} of {total} partners ({checked})"


class CommitteeReport(Record):
    """A report to a council committee, with its numbered paragraphs and appendices."""

    record_kind: ClassVar[str] = "report"

    council: Text = Field(default="", description="Council")
    committee: Name = Field(description="Committee")
    meeting_date: dt.date = Field(description="Date of meeting")
    title: Name = Field(description="Title")
    report_of: Text = Field(default="", description="Report of")
    summary: list[Text] = Field(default_factory=list, description="Summary")
    recommendations: list[Text] = Field(default_factory=list, description="Recommendations")
    reasons: list[Text] = Field(default_factory=list, description="Reasons for recommendations")
    supporting_information: list[ReportSection] = Field(
        default_factory=list, description="Supporting information"
    )
    other_options: list[Text] = Field(default_factory=list, description="Other options considered")
    approving_officers: list[ApprovingOfficer] = Field(
        default_factory=list, description="This report has been approved by the following officers"
    )
    contact: ContactOfficer = Field(
        default_factory=ContactOfficer, description="For more information contact"
    )
    background_papers: list[Text] = Field(default_factory=list, description="Background papers")
    appendices: list[Appendix] = Field(default_factory=list, description="List of appendices")
    implications: Implications = Field(default_factory=Implications, description="Implications")

    @model_validator(mode="after")
    def _appendix_numbers(self) -> CommitteeReport:
        # Any numbers (the clerk's register may be Appendix 3 of a longer report), but each
        # once and in ascending order, as the list of appendices reads them.
        numbers = [a.number for a in self.appendices]
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise ValueError(
                f"appendices must be numbered in ascending order, each number once (got {numbers})"
            )
        return self
