"""Make docs/previews/*.png: the first page of each example document, for the README.

    python scripts/make_previews.py            # needs LibreOffice (soffice) and poppler (pdftoppm)

Renders the example records in examples/derby-2011 (the agreement, the business case, the
committee report with the example returns, and the register, progress and reviews appendices on
their own), converts them to PDF with one LibreOffice run, and turns each first page into a
small PNG with pdftoppm, so readers see what ptk makes before they install it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import ptk_docs
from ptk_docs._io.libreoffice import convert_files

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
OUT = ROOT / "docs" / "previews"
#: Width of each preview in pixels: small enough for a README, big enough to see the layout.
WIDTH = 420


def documents(folder: Path) -> list[Path]:
    register = ptk_docs.load_record(EXAMPLES / "register.json", kind="register")
    report = ptk_docs.load_record(EXAMPLES / "report.json", kind="report")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    assert isinstance(report, ptk_docs.CommitteeReport)
    meeting = report.meeting_date
    returns = EXAMPLES / "returns"
    made = [
        ptk_docs.render(
            ptk_docs.load_record(EXAMPLES / "agreement.json"), folder / "agreement.docx"
        ),
        ptk_docs.render(
            ptk_docs.load_record(EXAMPLES / "business-case.json"), folder / "business-case.docx"
        ),
        ptk_docs.build_report(report, folder / "report.docx", register=register, returns=returns),
        ptk_docs.render_appendix(
            "register", folder / "appendix-register.docx", number=3, register=register
        ),
        ptk_docs.render_appendix(
            "progress",
            folder / "appendix-progress.docx",
            number=4,
            register=register,
            returns=returns,
            today=meeting,
        ),
        ptk_docs.render_appendix(
            "reviews",
            folder / "appendix-reviews.docx",
            number=5,
            register=register,
            today=meeting,
        ),
    ]
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("make_previews: pdftoppm not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ptk-previews-") as tmp:
        folder = Path(tmp)
        pdfs = convert_files(documents(folder), folder / "pdf", "pdf")
        for pdf in pdfs:
            stem = args.out / pdf.stem
            subprocess.run(
                ["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to-x",
                 str(WIDTH), "-scale-to-y", "-1", str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            print(stem.with_suffix(".png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
