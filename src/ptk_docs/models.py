"""Typed records of the Partnership Toolkit: register, business case, agreement, committee report.

Pure data: no I/O and no document libraries. Each field's ``description`` is the seed's own
question or label for it (Appendix 2 of the source report), so the templates print it and the
parser recognises it from one place: :func:`field_specs` walks a record model in document order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from .errors import RecordError

__all__ = [
    "AGREEMENT_HEADINGS",
    "KINDS",
    "PRIORITY_NA_MEANING",
    "Appendix",
    "AppendixKind",
    "ApprovingOfficer",
    "BusinessCase",
    "CommitteeReport",
    "ContactOfficer",
    "FieldSpec",
    "Implications",
    "Member",
    "Partner",
    "PartnershipAgreement",
    "PartnershipNature",
    "PartnershipRegister",
    "Priority",
    "ProgressRow",
    "Record",
    "RegisterEntry",
    "RegisterStatus",
    "ReportParagraph",
    "ReportSection",
    "ResourceLine",
    "ResourceSource",
    "Sector",
    "Signatory",
    "field_specs",
    "kind_of",
    "model_for_kind",
    "validate_record",
]

# --------------------------------------------------------------------------------------------
# Value types shared by every record
# --------------------------------------------------------------------------------------------

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF. A value outside that cannot be written into a .docx without corrupting it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    if m := _NOT_XML.search(value):
        raise ValueError(
            f"contains a character that cannot be written in a document (U+{ord(m.group()):04X})"
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


#: Free text as an officer writes it; newlines are kept (they become line breaks in Word).
Text = Annotated[str, AfterValidator(_xml_safe)]
#: A name that must be present.
Name = Annotated[str, AfterValidator(_xml_safe), AfterValidator(_not_blank)]
#: Pounds sterling, never negative, to the penny.
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    AfterValidator(lambda amount: _canonical_money(amount)),
]


def _canonical_money(amount: Decimal) -> Decimal:
    """One spelling per amount: whole pounds as ``12500``, pence as ``0.10`` (never ``0.1``),
    so a record read back from a document equals the one it was made from."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.quantize(Decimal("0.01"))


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are checked on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)

    #: The CLI's name for this kind of record (``agreement``, ``business-case``, ...).
    record_kind: ClassVar[str] = ""


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --------------------------------------------------------------------------------------------
# Partnership Register (Appendix 3)
# --------------------------------------------------------------------------------------------

PRIORITY_NA_MEANING = (
    "N/A – these are partnerships where the Council is not the Accountable Body and there are "
    "no council funds involved in the group."
)


class Priority(StrEnum):
    """A partnership's priority (risk) level on the register.

    ``N/A`` means the Council is not the Accountable Body and no council funds are involved.
    """

    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"
    NA = "N/A"

    @property
    def meaning(self) -> str:
        return PRIORITY_NA_MEANING if self is Priority.NA else f"{self.value} priority"


class RegisterStatus(StrEnum):
    """Whether a partnership is still listed on the register."""

    ACTIVE = "active"
    PENDING_REMOVAL = "pending-removal"
    REMOVED = "removed"


class RegisterEntry(Record):
    """One partnership the register lists or has listed."""

    name: Name = Field(description="Name of Partnership")
    priority: Priority | None = Field(
        default=None, description="Priority Level (may be empty for a removed partnership)"
    )
    status: RegisterStatus = Field(default=RegisterStatus.ACTIVE, description="Status")
    status_reason: Text = Field(default="", description="Reason for the status")
    lead_officer: Text = Field(default="", description="Lead Council officer")
    directorate: Text = Field(default="", description="Directorate")
    council_is_accountable_body: bool | None = Field(
        default=None, description="Is the Council the Accountable Body?"
    )
    council_funding: Money | None = Field(default=None, description="Council funding (£)")
    business_case_received: dt.date | None = Field(
        default=None, description="Date the business case was received"
    )
    agreement_received: dt.date | None = Field(
        default=None, description="Date the partnership agreement was received"
    )
    last_review: dt.date | None = Field(default=None, description="Last review")
    next_review: dt.date | None = Field(default=None, description="Next review")

    @model_validator(mode="after")
    def _consistent(self) -> RegisterEntry:
        if self.priority is None and self.status is not RegisterStatus.REMOVED:
            raise ValueError("a partnership still on the register needs a priority level")
        if self.status is not RegisterStatus.ACTIVE and not self.status_reason.strip():
            raise ValueError(f"a {self.status.value} partnership needs the reason in status_reason")
        if self.next_review is None and self.last_review is not None:
            object.__setattr__(self, "next_review", _one_year_after(self.last_review))
        if (
            self.next_review is not None
            and self.last_review is not None
            and self.next_review < self.last_review
        ):
            raise ValueError("next_review is before last_review")
        return self

    @property
    def listed(self) -> bool:
        """Still on the register (active or awaiting confirmation of removal)."""
        return self.status is not RegisterStatus.REMOVED


