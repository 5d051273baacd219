"""The answers the toolkit requires before a document is printed for signature (a final render)."""

from __future__ import annotations

from typing import Any

from ptk_docs._records._base import Record, field_specs, has_answer
from ptk_docs._records.agreement import PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase

#: Agreement fields that are completed at or after signing, not before printing.
_AGREEMENT_AT_SIGNING = {"date_of_agreement", "last_review", "signatories"}

#: Business case sections the toolkit asks to be answered before authorisation; the resources
#: grid lists only what applies, and review and authorisation are completed by the officers who
#: sign it.
_BUSINESS_CASE_SECTIONS = (
    "partnership_name",
    "nature.",
    "reasons.",
    "structure.",
    "governance.",
    "legal.",
    "risk.",
    "performance.",
    "excellence.",
)


def _value_at(record: Record, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def required_paths(record: Record) -> list[str]:
    """Field paths a final (for signature) document of ``record`` must have answered."""
    specs = [s.path for s in field_specs(type(record))]
    if isinstance(record, PartnershipAgreement):
        return [p for p in specs if p not in _AGREEMENT_AT_SIGNING]
    if isinstance(record, BusinessCase):
        return [p for p in specs if p.startswith(_BUSINESS_CASE_SECTIONS)]
    return []


def missing_required(record: Record) -> list[str]:
    """The required field paths of ``record`` that hold no answer, in document order."""
    return [p for p in required_paths(record) if not has_answer(_value_at(record, p))]
