"""The public surface of ptk_docs is ``__all__``, exactly; everything else is private and named so."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ptk_docs

SRC = Path(ptk_docs.__file__).resolve().parent
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

PUBLIC = [
    "AGREEMENT_HEADINGS", "APPENDIX_KINDS", "KINDS", "PRIORITY_NA_MEANING", "REGISTER_COLUMNS",
    "Appendix", "AppendixKind",
    "ApprovingOfficer", "Assessment", "BusinessCase", "Change", "CheckReport", "CommitteeReport",
    "ContactOfficer", "ConversionError", "CouncilProfile", "DocumentError", "DueReviews",
    "Finding", "HeadingVerdict", "Implications", "LimitExceededError", "Limits", "Member",
    "OutputError", "OutputExistsError", "ParseResult", "Partner", "PartnershipAgreement",
    "PartnershipNature", "PartnershipRegister", "Priority", "PtkError", "PtkWarning", "Record",
    "RecordError", "RegisterEntry", "RegisterStatus", "ReportParagraph", "ReportSection",
    "ResourceLine", "ResourceSource", "Sector", "Signatory", "SignatureCheck", "SigningError",
    "TemplateError", "__version__", "appendix_document", "assess", "blank", "build_report",
    "check", "check_accessibility", "draft_records", "due_reviews", "dump_record",
    "export_register", "generate_drafts", "import_register", "json_schema", "load_profile",
    "load_record", "parse", "parse_column_map", "render", "render_appendix", "render_bytes",
    "render_many", "save_record", "sign_pdf", "verify_signatures", "write_profile_template",
]  # fmt: skip


def it_exports_exactly_the_documented_names() -> None:
    assert ptk_docs.__all__ == PUBLIC
    for name in ptk_docs.__all__:
        assert getattr(ptk_docs, name) is not None, name


def it_keeps_every_error_under_one_root() -> None:
    for name in (
        "TemplateError",
        "DocumentError",
        "RecordError",
        "OutputError",
        "OutputExistsError",
    ):
        assert issubclass(getattr(ptk_docs, name), ptk_docs.PtkError)


def it_names_every_module_but_the_entry_points_private() -> None:
    public = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if not any(part.startswith("_") for part in path.relative_to(SRC).parts)
        and path.relative_to(SRC).parts[0] != "templates"
    ]
    assert public == []


def it_shows_only_the_public_api_in_the_readme_python() -> None:
    code = "\n".join(re.findall(r"```python\n(.*?)```", README, flags=re.S))
    assert code
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ptk_docs"):
            assert node.module == "ptk_docs", f"README imports from {node.module}"
        elif isinstance(node, ast.Import):
            assert all(not alias.name.startswith("ptk_docs.") for alias in node.names)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "ptk_docs"
        ):
            assert node.attr in PUBLIC, f"README uses ptk_docs.{node.attr}"


def it_keeps_the_command_on_the_public_api() -> None:
    tree = ast.parse((SRC / "_cli.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ptk_docs."):
            raise AssertionError(f"the command imports {node.module}: use the public API")