class PartnershipRegister(Record):
    """The Partnership Register: every partnership listed, removed ones included."""

    record_kind: ClassVar[str] = "register"

    council: Name = Field(default="Derby City Council", description="Council")
    as_at: dt.date | None = Field(default=None, description="Date the register is correct at")
    entries: list[RegisterEntry] = Field(default_factory=list, description="Partnerships")

    @model_validator(mode="after")
    def _unique_names(self) -> PartnershipRegister:
        seen: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            key = " ".join(entry.name.casefold().split())
            if key in seen:
                raise ValueError(
                    f"entries[{index}] '{entry.name}' repeats entries[{seen[key]}] (names must be unique)"
                )
            seen[key] = index
        return self

    # Figures the committee report quotes; computed, never stored.
    @property
    def listed(self) -> list[RegisterEntry]:
        """Partnerships still on the register (active and pending removal), in register order."""
        return [e for e in self.entries if e.listed]

    def with_status(self, status: RegisterStatus) -> list[RegisterEntry]:
        return [e for e in self.entries if e.status is status]

    def by_priority(self, priority: Priority) -> list[RegisterEntry]:
        """Listed partnerships of one priority, in register order."""
        return [e for e in self.listed if e.priority is priority]

    def counts_by_priority(self) -> dict[Priority, int]:
        """Listed partnerships per priority level, every level present (zero included)."""
        counts = Counter(e.priority for e in self.listed)
        return {p: counts.get(p, 0) for p in Priority}

    def counts_by_status(self) -> dict[RegisterStatus, int]:
        counts = Counter(e.status for e in self.entries)
        return {s: counts.get(s, 0) for s in RegisterStatus}

    def figures(self) -> dict[str, int]:
        """The named figures report paragraphs may quote as ``{listed}``, ``{high}``, ...

        ``previously_listed`` is the count before the removals (listed plus removed).
        """
        by_priority = self.counts_by_priority()
        by_status = self.counts_by_status()
        listed = len(self.listed)
        removed = by_status[RegisterStatus.REMOVED]
        return {
            "listed": listed,
            "previously_listed": listed + removed,
            "removed": removed,
            "pending_removal": by_status[RegisterStatus.PENDING_REMOVAL],
            "active": by_status[RegisterStatus.ACTIVE],
            "high": by_priority[Priority.HIGH],
            "medium": by_priority[Priority.MEDIUM],
            "low": by_priority[Priority.LOW],
            "na": by_priority[Priority.NA],
            "high_and_medium": by_priority[Priority.HIGH] + by_priority[Priority.MEDIUM],
        }

    def find(self, name: str) -> RegisterEntry | None:
        """The entry with this name (case and spacing ignored), or None."""
        key = " ".join(name.casefold().split())
        for entry in self.entries:
            if " ".join(entry.name.casefold().split()) == key:
                return entry
        return None


# --------------------------------------------------------------------------------------------
# Partnership Business Case (Appendix 2, first template)
# --------------------------------------------------------------------------------------------


class PartnershipNature(StrEnum):
    """What the business case is concerned with."""

    SETTING_UP = "Setting up a partnership"
    JOINING = "Joining an existing partnership"
    REVIEWING = "Reviewing an existing partnership"


