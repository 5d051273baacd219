"""The yearly cycle: drafts for a register, the committee report, reviews falling due.

Built only on the public pieces: ``render_many`` for the drafts, ``parse`` and ``check`` for the
returns, and the report renderer for the committee report.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checking import check
from .errors import OutputExistsError, PtkError, RecordError
from .files import atomic_write_bytes, safe_filename
from .formatting import format_date
from .models import (
    AGREEMENT_HEADINGS,
    BusinessCase,
    CommitteeReport,
    PartnershipAgreement,
    PartnershipNature,
    PartnershipRegister,
    Priority,
    ProgressRow,
    Record,
    RegisterEntry,
    RegisterStatus,
    Sector,
)
from .parsing import parse
from .report_doc import render_report

__all__ = [
    "DRAFT_FOLDERS",
    "MANIFEST_NAME",
    "DueReviews",
    "build_progress",
    "build_report",
    "draft_records",
    "due_reviews",
    "generate_drafts",
]

# --------------------------------------------------------------------------------------------
# Reviews falling due
# --------------------------------------------------------------------------------------------


@dataclass
class DueReviews:
    """Listed partnerships whose annual review is overdue or due soon, and gaps in the record.

    ``overdue`` and ``due_soon`` are soonest first; ``no_review_date`` lists partnerships with
    no review on record at all, ``no_agreement`` those with no partnership agreement received.
    """

    overdue: list[RegisterEntry] = field(default_factory=list)
    due_soon: list[RegisterEntry] = field(default_factory=list)
    no_agreement: list[RegisterEntry] = field(default_factory=list)
    no_review_date: list[RegisterEntry] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    within_days: int = 60

    def to_json(self) -> dict[str, Any]:
        def item(entry: RegisterEntry) -> dict[str, Any]:
            data: dict[str, Any] = {
                "name": entry.name,
                "priority": entry.priority.value if entry.priority else None,
                "lead_officer": entry.lead_officer,
                "next_review": entry.next_review.isoformat() if entry.next_review else None,
            }
            if entry.next_review is not None:
                data["days"] = (entry.next_review - self.today).days
            return data

        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "overdue": [item(e) for e in self.overdue],
            "due_soon": [item(e) for e in self.due_soon],
            "no_agreement": [item(e) for e in self.no_agreement],
            "no_review_date": [item(e) for e in self.no_review_date],
        }

    def to_text(self) -> str:
        lines: list[str] = []

        def who(entry: RegisterEntry) -> str:
            parts = [entry.name, f"({entry.priority.value})" if entry.priority else ""]
            if entry.lead_officer:
                parts.append(f"– {entry.lead_officer}")
            return " ".join(p for p in parts if p)

        def days(entry: RegisterEntry) -> str:
            assert entry.next_review is not None
            n = (entry.next_review - self.today).days
            when = format_date(entry.next_review)
            if n < 0:
                return f"{when}, {-n} day{'s' if n != -1 else ''} overdue"
            if n == 0:
                return f"{when}, today"
            return f"{when}, in {n} day{'s' if n != 1 else ''}"

        lines.append(f"Annual reviews as at {format_date(self.today)}")
        lines.append("")
        lines.append(f"Overdue ({len(self.overdue)}):")
        lines.extend(f"  {days(e)}: {who(e)}" for e in self.overdue)
        lines.append(f"Due within {self.within_days} days ({len(self.due_soon)}):")
        lines.extend(f"  {days(e)}: {who(e)}" for e in self.due_soon)
        lines.append(f"No review date on record ({len(self.no_review_date)}):")
        lines.extend(f"  {who(e)}" for e in self.no_review_date)
        lines.append(f"No partnership agreement on record ({len(self.no_agreement)}):")
        lines.extend(f"  {who(e)}" for e in self.no_agreement)
        return "\n".join(lines) + "\n"


def due_reviews(
    register: PartnershipRegister, *, within_days: int = 60, today: dt.date | None = None
) -> DueReviews:
    """Listed partnerships whose review is overdue or falls due within ``within_days``."""
    if within_days < 0:
        raise RecordError(f"--within must be 0 or more days (got {within_days})")
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=within_days)
    result = DueReviews(today=today, within_days=within_days)
    for entry in register.listed:
        if entry.next_review is None:
            result.no_review_date.append(entry)
        elif entry.next_review < today:
            result.overdue.append(entry)
        elif entry.next_review <= horizon:
            result.due_soon.append(entry)
        if entry.agreement_received is None:
            result.no_agreement.append(entry)

    def soonest(entry: RegisterEntry) -> dt.date:
        assert entry.next_review is not None
        return entry.next_review

    result.overdue.sort(key=soonest)
    result.due_soon.sort(key=soonest)
    return result


# --------------------------------------------------------------------------------------------
# Drafts for signature
# --------------------------------------------------------------------------------------------

#: Sub-folder of the drafts folder for each kind of document.
DRAFT_FOLDERS = {"agreement": "agreements", "business-case": "business-cases"}
#: The list of files written, with their SHA-256, beside the drafts.
MANIFEST_NAME = "manifest.csv"


def _priorities(names: Sequence[str] | None) -> list[Priority]:
    from .register_io import parse_priority

    chosen: list[Priority] = []
    for name in names if names is not None else ["high", "medium"]:
        priority = parse_priority(name)
        if priority is None:
            raise RecordError(f"unknown priority '{name}' (expected high, medium, low or n/a)")
        if priority not in chosen:
            chosen.append(priority)
    if not chosen:
        raise RecordError("no priority chosen (for example --priority high,medium)")
    return chosen


def draft_records(
    register: PartnershipRegister, entry: RegisterEntry
) -> tuple[PartnershipAgreement, BusinessCase]:
    """The draft agreement and business case for one partnership, pre-filled from the register."""
    from .models import Partner, Signatory

    agreement = PartnershipAgreement(
        partnership_name=entry.name,
        council=register.council,
        partners=[Partner(organisation=register.council, sector=Sector.PUBLIC)],
        signatories=[Signatory(organisation=register.council)],
        last_review=entry.last_review,
        next_review=entry.next_review,
    )
    if entry.council_is_accountable_body:
        agreement.accountability.accountable_to = (
            f"{register.council} is the Accountable Body for the partnership."
        )
    case = BusinessCase(partnership_name=entry.name)
    # Everything on the register is an existing partnership: this year's case reviews it.
    case.nature.nature = PartnershipNature.REVIEWING
    case.structure.lead_officer = entry.lead_officer
    if entry.council_is_accountable_body is not None:
        case.governance.council_role = (
            "Accountable Body"
            if entry.council_is_accountable_body
            else "Partner (not the Accountable Body)"
        )
    if entry.agreement_received is not None:
        case.governance.terms_of_reference_in_place = (
            f"Yes: a partnership agreement was received on {format_date(entry.agreement_received)}."
        )
    if entry.council_funding is not None:
        case.resources.finance.cost = entry.council_funding
    case.partnership_register.added_to_register = True
    return agreement, case


@dataclass(frozen=True)
class _Draft:
    entry: RegisterEntry
    kind: str
    record: Record
    dest: Path


def _plan_drafts(
    register: PartnershipRegister, out_dir: Path, priorities: list[Priority]
) -> list[_Draft]:
    chosen = [e for p in priorities for e in register.listed if e.priority is p]
    drafts: list[_Draft] = []
    taken: set[str] = set()
    for entry in chosen:
        agreement, case = draft_records(register, entry)
        for kind, record in (("agreement", agreement), ("business-case", case)):
            folder = out_dir / DRAFT_FOLDERS[kind]
            stem = safe_filename(entry.name)
            name = f"{stem}.docx"
            number = 2
            # Distinct partnerships can share a safe name ("A/B", "A-B"), or differ only in
            # case: council shares are case-insensitive, so compare case-folded.
            while f"{kind}/{name}".casefold() in taken:
                name = f"{stem} ({number}).docx"
                number += 1
            taken.add(f"{kind}/{name}".casefold())
            drafts.append(_Draft(entry, kind, record, folder / name))
    return drafts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    from .register_io import neutralise_formula

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["file", "partnership", "priority", "kind", "sha256"])
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _render_batch(
    render_many: Any, records: list[Record], folder: Path, workers: int | None, progress: bool
) -> list[Path]:
    """render_many over the batch, drawing a progress bar on stderr when asked."""
    if not progress or not records:
        return list(render_many(records, folder, workers=workers))
    import sys

    total = len(records)
    step = max(1, -(-total // 40))
    paths: list[Path] = []
    for start in range(0, total, step):
        # Each chunk in its own sub-folder: render_many names files as it likes.
        chunk_folder = folder / f"{start:06d}"
        paths.extend(render_many(records[start : start + step], chunk_folder, workers=workers))
        done = len(paths)
        filled = round(30 * done / total)
        sys.stderr.write(f"\rdrafts [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        sys.stderr.flush()
    sys.stderr.write("\n")
    return paths


def generate_drafts(
    register: PartnershipRegister,
    out_dir: str | Path,
    *,
    priorities: Sequence[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: bool = False,
) -> list[Path]:
    """A draft agreement and business case for each listed partnership of the chosen priorities.

    Writes ``agreements/NAME.docx`` and ``business-cases/NAME.docx`` under ``out_dir`` and a
    ``manifest.csv`` (file, partnership, priority, kind, SHA-256). Refuses with
    ``OutputExistsError``, before writing anything, when any of those files exists and ``force``
    is not set. Returns the documents' paths, then the manifest's.
    """
    from . import rendering

    out_dir = Path(out_dir)
    chosen = _priorities(priorities)
    drafts = _plan_drafts(register, out_dir, chosen)
    manifest = out_dir / MANIFEST_NAME
    if not force:
        existing = [d.dest for d in drafts if d.dest.exists()]
        if manifest.exists():
            existing.append(manifest)
        if existing:
            shown = ", ".join(str(p) for p in existing[:3])
            more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
            raise OutputExistsError(
                f"{len(existing)} file{'s' if len(existing) != 1 else ''} already exist "
                f"({shown}{more}); nothing was written (use --force to overwrite)"
            )
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputExistsError(f"{out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)

    # Render into a staging folder beside the drafts, then move each file into place: a failure
    # part way leaves no half-made batch, and the names stay ours whatever render_many picks.
    staging = Path(tempfile.mkdtemp(prefix=".ptk-drafts-", dir=out_dir))
    try:
        rendered = _render_batch(
            rendering.render_many, [d.record for d in drafts], staging, workers, progress
        )
        if len(rendered) != len(drafts):
            raise PtkError(f"rendering gave {len(rendered)} documents for {len(drafts)} drafts")
        for draft in drafts:
            draft.dest.parent.mkdir(parents=True, exist_ok=True)
        if not force:
            clashes = [d.dest for d in drafts if d.dest.exists()]
            if clashes:
                raise OutputExistsError(
                    f"{clashes[0]} appeared while the drafts were made; nothing was written"
                )
        for draft, path in zip(drafts, rendered, strict=True):
            os.replace(path, draft.dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    rows = [
        (
            d.dest.relative_to(out_dir).as_posix(),
            d.entry.name,
            d.entry.priority.value if d.entry.priority else "",
            d.kind,
            _sha256(d.dest),
        )
        for d in drafts
    ]
    atomic_write_bytes(manifest, _manifest_bytes(rows), force=True)
    return [d.dest for d in drafts] + [manifest]


# --------------------------------------------------------------------------------------------
# Returns and the committee report
# --------------------------------------------------------------------------------------------

RETURN_SUFFIXES = (".docx", ".pdf", ".docm")


def _key(name: str) -> str:
    """A partnership name reduced for matching: case, punctuation and brackets ignored."""
    name = re.sub(r"\([^)]*\)", " ", name.casefold())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.replace("&", " and ")).split())


def _match(register: PartnershipRegister | None, name: str) -> RegisterEntry | None:
    if register is None or not name.strip():
        return None
    found = register.find(name)
    if found is not None:
        return found
    key = _key(name)
    if not key:
        return None
    candidates = [e for e in register.entries if _key(e.name) == key]
    if len(candidates) == 1:
        return candidates[0]
    return None


def _match_file(register: PartnershipRegister | None, path: Path) -> RegisterEntry | None:
    """The partnership a file name points at (``Derby Homes - agreement.pdf``), if any."""
    if register is None:
        return None
    stem = _key(path.stem)
    best: RegisterEntry | None = None
    for entry in register.entries:
        key = _key(entry.name)
        if (
            key
            and (stem == key or stem.startswith(key + " "))
            and (best is None or len(key) > len(_key(best.name)))
        ):
            best = entry
    return best


def _has_answer(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_answer(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_answer(v) for v in value)
    if isinstance(value, str):
        from .formatting import is_prompt

        return bool(value.strip()) and not is_prompt(value)
    return value is not None


def headings_addressed(agreement: PartnershipAgreement) -> int:
    """How many of the 19 headings have at least one answer."""
    return sum(
        1 for _, _, section in agreement.sections() if _has_answer(section.model_dump(mode="json"))
    )


def all_partners_signed(agreement: PartnershipAgreement) -> bool:
    """Every partner organisation has a signatory with a name and a date."""
    organisations = [p.organisation for p in agreement.partners] or [
        s.organisation for s in agreement.signatories
    ]
    if not organisations:
        return False
    signed = {
        " ".join(s.organisation.casefold().split())
        for s in agreement.signatories
        if s.name.strip() and s.date_signed is not None
    }
    return all(" ".join(o.casefold().split()) in signed for o in organisations)


@dataclass
class _Progress:
    name: str
    priority: Priority | None
    business_case: bool = False
    agreement: PartnershipAgreement | None = None
    agreement_returned: bool = False
    findings: list[str] = field(default_factory=list)
    #: Headings addressed as the check judged them (content included), when it ran.
    headings: int | None = None

    def row(self) -> ProgressRow:
        return ProgressRow(
            partnership=self.name,
            priority=self.priority,
            business_case_returned=self.business_case,
            agreement_returned=self.agreement_returned,
            headings_addressed=(
                self.headings
                if self.headings is not None
                else headings_addressed(self.agreement)
                if self.agreement
                else None
            ),
            all_partners_signed=all_partners_signed(self.agreement) if self.agreement else None,
            findings=self.findings,
        )


#: Check rules meaning a heading is not (fully) addressed.
_HEADING_SHORT = {"heading-not-addressed", "heading-partly-addressed"}


def _return_files(returns: Path) -> list[Path]:
    if not returns.is_dir():
        raise RecordError(f"returns folder {returns} does not exist or is not a folder")
    return sorted(
        p
        for p in returns.iterdir()
        if p.is_file()
        and p.suffix.lower() in RETURN_SUFFIXES
        and not p.name.startswith(("~$", ".", "._"))
    )


def _without_name(error: Exception, path: Path) -> str:
    """The error's message without the file name it starts with (the finding already says it)."""
    message = " ".join(str(error).split())
    for prefix in (str(path), path.name):
        if message.startswith(prefix):
            return message[len(prefix) :].lstrip(" :")
    return message


