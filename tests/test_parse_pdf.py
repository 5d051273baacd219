"""parse() on PDFs: ptk's own (attachment), LibreOffice exports (text alone), and bad ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from docbuild import strip_record
from ptk_docs import render
from ptk_docs._errors import DocumentError
from ptk_docs._io.libreoffice import convert_files
from ptk_docs._read.parse import parse
from ptk_docs._records._base import Record
from ptk_docs._records.agreement import PartnershipAgreement
from ptk_docs._records.business_case import BusinessCase

ROOT = Path(__file__).resolve().parents[1]


def _example(cls: type[Record], name: str) -> Any:
    return cls.model_validate_json((ROOT / "examples" / "derby-2011" / f"{name}.json").read_text())


def to_pdf(docx: Path) -> Path:
    """LibreOffice's PDF of a .docx (no attachment, no tags: text alone)."""
    (pdf,) = convert_files([docx], docx.parent, "pdf")
    return pdf


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("cls", "name"), [(PartnershipAgreement, "agreement"), (BusinessCase, "business-case")]
)
def it_reads_a_libreoffice_pdf_back_by_its_text(
    tmp_path: Path, cls: type[Record], name: str
) -> None:
    record = _example(cls, name)
    bare = strip_record(render(record, tmp_path / "made.docx"), tmp_path / "bare.docx")
    result = parse(to_pdf(bare))
    assert result.kind == record.record_kind
    assert _normalised(result.record.model_dump(mode="json")) == _normalised(
        record.model_dump(mode="json")
    )
    assert result.unmapped == []


@pytest.mark.libreoffice
def it_reads_a_docx_re_saved_by_libreoffice(tmp_path: Path) -> None:
    record = _example(PartnershipAgreement, "agreement")
    made = render(record, tmp_path / "made.docx")
    (resaved,) = convert_files([made], tmp_path / "resaved", "docx:MS Word 2007 XML")
    result = parse(resaved)
    assert _normalised(result.record.model_dump(mode="json")) == _normalised(
        record.model_dump(mode="json")
    )


def it_refuses_a_pdf_with_no_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with (tmp_path / "scan.pdf").open("wb") as out:
        writer.write(out)
    with pytest.raises(DocumentError, match="no text layer"):
        parse(tmp_path / "scan.pdf")


def it_refuses_an_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as out:
        writer.write(out)
    with pytest.raises(DocumentError, match="encrypted"):
        parse(tmp_path / "locked.pdf")


def it_refuses_a_corrupt_pdf(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(DocumentError):
        parse(tmp_path / "broken.pdf")


def it_reads_the_kind_and_changes_from_a_ptk_pdf_attachment(tmp_path: Path) -> None:
    record = _example(BusinessCase, "business-case")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    payload = {"kind": "business-case", "record": record.model_dump(mode="json")}
    writer.add_attachment("ptk-record.json", json.dumps(payload).encode())
    with (tmp_path / "case.pdf").open("wb") as out:
        writer.write(out)
    result = parse(tmp_path / "case.pdf")
    assert result.kind == "business-case"
    # The page shows nothing: every answer read is empty, and every embedded value a change.
    assert result.changes is not None
    assert {c.path for c in result.changes} >= {"structure.lead_officer"}
