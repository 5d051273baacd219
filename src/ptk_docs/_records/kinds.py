"""The record kinds by their CLI names, and guessing a kind from data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ptk_docs._errors import RecordError
from ptk_docs._records._base import Record
from ptk_docs._records.agreement import PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase
from ptk_docs._records.register import PartnershipRegister
from ptk_docs._records.report import CommitteeReport

# --------------------------------------------------------------------------------------------
# Kinds, validation and the field walk shared by templates and the parser
# --------------------------------------------------------------------------------------------

KINDS: dict[str, type[Record]] = {
    "business-case": BusinessCase,
    "agreement": PartnershipAgreement,
    "report": CommitteeReport,
    "register": PartnershipRegister,
}


def model_for_kind(kind: str) -> type[Record]:
    """The record class for a CLI kind name; ``RecordError`` for an unknown kind."""
    try:
        return KINDS[kind]
    except KeyError:
        raise RecordError(f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})") from None


def kind_of(data: Mapping[str, Any]) -> str | None:
    """Guess the kind of a record from its top-level keys (for JSON given without a kind)."""
    keys = set(data)
    if "entries" in keys:
        return "register"
    if "committee" in keys or "meeting_date" in keys:
        return "report"
    if keys & {"purpose", "signatories", "membership", "exit_strategies", "partners"}:
        return "agreement"
    if keys & {"nature", "authorisation", "reasons", "structure", "governance"}:
        return "business-case"
    return None


# Keep a literal of the kinds for typing the CLI and public functions.
Kind = Literal["business-case", "agreement", "report", "register"]
