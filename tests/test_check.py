"""check(): records and documents against the toolkit, findings with stable rule ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docbuild import ptk_layout_docx
from ptk_docs._check.rules import check
from ptk_docs._errors import DocumentError
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase
from ptk_docs._records.register import PartnershipRegister, RegisterEntry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
IN_TIME = dt.date(2012, 1, 1)


def _agreement() -> PartnershipAgreement:
    return PartnershipAgreement.model_validate_json((EXAMPLES / "agreement.json").read_text())


def _business_case() -> BusinessCase:
    return BusinessCase.model_validate_json((EXAMPLES / "business-case.json").read_text())


def _rules(report) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(f.rule, f.heading or f.field) for f in report.findings]


def it_finds_nothing_in_a_complete_agreement() -> None:
    report = check(_agreement(), today=IN_TIME)
    assert report.findings == []
    assert not report.has_errors
    assert "nothing to report" in report.to_text()


def it_flags_each_heading_not_addressed_by_the_seed_title() -> None:
    data = json.loads((EXAMPLES / "agreement.json").read_text())
    del data["scheme_of_delegation"]
    data["business_continuity_plans"] = {"plans": ""}
    report = check(PartnershipAgreement.model_validate(data), today=IN_TIME)
    assert _rules(report) == [
        ("heading-not-addressed", "Scheme of Delegation"),
        ("heading-not-addressed", "Business Continuity Plans"),
    ]
    assert report.has_errors
    assert report.to_json()["findings"][0] == {
        "rule": "heading-not-addressed",
        "severity": "error",
        "message": "Scheme of Delegation: not addressed (nothing but the prompt under this heading)",
        "heading": "Scheme of Delegation",
    }


def it_flags_partners_who_did_not_sign_and_undated_signatures() -> None:
    agreement = _agreement()
    signatories = agreement.signatories[1:]
    signatories[0] = signatories[0].model_copy(update={"date_signed": None})
    agreement = agreement.model_copy(update={"signatories": signatories})
    assert _rules(check(agreement, today=IN_TIME)) == [
        ("partner-signature-missing", "partners[0]"),
        ("signature-undated", "signatories[0].date_signed"),
    ]


def it_flags_an_overdue_review() -> None:
    report = check(_agreement(), today=dt.date(2012, 7, 9))
    assert _rules(report) == [("review-overdue", "next_review")]
    assert "8 July 2012" in report.findings[0].message


def it_checks_membership_of_the_register() -> None:
    register = PartnershipRegister(entries=[RegisterEntry(name="Derby Homes", priority="High")])
    report = check(_agreement(), today=IN_TIME, register=register)
    assert _rules(report) == [("not-on-register", "partnership_name")]


def it_checks_a_business_case_authorisation_and_assessments() -> None:
    case = _business_case()
    assert check(case).findings == []
    case = case.model_copy(
        update={
            "authorisation": case.authorisation.model_copy(update={"date": None}),
            "risk": case.risk.model_copy(update={"equality_impact_assessment_attached": False}),
            "review": case.review.model_copy(update={"hr_officer": ""}),
        }
    )
    assert _rules(check(case)) == [
        ("authorisation-undated", "authorisation.date"),
        ("equality-assessment-missing", "risk.equality_impact_assessment_attached"),
        ("review-officer-missing", "review.hr_officer"),
    ]
    unauthorised = BusinessCase(partnership_name="Big Screen")
    rules = [r for r, _ in _rules(check(unauthorised))]
    assert rules[:5] == [
        "business-case-not-authorised",
        "authorisation-undated",
        "risk-assessment-missing",
        "equality-assessment-missing",
        "not-on-register",
    ]
    assert "answer-missing" in rules


def it_checks_a_record_file_and_a_document(tmp_path: Path) -> None:
    assert check(EXAMPLES / "business-case.json").kind == "business-case"
    blank = PartnershipAgreement(partnership_name="Road Safety Partnership")
    report = check(ptk_layout_docx(blank, tmp_path / "a.docx"), today=IN_TIME)
    headings = [f.heading for f in report.findings if f.rule == "heading-not-addressed"]
    assert headings == [heading for _, heading in AGREEMENT_HEADINGS]
    assert "agreement-not-signed" in [f.rule for f in report.findings]


def it_lets_content_verdicts_judge_documents_ptk_did_not_write(tmp_path: Path) -> None:
    blank = PartnershipAgreement(partnership_name="Road Safety Partnership")
    source = ptk_layout_docx(blank, tmp_path / "a.docx", embed=False)
    verdicts = {"Purpose": "addressed", "Meetings": "partly"}
    report = check(source, today=IN_TIME, verdicts=lambda _path: verdicts)
    rules = {(f.rule, f.heading) for f in report.findings}
    assert ("heading-not-addressed", "Purpose") not in rules
    assert ("heading-partly-addressed", "Meetings") in rules


def it_refuses_files_it_cannot_check(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    with pytest.raises(DocumentError):
        check(tmp_path / "a.txt")


def it_flags_exactly_the_headings_a_council_agreement_leaves_out() -> None:
    """The council's own words, thin sections under the usual names ("Purpose of the
    Partnership", "Performance monitoring"): only the two headings it omits are errors."""
    source = Path(__file__).parent / "fixtures" / "agreement-council.docx"
    report = check(source)
    missing = {
        f.heading
        for f in report.findings
        if f.rule == "heading-not-addressed" and f.severity == "error"
    }
    assert missing == {"Equalities", "Business Continuity Plans"}
