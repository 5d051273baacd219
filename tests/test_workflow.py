"""The yearly cycle: reviews falling due, drafts for signature, returns read into progress rows."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ptk_docs
import ptk_docs._io.files
import ptk_docs._workflow.drafts
import ptk_docs._workflow.progress
from ptk_docs import (
    OutputExistsError,
    PartnershipAgreement,
    PartnershipRegister,
    Priority,
    RecordError,
    RegisterEntry,
    RegisterStatus,
    Signatory,
    due_reviews,
    generate_drafts,
    load_record,
)
from ptk_docs._check.findings import CheckReport, Finding
from ptk_docs._errors import DocumentError
from ptk_docs._read.blocks import ExtractedDocument
from ptk_docs._read.parse import ParseResult
from ptk_docs._workflow.drafts import MANIFEST_NAME, draft_records
from ptk_docs._workflow.progress import all_partners_signed, build_progress, headings_addressed


@pytest.fixture
def seed(examples: Path) -> PartnershipRegister:
    register = load_record(examples / "register.json", kind="register")
    assert isinstance(register, PartnershipRegister)
    return register


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    """render_many replaced by one that writes the record's JSON, named as it likes."""
    calls: list[list[Any]] = []

    def render_many(
        records: Iterable[Any], out_dir: Path, **options: Any
    ) -> list[Path]:  # pragma: no cover - simple
        records = list(records)
        calls.append(records)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        paths = []
        for index, record in enumerate(records):
            path = Path(out_dir) / f"doc-{index}.docx"
            path.write_text(record.model_dump_json())
            paths.append(path)
        return paths

    monkeypatch.setattr(ptk_docs._workflow.drafts, "render_many", render_many)
    return calls


# --- due reviews ------------------------------------------------------------------------------


def _register(*entries: RegisterEntry) -> PartnershipRegister:
    return PartnershipRegister(entries=list(entries))


def it_lists_overdue_and_due_reviews_soonest_first() -> None:
    today = dt.date(2011, 9, 1)
    register = _register(
        RegisterEntry(name="Later", priority=Priority.LOW, next_review=dt.date(2011, 10, 20)),
        RegisterEntry(name="Soon", priority=Priority.HIGH, next_review=dt.date(2011, 9, 5)),
        RegisterEntry(name="Far", priority=Priority.HIGH, next_review=dt.date(2012, 9, 5)),
        RegisterEntry(
            name="Long overdue", priority=Priority.MEDIUM, next_review=dt.date(2010, 1, 1)
        ),
        RegisterEntry(name="Overdue", priority=Priority.MEDIUM, next_review=dt.date(2011, 8, 1)),
        RegisterEntry(
            name="Agreed",
            priority=Priority.HIGH,
            last_review=dt.date(2011, 7, 8),
            agreement_received=dt.date(2011, 7, 8),
        ),
        RegisterEntry(
            name="Gone",
            status=RegisterStatus.REMOVED,
            status_reason="review",
            next_review=dt.date(2011, 1, 1),
        ),
    )
    due = due_reviews(register, within_days=60, today=today)
    assert [e.name for e in due.overdue] == ["Long overdue", "Overdue"]
    assert [e.name for e in due.due_soon] == ["Soon", "Later"]
    assert "Agreed" not in [e.name for e in due.no_agreement]
    assert "Gone" not in [e.name for e in due.no_agreement + due.overdue]
    data = due.to_json()
    assert data["overdue"][1] == {
        "name": "Overdue",
        "priority": "Medium",
        "lead_officer": "",
        "next_review": "2011-08-01",
        "days": -31,
    }
    text = due.to_text()
    assert "1 August 2011, 31 days overdue: Overdue (Medium)" in text
    assert "5 September 2011, in 4 days: Soon (High)" in text
    assert text.index("Long overdue") < text.index("Overdue (Medium)")


def it_counts_the_window_inclusively_and_refuses_a_negative_one() -> None:
    today = dt.date(2011, 9, 1)
    register = _register(
        RegisterEntry(name="Edge", priority=Priority.LOW, next_review=dt.date(2011, 9, 11))
    )
    assert [e.name for e in due_reviews(register, within_days=10, today=today).due_soon] == ["Edge"]
    assert due_reviews(register, within_days=9, today=today).due_soon == []
    with pytest.raises(RecordError):
        due_reviews(register, within_days=-1)