class ResourceSource(StrEnum):
    """Where a resource comes from: ``Source (internal / external)``."""

    INTERNAL = "Internal"
    EXTERNAL = "External"
    BOTH = "Internal and external"


class ResourceLine(Record):
    """One line of the resources table: cost in pounds, source, and what is given in kind."""

    cost: Money | None = Field(default=None, description="Cost - £")
    source: ResourceSource | None = Field(default=None, description="Source (internal / external)")
    in_kind: Text = Field(default="", description="In kind")


class BusinessCaseNature(Record):
    """Nature of the business case"""

    nature: PartnershipNature | None = Field(default=None, description="This is concerned with:")


class BusinessCaseReasons(Record):
    """Reasons for the partnership"""

    aims_and_objectives: Text = Field(
        default="", description="What are the key aims and objectives of the partnership?"
    )
    derby_plan: Text = Field(
        default="",
        description="How do these fit in with the strategic outcomes of the Derby Plan?",
    )
    council_plan: Text = Field(
        default="",
        description="How do these fit in with the strategic outcomes of the Council Plan?",
    )
    other_council_plans: Text = Field(
        default="",
        description="How do these fit in with the strategic outcomes of other Council plans?",
    )
    vision_ambitions: Text = Field(
        default="",
        description="Which of the Partnership Vision ambitions does / will the Partnership support?",
    )
    options_appraisal: Text = Field(
        default="", description="Has an options appraisal been carried out?"
    )


class BusinessCaseStructure(Record):
    """Partnership Structure"""

    lead_officer: Text = Field(default="", description="Lead Council officer:")
    member_representation: Text = Field(default="", description="Member representation:")
    size: Text = Field(default="", description="Partnership size:")
    partnership_type: Text = Field(
        default="", description="Partnership type (strategic, statutory, etc)"
    )
    other_organisations: Text = Field(
        default="",
        description="Which other organisations will be represented on the partnership?",
    )
    links_to_other_partnerships: Text = Field(
        default="", description="Are there any links to other partnerships?"
    )


class BusinessCaseGovernance(Record):
    """Governance Arrangements"""

    accountable_to: Text = Field(default="", description="To whom is the partnership accountable?")
    council_role: Text = Field(
        default="",
        description="What is the role of the Council? (for example, lead agency, silent partner)",
    )
    terms_of_reference_in_place: Text = Field(
        default="",
        description=(
            "Does the partnership have a Terms of Reference or an Agreement already in place "
            "(Appendix 3)?"
        ),
    )
    life_span: Text = Field(default="", description="What is the life span of the partnership?")
    exit_strategy: Text = Field(
        default="",
        description=(
            "Is an exit strategy in place? What is the exit strategy? (see paragraph 19, page 20 "
            "for further details)"
        ),
    )
    form_of_agreement: Text = Field(
        default="",
        description=(
            "Is there a form of Partnership Agreement that can be used? If not, see Appendix 3"
        ),
    )


class BusinessCaseLegal(Record):
    """Legal Arrangements"""

    legal_status: Text = Field(
        default="",
        description=(
            "What legal status will the partnership have? For example, Will it become formally "
            "incorporated or remain as an unincorporated body?"
        ),
    )


class BusinessCaseRisk(Record):
    """Risk assessment"""

    risk_assessment_attached: bool | None = Field(
        default=None,
        description="Attach a completed risk assessment of the partnership. (Appendix 9)",
    )
    equality_impact_assessment_attached: bool | None = Field(
        default=None,
        description="Attach a completed Equality Impact Needs Assessment for the partnership.",
    )


class BusinessCasePerformance(Record):
    """Performance Management and Monitoring"""

    reports_to_council: bool | None = Field(
        default=None,
        description="Will the partnership report performance and progress to the Council?",
    )
    reporting_frequency: Text = Field(default="", description="If yes, how often?")


class BusinessCaseExcellence(Record):
    """Excellence and efficiency"""

    value_for_money: Text = Field(default="", description="Value for Money:")
    added_value: Text = Field(default="", description="Added Value:")


