"""ptk_docs: Partnership Toolkit records, the Word documents made from them, and reading them back.

The public surface is what ``__all__`` lists; everything else is internal and may change.
"""

from __future__ import annotations

from typing import Any

from .accessibility import check_accessibility
from .assessing import Assessment, HeadingVerdict, assess
from .checking import CheckReport, Finding, check
from .errors import (
    ConversionError,
    DocumentError,
    LimitExceededError,
    OutputExistsError,
    PtkError,
    RecordError,
    TemplateError,
)
from .limits import Limits
from .models import (
    AGREEMENT_HEADINGS,
    KINDS,
    PRIORITY_NA_MEANING,
    Appendix,
    AppendixKind,
    ApprovingOfficer,
    BusinessCase,
    CommitteeReport,
    ContactOfficer,
    Implications,
    Member,
    Partner,
    PartnershipAgreement,
    PartnershipNature,
    PartnershipRegister,
    Priority,
    Record,
    RegisterEntry,
    RegisterStatus,
    ReportParagraph,
    ReportSection,
    ResourceLine,
    ResourceSource,
    Sector,
    Signatory,
    model_for_kind,
)
from .parsing import ParseResult, parse
from .register_io import export_register, import_register
from .rendering import blank, render, render_many
from .storage import dump_record, load_record, save_record
from .workflow import DueReviews, build_report, due_reviews, generate_drafts

__version__ = "0.1.0"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a record kind (``business-case``, ``agreement``, ``report``, ``register``)."""
    return model_for_kind(kind).model_json_schema()


__all__ = [
    "AGREEMENT_HEADINGS",
    "KINDS",
    "PRIORITY_NA_MEANING",
    "Appendix",
    "AppendixKind",
    "ApprovingOfficer",
    "Assessment",
    "BusinessCase",
    "CheckReport",
    "CommitteeReport",
    "ContactOfficer",
    "ConversionError",
    "DocumentError",
    "DueReviews",
    "Finding",
    "HeadingVerdict",
    "Implications",
    "LimitExceededError",
    "Limits",
    "Member",
    "OutputExistsError",
    "ParseResult",
    "Partner",
    "PartnershipAgreement",
    "PartnershipNature",
    "PartnershipRegister",
    "Priority",
    "PtkError",
    "Record",
    "RecordError",
    "RegisterEntry",
    "RegisterStatus",
    "ReportParagraph",
    "ReportSection",
    "ResourceLine",
    "ResourceSource",
    "Sector",
    "Signatory",
    "TemplateError",
    "__version__",
    "assess",
    "blank",
    "build_report",
    "check",
    "check_accessibility",
    "due_reviews",
    "dump_record",
    "export_register",
    "generate_drafts",
    "import_register",
    "json_schema",
    "load_record",
    "parse",
    "render",
    "render_many",
    "save_record",
]