def it_finds_the_seed_partnerships_without_an_agreement(seed: PartnershipRegister) -> None:
    due = due_reviews(seed, today=dt.date(2011, 9, 1))
    assert len(due.no_agreement) == 28  # only the Community Safety Partnership has one
    assert [e.name for e in due.overdue] == ["Derby Homes"]  # reviewed June 2010


# --- drafts ------------------------------------------------------------------------------------


def it_prefills_drafts_from_the_register(seed: PartnershipRegister) -> None:
    entry = seed.find("Community Safety Partnership")
    assert entry is not None
    agreement, case = draft_records(seed, entry)
    assert agreement.partnership_name == "Community Safety Partnership"
    assert agreement.council == "Derby City Council"
    assert agreement.last_review == dt.date(2011, 7, 8)
    assert agreement.next_review == dt.date(2012, 7, 8)
    assert [p.organisation for p in agreement.partners] == ["Derby City Council"]
    assert case.structure.lead_officer == "Andy Thomas, Head of Community Safety"
    assert case.resources.finance.cost == 48000
    assert case.partnership_register.added_to_register is True


def it_writes_one_agreement_and_one_business_case_per_partnership(
    seed: PartnershipRegister, tmp_path: Path, fake_render: list[list[Any]]
) -> None:
    paths = generate_drafts(seed, tmp_path / "drafts")
    assert len(paths) == 25 and paths[-1].name == MANIFEST_NAME
    agreements = sorted((tmp_path / "drafts" / "agreements").glob("*.docx"))
    cases = sorted((tmp_path / "drafts" / "business-cases").glob("*.docx"))
    assert len(agreements) == 12 and len(cases) == 12
    assert (tmp_path / "drafts" / "agreements" / "Derby Homes.docx").exists()
    kinds = {type(r).__name__ for r in fake_render[0]}
    assert kinds == {"PartnershipAgreement", "BusinessCase"}
    assert not [p for p in (tmp_path / "drafts").iterdir() if p.name.startswith(".")]

    with (tmp_path / "drafts" / MANIFEST_NAME).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24
    first = rows[0]
    assert first["partnership"] == "Derby Homes" and first["priority"] == "High"
    assert first["kind"] == "agreement"
    digest = hashlib.sha256((tmp_path / "drafts" / first["file"]).read_bytes()).hexdigest()
    assert first["sha256"] == digest
    # The record sent with each draft sits beside it, for comparing the return with.
    assert first["sent_record"] == "agreements/Derby Homes.sent.json"
    sent = load_record(tmp_path / "drafts" / first["sent_record"], kind="agreement")
    assert sent == fake_render[0][0]


