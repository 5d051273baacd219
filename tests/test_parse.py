"""parse(): ptk's own documents read back by embedded record, content controls and structure."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from docbuild import ptk_layout_docx, strip_record
from ptk_docs._errors import DocumentError
from ptk_docs._read.parse import parse
from ptk_docs._records.agreement import PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase
from ptk_docs._records.changes import Change

ROOT = Path(__file__).resolve().parents[1]


def _example(name: str) -> dict:
    return json.loads((ROOT / "examples" / "derby-2011" / f"{name}.json").read_text())


@pytest.fixture
def agreement() -> PartnershipAgreement:
    return PartnershipAgreement.model_validate(_example("agreement"))


@pytest.fixture
def business_case() -> BusinessCase:
    return BusinessCase.model_validate(_example("business-case"))


def it_reads_an_agreement_back_equal(tmp_path: Path, agreement: PartnershipAgreement) -> None:
    result = parse(ptk_layout_docx(agreement, tmp_path / "a.docx"))
    assert result.kind == "agreement"
    assert result.record == agreement
    assert result.changes == []
    assert result.unmapped == []
    assert result.missing == []


def it_reads_an_agreement_by_structure_alone(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    source = strip_record(ptk_layout_docx(agreement, tmp_path / "a.docx"), tmp_path / "b.docx")
    result = parse(source)
    assert result.kind == "agreement"
    assert result.record == agreement
    aims = result.provenance["purpose.aims_and_objectives"]
    assert aims["source"] == "structure"
    assert aims["heading"] == "Purpose"
    assert aims["question"] == "List the aims and objectives of the partnership."
    assert aims["location"].startswith("paragraph ")
    assert result.provenance["signatories[0]"]["location"].startswith("table ")
    assert result.changes is None
    assert any(w.startswith("nothing to compare with") for w in result.warnings)


def it_reads_a_business_case_by_structure_alone(
    tmp_path: Path, business_case: BusinessCase
) -> None:
    source = ptk_layout_docx(business_case, tmp_path / "a.docx", tags=False, embed=False)
    result = parse(source)
    assert result.kind == "business-case"
    assert result.record == business_case


def it_says_where_content_controls_were_read(tmp_path: Path, business_case: BusinessCase) -> None:
    result = parse(ptk_layout_docx(business_case, tmp_path / "a.docx"))
    assert result.provenance["structure.lead_officer"]["source"] == "content-control"
    assert result.provenance["resources.finance.cost"]["location"].startswith("table ")


def it_lists_what_officers_changed(tmp_path: Path, agreement: PartnershipAgreement) -> None:
    source = ptk_layout_docx(agreement, tmp_path / "a.docx")
    document = docx.Document(str(source))
    for text in document.element.body.iter(qn("w:t")):
        if text.text == agreement.meetings.venue:
            text.text = "The Council House, Derby"
    document.save(str(source))
    result = parse(source)
    assert result.changes == [
        Change("meetings.venue", agreement.meetings.venue, "The Council House, Derby")
    ]
    assert result.record.meetings.venue == "The Council House, Derby"


def it_reads_prompts_as_empty_and_lists_them_missing(tmp_path: Path) -> None:
    blank = PartnershipAgreement(partnership_name="Road Safety Partnership")
    result = parse(ptk_layout_docx(blank, tmp_path / "a.docx", tags=False, embed=False))
    assert result.record == blank
    assert "meetings.venue" in result.missing
    assert "purpose.aims_and_objectives" in result.missing
    assert "partnership_name" not in result.missing


def it_keeps_text_it_cannot_place(tmp_path: Path, agreement: PartnershipAgreement) -> None:
    source = ptk_layout_docx(agreement, tmp_path / "a.docx", tags=False, embed=False)
    document = docx.Document(str(source))
    document.add_heading("Appendix A: Local arrangements", level=1)
    document.add_paragraph("The partnership meets in the Guildhall in winter.")
    document.save(str(source))
    result = parse(source)
    assert result.unmapped[-1]["heading"] == "Appendix A: Local arrangements"
    assert result.unmapped[-1]["text"] == "The partnership meets in the Guildhall in winter."


def it_warns_about_values_it_cannot_read_and_strict_refuses(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    source = ptk_layout_docx(agreement, tmp_path / "a.docx", tags=False, embed=False)
    document = docx.Document(str(source))
    for paragraph in document.paragraphs:
        if paragraph.text == "8 July 2011":
            paragraph.runs[0].text = "sometime in July"
    document.save(str(source))
    result = parse(source)
    assert result.record.date_of_agreement is None
    assert any("not a date" in w for w in result.warnings)
    assert any(u["text"] == "sometime in July" for u in result.unmapped)
    with pytest.raises(DocumentError, match="strict"):
        parse(source, strict=True)


def it_refuses_a_kind_it_cannot_read(tmp_path: Path, agreement: PartnershipAgreement) -> None:
    source = ptk_layout_docx(agreement, tmp_path / "a.docx")
    with pytest.raises(DocumentError, match="cannot read a 'report'"):
        parse(source, kind="report")


def it_reads_a_document_of_no_known_kind_as_an_agreement_and_says_so(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting held on Tuesday.")
    document.save(str(tmp_path / "a.docx"))
    result = parse(tmp_path / "a.docx")
    assert result.kind == "agreement"
    assert any("read as a partnership agreement" in w for w in result.warnings)
    assert parse(tmp_path / "a.docx", kind="business-case").kind == "business-case"


def it_reads_a_committee_report_ptk_made_from_the_record_it_carries(tmp_path: Path) -> None:
    import ptk_docs

    examples = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
    report = ptk_docs.load_record(examples / "report.json", kind="report")
    register = ptk_docs.load_record(examples / "register.json", kind="register")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    made = ptk_docs.render(report, tmp_path / "report.docx", register=register)
    result = ptk_docs.parse(made)
    assert result.kind == "report"
    assert isinstance(result.record, ptk_docs.CommitteeReport)
    assert result.record.title == "Partnership Toolkit"
    assert not ptk_docs.check(made).has_errors
