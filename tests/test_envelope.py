"""The envelope: every kind ptk makes, as .docx and as PDF, reads back as its own kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ptk_docs
from ptk_docs._io.envelope import attach_record, docx_envelope, docx_record_part

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
KINDS = ["business-case", "agreement", "report"]


def _record(kind: str) -> ptk_docs.Record:
    name = {"business-case": "business-case.json", "agreement": "agreement.json"}.get(
        kind, f"{kind}.json"
    )
    return ptk_docs.load_record(EXAMPLES / name, kind=kind)


def _render(kind: str, dest: Path) -> Path:
    register = ptk_docs.load_record(EXAMPLES / "register.json", kind="register")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    return ptk_docs.render(_record(kind), dest, register=register if kind == "report" else None)


@pytest.mark.parametrize("kind", KINDS)
def it_reads_a_docx_back_as_its_own_kind(kind: str, tmp_path: Path) -> None:
    made = _render(kind, tmp_path / f"{kind}.docx")
    result = ptk_docs.parse(made)
    assert result.kind == kind
    assert result.record == _record(kind)


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", KINDS)
def it_reads_a_pdf_back_as_its_own_kind(kind: str, tmp_path: Path) -> None:
    made = _render(kind, tmp_path / f"{kind}.pdf")
    result = ptk_docs.parse(made)
    assert result.kind == kind
    assert result.record == _record(kind)
    done = subprocess.run(
        [sys.executable, "-m", "ptk_docs", "parse", str(made), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == kind


def it_writes_and_reads_one_shape_in_both_formats() -> None:
    record = _record("agreement")
    part = docx_record_part(record, template_name="agreement.docx", template_sha256="abc")
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("customXml/item1.xml", part)
    envelope = docx_envelope(buffer.getvalue())
    assert envelope is not None
    assert envelope["kind"] == "agreement"
    assert envelope["attributes"]["template"] == "agreement.docx"
    assert ptk_docs.PartnershipAgreement.model_validate(envelope["record"]) == record
    assert attach_record(b"%PDF-not-touched", None) == b"%PDF-not-touched"
