"""Returns as they come back: untouched drafts, comparing with what was sent, documents that are
not ptk's, business cases people completed, and provenance a person can follow."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import ptk_docs
from ptk_docs import BusinessCase, Change, PartnershipAgreement
from ptk_docs._io.libreoffice import convert_files

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def ptk(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ptk_docs", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("returns") / "drafts"
    done = ptk("drafts", EXAMPLES / "register.json", "-o", folder)
    assert done.returncode == 0, done.stderr
    return folder


# -- untouched drafts, and what was sent ---------------------------------------------------------


def it_keeps_each_sent_record_beside_its_draft_in_the_manifest(drafts: Path) -> None:
    manifest = (drafts / "manifest.csv").read_text(encoding="utf-8-sig")
    assert '"sent_record"' in manifest.splitlines()[0]
    sent = drafts / "agreements" / "Community Safety Partnership.sent.json"
    assert "agreements/Community Safety Partnership.sent.json" in manifest
    record = ptk_docs.load_record(sent, kind=PartnershipAgreement)
    assert record.signatories[0].organisation == "Derby City Council"


def it_reads_an_untouched_draft_with_no_change_and_its_signature_row(drafts: Path) -> None:
    for folder in ("agreements", "business-cases"):
        for draft in sorted((drafts / folder).glob("*.docx"))[:3]:
            done = ptk("parse", draft, "--json")
            assert done.returncode == 0, done.stderr
            data = json.loads(done.stdout)
            assert data["changes"] == [], draft.name
            assert data["warnings"] == [], draft.name
            if folder == "agreements":
                assert [s["organisation"] for s in data["record"]["signatories"]] == [
                    "Derby City Council"
                ]


@pytest.mark.libreoffice
def it_reads_untouched_drafts_through_libreoffice_with_no_change(
    drafts: Path, tmp_path: Path
) -> None:
    drafted = (
        sorted((drafts / "agreements").glob("*.docx"))[:2]
        + sorted((drafts / "business-cases").glob("*.docx"))[:2]
    )
    # An agreement and a business case share a name: each its own name for LibreOffice.
    sources = []
    for number, draft in enumerate(drafted):
        sources.append(tmp_path / f"{number}-{draft.name}")
        sources[-1].write_bytes(draft.read_bytes())
    for target in ("pdf", "docx:MS Word 2007 XML"):
        converted = convert_files(sources, tmp_path / target.split(":")[0], target)
        for source, path in zip(drafted, converted, strict=True):
            sent = source.with_name(source.stem + ".sent.json")
            done = ptk("parse", path, "--json", "--against", sent)
            assert done.returncode == 0, done.stderr
            data = json.loads(done.stdout)
            assert data["changes"] == [], (path.name, data["changes"])
            without = json.loads(ptk("parse", path, "--json").stdout)
            if target == "pdf":
                # No record carried and none given: nothing to compare with, and it says so.
                assert without["changes"] is None
                assert any(w.startswith("nothing to compare with") for w in without["warnings"])


def it_lists_changes_as_typed_change_objects(tmp_path: Path) -> None:
    record = ptk_docs.load_record(EXAMPLES / "agreement.json", kind=PartnershipAgreement)
    made = ptk_docs.render(record, tmp_path / "agreement.docx")
    sent = record.model_copy(deep=True)
    sent.meetings.venue = "The Guildhall"
    result = ptk_docs.parse(made, kind=PartnershipAgreement, against=sent)
    assert result.changes == [Change("meetings.venue", "The Guildhall", record.meetings.venue)]
    assert result.record.meetings.venue == record.meetings.venue


def it_reads_bytes_and_file_objects_too(tmp_path: Path) -> None:
    made = ptk_docs.render(
        ptk_docs.load_record(EXAMPLES / "business-case.json"), tmp_path / "case.docx"
    )
    from_bytes = ptk_docs.parse(made.read_bytes())
    with made.open("rb") as handle:
        from_file = ptk_docs.parse(handle)
    assert from_bytes.record == from_file.record == ptk_docs.parse(made).record


# -- documents that are not ptk's --------------------------------------------------------------


def _terms_of_reference(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Derby Food Partnership", style="Title")
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The group brings together growers, schools and the Council.")
    document.add_heading("Quorum", level=1)
    document.add_paragraph("Four members, one of them from the Council.")
    document.add_heading("Secretariat", level=1)
    document.add_paragraph("The Council's Public Health team supports the group.")
    document.save(str(path))
    return path


def it_reads_foreign_terms_of_reference_as_an_agreement_and_says_so(tmp_path: Path) -> None:
    source = _terms_of_reference(tmp_path / "food-tor.docx")
    done = ptk("parse", source, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["kind"] == "agreement"
    assert any("read as a partnership agreement" in w for w in data["warnings"])
    # Nothing is dropped: each paragraph is in the record, or unmapped under its heading.
    found = json.dumps(data["record"]) + json.dumps(data["unmapped"])
    for text in ("growers, schools", "Four members", "Public Health team"):
        assert text in found
    assert ptk("check", source).returncode in (0, 1)
    case = ptk("parse", source, "--kind", "business-case", "--json")
    assert json.loads(case.stdout)["kind"] == "business-case"


# -- the business case as people complete it ----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["business-case-paragraphs.docx", "business-case-paragraphs-libreoffice.pdf"]
)
def it_reads_a_business_case_completed_in_paragraphs(name: str) -> None:
    result = ptk_docs.parse(FIXTURES / name, kind=BusinessCase)
    case = result.record
    assert case.resources.finance.cost == 12500  # "£12.5k"
    assert case.resources.staff.cost == 12500  # "12,500.00"
    assert str(case.resources.funding_end_date) == "2014-03-31"  # "31st March 2014"
    assert case.authorisation.name == "Andrew Smith"
    assert case.authorisation.job_title == "Strategic Director of Children and Young People"
    assert str(case.authorisation.date) == "2012-03-31"  # "31/03/2012"
    assert case.resources.ongoing_implications == "None beyond 2014."
    assert result.unmapped == []


def it_reads_a_month_as_its_first_day_and_says_so() -> None:
    result = ptk_docs.parse(FIXTURES / "business-case-lines.docx", kind=BusinessCase)
    assert str(result.record.resources.funding_end_date) == "2014-03-01"
    assert any("read as the first of the month" in w for w in result.warnings)


# -- provenance a person can follow, and true warnings -------------------------------------------


def _paragraph_number(document: docx.document.Document, tag: str) -> int:
    """The paragraph's number as the template linter counts: every w:p from the top."""
    for number, p in enumerate(document.element.body.iter(qn("w:p")), start=1):
        sdt = p.getparent().getparent()
        found = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}") if sdt is not None else None
        if found is not None and found.get(qn("w:val")) == tag:
            return number
    raise AssertionError(tag)


