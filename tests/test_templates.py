"""The packaged templates: made by scripts/build_templates.py from the shared outline."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
from lxml import etree

from ptk_docs._render.documents import builtin_template
from ptk_docs._toolkit.outline import (
    DOCUMENT_TITLES,
    GUIDANCE_STYLE,
    QUESTION_STYLE,
    as_jinja,
    outline,
)

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("agreement", "business-case")


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "scripts" / "build_templates.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parts(data: bytes | Path) -> dict[str, bytes]:
    import io

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as archive:
        return {
            name: etree.tostring(etree.fromstring(archive.read(name)), method="c14n")
            for name in archive.namelist()
        }


@pytest.mark.parametrize("kind", KINDS)
def it_is_what_the_build_script_makes(kind: str) -> None:
    assert _parts(build_script().package(kind)) == _parts(ROOT / "templates" / f"{kind}.docx")


@pytest.mark.parametrize("kind", KINDS)
def it_ships_inside_the_package(kind: str) -> None:
    assert builtin_template(kind).read_bytes() == (ROOT / "templates" / f"{kind}.docx").read_bytes()


@pytest.mark.parametrize("kind", KINDS)
def it_opens_in_python_docx_with_the_outline_styles(kind: str) -> None:
    document = docx.Document(str(builtin_template(kind)))
    styles = {s.name for s in document.styles}
    assert {QUESTION_STYLE, GUIDANCE_STYLE, "Title", "Heading 1", "List Bullet"} <= styles
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == DOCUMENT_TITLES[kind]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in outline(kind)]
    questions = [p.text for p in paragraphs if p.style.name == QUESTION_STYLE]
    # The council's own words are template tags, filled from its profile.
    expected = [as_jinja(i.question) for s in outline(kind) for i in s.items if i.question]
    assert questions == expected
    assert document.core_properties.author != "python-docx"