#: The twelve resource lines, in the seed's order, with the labels the table shows.
RESOURCE_LINES: tuple[tuple[str, str], ...] = (
    ("finance", "Finance"),
    ("staff", "Staff"),
    ("accommodation", "Accommodation"),
    ("facilities", "Facilities"),
    ("legal", "Legal"),
    ("it", "IT"),
    ("administration", "Administration"),
    ("training", "Training"),
    ("insurance", "Insurance"),
    ("recruitment", "Recruitment"),
    ("advice", "Advice"),
    ("other", "Other"),
)


class BusinessCaseResources(Record):
    """Resources and funding"""

    finance: ResourceLine = Field(default_factory=ResourceLine, description="Finance")
    staff: ResourceLine = Field(default_factory=ResourceLine, description="Staff")
    accommodation: ResourceLine = Field(default_factory=ResourceLine, description="Accommodation")
    facilities: ResourceLine = Field(default_factory=ResourceLine, description="Facilities")
    legal: ResourceLine = Field(default_factory=ResourceLine, description="Legal")
    it: ResourceLine = Field(default_factory=ResourceLine, description="IT")
    administration: ResourceLine = Field(default_factory=ResourceLine, description="Administration")
    training: ResourceLine = Field(default_factory=ResourceLine, description="Training")
    insurance: ResourceLine = Field(default_factory=ResourceLine, description="Insurance")
    recruitment: ResourceLine = Field(default_factory=ResourceLine, description="Recruitment")
    advice: ResourceLine = Field(default_factory=ResourceLine, description="Advice")
    other: ResourceLine = Field(default_factory=ResourceLine, description="Other")
    funding_end_date: dt.date | None = Field(
        default=None, description="When is funding for the partnership due to end?"
    )
    ongoing_implications: Text = Field(
        default="", description="Are there any ongoing implications for Derby City Council?"
    )
    staff_seconded: Text = Field(
        default="",
        description=(
            "Are any Derby City Council (DCC) staff being seconded? If so, DCC rules must apply."
        ),
    )

    def lines(self) -> list[tuple[str, str, ResourceLine]]:
        """(field name, table label, line) for the twelve lines, in the seed's order."""
        return [(name, label, getattr(self, name)) for name, label in RESOURCE_LINES]

    def total_cost(self) -> Decimal:
        return sum((line.cost or Decimal(0) for _, _, line in self.lines()), Decimal(0))


class BusinessCaseReview(Record):
    """Review"""

    legal_officer: Text = Field(default="", description="Legal Officer:")
    financial_officer: Text = Field(default="", description="Financial Officer:")
    hr_officer: Text = Field(default="", description="Human Resources Officer:")
    service_directors: Text = Field(default="", description="Service Director(s):")


class BusinessCaseAuthorisation(Record):
    """Authorisation: the business case must be authorised by a Strategic Director."""

    name: Text = Field(default="", description="Name:")
    job_title: Text = Field(default="", description="Job Title:")
    contact_details: Text = Field(default="", description="Contact details:")
    date: dt.date | None = Field(default=None, description="Date:")


class BusinessCaseRegister(Record):
    """Partnership register"""

    added_to_register: bool | None = Field(
        default=None, description="Has the partnership been added to the partnership register?"
    )


