"""Golden documents: each file under tests/fixtures/ reads back as its NAME.expected.json says.

The documents and the expectations are made by ``scripts/make_fixtures.py``: ptk's own agreement
and business case (as returned, stripped to their structure, and LibreOffice's PDF of them), an
agreement in a council's own words (header, comment, tracked change, signatures table; also with
Word-numbered headings, and as a PDF), and a business case in the seed's own form layout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ptk_docs._read.parse import parse
from ptk_docs._records.kinds import model_for_kind

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".docx", ".pdf"))


def _expected(source: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        source.with_name(source.stem + ".expected.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def it_reads_each_golden_document_as_expected(source: Path) -> None:
    expected = _expected(source)
    result = parse(source)
    assert result.kind == expected["kind"]
    assert result.record.model_dump(mode="json") == expected["record"]
    assert result.unmapped == expected["unmapped"]
    assert result.warnings == expected["warnings"]


def it_has_a_golden_document_for_each_kind_of_source() -> None:
    names = {p.name for p in SOURCES}
    assert {
        "agreement-ptk.docx",
        "agreement-ptk-bare.docx",
        "agreement-council.docx",
        "business-case-ptk.docx",
        "business-case-form.docx",
    } <= names


def it_reads_ptk_documents_equal_to_the_example_records() -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
    for name in ("agreement", "business-case"):
        # Through the model, so that fields the example leaves out (a signatory's digital
        # signature) compare as their defaults.
        raw = json.loads((examples / f"{name}.json").read_text())
        record = model_for_kind(name).model_validate(raw).model_dump(mode="json")
        record = {k: v for k, v in record.items() if k in raw}
        for suffix in ("-ptk.docx", "-ptk-bare.docx"):
            expected = _expected(FIXTURES / f"{name}{suffix}")["record"]
            assert {k: v for k, v in expected.items() if k in record} == {
                k: v for k, v in record.items()
            }
