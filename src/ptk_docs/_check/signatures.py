"""What the digital signatures on a returned agreement PDF mean: findings with stable rule ids.

The signatures are read and verified in ``ptk_docs._io.signatures`` (pyHanko); this module turns
what they show into the project's one :class:`Finding` type.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ptk_docs._check.findings import Finding
from ptk_docs._io.limits import DEFAULT_LIMITS
from ptk_docs._io.signatures import (
    INVALIDATING_TRUST,
    Coverage,
    SignatureCheck,
    load_pyhanko,
    may_be_signed,
    organisation_key,
    signer_keys,
    verify_signatures,
)
from ptk_docs._records.agreement import PartnershipAgreement

__all__ = [
    "agreement_organisations",
    "partners_signed",
    "prepare_to_verify",
    "rows_added_for_signatures",
    "rule_findings",
    "signature_findings",
    "verify_pdf",
]


#: Said of an untrusted signature when the council named no roots to trust at all.
NO_ROOTS = "no trusted root certificates were given: ptk check --trust DIR"


def rule_findings(checks: Sequence[SignatureCheck], partners: Sequence[str]) -> list[Finding]:
    """Findings for a returned agreement's signatures, given its partner organisations' names.

    Rules: ``signature-invalid`` (error), ``signature-changed-after-signing`` (error),
    ``signature-untrusted`` (warning), ``partner-not-signed`` (warning) and
    ``signer-not-a-partner`` (warning). A partner has signed when an intact signature's
    certificate names it as organisation (O) or common name (CN), compared without case,
    punctuation, accents, a leading "The" or "&"/"and" differences. ``partners[i]`` in a
    finding's field is the i-th name given here.
    """
    findings: list[Finding] = []
    for check in checks:
        who = _who(check)
        if not check.intact or check.coverage in (Coverage.PARTIAL, Coverage.UNKNOWN):
            findings.append(
                Finding(
                    "signature-invalid",
                    "error",
                    f"{check.label}{who}: {check.problem}",
                    field=_field(check),
                )
            )
            continue
        if check.trust in INVALIDATING_TRUST:
            findings.append(
                Finding(
                    "signature-invalid",
                    "error",
                    f"{check.label}{who}: {check.trust_problem}",
                    field=_field(check),
                )
            )
        if check.coverage is Coverage.CHANGED_AFTER_SIGNING:
            findings.append(
                Finding(
                    "signature-changed-after-signing",
                    "error",
                    f"{check.label}{who}: the document was changed after this signature was "
                    "applied (not just form filling or another signature)",
                    field=_field(check),
                )
            )
        if not check.trusted and check.trust not in INVALIDATING_TRUST:
            findings.append(
                Finding(
                    "signature-untrusted",
                    "warning",
                    f"{check.label}{who}: {check.trust_problem or 'the certificate is not trusted'}",
                    field=_field(check),
                )
            )

    wanted = [(index, name, organisation_key(name)) for index, name in enumerate(partners)]
    usable = [check for check in checks if check.intact]
    for index, name, key in wanted:
        if key and not any(key in signer_keys(check) for check in usable):
            findings.append(
                Finding(
                    "partner-not-signed",
                    "warning",
                    f"{name} has not signed: no digital signature's certificate names it",
                    field=f"partners[{index}]",
                )
            )
    partner_keys = {key for _i, _n, key in wanted if key}
    if partner_keys:
        for check in usable:
            if not (signer_keys(check) & partner_keys):
                findings.append(
                    Finding(
                        "signer-not-a-partner",
                        "warning",
                        f"{check.label}{_who(check)} is not from any partner organisation",
                        field=_field(check),
                    )
                )
    return findings


def agreement_organisations(
    record: PartnershipAgreement, added: Collection[int] = ()
) -> list[tuple[str, str]]:
    """(field path, organisation) for every partner and signatory row, one per organisation.

    "A partner in the parties or signatures table": the parties first, then signature rows
    naming an organisation the parties do not list. ``added`` are the indexes of signatory rows
    that parse added for a digital signature with no row of its own: those are signers, not
    parties, and are left out.
    """
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for index, partner in enumerate(record.partners):
        key = organisation_key(partner.organisation)
        if key and key not in seen:
            seen.add(key)
            found.append((f"partners[{index}]", partner.organisation))
    for index, signatory in enumerate(record.signatories):
        key = organisation_key(signatory.organisation)
        if key and key not in seen and index not in added:
            seen.add(key)
            found.append((f"signatories[{index}]", signatory.organisation))
    return found


def signature_findings(
    source: Path,
    record: PartnershipAgreement | None,
    *,
    trust: Sequence[Path] | None = None,
    checks: Sequence[SignatureCheck] | None = None,
    added: Collection[int] = (),
    roots_given: bool | None = None,
) -> tuple[list[SignatureCheck], list[Finding]]:
    """Verify the signatures in the PDF ``source`` and judge them against the agreement.

    The partner rules (``partner-not-signed``, ``signer-not-a-partner``) apply only when the PDF
    carries at least one digital signature: a PDF with none was signed on paper, or not yet, and
    the signatures table speaks for it (``partner-signature-missing``). ``checks`` skips the
    verification when the caller has already done it; ``added`` is as for
    :func:`agreement_organisations`. ``roots_given`` (default: whether ``trust`` names any)
    False adds to each ``signature-untrusted`` message that no trusted roots were given.
    """
    found = list(checks) if checks is not None else verify_pdf(source, trust)
    if not found:
        return [], []
    organisations = agreement_organisations(record, added) if record is not None else []
    findings = rule_findings(found, [name for _path, name in organisations])
    # rule_findings numbers the names it was given (partners[i]); say which row each one is.
    paths = {f"partners[{i}]": path for i, (path, _name) in enumerate(organisations)}
    findings = [
        replace(f, field=paths[f.field]) if f.rule == "partner-not-signed" and f.field else f
        for f in findings
    ]
    if not (roots_given if roots_given is not None else bool(trust)):
        findings = [
            replace(f, message=f"{f.message} ({NO_ROOTS})")
            if f.rule == "signature-untrusted"
            else f
            for f in findings
        ]
    return found, findings


def rows_added_for_signatures(provenance: Mapping[str, Any]) -> set[int]:
    """Indexes of the signatory rows parse added for a digital signature with no row of its own
    (their provenance's source is ``digital-signature``)."""
    prefix = "signatories["
    return {
        int(path[len(prefix) : -1])
        for path, where in provenance.items()
        if path.startswith(prefix)
        and path.endswith("]")
        and path[len(prefix) : -1].isdigit()
        and isinstance(where, Mapping)
        and where.get("source") == "digital-signature"
    }


def partners_signed(
    record: PartnershipAgreement, checks: Sequence[SignatureCheck], added: Collection[int] = ()
) -> tuple[int, int, int]:
    """(partners, partners with an intact digital signature, partners whose signature is valid).

    Partners are as for :func:`agreement_organisations`; "valid" is intact, trusted and
    unchanged since signing: what "signed by 3 of 3 partners (verified)" means.
    """
    organisations = agreement_organisations(record, added)
    signed = verified = 0
    for _path, name in organisations:
        key = organisation_key(name)
        mine = [c for c in checks if key in signer_keys(c)]
        signed += any(c.intact for c in mine)
        verified += any(c.valid for c in mine)
    return len(organisations), signed, verified


def verify_pdf(source: Path, trust: Sequence[Path] | None = None) -> list[SignatureCheck]:
    """Every digital signature in the PDF ``source``, verified against ``trust`` within the
    default limits; ``[]`` at once (pyHanko not even loaded) for a PDF with no signature."""
    if not _might_be_signed(source):
        return []
    return verify_signatures(
        source,
        trust_roots=trust,
        max_bytes=DEFAULT_LIMITS.max_file_bytes,
        max_seconds=DEFAULT_LIMITS.max_seconds,
    )


def prepare_to_verify(source: Path) -> None:
    """Load pyHanko now when ``source`` may be a signed PDF (before a command's deadline)."""
    if Path(source).suffix.lower() == ".pdf" and _might_be_signed(source):
        load_pyhanko()


def _might_be_signed(source: Path) -> bool:
    try:
        return may_be_signed(Path(source).read_bytes())
    except OSError:
        return True  # verify_signatures says what is wrong with the file, in its words


def _field(check: SignatureCheck) -> str:
    return f"signatures[{check.index - 1}]"


def _who(check: SignatureCheck) -> str:
    parts = [p for p in (check.signer_name, check.signer_organisation) if p]
    unique = list(dict.fromkeys(parts))
    return f" by {', '.join(unique)}" if unique else ""