class BusinessCase(Record):
    """Partnership Business Case: completed when setting up, joining or reviewing a partnership."""

    record_kind: ClassVar[str] = "business-case"

    partnership_name: Name = Field(description="Name of Partnership:")
    nature: BusinessCaseNature = Field(
        default_factory=BusinessCaseNature, description="Nature of the business case"
    )
    reasons: BusinessCaseReasons = Field(
        default_factory=BusinessCaseReasons, description="Reasons for the partnership"
    )
    structure: BusinessCaseStructure = Field(
        default_factory=BusinessCaseStructure, description="Partnership Structure"
    )
    governance: BusinessCaseGovernance = Field(
        default_factory=BusinessCaseGovernance, description="Governance Arrangements"
    )
    legal: BusinessCaseLegal = Field(
        default_factory=BusinessCaseLegal, description="Legal Arrangements"
    )
    risk: BusinessCaseRisk = Field(default_factory=BusinessCaseRisk, description="Risk assessment")
    performance: BusinessCasePerformance = Field(
        default_factory=BusinessCasePerformance,
        description="Performance Management and Monitoring",
    )
    excellence: BusinessCaseExcellence = Field(
        default_factory=BusinessCaseExcellence, description="Excellence and efficiency"
    )
    resources: BusinessCaseResources = Field(
        default_factory=BusinessCaseResources, description="Resources and funding"
    )
    review: BusinessCaseReview = Field(default_factory=BusinessCaseReview, description="Review")
    authorisation: BusinessCaseAuthorisation = Field(
        default_factory=BusinessCaseAuthorisation, description="Authorisation"
    )
    partnership_register: BusinessCaseRegister = Field(
        default_factory=BusinessCaseRegister, description="Partnership register"
    )


# --------------------------------------------------------------------------------------------
# Partnership Agreement (Appendix 2, second template): 19 headings
# --------------------------------------------------------------------------------------------


class Sector(StrEnum):
    """The sector an organisation belongs to."""

    PUBLIC = "Public"
    PRIVATE = "Private"
    VOLUNTARY = "Voluntary"


class Partner(Record):
    """An organisation that is party to the agreement."""

    organisation: Name = Field(description="Organisation")
    sector: Sector | None = Field(default=None, description="Sector")


class Member(Record):
    """A member of the partnership and whom they represent."""

    name: Text = Field(default="", description="Member")
    organisation: Text = Field(default="", description="Organisation")
    represents: Text = Field(default="", description="Represents")
    sector: Sector | None = Field(default=None, description="Sector")


class Signatory(Record):
    """A representative who signs for a partner organisation."""

    organisation: Name = Field(description="Organisation")
    name: Text = Field(default="", description="Name")
    title: Text = Field(default="", description="Title")
    date_signed: dt.date | None = Field(default=None, description="Date")


class Purpose(Record):
    """Purpose"""

    aims_and_objectives: list[Text] = Field(
        default_factory=list, description="List the aims and objectives of the partnership."
    )


class Accountability(Record):
    """Accountability"""

    accountable_to: Text = Field(default="", description="To whom is the partnership accountable?")
    accountability_includes: Text = Field(
        default="", description="What does that accountability include?"
    )


class TermsOfReference(Record):
    """Terms of Reference"""

    terms: list[Text] = Field(
        default_factory=list, description="Please list the Terms of Reference."
    )


class RolesAndResponsibilities(Record):
    """Roles and Responsibilities"""

    member_roles: list[Text] = Field(
        default_factory=list,
        description="List the roles and responsibilities of each of the members of the partnership.",
    )
    sector_contributions: list[Text] = Field(
        default_factory=list,
        description=(
            "List what the voluntary, business and public sector members bring to the partnership, "
            "and areas of partnership activity they will be responsible for delivering."
        ),
    )


class Membership(Record):
    """Membership"""

    arrangements: Text = Field(default="", description="What are the membership arrangements?")
    members: list[Member] = Field(
        default_factory=list,
        description=(
            "List the members and outline who they represent. Are they from organisations in the "
            "public, private or voluntary sectors?"
        ),
    )
    chair: Text = Field(default="", description="Who chairs the partnership?")
    vice_chair: Text = Field(default="", description="Who vice chairs the partnership?")
    review_frequency: Text = Field(default="", description="How often is the membership reviewed?")
    decision_making: Text = Field(default="", description="How will decisions be taken?")


class Information(Record):
    """Information"""

    information_shared: Text = Field(
        default="", description="What information will agencies need to share?"
    )
    sharing_arrangements: Text = Field(
        default="",
        description="How will this be done? (Including overcoming any technical or legal barriers)",
    )


class CodeOfConduct(Record):
    """Code of Conduct"""

    conduct_arrangements: Text = Field(
        default="",
        description=(
            "What arrangements are in place for guiding the conduct of officers, Councillors, and "
            "members of the partnership?"
        ),
    )
    declarations_of_interest: Text = Field(
        default="", description="How will declarations of interest be managed? (Appendix 6)"
    )


