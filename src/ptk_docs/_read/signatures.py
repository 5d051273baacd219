"""The digital signatures of a returned agreement PDF, merged into its signatories.

Each intact signature is matched to the signatures table's row for the organisation its
certificate names (O, else CN); a signature with no row adds one. Provenance of the fields it
sets is ``{"source": "digital-signature", "location": "digital signature N"}`` (N in signing
order). Whether the signatures are trusted is
``check``'s question (it has the council's trust roots); here a signature counts when it is
intact, as the ``partner-not-signed`` rule counts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ptk_docs._errors import PtkError
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits
from ptk_docs._io.signatures import (
    SignatureCheck,
    may_be_signed,
    organisation_key,
    recent_verification,
    verify_signatures,
)
from ptk_docs._records._base import validate_record
from ptk_docs._records.agreement import PartnershipAgreement

__all__ = ["add_digital_signatures", "merge_signatures"]


def add_digital_signatures(
    record: PartnershipAgreement,
    source: Path,
    provenance: dict[str, dict[str, Any]],
    warnings: list[str],
    limits: Limits = DEFAULT_LIMITS,
) -> PartnershipAgreement:
    """``record`` with the PDF ``source``'s digital signatures merged into its signatories.

    A PDF whose signatures pyHanko cannot read at all is a warning, not a failure: the text
    was read, and ``check`` reports the signatures themselves.
    """
    try:
        data = Path(source).read_bytes()
    except OSError:
        return record  # extract read it a moment ago; it has gone: nothing to add
    if not may_be_signed(data):
        return record
    try:
        checks = recent_verification(data)
        if checks is None:
            checks = verify_signatures(
                data, max_bytes=limits.max_file_bytes, max_seconds=limits.max_seconds
            )
    except PtkError as error:
        warnings.append(f"the digital signatures could not be read: {error}")
        return record
    return merge_signatures(record, checks, provenance, warnings)


def merge_signatures(
    record: PartnershipAgreement,
    checks: Sequence[SignatureCheck],
    provenance: dict[str, dict[str, Any]],
    warnings: list[str],
) -> PartnershipAgreement:
    """``record`` with ``checks`` merged into its signatories (see the module's docstring).

    With no signatures the record is returned unchanged (``signed`` stays None: paper, or not
    signed yet). Otherwise every row gets ``signed`` True or False.
    """
    if not checks:
        return record
    rows: list[dict[str, Any]] = [s.model_dump() for s in record.signatories]
    for row in rows:
        row["signed"] = False
    for check in checks:
        if not check.intact:
            continue
        keys = [
            k
            for k in (
                organisation_key(check.signer_organisation),
                organisation_key(check.signer_name),
            )
            if k
        ]
        label = f"digital signature {check.index}"
        where = {"source": "digital-signature", "location": label}
        index = next(
            (i for i, row in enumerate(rows) if organisation_key(row["organisation"]) in keys),
            None,
        )
        if index is None:
            organisation = check.signer_organisation or check.signer_name
            if not organisation:
                warnings.append(f"{label}: its certificate names no organisation; not matched")
                continue
            index = len(rows)
            rows.append(
                {
                    "organisation": organisation,
                    "name": check.signer_name or "",
                    "title": "",
                    "date_signed": None,
                }
            )
            provenance[f"signatories[{index}]"] = dict(where)
        elif rows[index]["signed"]:
            warnings.append(
                f"{label}: {rows[index]['organisation']} has already signed (an earlier "
                "digital signature); the first is kept"
            )
            continue
        row = rows[index]
        row["signed"] = True
        row["signed_at"] = check.signed_at
        row["certificate_subject"] = check.certificate_subject
        for name in ("signed", "signed_at", "certificate_subject"):
            provenance[f"signatories[{index}].{name}"] = dict(where)
        if row["date_signed"] is None and check.signed_at is not None:
            row["date_signed"] = check.signed_at.date()
            provenance[f"signatories[{index}].date_signed"] = dict(where)
        if not row["name"] and check.signer_name:
            row["name"] = check.signer_name
            provenance[f"signatories[{index}].name"] = dict(where)
    data = record.model_dump()
    data["signatories"] = rows
    try:
        return validate_record(PartnershipAgreement, data)
    except PtkError:
        # A signing date before the date of agreement: keep the signature, not the date.
        for row in rows:
            if (
                row.get("signed")
                and record.date_of_agreement is not None
                and row["date_signed"] is not None
                and row["date_signed"] < record.date_of_agreement
            ):
                row["date_signed"] = None
        warnings.append("a digital signature's date is before the date of agreement")
        return validate_record(PartnershipAgreement, data)