def _finding_text(finding: Any) -> str:
    where = getattr(finding, "heading", None) or getattr(finding, "field", None)
    text = f"{where}: {finding.message}" if where else str(finding.message)
    return text if finding.severity == "error" else f"{text} ({finding.severity})"


def build_progress(
    register: PartnershipRegister | None,
    returns: str | Path | None = None,
    *,
    today: dt.date | None = None,
) -> list[ProgressRow]:
    """One ProgressRow per listed high and medium partnership, from the returns folder.

    Each return is parsed and checked (reviews as at ``today``); a return that cannot be read,
    or that names no partnership on the register, becomes a finding (on the partnership its
    file name points at, else on a row of its own), never an error. Agreements in a council's
    own format are judged by content as ``check`` does, so the headings counted as addressed
    agree with the findings. Without ``returns`` the rows say what the register records.
    """
    progress: dict[str, _Progress] = {}
    if register is not None:
        for priority in (Priority.HIGH, Priority.MEDIUM):
            for entry in register.by_priority(priority):
                progress[entry.name] = _Progress(
                    entry.name,
                    entry.priority,
                    business_case=entry.business_case_received is not None,
                    agreement_returned=entry.agreement_received is not None,
                )
    if returns is None:
        return [p.row() for p in progress.values()]

    def row_for(name: str, priority: Priority | None = None) -> _Progress:
        if name not in progress:
            progress[name] = _Progress(name, priority)
        return progress[name]

    seen: dict[tuple[str, str], str] = {}
    for path in _return_files(Path(returns)):
        try:
            result = parse(path)
        except PtkError as error:
            by_file = _match_file(register, path)
            row = row_for(
                by_file.name if by_file else path.name, by_file.priority if by_file else None
            )
            row.findings.append(f"{path.name} cannot be read: {_without_name(error, path)}")
            continue
        record = result.record
        name = str(getattr(record, "partnership_name", ""))
        found = _match(register, name) or _match_file(register, path)
        if found is None:
            row = row_for(name or path.name)
            if register is not None:
                row.findings.append(f"{path.name}: '{name}' is not on the Partnership Register")
        else:
            row = row_for(found.name, found.priority)
            if found.status is RegisterStatus.REMOVED:
                row.findings.append(f"{path.name}: the partnership was removed from the register")
        previous = seen.get((row.name, result.kind))
        if previous is not None:
            row.findings.append(f"{path.name} replaces {previous} (two returns of one kind)")
        seen[(row.name, result.kind)] = path.name
        if isinstance(record, PartnershipAgreement):
            row.agreement = record
            row.agreement_returned = True
        elif isinstance(record, BusinessCase):
            row.business_case = True
        else:
            row.findings.append(
                f"{path.name} is a {result.kind}, not an agreement or business case"
            )
            continue
        try:
            report = check(path, register=register, today=today)
        except PtkError as error:
            row.findings.append(f"{path.name} could not be checked: {error}")
            continue
        if isinstance(record, PartnershipAgreement):
            short = sum(1 for f in report.findings if f.rule in _HEADING_SHORT)
            row.headings = len(AGREEMENT_HEADINGS) - short
        row.findings.extend(
            f"{path.name}: {_finding_text(f)}" for f in report.findings if f.severity != "info"
        )
    return [p.row() for p in progress.values()]


def build_report(
    report: CommitteeReport,
    dest: str | Path,
    *,
    register: PartnershipRegister | None = None,
    returns: str | Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """The committee report, its figures and appendices computed from the register and returns.

    Returns are checked as at ``today``, by default the date of the meeting.
    """
    dest = Path(dest)
    if dest.exists() and not force:
        raise OutputExistsError(f"{dest} already exists (use --force to overwrite it)")
    # Without returns the report's own reading of the register's received dates stands in.
    # Returns are checked as at the meeting: that is when the committee reads the findings.
    today = today or report.meeting_date
    rows = build_progress(register, returns, today=today) if returns is not None else None
    return render_report(report, dest, register=register, progress=rows, force=force)