class ConflictAndComplaintsResolution(Record):
    """Conflict and Complaints Resolution"""

    dispute_processes: Text = Field(
        default="",
        description="What processes are in place for resolving disputes that may arise between partners?",
    )
    resolution_arrangements: Text = Field(
        default="", description="What is in place for resolving disputes?"
    )


class Equalities(Record):
    """Equalities"""

    impact_assessments: Text = Field(
        default="",
        description="How and when will the partnership carry out Equalities Impact Assessments?",
    )
    promoting_equality: Text = Field(
        default="",
        description="What arrangements are in place to ensure that equality is actively promoted?",
    )


class SchemeOfDelegation(Record):
    """Scheme of Delegation"""

    decisions: Text = Field(default="", description="Who can make what decisions?")


class Meetings(Record):
    """Meetings"""

    frequency_and_timing: Text = Field(
        default="", description="What is the frequency and timing of meetings?"
    )
    chairing: Text = Field(default="", description="What are the chairing arrangements?")
    voting: Text = Field(default="", description="What are the voting arrangements?")
    venue: Text = Field(default="", description="What venue will be used?")
    behaviour: Text = Field(
        default="", description="What is the expectation of behaviour in the meetings?"
    )


class RiskManagement(Record):
    """Risk Management"""

    arrangements: Text = Field(
        default="",
        description=(
            "What arrangements are in place for assessing and managing the risks associated with "
            "the partnership?"
        ),
    )
    council_liabilities: Text = Field(
        default="", description="What are the potential liabilities for the Council?"
    )


class PerformanceAndMonitoring(Record):
    """Performance and Monitoring"""

    performance_review: Text = Field(
        default="", description="How and when will performance be reviewed?"
    )
    progress_communication: Text = Field(
        default="", description="How will progress be communicated?"
    )


class FinancialProtocols(Record):
    """Financial Protocols"""

    arrangements: Text = Field(
        default="",
        description="Financial arrangements must be in line with Council financial procedural rules.",
    )


class Resources(Record):
    """Resources"""

    procurement: Text = Field(default="", description="Procurement")
    insurance: Text = Field(default="", description="Insurance")


class DataSharing(Record):
    """Data Sharing"""

    data_quality_and_audit: Text = Field(
        default="", description="Data quality and access to systems for audit purposes"
    )
    freedom_of_information: Text = Field(default="", description="Freedom of Information")
    data_protection: Text = Field(default="", description="Data protection")
    data_management: Text = Field(default="", description="Data management")


class BusinessContinuityPlans(Record):
    """Business Continuity Plans"""

    plans: Text = Field(
        default="",
        description=(
            "Business continuity plans should be developed at the start of the partnership and "
            "continually reviewed throughout the life of the partnership."
        ),
    )


class Legalities(Record):
    """Legalities"""

    fraud_prevention: Text = Field(
        default="",
        description=(
            "What arrangements are in place to ensure that the partnership is not able to commit "
            "potential fraudulent or illegal transactions?"
        ),
    )
    legal_status: Text = Field(
        default="", description="The legal status of the partnership needs to be clarified."
    )


class ExitStrategies(Record):
    """Exit Strategies"""

    ending_arrangements: Text = Field(
        default="", description="What are the arrangements for ending the partnership?"
    )
    exit_strategy: Text = Field(default="", description="Have you got an exit strategy?")
    circumstances_for_ending: Text = Field(
        default="", description="Under what circumstance may the partnership need to end?"
    )
    end_when_aims_achieved: Text = Field(
        default="",
        description="When the partnerships aims have been achieved will the partnership be finished?",
    )
    responsible_for_ending: Text = Field(
        default="", description="Who will be responsible for overseeing the end of the partnership?"
    )
    who_to_inform: Text = Field(
        default="", description="Who needs to be informed of the partnerships termination?"
    )
    termination_funding: Text = Field(
        default="", description="Will any funds be required to cover the partnership termination?"
    )
    funds_and_assets: Text = Field(
        default="", description="How will any funds/assets be dealt with?"
    )
    grant_funded_staff: Text = Field(
        default="", description="How will any grant funded staff be managed?"
    )


