"""The business case (the seed's Appendix 2 template) as a record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from pydantic import (
    AliasChoices,
    Field,
)

from ptk_docs._records._base import Money, Name, Record, Text

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
    # {area_plan} and {council_plan} are the council's own plans, from its profile. Records
    # written before profiles call the first one derby_plan.
    area_plan: Text = Field(
        default="",
        validation_alias=AliasChoices("area_plan", "derby_plan"),
        description="How do these fit in with the strategic outcomes of {area_plan}?",
    )
    council_plan: Text = Field(
        default="",
        description="How do these fit in with the strategic outcomes of {council_plan}?",
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
            "({agreement_appendix})?"
        ),
    )
    life_span: Text = Field(default="", description="What is the life span of the partnership?")
    exit_strategy: Text = Field(
        default="",
        description=(
            "Is an exit strategy in place? What is the exit strategy? (see {exit_guidance} "
            "for further details)"
        ),
    )
    form_of_agreement: Text = Field(
        default="",
        description=(
            # The seed's words kept: a slot at the very end of a question cannot be told from
            # its answer where a PDF wraps the line inside it.
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
        description="Attach a completed risk assessment of the partnership. ({risk_appendix})",
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
        default="", description="Are there any ongoing implications for {council}?"
    )
    staff_seconded: Text = Field(
        default="",
        description=(
            "Are any {council_short} staff being seconded? If so, {council_short} rules must apply."
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
