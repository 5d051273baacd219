"""ptk_docs: Partnership Toolkit records, the Word documents made from them, and reading them back.

The public surface is what ``__all__`` lists; every module whose name starts with an underscore
is internal and may change. The package is laid out in layers, each importing only those below::

    _cli                 the ``ptk`` command, over this public API only
    _workflow            drafts for a register, returns and progress, reviews due, the report
    _render | _read | _check
                         records into documents | documents back into records | findings
    _io                  opening and writing files safely: limits, the guard, .docx .pdf .xlsx
                         .csv, LibreOffice, atomic files, and the envelope (the embedded record)
    _toolkit             the seed's outline: headings, questions, variants, vocabulary
    _records             pydantic models, no I/O; British dates and money
    _errors              the exception tree

``import ptk_docs`` loads the records only; rendering, reading and checking (and python-docx,
docxtpl, Jinja, Babel, pypdf, openpyxl with them) load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ptk_docs._errors import (
    ConversionError,
    DocumentError,
    LimitExceededError,
    OutputError,
    OutputExistsError,
    PtkError,
    PtkWarning,
    RecordError,
    SigningError,
    TemplateError,
)
from ptk_docs._io.limits import Limits
from ptk_docs._records._base import Record
from ptk_docs._records.agreement import (
    AGREEMENT_HEADINGS,
    Member,
    Partner,
    PartnershipAgreement,
    Sector,
    Signatory,
)
from ptk_docs._records.business_case import (
    BusinessCase,
    PartnershipNature,
    ResourceLine,
    ResourceSource,
)
from ptk_docs._records.changes import Change
from ptk_docs._records.kinds import KINDS, model_for_kind
from ptk_docs._records.profile import CouncilProfile
from ptk_docs._records.register import (
    PRIORITY_NA_MEANING,
    PartnershipRegister,
    Priority,
    RegisterEntry,
    RegisterStatus,
)
from ptk_docs._records.report import (
    APPENDIX_KINDS,
    REGISTER_COLUMNS,
    Appendix,
    AppendixKind,
    ApprovingOfficer,
    CommitteeReport,
    ContactOfficer,
    Implications,
    ReportParagraph,
    ReportSection,
)
from ptk_docs._version import __version__

if TYPE_CHECKING:
    from ptk_docs._check.accessibility import check_accessibility
    from ptk_docs._check.assess import Assessment, HeadingVerdict, assess
    from ptk_docs._check.findings import CheckReport, Finding
    from ptk_docs._check.rules import check
    from ptk_docs._io.records import dump_record, load_record, save_record
    from ptk_docs._io.register_files import export_register, import_register, parse_column_map
    from ptk_docs._io.signatures import SignatureCheck, sign_pdf, verify_signatures
    from ptk_docs._read.parse import ParseResult, parse
    from ptk_docs._render.api import blank, render, render_bytes, render_many
    from ptk_docs._workflow.appendices import appendix_document, render_appendix
    from ptk_docs._workflow.drafts import draft_records, generate_drafts
    from ptk_docs._workflow.profile import load_profile, write_profile_template
    from ptk_docs._workflow.report import build_report
    from ptk_docs._workflow.reviews import DueReviews, due_reviews

#: Public names that load their module (and its libraries) on first use.
_LAZY = {
    "check_accessibility": "ptk_docs._check.accessibility",
    "Assessment": "ptk_docs._check.assess",
    "HeadingVerdict": "ptk_docs._check.assess",
    "assess": "ptk_docs._check.assess",
    "CheckReport": "ptk_docs._check.findings",
    "Finding": "ptk_docs._check.findings",
    "check": "ptk_docs._check.rules",
    "dump_record": "ptk_docs._io.records",
    "load_record": "ptk_docs._io.records",
    "save_record": "ptk_docs._io.records",
    "export_register": "ptk_docs._io.register_files",
    "import_register": "ptk_docs._io.register_files",
    "SignatureCheck": "ptk_docs._io.signatures",
    "sign_pdf": "ptk_docs._io.signatures",
    "verify_signatures": "ptk_docs._io.signatures",
    "ParseResult": "ptk_docs._read.parse",
    "parse": "ptk_docs._read.parse",
    "blank": "ptk_docs._render.api",
    "render": "ptk_docs._render.api",
    "render_bytes": "ptk_docs._render.api",
    "render_many": "ptk_docs._render.api",
    "appendix_document": "ptk_docs._workflow.appendices",
    "render_appendix": "ptk_docs._workflow.appendices",
    "draft_records": "ptk_docs._workflow.drafts",
    "generate_drafts": "ptk_docs._workflow.drafts",
    "load_profile": "ptk_docs._workflow.profile",
    "write_profile_template": "ptk_docs._workflow.profile",
    "parse_column_map": "ptk_docs._io.register_files",
    "build_report": "ptk_docs._workflow.report",
    "DueReviews": "ptk_docs._workflow.reviews",
    "due_reviews": "ptk_docs._workflow.reviews",
}


def __getattr__(name: str) -> Any:
    # PEP 562: the lazy half of the public surface. importlib here loads a public name's own
    # module on first use; it hides no edge (the TYPE_CHECKING block above names them all).
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ptk_docs' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


#: The schemas' ``$id``s (published as ``docs/schema/<kind>.schema.json``): names, not
#: addresses, in the namespace of the record ptk embeds in documents (``urn:ptk-docs:record:1``).
SCHEMA_ID = "urn:ptk-docs:schema:{kind}:1"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record kind (``business-case``, ``agreement``,
    ``report``, ``register``), with its ``$id``: what other systems validate records with."""
    schema = model_for_kind(kind).model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.format(kind=kind),
        "$comment": (
            "Every value is held to the same rules as ptk's models. Rules across fields "
            "(names unique in a register, a review after the last one, appendices numbered "
            "in order) are checked by ptk only."
        ),
        **schema,
    }


__all__ = [
    "AGREEMENT_HEADINGS",
    "APPENDIX_KINDS",
    "KINDS",
    "PRIORITY_NA_MEANING",
    "REGISTER_COLUMNS",
    "Appendix",
    "AppendixKind",
    "ApprovingOfficer",
    "Assessment",
    "BusinessCase",
    "Change",
    "CheckReport",
    "CommitteeReport",
    "ContactOfficer",
    "ConversionError",
    "CouncilProfile",
    "DocumentError",
    "DueReviews",
    "Finding",
    "HeadingVerdict",
    "Implications",
    "LimitExceededError",
    "Limits",
    "Member",
    "OutputError",
    "OutputExistsError",
    "ParseResult",
    "Partner",
    "PartnershipAgreement",
    "PartnershipNature",
    "PartnershipRegister",
    "Priority",
    "PtkError",
    "PtkWarning",
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
    "SignatureCheck",
    "SigningError",
    "TemplateError",
    "__version__",
    "appendix_document",
    "assess",
    "blank",
    "build_report",
    "check",
    "check_accessibility",
    "draft_records",
    "due_reviews",
    "dump_record",
    "export_register",
    "generate_drafts",
    "import_register",
    "json_schema",
    "load_profile",
    "load_record",
    "parse",
    "parse_column_map",
    "render",
    "render_appendix",
    "render_bytes",
    "render_many",
    "save_record",
    "sign_pdf",
    "verify_signatures",
    "write_profile_template",
]