#: (field name on PartnershipAgreement, heading exactly as the seed writes it), in order.
AGREEMENT_HEADINGS: tuple[tuple[str, str], ...] = (
    ("purpose", "Purpose"),
    ("accountability", "Accountability"),
    ("terms_of_reference", "Terms of Reference"),
    ("roles_and_responsibilities", "Roles and Responsibilities"),
    ("membership", "Membership"),
    ("information", "Information"),
    ("code_of_conduct", "Code of Conduct"),
    ("conflict_and_complaints_resolution", "Conflict and Complaints Resolution"),
    ("equalities", "Equalities"),
    ("scheme_of_delegation", "Scheme of Delegation"),
    ("meetings", "Meetings"),
    ("risk_management", "Risk Management"),
    ("performance_and_monitoring", "Performance and Monitoring"),
    ("financial_protocols", "Financial Protocols"),
    ("resources", "Resources"),
    ("data_sharing", "Data Sharing"),
    ("business_continuity_plans", "Business Continuity Plans"),
    ("legalities", "Legalities"),
    ("exit_strategies", "Exit Strategies"),
)

#: What the seed's template says under some headings besides the questions (guidance only).
AGREEMENT_GUIDANCE: dict[str, tuple[str, ...]] = {
    "risk_management": ("See Appendix 9 of the Toolkit.",),
    "equalities": (
        "More information is available in the Equality impact assessment toolkit on Derbynet.",
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


class PartnershipAgreement(Record):
    """Partnership Agreement: must address the toolkit's 19 headings and be signed by each partner."""

    record_kind: ClassVar[str] = "agreement"

    partnership_name: Name = Field(description="Name of Partnership")
    council: Name = Field(default="Derby City Council", description="Council")
    partners: list[Partner] = Field(default_factory=list, description="Parties to this agreement")
    date_of_agreement: dt.date | None = Field(default=None, description="Date of agreement")
    last_review: dt.date | None = Field(default=None, description="Last annual review")
    next_review: dt.date | None = Field(default=None, description="Next annual review")

    purpose: Purpose = Field(default_factory=Purpose, description="Purpose")
    accountability: Accountability = Field(
        default_factory=Accountability, description="Accountability"
    )
    terms_of_reference: TermsOfReference = Field(
        default_factory=TermsOfReference, description="Terms of Reference"
    )
    roles_and_responsibilities: RolesAndResponsibilities = Field(
        default_factory=RolesAndResponsibilities, description="Roles and Responsibilities"
    )
    membership: Membership = Field(default_factory=Membership, description="Membership")
    information: Information = Field(default_factory=Information, description="Information")
    code_of_conduct: CodeOfConduct = Field(
        default_factory=CodeOfConduct, description="Code of Conduct"
    )
    conflict_and_complaints_resolution: ConflictAndComplaintsResolution = Field(
        default_factory=ConflictAndComplaintsResolution,
        description="Conflict and Complaints Resolution",
    )
    equalities: Equalities = Field(default_factory=Equalities, description="Equalities")
    scheme_of_delegation: SchemeOfDelegation = Field(
        default_factory=SchemeOfDelegation, description="Scheme of Delegation"
    )
    meetings: Meetings = Field(default_factory=Meetings, description="Meetings")
    risk_management: RiskManagement = Field(
        default_factory=RiskManagement, description="Risk Management"
    )
    performance_and_monitoring: PerformanceAndMonitoring = Field(
        default_factory=PerformanceAndMonitoring, description="Performance and Monitoring"
    )
    financial_protocols: FinancialProtocols = Field(
        default_factory=FinancialProtocols, description="Financial Protocols"
    )
    resources: Resources = Field(default_factory=Resources, description="Resources")
    data_sharing: DataSharing = Field(default_factory=DataSharing, description="Data Sharing")
    business_continuity_plans: BusinessContinuityPlans = Field(
        default_factory=BusinessContinuityPlans, description="Business Continuity Plans"
    )
    legalities: Legalities = Field(default_factory=Legalities, description="Legalities")
    exit_strategies: ExitStrategies = Field(
        default_factory=ExitStrategies, description="Exit Strategies"
    )

    signatories: list[Signatory] = Field(default_factory=list, description="Signatures")

    @model_validator(mode="after")
    def _dates(self) -> PartnershipAgreement:
        if self.next_review is None and self.last_review is not None:
            object.__setattr__(self, "next_review", _one_year_after(self.last_review))
        if self.date_of_agreement is not None:
            for index, signatory in enumerate(self.signatories):
                if (
                    signatory.date_signed is not None
                    and signatory.date_signed < self.date_of_agreement
                ):
                    raise ValueError(
                        f"signatories[{index}].date_signed ({signatory.date_signed.isoformat()}) "
                        f"is before the date of agreement ({self.date_of_agreement.isoformat()})"
                    )
        if (
            self.next_review is not None
            and self.last_review is not None
            and self.next_review < self.last_review
        ):
            raise ValueError("next_review is before last_review")
        return self

    def sections(self) -> list[tuple[str, str, Record]]:
        """(field name, seed heading, section) for the 19 headings, in the seed's order."""
        return [(name, heading, getattr(self, name)) for name, heading in AGREEMENT_HEADINGS]


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

    council: Name = Field(default="Derby City Council", description="Council")
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


# --------------------------------------------------------------------------------------------
# Kinds, validation and the field walk shared by templates and the parser
# --------------------------------------------------------------------------------------------

KINDS: dict[str, type[Record]] = {
    "business-case": BusinessCase,
    "agreement": PartnershipAgreement,
    "report": CommitteeReport,
    "register": PartnershipRegister,
}


def model_for_kind(kind: str) -> type[Record]:
    """The record class for a CLI kind name; ``RecordError`` for an unknown kind."""
    try:
        return KINDS[kind]
    except KeyError:
        raise RecordError(f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})") from None


def kind_of(data: Mapping[str, Any]) -> str | None:
    """Guess the kind of a record from its top-level keys (for JSON given without a kind)."""
    keys = set(data)
    if "entries" in keys:
        return "register"
    if "committee" in keys or "meeting_date" in keys:
        return "report"
    if keys & {"purpose", "signatories", "membership", "exit_strategies", "partners"}:
        return "agreement"
    if keys & {"nature", "authorisation", "reasons", "structure", "governance"}:
        return "business-case"
    return None


R = TypeVar("R", bound=Record)


def validate_record(model: type[R], data: Any) -> R:
    """Validate ``data`` as ``model``; every problem is reported at once as a ``RecordError``."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RecordError.from_validation_error(
            error, f"invalid {model.record_kind or model.__name__} record"
        ) from None


@dataclass(frozen=True)
class FieldSpec:
    """One answerable field of a record, in document order.

    ``path`` is the dotted field path (the content control tag), ``section`` the heading it sits
    under, ``question`` the seed's question or label, ``annotation`` the field's type (``str``,
    ``list[str]``, ``bool | None``, ``datetime.date | None``, ``Decimal | None``, an enum, or a
    list of records for tables).
    """

    path: str
    section: str
    question: str
    annotation: Any


def _unwrap_optional(annotation: Any) -> Any:
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (None, list, Annotated) or len(args) != 1:
        return annotation
    return args[0]


def field_specs(model: type[Record], prefix: str = "", section: str = "") -> Iterator[FieldSpec]:
    """Walk a record model in document order, descending into sub-records (sections).

    Lists of records (members, signatories) are yielded as one field (they are tables).
    """
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner = _unwrap_optional(info.annotation)
        if isinstance(inner, type) and issubclass(inner, Record):
            yield from field_specs(inner, f"{path}.", info.description or name)
            continue
        yield FieldSpec(path, section, info.description or name, info.annotation)


# Keep a literal of the kinds for typing the CLI and public functions.
Kind = Literal["business-case", "agreement", "report", "register"]