def it_says_where_a_value_was_found_as_a_person_looks_for_it(tmp_path: Path) -> None:
    record = ptk_docs.load_record(EXAMPLES / "business-case.json", kind=BusinessCase)
    made = ptk_docs.render(record, tmp_path / "case.docx")
    result = ptk_docs.parse(made)
    where = result.provenance["resources.funding_end_date"]
    assert where["source"] == "content-control"
    assert where["heading"] == "Resources and funding"
    assert where["question"] == "When is funding for the partnership due to end?"
    number = _paragraph_number(docx.Document(str(made)), "resources.funding_end_date")
    assert where["location"] == f"paragraph {number}"
    pdf = FIXTURES / "agreement-ptk-bare-libreoffice.pdf"
    aims = ptk_docs.parse(pdf).provenance["purpose.aims_and_objectives"]
    assert aims == {
        "source": "structure",
        "heading": "Purpose",
        "question": "List the aims and objectives of the partnership.",
        "page": 1,
    }


def it_warns_only_of_what_is_true(tmp_path: Path) -> None:
    record = ptk_docs.load_record(EXAMPLES / "agreement.json", kind=PartnershipAgreement)
    made = ptk_docs.render(record, tmp_path / "agreement.docx")
    document = docx.Document(str(made))
    body = document.element.body
    sdt = next(
        s
        for s in body.iter(qn("w:sdt"))
        if s.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) == "date_of_agreement"
    )
    below = document.add_paragraph("Appendix A lists the partners' sovereign bodies.")._p
    sdt.addnext(below)
    document.save(str(made))
    result = ptk_docs.parse(made)
    assert result.record.date_of_agreement == record.date_of_agreement
    assert not [w for w in result.warnings if "left empty" in w]
    assert [u["text"] for u in result.unmapped] == [
        "Appendix A lists the partners' sovereign bodies."
    ]


def it_types_the_record_by_the_kind_asked_for(tmp_path: Path) -> None:
    from mypy import api

    probe = tmp_path / "probe.py"
    probe.write_text(
        textwrap.dedent(
            """
            from typing import assert_type
            import ptk_docs
            from ptk_docs import BusinessCase, Change, PartnershipAgreement, Record

            result = ptk_docs.parse("a.docx", kind=PartnershipAgreement)
            assert_type(result.record, PartnershipAgreement)
            assert_type(result.changes, list[Change] | None)
            assert_type(ptk_docs.parse("a.docx").record, Record)
            assert_type(ptk_docs.load_record("a.json", kind=BusinessCase), BusinessCase)
            assert_type(ptk_docs.load_record("a.json", kind="business-case"), Record)
            """
        )
    )
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"), str(probe)]
    )
    assert status == 0, out + err
