"""The partnership agreement and its 19 toolkit headings as a record."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import (
    Field,
    model_validator,
)

from ptk_docs._records._base import Name, Record, Text, one_year_after

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
        default="",
        description="How will declarations of interest be managed? ({interests_appendix})",
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


class PartnershipAgreement(Record):
    """Partnership Agreement: must address the toolkit's 19 headings and be signed by each partner."""

    record_kind: ClassVar[str] = "agreement"

    partnership_name: Name = Field(description="Name of Partnership")
    council: Text = Field(default="", description="Council")
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
            object.__setattr__(self, "next_review", one_year_after(self.last_review))
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
