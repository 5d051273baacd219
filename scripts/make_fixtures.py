"""Write the golden documents under tests/fixtures/ and the records expected from each.

Each ``NAME.docx`` or ``NAME.pdf`` gets ``NAME.expected.json`` beside it: the kind, the record
the parser must read, and the text it must report as unmapped. Run from the repository root
after a change to what the parser should read (then review the diff of the JSON)::

    .venv/bin/python scripts/make_fixtures.py
    .venv/bin/python scripts/make_fixtures.py --expected-only   # the JSON alone
    .venv/bin/python scripts/make_fixtures.py --people   # the business cases people completed

The PDFs need LibreOffice; without it they are left as they are.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import docx  # noqa: E402

import ptk_docs  # noqa: E402
from docbuild import (  # noqa: E402
    add_tracked_change,
    council_agreement,
    form_business_case,
    line_table_business_case,
    paragraph_business_case,
    strip_record,
)
from ptk_docs._io.libreoffice import convert_files  # noqa: E402
from ptk_docs._records.agreement import PartnershipAgreement  # noqa: E402
from ptk_docs._records.business_case import BusinessCase  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def to_pdf(source: Path, out_dir: Path) -> Path | None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ptk-fixtures-") as work:
        (made,) = convert_files([source], Path(work), "pdf")
        target = out_dir / f"{source.stem}-libreoffice.pdf"
        shutil.move(made, target)
    return target


def council_extras(path: Path) -> Path:
    """The council's agreement as officers return it: a header, a comment, a tracked change."""
    document = docx.Document(str(path))
    document.sections[0].header.paragraphs[0].text = "OFFICIAL – Derby Carers Partnership"
    for paragraph in document.paragraphs:
        if paragraph.text == "Quarterly, at the Council House.":
            document.add_comment(paragraph.runs, text="Check the venue", author="Officer")
            add_tracked_change(paragraph, " Minutes are kept.", " Minutes are published.")
    document.save(str(path))
    return path


def expect(source: Path) -> None:
    result = ptk_docs.parse(source)
    data = {
        "kind": result.kind,
        "record": result.record.model_dump(mode="json"),
        "unmapped": result.unmapped,
        "warnings": result.warnings,
    }
    target = source.with_name(source.stem + ".expected.json")
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{source.relative_to(ROOT)} -> {target.name}")


def people_business_cases() -> list[Path]:
    """The seed's business case as people complete it: in paragraphs, question and answer on
    one line (and LibreOffice's PDF of it), and in a one-column table of such lines."""
    made = [paragraph_business_case(FIXTURES / "business-case-paragraphs.docx")]
    pdf = to_pdf(made[0], FIXTURES)
    if pdf is not None:
        made.append(pdf)
    made.append(line_table_business_case(FIXTURES / "business-case-lines.docx"))
    return made


def main() -> int:
    if "--people" in sys.argv[1:]:
        for source in people_business_cases():
            expect(source)
        return 0
    if "--expected-only" in sys.argv[1:]:
        # Only what the parser reads from the documents already there (no LibreOffice run).
        for source in sorted(FIXTURES.iterdir()):
            if source.suffix in (".docx", ".pdf"):
                expect(source)
        return 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    examples = ROOT / "examples" / "derby-2011"
    agreement = PartnershipAgreement.model_validate_json((examples / "agreement.json").read_text())
    case = BusinessCase.model_validate_json((examples / "business-case.json").read_text())
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ptk-fixtures-") as work:
        for name, record in (("agreement", agreement), ("business-case", case)):
            rendered = ptk_docs.render(record, Path(work, f"{name}.docx"))
            # ptk's own document, as returned (record and tags kept) ...
            own = FIXTURES / f"{name}-ptk.docx"
            shutil.copyfile(rendered, own)
            made.append(own)
            # ... and as LibreOffice or a PDF would leave it: structure alone.
            bare = strip_record(rendered, FIXTURES / f"{name}-ptk-bare.docx")
            made.append(bare)
            pdf = to_pdf(bare, FIXTURES)
            if pdf is not None:
                made.append(pdf)
    council = council_extras(council_agreement(FIXTURES / "agreement-council.docx"))
    made.append(council)
    pdf = to_pdf(council, FIXTURES)
    if pdf is not None:
        made.append(pdf)
    made.append(council_agreement(FIXTURES / "agreement-council-numbered.docx", numbered=True))
    made.append(form_business_case(FIXTURES / "business-case-form.docx"))
    made.extend(people_business_cases())
    for source in made:
        expect(source)
    os.sync()
    return 0


if __name__ == "__main__":
    sys.exit(main())
