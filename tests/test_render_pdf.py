"""PDF output through LibreOffice: tagged, with every heading, the record attached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import ptk_docs
from ptk_docs import ConversionError, load_record
from ptk_docs._io.envelope import PDF_ATTACHMENT_NAME
from ptk_docs._toolkit.outline import outline


@pytest.mark.libreoffice
def it_writes_a_tagged_pdf_with_every_heading_and_the_record(
    examples: Path, tmp_path: Path
) -> None:
    record = load_record(examples / "agreement.json", kind="agreement")
    out = ptk_docs.render(record, tmp_path / "agreement.pdf")
    reader = PdfReader(str(out))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for section in outline("agreement"):
        assert section.heading in text, section.heading
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    attached = json.loads(reader.attachments[PDF_ATTACHMENT_NAME][0])
    assert type(record).model_validate(attached) == record
    info = reader.metadata
    assert info is not None and info["/PtkKind"] == "agreement"
    assert info["/PtkTemplate"] == "agreement.docx" and len(info["/PtkTemplateSha256"]) == 64
    assert reader.metadata is not None and reader.metadata.title.startswith("Partnership Agreement")


@pytest.mark.libreoffice
def it_converts_a_batch_with_one_libreoffice_run(examples: Path, tmp_path: Path) -> None:
    agreement = load_record(examples / "agreement.json", kind="agreement")
    case = load_record(examples / "business-case.json", kind="business-case")
    paths = ptk_docs.render_many([agreement, case], tmp_path, suffix=".pdf")
    assert [p.suffix for p in paths] == [".pdf", ".pdf"]
    assert all(PdfReader(str(p)).attachments for p in paths)


def it_says_clearly_when_libreoffice_is_missing(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    record = load_record(examples / "agreement.json", kind="agreement")
    with pytest.raises(ConversionError, match="LibreOffice"):
        ptk_docs.render(record, tmp_path / "agreement.pdf")
    assert not (tmp_path / "agreement.pdf").exists()
