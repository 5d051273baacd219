"""Progress with business cases and agreements, from a folder of returns."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptk_docs._check.rules import check_read, trust_paths
from ptk_docs._check.signatures import partners_signed, rows_added_for_signatures, verify_pdf
from ptk_docs._errors import PtkError, RecordError
from ptk_docs._read.extract import extract_many
from ptk_docs._read.parse import parse_extracted
from ptk_docs._records._base import Record, has_answer, name_key
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase
from ptk_docs._records.register import PartnershipRegister, Priority, RegisterEntry, RegisterStatus
from ptk_docs._records.report import ProgressRow, signatures_phrase

# --------------------------------------------------------------------------------------------
# Returns and the committee report
# --------------------------------------------------------------------------------------------

RETURN_SUFFIXES = (".docx", ".pdf", ".docm")


def _match(register: PartnershipRegister | None, name: str) -> RegisterEntry | None:
    if register is None or not name.strip():
        return None
    found = register.find(name)
    if found is not None:
        return found
    key = name_key(name)
    if not key:
        return None
    candidates = [e for e in register.entries if name_key(e.name) == key]
    if len(candidates) == 1:
        return candidates[0]
    return None


def _match_file(register: PartnershipRegister | None, path: Path) -> RegisterEntry | None:
    """The partnership a file name points at (``Anytown Homes - agreement.pdf``), if any."""
    if register is None:
        return None
    stem = name_key(path.stem)
    best: RegisterEntry | None = None
    for entry in register.entries:
        key = name_key(entry.name)
        if (
            key
            and (stem == key or stem.startswith(key + " "))
            and (best is None or len(key) > len(name_key(best.name)))
        ):
            best = entry
    return best


def headings_addressed(agreement: PartnershipAgreement) -> int:
    """How many of the 19 headings have at least one answer."""
    return sum(
        1 for _, _, section in agreement.sections() if has_answer(section.model_dump(mode="json"))
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
    #: (partners, digitally signed, verified) for a returned PDF carrying digital signatures.
    digital: tuple[int, int, int] | None = None
    not_addressed: list[str] = field(default_factory=list)
    partly_addressed: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    unreadable: bool = False
    replaced: list[str] = field(default_factory=list)

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
            partners_to_sign=self.digital[0] if self.digital else None,
            partners_digitally_signed=self.digital[1] if self.digital else None,
            partners_verified=self.digital[2] if self.digital else None,
            signatures=(signatures_phrase(*self.digital) or "") if self.digital else "",
            findings=self.findings,
            headings_not_addressed=self.not_addressed,
            headings_partly_addressed=self.partly_addressed,
            not_signed_by=not_signed_by(self.agreement) if self.agreement else [],
            other_findings=self.others,
            unreadable=self.unreadable,
            replaced=self.replaced,
        )


def not_signed_by(agreement: PartnershipAgreement) -> list[str]:
    """The partner organisations with no signatory named and dated, in the agreement's order."""
    signed = {
        " ".join(s.organisation.casefold().split())
        for s in agreement.signatories
        if s.name.strip() and s.date_signed is not None
    }
    return [
        p.organisation
        for p in agreement.partners
        if " ".join(p.organisation.casefold().split()) not in signed
    ]


#: Check rules meaning a heading is not (fully) addressed.
_HEADING_SHORT = {"heading-not-addressed", "heading-partly-addressed"}
#: Signature rules: the progress row says who has not signed, once, instead.
_SIGNATURE_RULES = {"partner-signature-missing", "partner-not-signed", "agreement-not-signed"}


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
    message = str(finding.message)
    # A heading finding's message often starts with the heading itself: say it once.
    if where and message.casefold().startswith(str(where).casefold()):
        message = message[len(str(where)) :].lstrip(" :")
        message = message[:1].upper() + message[1:]
    text = f"{where}: {message}" if where else message
    return text if finding.severity == "error" else f"{text} ({finding.severity})"


def _document_date(record: Record) -> dt.date:
    """The latest date a return carries (signed, agreed, reviewed, authorised): later wins."""
    dates: list[dt.date] = []
    if isinstance(record, PartnershipAgreement):
        dates += [d for d in (record.date_of_agreement, record.last_review) if d]
        dates += [s.date_signed for s in record.signatories if s.date_signed]
    elif isinstance(record, BusinessCase) and record.authorisation.date:
        dates.append(record.authorisation.date)
    return max(dates, default=dt.date.min)


@dataclass
class _Return:
    path: Path
    result: Any
    entry: RegisterEntry | None
    name: str
    #: What was read from the file, for its check (each return is read once).
    extracted: Any = None
    #: A PDF's digital signatures, verified once against the trust roots, before its parse.
    signatures: Any = None


