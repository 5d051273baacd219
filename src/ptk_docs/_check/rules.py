"""Checking records and documents against the Partnership Toolkit: findings with stable rule ids.

Rules (ids are stable; scripts and the committee's progress table key on them):

=================================  ========  ===================================================
rule                               severity  when
=================================  ========  ===================================================
heading-not-addressed              error     an agreement heading has nothing but prompts under it
heading-partly-addressed           warning   the content assessment judged a heading only partly met
agreement-not-signed               error     no signatures at all
partner-signature-missing          error     a partner organisation has no row in the signatures table
signature-undated                  error     a signatory has no date
signatory-unnamed                  warning   a signature line names no person
no-partners                        warning   the agreement lists no partner organisations
review-overdue                     error     the annual review date has passed
review-date-missing                warning   no review date and no date of agreement
business-case-not-authorised       error     no authorising officer named
authoriser-not-strategic-director  warning   the authoriser's job title is not a Strategic Director
authorisation-undated              error     the authorisation has no date
risk-assessment-missing            error     no risk assessment attached
equality-assessment-missing        error     no Equality Impact Needs Assessment attached
not-on-register                    error     the partnership is not on the Partnership Register
review-officer-missing             warning   a review officer (legal, financial, HR, director) not named
answer-missing                     info      a business case question left unanswered
signature-invalid                  error     a digital signature is broken, or its certificate
                                             expired, not yet valid or revoked at signing
signature-changed-after-signing    error     the PDF was changed after a digital signature
signature-untrusted                warning   a signature's certificate leads to no trusted root,
                                             or is not fit for signing documents
partner-not-signed                 warning   a PDF carrying digital signatures has none for a
                                             partner in the parties or signatures table
signer-not-a-partner               warning   a digital signature's certificate names no partner
=================================  ========  ===================================================

The digital signature rules (``_check/signatures.py``) apply to PDFs only; the partner ones only
when the PDF carries at least one digital signature, since a return signed on paper has none and
its signatures table speaks for it (``partner-signature-missing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ptk_docs._check.assess import Assessment, assess_blocks, heading_findings
from ptk_docs._check.findings import CheckReport, Finding
from ptk_docs._check.signatures import (
    prepare_to_verify,
    rows_added_for_signatures,
    signature_findings,
    verify_pdf,
)
from ptk_docs._errors import DocumentError
from ptk_docs._io.guard import deadline
from ptk_docs._io.limits import DEFAULT_LIMITS
from ptk_docs._io.records import load_record
from ptk_docs._io.signatures import SignatureCheck
from ptk_docs._read.blocks import ExtractedDocument
from ptk_docs._read.extract import extract
from ptk_docs._read.parse import parse_extracted
from ptk_docs._records._base import Record, has_answer, name_key, one_year_after
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase
from ptk_docs._records.formatting import format_date
from ptk_docs._records.register import PartnershipRegister
from ptk_docs._toolkit.outline import outline

#: Content-based verdicts for documents ptk did not write: source -> {seed heading: verdict}
#: ("addressed", "partly", "not-addressed"), or the whole Assessment (whose findings then quote
#: their evidence), or None when no assessment is available. The assessment
#: (ptk_docs._check.assess) is the default, run on the blocks the parse read.
HeadingVerdicts = Callable[[Path], "Mapping[str, str] | Assessment | None"]


def check(
    record_or_source: Record | str | Path,
    *,
    kind: str | None = None,
    register: PartnershipRegister | None = None,
    today: dt.date | None = None,
    verdicts: HeadingVerdicts | None = None,
    trust: str | Path | Sequence[str | Path] | None = None,
) -> CheckReport:
    """Check a record, or a document/record file, against the toolkit.

    A ``.docx`` or ``.pdf`` is parsed first. For a document ptk did not write (no embedded
    record), ``verdicts`` (default: the content assessment) may judge headings that its
    structure alone does not show as addressed. ``today`` fixes the date reviews are due against.

    Every digital signature in a ``.pdf`` is verified (``CheckReport.signatures``) against the
    trust roots in ``trust``: PEM or DER certificate files, or folders of them (``ptk check
    --trust DIR``; a council profile's trust roots are passed here by the caller). Without
    ``trust`` no signature is trusted (``signature-untrusted``).
    """
    today = today or dt.date.today()
    subject = ""
    heading_verdicts: Mapping[str, str] | Assessment | None = None
    if isinstance(record_or_source, Record):
        record = record_or_source
    else:
        path = Path(record_or_source)
        subject = path.name
        suffix = path.suffix.lower()
        if suffix in (".json", ".yaml", ".yml"):
            record = load_record(path, kind)
        elif suffix in (".docx", ".pdf", ".doc"):
            # One read serves the parse and the assessment (a .doc is converted once); the
            # whole reading and judging is bounded, not only opening the file.
            limits = DEFAULT_LIMITS
            prepare_to_verify(path)  # pyHanko's import is not the document's time
            with deadline(limits.max_command_seconds, path.name, limit="max_command_seconds"):
                return check_read(
                    extract(path),
                    path,
                    kind=kind,
                    register=register,
                    today=today,
                    verdicts=verdicts,
                    trust=trust,
                )
        else:
            raise DocumentError(
                f"{path.name}: cannot check a '{suffix}' file (give a .docx, .pdf or RECORD.json)"
            )
    return _report(record, subject, today, register, heading_verdicts)


def check_read(
    extracted: ExtractedDocument,
    path: Path,
    *,
    kind: str | None = None,
    register: PartnershipRegister | None = None,
    today: dt.date | None = None,
    verdicts: HeadingVerdicts | None = None,
    record: Record | None = None,
    provenance: Mapping[str, Any] | None = None,
    trust: str | Path | Sequence[str | Path] | None = None,
    signatures: Sequence[SignatureCheck] | None = None,
) -> CheckReport:
    """:func:`check` of a document already read (and, given ``record`` and its
    ``provenance``, already parsed): the parse, the content assessment and the rules share one
    reading of the file. A PDF's digital signatures are verified against ``trust`` (see
    :func:`check`), unless ``signatures`` gives them already verified against it."""
    today = today or dt.date.today()
    roots = trust_paths(trust)
    # Signatures before the parse: the parse then reuses the verification rather than repeat it.
    checks: Sequence[SignatureCheck] | None = None
    if extracted.format == "pdf":
        checks = signatures if signatures is not None else verify_pdf(path, roots)
    if record is None:
        parsed = parse_extracted(extracted, path, kind=kind)
        record, provenance = parsed.record, parsed.provenance
    heading_verdicts: Mapping[str, str] | Assessment | None = None
    if isinstance(record, PartnershipAgreement) and extracted.embedded is None:
        if verdicts is None:
            heading_verdicts = assess_blocks(extracted.blocks, source=str(path))
        else:
            heading_verdicts = verdicts(path)
    signature_result = None
    if checks is not None:
        signature_result = signature_findings(
            path,
            record if isinstance(record, PartnershipAgreement) else None,
            checks=checks,
            added=rows_added_for_signatures(provenance or {}),
            roots_given=bool(roots),
        )
    return _report(record, path.name, today, register, heading_verdicts, signature_result)


def _report(
    record: Record,
    subject: str,
    today: dt.date,
    register: PartnershipRegister | None,
    heading_verdicts: Mapping[str, str] | Assessment | None,
    signature_result: tuple[list[SignatureCheck], list[Finding]] | None = None,
) -> CheckReport:
    report = CheckReport(record.record_kind, subject=subject)
    if isinstance(record, PartnershipAgreement):
        report.findings = _agreement(record, today, register, heading_verdicts)
    elif isinstance(record, BusinessCase):
        report.findings = _business_case(record, register)
    elif isinstance(record, PartnershipRegister):
        report.findings = _register(record, today)
    if signature_result is not None:
        report.signatures, found = signature_result
        report.findings.extend(found)
    if not report.subject:
        report.subject = str(getattr(record, "partnership_name", "") or "")
    return report


def trust_paths(trust: str | Path | Sequence[str | Path] | None) -> list[Path]:
    """The trust roots as paths, refused at once when one is missing (even for a PDF with no
    signature to check: a mistyped --trust should not pass unnoticed)."""
    if trust is None:
        return []
    paths = [Path(trust)] if isinstance(trust, str | Path) else [Path(p) for p in trust]
    for path in paths:
        if not path.exists():
            raise DocumentError(f"trust root {path} does not exist")
    return paths


# --------------------------------------------------------------------------------------------


def _agreement(
    record: PartnershipAgreement,
    today: dt.date,
    register: PartnershipRegister | None,
    verdicts: Mapping[str, str] | Assessment | None,
) -> list[Finding]:
    findings: list[Finding] = []
    if verdicts is not None:
        # A document ptk did not write: what its text covers decides (a "Termination" section
        # that only allows suspension is no exit strategy); structure judges headings left out.

        structure = {
            h: "addressed" for n, h in AGREEMENT_HEADINGS if has_answer(getattr(record, n))
        }
        findings.extend(heading_findings(verdicts, fallback=structure))
    for name, heading in AGREEMENT_HEADINGS if verdicts is None else ():
        if not has_answer(getattr(record, name)):
            findings.append(
                Finding(
                    "heading-not-addressed",
                    "error",
                    f"{heading}: not addressed (nothing but the prompt under this heading)",
                    heading=heading,
                )
            )
    if not record.partners:
        findings.append(
            Finding("no-partners", "warning", "No partner organisations listed", field="partners")
        )
    if not record.signatories:
        findings.append(
            Finding(
                "agreement-not-signed",
                "error",
                "Not signed: each partner organisation should sign the agreement",
                field="signatories",
            )
        )
    else:
        signed = {name_key(s.organisation) for s in record.signatories}
        for index, partner in enumerate(record.partners):
            if name_key(partner.organisation) not in signed:
                findings.append(
                    Finding(
                        "partner-signature-missing",
                        "error",
                        f"{partner.organisation} has not signed the agreement "
                        "(no row for it in the signatures table)",
                        field=f"partners[{index}]",
                    )
                )
        for index, signatory in enumerate(record.signatories):
            if not signatory.name.strip():
                findings.append(
                    Finding(
                        "signatory-unnamed",
                        "warning",
                        f"The signature for {signatory.organisation} names no representative",
                        field=f"signatories[{index}].name",
                    )
                )
            if signatory.date_signed is None:
                findings.append(
                    Finding(
                        "signature-undated",
                        "error",
                        f"The signature for {signatory.organisation} is not dated",
                        field=f"signatories[{index}].date_signed",
                    )
                )
    due = record.next_review
    if due is None and record.date_of_agreement is not None:
        due = one_year_after(record.date_of_agreement)
    if due is None:
        findings.append(
            Finding(
                "review-date-missing",
                "warning",
                "No annual review date and no date of agreement: the review cannot be scheduled",
                field="next_review",
            )
        )
    elif due < today:
        findings.append(
            Finding(
                "review-overdue",
                "error",
                f"The annual review was due on {_day(due)} and is overdue",
                field="next_review",
            )
        )
    findings.extend(_on_register(record.partnership_name, register))
    return findings


def _day(day: dt.date) -> str:

    return format_date(day)


def _on_register(name: str, register: PartnershipRegister | None) -> list[Finding]:
    if register is None:
        return []
    entry = register.find(name)
    if entry is None or not entry.listed:
        return [
            Finding(
                "not-on-register",
                "error",
                f"{name} is not on the Partnership Register",
                field="partnership_name",
            )
        ]
    return []


_REVIEW_OFFICERS = (
    ("legal_officer", "Legal Officer"),
    ("financial_officer", "Financial Officer"),
    ("hr_officer", "Human Resources Officer"),
    ("service_directors", "Service Director(s)"),
)


def _business_case(record: BusinessCase, register: PartnershipRegister | None) -> list[Finding]:
    findings: list[Finding] = []
    authorisation = record.authorisation
    if not authorisation.name.strip():
        findings.append(
            Finding(
                "business-case-not-authorised",
                "error",
                "Not authorised: the business case must be authorised by a Strategic Director",
                field="authorisation.name",
            )
        )
    elif "strategic director" not in authorisation.job_title.casefold():
        findings.append(
            Finding(
                "authoriser-not-strategic-director",
                "warning",
                f"Authorised by {authorisation.name}"
                + (f" ({authorisation.job_title})" if authorisation.job_title.strip() else "")
                + ", who is not shown as a Strategic Director",
                field="authorisation.job_title",
            )
        )
    if authorisation.date is None:
        findings.append(
            Finding(
                "authorisation-undated",
                "error",
                "The authorisation is not dated",
                field="authorisation.date",
            )
        )
    if record.risk.risk_assessment_attached is not True:
        findings.append(
            Finding(
                "risk-assessment-missing",
                "error",
                "No completed risk assessment of the partnership attached",
                field="risk.risk_assessment_attached",
            )
        )
    if record.risk.equality_impact_assessment_attached is not True:
        findings.append(
            Finding(
                "equality-assessment-missing",
                "error",
                "No completed Equality Impact Needs Assessment attached",
                field="risk.equality_impact_assessment_attached",
            )
        )
    if record.partnership_register.added_to_register is not True:
        findings.append(
            Finding(
                "not-on-register",
                "error",
                "The partnership has not been added to the Partnership Register",
                field="partnership_register.added_to_register",
            )
        )
    else:
        findings.extend(_on_register(record.partnership_name, register))
    for name, label in _REVIEW_OFFICERS:
        if not getattr(record.review, name).strip():
            findings.append(
                Finding(
                    "review-officer-missing",
                    "warning",
                    f"No {label} named in the review",
                    field=f"review.{name}",
                )
            )

    already = {f.field for f in findings}
    for section in outline("business-case"):
        for spec in section.fields:
            path = spec.path
            if path in already or path.startswith(("review.", "authorisation.", "risk.")):
                continue
            value: Any = record
            for part in path.split("."):
                value = getattr(value, part)
            if not has_answer(value):
                findings.append(
                    Finding(
                        "answer-missing",
                        "info",
                        f"Not answered: {spec.question}",
                        field=path,
                    )
                )
    return findings


def _register(record: PartnershipRegister, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    for index, entry in enumerate(record.entries):
        if entry.listed and entry.next_review is not None and entry.next_review < today:
            findings.append(
                Finding(
                    "review-overdue",
                    "warning",
                    f"{entry.name}: the annual review was due on {_day(entry.next_review)}",
                    field=f"entries[{index}].next_review",
                )
            )
    return findings
