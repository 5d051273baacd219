"""parse() and check() on documents ptk never wrote: agreements and business cases in a council's
own words and layouts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import docx

from docbuild import word_numbered
from ptk_docs.checking import check
from ptk_docs.models import AGREEMENT_HEADINGS, BusinessCase, PartnershipAgreement
from ptk_docs.parsing import parse

#: (heading as the council wrote it, how it is marked, text under it)
COUNCIL_SECTIONS = [
    ("Background", "heading", "The board was set up in 2009 by the Council and the NHS."),
    ("Purpose of the Partnership", "heading", "To improve the lives of carers in Derby."),
    ("Accountability", "bold", "The board reports to the Health and Wellbeing Board."),
    ("Terms of reference", "heading", "Agree the carers strategy and monitor its action plan."),
    ("Roles & Responsibilities", "bold", "Each partner leads the actions assigned to it."),
    ("Membership", "heading", "Carers, the Council, the NHS and voluntary groups."),
    ("Information sharing", "heading", "Partners share information under the city's protocol."),
    ("Code of Conduct", "heading", "Members follow the Nolan principles."),
    ("Resolving conflicts and complaints", "heading", "Disputes go first to the Chair."),
    ("Delegated authority", "heading", "The board has no delegated budget."),
    ("Meetings", "heading", "Quarterly, at the Council House."),
    ("Risk management", "heading", "A risk register is kept by the Council's officer."),
    ("Performance monitoring", "heading", "An annual report to the Health and Wellbeing Board."),
    ("Finance", "heading", "The board has no budget of its own."),
    ("Resources", "heading", "The Council provides the secretariat."),
    ("Data protection", "heading", "Partners comply with data protection law."),
    ("Legal status", "heading", "The board is an unincorporated body."),
    ("Exit strategy", "heading", "Any partner may withdraw on three months' notice."),
]
#: Left out of the council's document: Equalities and Business Continuity Plans.
NOT_WRITTEN = ["Equalities", "Business Continuity Plans"]


def _council_agreement(path: Path, *, numbered: bool = False) -> Path:
    document = docx.Document()
    document.add_paragraph("Derby Carers Partnership Strategy Board", style="Title")
    for number, (heading, how, text) in enumerate(COUNCIL_SECTIONS, start=1):
        if numbered:
            word_numbered(document, [(heading, True)], fmt=f"{number}.0")
        elif how == "bold":
            document.add_paragraph().add_run(heading).bold = True
        else:
            document.add_heading(heading, level=1)
        document.add_paragraph(text)
    document.add_heading("Signed on behalf of the partners", level=1)
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(
        table.rows,
        [
            ("Organisation", "Name", "Signature", "Date"),
            ("Derby City Council", "Paul Robinson", "", "3 March 2011"),
            ("NHS Derby City", "Claire Owen", "", "4/3/2011"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def it_places_each_council_section_under_its_toolkit_heading(tmp_path: Path) -> None:
    result = parse(_council_agreement(tmp_path / "carers.docx"))
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
            "text": "",
            "location": "paragraph 2",
        },
        {
            "heading": "Background",
            "text": "The board was set up in 2009 by the Council and the NHS.",
            "location": "paragraph 3",
        },
    ]


def it_flags_exactly_the_headings_the_council_left_out(tmp_path: Path) -> None:
    source = _council_agreement(tmp_path / "carers.docx")
    report = check(source, today=dt.date(2011, 6, 1), verdicts=lambda _path: None)
    missing = [f.heading for f in report.findings if f.rule == "heading-not-addressed"]
    assert missing == NOT_WRITTEN


def it_reads_headings_numbered_by_word(tmp_path: Path) -> None:
    result = parse(_council_agreement(tmp_path / "carers.docx", numbered=True))
    record = result.record
    assert isinstance(record, PartnershipAgreement)
    addressed = [
        h
        for name, h in AGREEMENT_HEADINGS
        if getattr(record, name).model_dump() != type(getattr(record, name))().model_dump()
    ]
    assert [h for _, h in AGREEMENT_HEADINGS if h not in addressed] == NOT_WRITTEN
    assert result.unmapped[0]["heading"] == "1.0 Background"


def _form_business_case(path: Path) -> Path:
    """The seed's own business case form: two-column question/answer tables."""
    document = docx.Document()
    document.add_paragraph("Partnership Business Case", style="Title")
    rows = [
        ("Name of Partnership:", "Road Safety Partnership"),
        ("Nature of the business case", ""),
        (
            "This is concerned with:\n• Setting up a partnership\n• Joining an existing partnership"
            "\n• Reviewing an existing partnership",
            "Joining an existing partnership",
        ),
        ("Reasons for the partnership", ""),
        ("What are the key aims and objectives of the partnership?", "Fewer road casualties."),
        ("Partnership Structure", ""),
        ("Lead Council officer:", "Sam Green, Road Safety Manager"),
        ("Risk assessment", ""),
        ("Attach a completed risk assessment of the partnership. (Appendix 9)", "Yes"),
        (
            "Attach a completed Equality Impact Needs Assessment for the partnership. Details on "
            "undertaking an assessment can be found by clicking here",
            "No",
        ),
        ("Performance Management and Monitoring", ""),
        (
            "Will the partnership report performance and progress to the Council? If yes, how "
            "often?",
            "Yes, twice a year",
        ),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for row, (question, answer) in zip(table.rows, rows, strict=True):
        row.cells[0].text = question
        row.cells[1].text = answer
    document.add_paragraph("Resources and funding")
    resources = document.add_table(rows=4, cols=4)
    for row, values in zip(
        resources.rows,
        [
            ("", "Cost - £", "Source (internal / external)", "In kind"),
            ("Finance", "12,500", "Internal", ""),
            ("Staff", "£48,000", "External", "Seconded officer"),
            ("Other", "", "", "Meeting rooms"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    form = document.add_table(rows=3, cols=1)
    form.rows[0].cells[0].text = (
        "When is funding for the partnership due to end? 31 March 2014\n"
        "Are there any ongoing implications for Derby City Council? None expected."
    )
    form.rows[1].cells[0].text = "Authorisation"
    form.rows[2].cells[0].text = (
        "Business Case must be authorised by Strategic Director.\nName: Paul Robinson\n"
        "Job Title: Strategic Director of Neighbourhoods\nContact details: 01332 293111\n"
        "Date: 14/06/2011"
    )
    document.save(str(path))
    return path


def it_reads_a_business_case_in_the_seed_form_layout(tmp_path: Path) -> None:
    result = parse(_form_business_case(tmp_path / "road-safety.docx"))
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