def build_progress(
    register: PartnershipRegister | None,
    returns: str | Path | None = None,
    *,
    today: dt.date | None = None,
    trust: Sequence[str | Path] | None = None,
) -> list[ProgressRow]:
    """One ProgressRow per listed high and medium partnership, from the returns folder.

    Each return is parsed and checked (reviews as at ``today``); a return that cannot be read,
    or that names no partnership on the register, becomes a finding (on the partnership its
    file name points at, else on a row of its own), never an error. Agreements in a council's
    own format are judged by content as ``check`` does, so the headings counted as addressed
    agree with the findings. When a partnership returned two documents of one kind, the later
    one (by the latest date it carries: signed, agreed, reviewed or authorised; then by file
    name) replaces the earlier, whose findings are left out. Without ``returns`` the rows say
    what the register records.

    Digital signatures on returned PDFs are verified against the roots in ``trust`` (as for
    ``check``), and each row counts the partners that signed and those verified.
    """
    progress: dict[str, _Progress] = {}
    if register is not None:
        for priority in (Priority.HIGH, Priority.MEDIUM):
            for entry in register.by_priority(priority):
                progress[entry.name] = _Progress(
                    entry.name,
                    entry.priority,
                    business_case=entry.business_case_received,
                    agreement_returned=entry.agreement_received,
                )
    if returns is None:
        return [p.row() for p in progress.values()]

    def row_for(name: str, priority: Priority | None = None) -> _Progress:
        if name not in progress:
            progress[name] = _Progress(name, priority)
        return progress[name]

    # Read every return first, so that a later return replaces an earlier one of its kind.
    # Each is read once for its parse and its check, and the old-format ones are converted by
    # one LibreOffice run for the folder.
    latest: dict[tuple[str, str], _Return] = {}
    roots = trust_paths(trust)
    for path, extracted in extract_many(_return_files(Path(returns))):
        signatures = None
        try:
            if isinstance(extracted, PtkError):
                raise extracted
            if extracted.format == "pdf":
                # Verified once, against the trust roots: the parse reuses who signed and when,
                # and the check the whole verification.
                with contextlib.suppress(PtkError):  # the check says what is wrong with them
                    signatures = verify_pdf(path, roots)
            result = parse_extracted(extracted, path)
        except PtkError as error:
            by_file = _match_file(register, path)
            row = row_for(
                by_file.name if by_file else path.name, by_file.priority if by_file else None
            )
            row.findings.append(f"{path.name} cannot be read: {_without_name(error, path)}")
            row.others.append(f"{path.name} cannot be read")
            row.unreadable = True
            continue
        name = str(getattr(result.record, "partnership_name", ""))
        found = _match(register, name) or _match_file(register, path)
        row_name = found.name if found is not None else (name or path.name)
        candidate = _Return(path, result, found, name, extracted, signatures)
        key = (row_name, result.kind)
        previous = latest.get(key)
        if previous is not None:
            order = sorted(
                (previous, candidate),
                key=lambda r: (_document_date(r.result.record), r.path.name),
            )
            earlier, candidate = order
            row_for(row_name, found.priority if found else None).replaced.append(earlier.path.name)
        latest[key] = candidate

    for (row_name, kind), item in latest.items():
        path, record, found, extracted = (
            item.path,
            item.result.record,
            item.entry,
            item.extracted,
        )
        row = row_for(row_name, found.priority if found else None)
        if found is None:
            if register is not None:
                row.findings.append(
                    f"{path.name}: '{item.name}' is not on the Partnership Register"
                )
                row.others.append("not on the Partnership Register")
        elif found.status is RegisterStatus.REMOVED:
            row.findings.append(f"{path.name}: the partnership was removed from the register")
            row.others.append("removed from the register")
        if isinstance(record, PartnershipAgreement):
            row.agreement = record
            row.agreement_returned = True
            row.digital = None  # a later return replaces an earlier one's signatures too
        elif isinstance(record, BusinessCase):
            row.business_case = True
        else:
            row.findings.append(f"{path.name} is a {kind}, not an agreement or business case")
            row.others.append(f"{path.name} is a {kind}")
            continue
        try:
            report = check_read(
                extracted,
                path,
                register=register,
                today=today,
                record=record,
                provenance=item.result.provenance,
                trust=trust,
                signatures=item.signatures,
            )
        except PtkError as error:
            row.findings.append(f"{path.name} could not be checked: {error}")
            row.others.append(f"{path.name} could not be checked")
            continue
        if isinstance(record, PartnershipAgreement):
            short = sum(1 for f in report.findings if f.rule in _HEADING_SHORT)
            row.headings = len(AGREEMENT_HEADINGS) - short
            if report.signatures:
                added = rows_added_for_signatures(item.result.provenance)
                row.digital = partners_signed(record, report.signatures, added)
        for finding in report.findings:
            if finding.severity == "info":
                continue
            row.findings.append(f"{path.name}: {_finding_text(finding)}")
            if finding.rule == "heading-not-addressed" and finding.heading:
                row.not_addressed.append(finding.heading)
            elif finding.rule == "heading-partly-addressed" and finding.heading:
                row.partly_addressed.append(finding.heading)
            elif finding.rule not in _SIGNATURE_RULES and finding.severity == "error":
                where = finding.heading or ""
                row.others.append(f"{where}: {finding.message}" if where else finding.message)
    return [p.row() for p in progress.values()]
