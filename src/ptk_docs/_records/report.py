"""The committee report to the Audit and Accounts Committee as a record."""

from __future__ import annotations

import datetime as dt
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
    DOCUMENT = "document"  # a .docx joined in as it is (``source``)


class Appendix(Record):
    """An appendix listed in the report and joined to it."""

    number: Annotated[int, Field(ge=1)] = Field(description="Appendix number")
    title: Name = Field(description="Appendix title")
    kind: AppendixKind = Field(description="What the appendix is made from")
    source: Text = Field(default="", description="For a document appendix: the .docx to join")

    @model_validator(mode="after")
    def _source_for_documents(self) -> Appendix:
        if self.kind is AppendixKind.DOCUMENT and not self.source.strip():
            raise ValueError("a document appendix needs its source file")
        return self


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
    findings: list[Text] = Field(default_factory=list, description="Check findings")


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
        numbers = [a.number for a in self.appendices]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"appendices must be numbered 1, 2, 3, ... in order (got {numbers})")
        return self
