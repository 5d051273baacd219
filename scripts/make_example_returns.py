"""Make the example returns in examples/derby-2011/returns/ from ptk's own templates.

    python scripts/make_example_returns.py [--force]

Each return is what a lead officer would send back: ptk's document completed and edited in Word,
re-saved by LibreOffice, or saved as PDF after signing; and one scan with no text layer, which
cannot be read. The content is illustrative (the seed has no completed documents). Needs
LibreOffice for the PDF and the LibreOffice re-save. Run it again only when the templates change;
the files are committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import ptk_docs
from ptk_docs._io.libreoffice import convert_files
from ptk_docs._records.agreement import Member, Partner, Sector, Signatory

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "derby-2011"
#: Derby's own words (Derbynet, Appendix 9, the Derby Plan) in the returns, as its officers had them.
PROFILE = ptk_docs.load_profile(EXAMPLE / "ptk.toml")
RETURNS = EXAMPLE / "returns"

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def officer_edits(path: Path, edits: dict[str, str]) -> None:
    """Change text in the document body as an officer typing in Word would (run by run)."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
        infos = {info.filename: info for info in package.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    remaining = dict(edits)
    for text in root.iter(W_T):
        for old, new in list(remaining.items()):
            if text.text and old in text.text:
                text.text = text.text.replace(old, new)
                del remaining[old]
    if remaining:
        raise SystemExit(f"{path.name}: text to edit not found: {list(remaining)}")
    parts["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(infos[name], data)
    os.replace(tmp, path)


def soffice(source: Path, target_format: str, out_dir: Path) -> Path:
    """Convert (or re-save) with LibreOffice, in a profile of our own."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the PDF and re-saved returns")
    (converted,) = convert_files([source], out_dir, target_format)
    return converted


def derby_homes_agreement(register: ptk_docs.PartnershipRegister) -> ptk_docs.PartnershipAgreement:
    """The Derby Homes draft as its lead officer completed it: signed, some headings left blank."""
    entry = register.find("Derby Homes")
    assert entry is not None
    agreement, _ = ptk_docs.draft_records(register, entry, PROFILE)
    agreement.date_of_agreement = dt.date(2011, 8, 1)
    agreement.partners = [
        Partner(organisation="Derby City Council", sector=Sector.PUBLIC),
        Partner(organisation="Derby Homes Limited", sector=Sector.PUBLIC),
    ]
    agreement.purpose.aims_and_objectives = [
        "Manage and maintain the Council's housing stock to the Decent Homes Standard.",
        "Deliver landlord services to tenants and leaseholders on the Council's behalf.",
    ]
    agreement.accountability.accountable_to = (
        "The Council's Cabinet, through the Cabinet Member for Housing."
    )
    agreement.accountability.accountability_includes = (
        "Performance against the management agreement, the delivery plan and the budget."
    )
    agreement.terms_of_reference.terms = [
        "The management agreement between the Council and Derby Homes Limited (2010).",
    ]
    agreement.membership.arrangements = (
        "A board of twelve: four tenants, four councillors, four independents."
    )
    agreement.membership.members = [
        Member(
            name="Board chair",
            organisation="Derby Homes Limited",
            represents="Independent members",
            sector=Sector.PUBLIC,
        ),
        Member(
            name="Cabinet Member for Housing",
            organisation="Derby City Council",
            represents="The Council",
            sector=Sector.PUBLIC,
        ),
    ]
    agreement.membership.chair = "An independent board member, elected by the board."
    agreement.membership.decision_making = "By a majority of the board members present."
    agreement.meetings.frequency_and_timing = (
        "Every two months; the annual general meeting in September."
    )
    agreement.financial_protocols.arrangements = (
        "The management fee is paid monthly under the Council's financial procedural rules."
    )
    agreement.exit_strategies.ending_arrangements = (
        "The management agreement may be ended by either party on twelve months' notice."
    )
    agreement.signatories = [
        Signatory(
            organisation="Derby City Council",
            name="Strategic Director, Adults, Health and Housing",
            title="Strategic Director",
            date_signed=dt.date(2011, 8, 3),
        ),
        Signatory(
            organisation="Derby Homes Limited",
            name="Chief Executive, Derby Homes",
            title="Chief Executive",
            date_signed=dt.date(2011, 8, 5),
        ),
    ]
    return agreement


def scan_without_text(dest: Path) -> None:
    """A one-page PDF with no text layer, as a scanner without OCR makes."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Producer": "Office scanner", "/Title": "Scan 2011-08-12"})
    with dest.open("wb") as handle:
        writer.write(handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace the existing returns")
    args = parser.parse_args(argv)
    existing = [p for p in RETURNS.glob("*") if p.suffix in (".docx", ".pdf")]
    if existing and not args.force:
        print(f"{RETURNS} already has returns; use --force to make them again", file=sys.stderr)
        return 2
    register = ptk_docs.load_record(EXAMPLE / "register.json", kind="register")
    agreement = ptk_docs.load_record(EXAMPLE / "agreement.json", kind="agreement")
    case = ptk_docs.load_record(EXAMPLE / "business-case.json", kind="business-case")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    RETURNS.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="ptk-returns-") as work_dir:
        work = Path(work_dir)

        # 1. The Community Safety Partnership agreement, completed and then edited in Word.
        dest = RETURNS / "Community Safety Partnership - agreement.docx"
        ptk_docs.render(agreement, dest, force=True, profile=PROFILE)
        officer_edits(
            dest,
            {
                "Corporation Street, Derby.": (
                    "Corporation Street, Derby, or Police Headquarters, Ripley, when the chair decides."
                )
            },
        )

        # 2. Its business case, completed in LibreOffice Writer (which drops content-control tags).
        made = ptk_docs.render(
            case, work / "Community Safety Partnership - business case.docx", profile=PROFILE
        )
        resaved_dir = work / "resaved"
        resaved_dir.mkdir()
        resaved = soffice(made, "docx:MS Word 2007 XML", resaved_dir)
        shutil.copyfile(resaved, RETURNS / made.name)

        # 3. Derby Homes: completed, signed and saved as PDF from the word processor.
        homes = ptk_docs.render(
            derby_homes_agreement(register),
            work / "Derby Homes - signed agreement.docx",
            profile=PROFILE,
        )
        pdf = soffice(homes, "pdf", work)
        shutil.copyfile(pdf, RETURNS / pdf.name)

        # 4. Marketing Derby: a scan with no text layer.
        scan_without_text(RETURNS / "Marketing Derby - agreement.pdf")

    for path in sorted(RETURNS.iterdir()):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
