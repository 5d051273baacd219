"""ptk's templates and the documents rendered from them pass ptk's own accessibility checker."""

from __future__ import annotations

from pathlib import Path

import pytest

import ptk_docs
from ptk_docs._check.accessibility import check_accessibility
from ptk_docs._render.documents import builtin_template

KINDS = ("agreement", "business-case")


@pytest.mark.parametrize("kind", KINDS)
def it_passes_for_each_template(kind: str) -> None:
    assert check_accessibility(builtin_template(kind)) == []


@pytest.mark.parametrize("kind", KINDS)
def it_passes_for_each_rendered_example_and_blank_form(
    examples: Path, tmp_path: Path, kind: str
) -> None:
    record = ptk_docs.load_record(examples / f"{kind}.json", kind=kind)
    assert check_accessibility(ptk_docs.render(record, tmp_path / "filled.docx")) == []
    assert check_accessibility(ptk_docs.blank(kind, tmp_path / "blank.docx")) == []
