"""parse() and check() on documents ptk never wrote: agreements and business cases in a council's
own words and layouts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from docbuild import COUNCIL_NOT_WRITTEN as NOT_WRITTEN
from docbuild import council_agreement, form_business_case
from ptk_docs._check.rules import check
from ptk_docs._io.libreoffice import convert_files
from ptk_docs._read.parse import parse
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase


def it_places_each_council_section_under_its_toolkit_heading(tmp_path: Path) -> None:
    result = parse(council_agreement(tmp_path / "carers.docx"))
    assert result.kind == "agreement"
    record = result.record
    assert isinstance(record, PartnershipAgreement)
    assert record.partnership_name == "Derby Carers Partnership Strategy Board"
    assert record.purpose.aims_and_objectives == ["To improve the lives of carers in Derby."]
    assert record.roles_and_responsibilities.member_roles == [
        "Each partner leads the actions assigned to it."
    ]
    assert record.conflict_and_complaints_resolution.dispute_processes == (
        "Disputes go first to the Chair."
    )
    assert record.exit_strategies.ending_arrangements.startswith("Any partner may withdraw")
    assert record.financial_protocols.arrangements == "The board has no budget of its own."
    assert [(s.organisation, s.name, s.date_signed) for s in record.signatories] == [
        ("Derby City Council", "Paul Robinson", dt.date(2011, 3, 3)),
        ("NHS Derby City", "Claire Owen", dt.date(2011, 3, 4)),
    ]
    assert result.unmapped == [
        {
            "heading": "Background",
            "text": "The board was set up in 2009 by the Council and the NHS.",
            "location": "paragraph 3",
        },
    ]


def it_flags_exactly_the_headings_the_council_left_out(tmp_path: Path) -> None:
    source = council_agreement(tmp_path / "carers.docx")
    report = check(source, today=dt.date(2011, 6, 1), verdicts=lambda _path: None)
    missing = [f.heading for f in report.findings if f.rule == "heading-not-addressed"]
    assert missing == NOT_WRITTEN


def it_reads_headings_numbered_by_word(tmp_path: Path) -> None:
    result = parse(council_agreement(tmp_path / "carers.docx", numbered=True))
    record = result.record
    assert isinstance(record, PartnershipAgreement)
    addressed = [
        h
        for name, h in AGREEMENT_HEADINGS
        if getattr(record, name).model_dump() != type(getattr(record, name))().model_dump()
    ]
    assert [h for _, h in AGREEMENT_HEADINGS if h not in addressed] == NOT_WRITTEN
    assert result.unmapped[0]["heading"] == "1.0 Background"


def it_reads_a_business_case_in_the_seed_form_layout(tmp_path: Path) -> None:
    result = parse(form_business_case(tmp_path / "road-safety.docx"))
    assert result.kind == "business-case"
    case = result.record
    assert isinstance(case, BusinessCase)
    assert case.partnership_name == "Road Safety Partnership"
    assert case.nature.nature is not None and case.nature.nature.value == (
        "Joining an existing partnership"
    )
    assert case.structure.lead_officer == "Sam Green, Road Safety Manager"
    assert case.risk.risk_assessment_attached is True
    assert case.risk.equality_impact_assessment_attached is False
    assert case.performance.reports_to_council is True
    assert case.performance.reporting_frequency == "twice a year"
    assert case.resources.finance.cost == Decimal("12500")
    assert case.resources.staff.cost == Decimal("48000")
    assert case.resources.staff.source is not None
    assert case.resources.other.in_kind == "Meeting rooms"
    assert case.resources.funding_end_date == dt.date(2014, 3, 31)
    assert case.resources.ongoing_implications == "None expected."
    assert case.authorisation.name == "Paul Robinson"
    assert case.authorisation.job_title == "Strategic Director of Neighbourhoods"
    assert case.authorisation.date == dt.date(2011, 6, 14)


@pytest.mark.libreoffice
def it_reads_an_old_word_document_through_libreoffice(tmp_path: Path) -> None:
    source = council_agreement(tmp_path / "carers.docx")
    (old_word,) = convert_files([source], tmp_path, "doc")
    result = parse(old_word)
    record = result.record
    assert isinstance(record, PartnershipAgreement)
    assert record.meetings.frequency_and_timing == "Quarterly, at the Council House."
    assert record.exit_strategies.ending_arrangements.startswith("Any partner may withdraw")
