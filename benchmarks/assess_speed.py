"""How long `ptk assess` takes on a 20-page agreement (.docx, and .pdf when LibreOffice is here).

Builds a council-style agreement of about 20 pages (numbered sections, clauses, bullet lists,
a table of members, a header repeated on every page), then times, best of ``--runs``:

- reading it into blocks (``extract``),
- judging the 19 headings over those blocks (``assess_blocks``),
- both together (``assess``), the figure the goal is about: under 0.5 s;

and, as the baseline measured in the same run, python-docx opening the file and reading every
paragraph's text (pypdf extracting every page's text for the PDF).

Run from the repository root::

    .venv/bin/python benchmarks/assess_speed.py [--pages 20] [--runs 5] [--no-pdf]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOAL_SECONDS = 0.5

_CLAUSES = (
    "The Board will meet quarterly and a quorum is four members, including the Chair or the "
    "vice chair; notice of each meeting, with the agenda, is sent seven days before.",
    "Each partner remains responsible for its own staff and for the services it delivers, and "
    "the lead officer co-ordinates the work programme agreed by the Board.",
    "Personal data are shared only under the information sharing protocol, in accordance with "
    "the data protection legislation, and requests under the Freedom of Information Act are "
    "answered by the partner that holds the information.",
    "Progress against the delivery plan is reported to the Board every quarter, and an annual "
    "report on performance is presented to each partner's cabinet or executive.",
    "Any partner may withdraw by giving six months' notice in writing; on dissolution the "
    "remaining funds are returned to the partners in proportion to their contributions.",
    "The partnership keeps a risk register, reviewed at each meeting, and the accountable body "
    "manages the pooled budget under its financial procedure rules.",
    "Disagreements are referred first to the lead officers and then, if they are not resolved "
    "within twenty-eight days, to the chief executives for a decision.",
    "Members declare any interest at the start of each meeting and follow the code of conduct "
    "of the organisation that nominated them.",
    "The partnership is not a legal entity; the partners do not intend this agreement to be "
    "legally binding, except for the clauses on confidentiality and indemnity.",
    "Town centre events, the market and the shopfront scheme continue as before, and the "
    "partners will look at the results of the visitor survey in the spring.",
)


def build_agreement(dest: Path, pages: int) -> Path:
    import docx

    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "[IL0: UNCLASSIFIED]"
    word.add_paragraph("City Centre Partnership Agreement", style="Title")
    # A section of four clauses and two bullets is about 0.6 of a page as LibreOffice lays it out.
    for number in range(1, round(pages * 1.7) + 1):
        word.add_heading(f"{number}. Section {number}", level=1)
        for clause in range(4):
            text = _CLAUSES[(number + clause) % len(_CLAUSES)]
            word.add_paragraph(f"{number}.{clause + 1} {text}")
        for bullet in range(2):
            word.add_paragraph(_CLAUSES[(number * 3 + bullet) % len(_CLAUSES)], style="List Bullet")
        if number % 10 == 0:
            table = word.add_table(rows=1, cols=3)
            for cell, text in zip(
                table.rows[0].cells, ("Member", "Organisation", "Sector"), strict=True
            ):
                cell.text = text
            for row in range(6):
                cells = table.add_row().cells
                cells[0].text = f"Member {row + 1}"
                cells[1].text = f"Partner Council {row + 1}"
                cells[2].text = "Public"
    word.save(str(dest))
    return dest


def to_pdf(source: Path, outdir: Path) -> Path | None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return None
    from ptk_docs._io.libreoffice import convert_files

    (pdf,) = convert_files([source], outdir, "pdf")
    return pdf


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def python_docx_baseline(path: Path) -> object:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def pypdf_baseline(path: Path) -> object:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def measure(path: Path, runs: int, baseline: Callable[[Path], object]) -> bool:
    import ptk_docs
    from ptk_docs._check.assess import assess_blocks
    from ptk_docs._read.extract import extract

    ptk_docs.assess(path)  # warm: imports and compiled patterns
    blocks = extract(path).blocks
    t_extract = best_of(runs, lambda: extract(path))
    t_judge = best_of(runs, lambda: assess_blocks(blocks))
    t_total = best_of(runs, lambda: ptk_docs.assess(path))
    t_base = best_of(runs, lambda: baseline(path))
    ok = t_total < GOAL_SECONDS
    print(f"{path.suffix[1:]}: {len(blocks)} blocks")
    print(f"  extract            {t_extract * 1000:8.1f} ms")
    print(f"  assess_blocks      {t_judge * 1000:8.1f} ms")
    print(
        f"  assess (total)     {t_total * 1000:8.1f} ms   goal < {GOAL_SECONDS * 1000:.0f} ms: "
        f"{'met' if ok else 'NOT met'}"
    )
    print(
        f"  baseline {baseline.__name__:<20} {t_base * 1000:8.1f} ms   "
        f"assess / baseline = {t_total / t_base:.1f}x"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ptk-assess-speed-") as scratch:
        work = Path(scratch)
        source = build_agreement(work / "agreement.docx", args.pages)
        pdf = None if args.no_pdf else to_pdf(source, work)
        if pdf is not None:
            from pypdf import PdfReader

            print(
                f"Agreement of {len(PdfReader(str(pdf)).pages)} pages (as LibreOffice lays it out)"
            )
        else:
            print(f"Agreement of about {args.pages} pages (LibreOffice not used to count them)")
        ok = measure(source, args.runs, python_docx_baseline)
        if pdf is not None:
            ok = measure(pdf, args.runs, pypdf_baseline) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