def it_refuses_to_overwrite_any_file_and_changes_nothing(
    seed: PartnershipRegister, tmp_path: Path, fake_render: list[list[Any]]
) -> None:
    out = tmp_path / "drafts"
    generate_drafts(seed, out)
    target = out / "business-cases" / "Marketing Derby.docx"
    target.write_text("edited by an officer")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputExistsError, match="nothing was written"):
        generate_drafts(seed, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert len(fake_render) == 1  # refused before rendering anything
    generate_drafts(seed, out, force=True)
    assert target.read_text() != "edited by an officer"


def it_gives_colliding_names_distinct_files(tmp_path: Path, fake_render: list[list[Any]]) -> None:
    register = _register(
        RegisterEntry(name="Parks/Open Spaces", priority=Priority.HIGH),
        RegisterEntry(name="Parks:Open Spaces", priority=Priority.HIGH),
        RegisterEntry(name="../../etc/passwd", priority=Priority.MEDIUM),
        RegisterEntry(name="CON", priority=Priority.MEDIUM),
    )
    generate_drafts(register, tmp_path)
    names = sorted(p.name for p in (tmp_path / "agreements").glob("*.docx"))
    assert names == [
        "CON_.docx",
        "Parks-Open Spaces (2).docx",
        "Parks-Open Spaces.docx",
        "etc-passwd.docx",
    ]
    assert len({n.casefold() for n in names}) == len(names)
    assert not (tmp_path.parent / "etc").exists()


def it_chooses_partnerships_by_priority(
    seed: PartnershipRegister, tmp_path: Path, fake_render: list[list[Any]]
) -> None:
    paths = generate_drafts(seed, tmp_path, priorities=["N/A"])
    assert len(paths) == 2 * 8 + 1
    with pytest.raises(RecordError, match="'Urgent'"):
        generate_drafts(seed, tmp_path / "x", priorities=["Urgent"])
    assert not (tmp_path / "x").exists()


def it_makes_real_drafts_that_read_back_as_agreements(
    seed: PartnershipRegister, tmp_path: Path
) -> None:
    generate_drafts(seed, tmp_path, workers=1)
    agreements = sorted((tmp_path / "agreements").glob("*.docx"))
    assert len(agreements) == 12
    for path in agreements:
        result = ptk_docs.parse(path)
        assert isinstance(result.record, PartnershipAgreement)
        assert seed.find(result.record.partnership_name) is not None
        assert path.stem == ptk_docs._io.files.safe_filename(result.record.partnership_name)


# --- returns into progress rows ------------------------------------------------------------


def it_counts_headings_and_signatures(examples: Path) -> None:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    assert isinstance(agreement, PartnershipAgreement)
    assert headings_addressed(agreement) == 19
    assert all_partners_signed(agreement)
    empty = PartnershipAgreement(partnership_name="X")
    assert headings_addressed(empty) == 0 and not all_partners_signed(empty)
    unsigned = agreement.model_copy(
        update={"signatories": [*agreement.signatories[:-1], Signatory(organisation="Other")]}
    )
    assert not all_partners_signed(unsigned)


def it_turns_returns_into_progress_rows(
    seed: PartnershipRegister, examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    case = load_record(examples / "business-case.json", kind="business-case")
    stranger = PartnershipAgreement(partnership_name="Friends of Nowhere")
    derby_homes = PartnershipAgreement(partnership_name="DERBY HOMES")
    by_file = {
        "csp-agreement.docx": agreement,
        "csp-case.docx": case,
        "Derby Homes - signed.pdf": derby_homes,
        "nowhere.docx": stranger,
    }
    returns = tmp_path / "returns"
    returns.mkdir()
    for name in [*by_file, "Marketing Derby - agreement.pdf", "~$lock.docx", "notes.txt"]:
        (returns / name).write_text("x")

    def extract_many(paths: list[Path]) -> Iterator[tuple[Path, object]]:
        for path in paths:
            if path.name not in by_file:
                yield path, DocumentError(f"{path.name} has no text layer (a scan?)")
            else:
                yield path, ExtractedDocument(str(path), "docx")

    def parse(extracted: ExtractedDocument, path: Path, **_: Any) -> ParseResult:
        record = by_file[path.name]
        return ParseResult(kind=record.record_kind, record=record)

    def check(extracted: ExtractedDocument, path: Path, **options: Any) -> CheckReport:
        assert options["today"] == dt.date(2011, 9, 28)
        record = by_file[path.name]
        findings = [Finding("agreement.unsigned", "error", "not signed", heading="Signatures")]
        if isinstance(record, PartnershipAgreement):
            findings += [
                Finding("heading-not-addressed", "error", "not addressed", heading=heading)
                for _, heading, section in record.sections()
                if not section.model_dump(exclude_defaults=True)
            ]
        return CheckReport(kind=record.record_kind, findings=findings)

    monkeypatch.setattr(ptk_docs._workflow.progress, "extract_many", extract_many)
    monkeypatch.setattr(ptk_docs._workflow.progress, "parse_extracted", parse)
    monkeypatch.setattr(ptk_docs._workflow.progress, "check_read", check)
    rows = {r.partnership: r for r in build_progress(seed, returns, today=dt.date(2011, 9, 28))}
    assert list(rows)[:12] == [e.name for e in seed.by_priority(Priority.HIGH)] + [
        e.name for e in seed.by_priority(Priority.MEDIUM)
    ]
    csp = rows["Community Safety Partnership"]
    assert csp.agreement_returned and csp.business_case_returned
    assert csp.headings_addressed == 19 and csp.all_partners_signed
    assert "csp-agreement.docx: Signatures: not signed" in csp.findings
    homes = rows["Derby Homes"]
    assert homes.agreement_returned and homes.headings_addressed == 0
    assert homes.all_partners_signed is False
    marketing = rows["Marketing Derby"]
    assert not marketing.agreement_returned
    assert marketing.findings == [
        "Marketing Derby - agreement.pdf cannot be read: has no text layer (a scan?)"
    ]
    assert "is not on the Partnership Register" in rows["Friends of Nowhere"].findings[0]
    assert len(rows) == 13


def it_reads_progress_from_the_register_without_returns(seed: PartnershipRegister) -> None:
    rows = build_progress(seed)
    assert len(rows) == 12
    csp = next(r for r in rows if r.partnership == "Community Safety Partnership")
    assert csp.agreement_returned and csp.business_case_returned
    assert csp.headings_addressed is None


def it_refuses_a_missing_returns_folder(seed: PartnershipRegister, tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="returns folder"):
        build_progress(seed, tmp_path / "nope")


def it_leaves_an_existing_report_alone(tmp_path: Path, examples: Path) -> None:
    report = load_record(examples / "report.json", kind="report")
    dest = tmp_path / "report.docx"
    dest.write_text("keep")
    with pytest.raises(OutputExistsError):
        ptk_docs.build_report(report, dest)  # type: ignore[arg-type]
    assert dest.read_text() == "keep"


def it_draws_a_progress_bar_when_asked(
    seed: PartnershipRegister,
    tmp_path: Path,
    fake_render: list[list[Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = generate_drafts(seed, tmp_path, progress=True)
    assert len(paths) == 25
    err = capsys.readouterr().err
    assert err.endswith("] 24/24\n") and "drafts [" in err
    assert len({p.read_text() for p in paths[:-1]}) == 24  # each file holds its own record
    assert sum(len(call) for call in fake_render) == 24


def _docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    return "\n".join(texts), tables


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def it_rebuilds_the_september_2011_report_from_the_records(
    seed: PartnershipRegister, examples: Path, tmp_path: Path
) -> None:
    from ptk_docs import Appendix, AppendixKind, CommitteeReport
    from ptk_docs._records.report import IMPLICATION_HEADINGS

    report = load_record(examples / "report.json", kind="report")
    assert isinstance(report, CommitteeReport)
    progress = Appendix(number=4, title="Progress", kind=AppendixKind.PROGRESS)
    report = report.model_copy(update={"appendices": [*report.appendices, progress]})
    dest = ptk_docs.build_report(
        report, tmp_path / "report.docx", register=seed, returns=examples / "returns"
    )
    text, tables = _docx_text(dest)
    assert (
        "from 35 to 29, with 5 of the 29 being high priority and 7 classed as medium risk" in text
    )
    for entry in seed.with_status(RegisterStatus.REMOVED) + seed.with_status(
        RegisterStatus.PENDING_REMOVAL
    ):
        assert entry.name in text
    for _, heading in IMPLICATION_HEADINGS:
        assert heading in text
    register_table = next(
        t for t in tables if t[0][:2] == ["Name of Partnership", "Priority Level"]
    )
    assert len(register_table) == 1 + 29
    progress_table = next(t for t in tables if t[0][0] == "Partnership" and len(t) == 13)
    by_name = {row[0]: row for row in progress_table[1:]}
    assert by_name["Community Safety Partnership"][1:4] == [
        "High",
        "Green",
        "Agreement returned: 19 of 19 headings; signed by every partner. Business case returned.",
    ]
    assert "cannot be read" in by_name["Marketing Derby"][-1]


def it_lists_returns_without_a_register(examples: Path) -> None:
    rows = build_progress(None, examples / "returns", today=dt.date(2011, 9, 28))
    names = [r.partnership for r in rows]
    assert "Community Safety Partnership" in names and "Derby Homes" in names
    assert not any("not on the Partnership Register" in f for r in rows for f in r.findings)
