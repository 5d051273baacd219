"""The public surface of ptk_docs does not drift, and the layers import only downwards."""

from __future__ import annotations

import ast
from pathlib import Path

import ptk_docs

SRC = Path(ptk_docs.__file__).resolve().parent


def it_exports_a_sorted_all_that_resolves() -> None:
    assert len(set(ptk_docs.__all__)) == len(ptk_docs.__all__)  # sorted by ruff (RUF022)
    for name in ptk_docs.__all__:
        assert hasattr(ptk_docs, name), name
    for name in (
        "Priority", "RegisterEntry", "PartnershipRegister", "BusinessCase", "PartnershipAgreement",
        "CommitteeReport", "render", "render_many", "blank", "parse", "check", "PtkError",
        "TemplateError", "DocumentError", "RecordError",
    ):  # fmt: skip
        assert name in ptk_docs.__all__, name


def it_keeps_every_error_under_one_root() -> None:
    for name in ("TemplateError", "DocumentError", "RecordError", "OutputExistsError"):
        assert issubclass(getattr(ptk_docs, name), ptk_docs.PtkError)


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside ptk_docs
                found.add("." + (node.module or "").split(".")[0])
            elif node.module:
                found.add(node.module.split(".")[0])
    return found


DOCUMENT_LIBRARIES = {"docx", "docxtpl", "docxcompose", "pypdf", "openpyxl", "lxml"}


def it_keeps_models_free_of_io_and_document_libraries() -> None:
    for name in ("models.py", "errors.py", "formatting.py"):
        imported = _imports(SRC / name)
        assert not imported & DOCUMENT_LIBRARIES, (name, imported & DOCUMENT_LIBRARIES)
        assert not {i for i in imported if i.startswith(".")} - {".errors", ".formatting"}, name


def it_keeps_parsing_apart_from_rendering() -> None:
    for module in SRC.glob("pars*.py"):
        assert ".rendering" not in _imports(module), module.name
    reader_dir = SRC / "reading"
    for module in reader_dir.glob("*.py") if reader_dir.exists() else []:
        assert ".rendering" not in _imports(module), module.name


def it_has_the_cli_use_only_the_public_api() -> None:
    imported = _imports(SRC / "cli.py")
    assert not {i for i in imported if i.startswith(".")}, imported
    tree = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ptk_docs."):
            raise AssertionError(f"cli imports {node.module}: use the public API")
