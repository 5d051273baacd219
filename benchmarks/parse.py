"""How fast ptk reads documents back, against the libraries it stands on, in the same run.

- ``.docx``: :func:`ptk_docs.parse` of the Derby agreement (rendered by ptk, then stripped of its
  embedded record and content-control tags, so it is read by structure alone) and of a 20-page
  agreement in a council's own words (``benchmarks/assess_speed.py``'s, made by python-docx,
  whose template carries Word's stylesWithEffects, theme and fonts) against python-docx's
  ``Document(path)`` on the same file. Goal: within 2x. Also printed: how long opening the file
  takes (every part inflated and checked), reading it into blocks, and the blocks into a record.
- ``.pdf``: :func:`ptk_docs.parse` of LibreOffice's PDF of the Derby agreement (7 pages) against
  pypdf's plain ``extract_text()`` of every page: ptk reads text and positions with PDFium after
  pypdf's structural checks. Goal: at least 4x faster than pypdf. Also printed: the same against
  pypdfium2's plain text of every page (the floor), and the 20-page agreement's PDF read into
  blocks. Skipped when LibreOffice is absent.

Every figure is a ratio against its baseline timed in the same run (best of ``--repeat``, in
CPU time of this process, ptk and its baselines taking turns). Whole processes, start-up
included, are ``benchmarks/whole_process.py``'s.

Run from the repository root::

    .venv/bin/python benchmarks/parse.py [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import docx  # noqa: E402
from pypdf import PdfReader  # noqa: E402

import ptk_docs  # noqa: E402
from docbuild import strip_record  # noqa: E402
from ptk_docs._io.docx import DocxPackage  # noqa: E402
from ptk_docs._io.guard import deadline  # noqa: E402
from ptk_docs._io.limits import DEFAULT_LIMITS  # noqa: E402
from ptk_docs._read.extract import extract  # noqa: E402
from ptk_docs._read.parse import parse_extracted  # noqa: E402
from ptk_docs._records.agreement import PartnershipAgreement  # noqa: E402


def best_of(function: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` timings of ``function`` (see :func:`interleaved`)."""
    return interleaved({"": function}, repeat)[""]


def interleaved(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The fastest of ``repeat`` timings of each function, in CPU seconds of this process, the
    functions taking turns round by round after one warm-up each.

    CPU time, as benchmarks/render.py measures, so that other work on a shared machine does
    not skew the ratio (wall time on a loaded machine punishes Python code, which is
    interrupted more, more than a C library); the fastest run is the least disturbed (as
    ``timeit`` advises); and taking turns means a spell when the machine runs slow (another
    virtual machine busy on the same host) slows baseline and ptk alike, rather than whichever
    happened to be measured then.
    """
    timings: dict[str, list[float]] = {name: [] for name in functions}
    for function in functions.values():
        function()
    for _ in range(repeat):
        for name, function in functions.items():
            started = time.process_time()
            function()
            timings[name].append(time.process_time() - started)
    return {name: min(values) for name, values in timings.items()}


def _deadline() -> None:
    with deadline(DEFAULT_LIMITS.max_seconds, "benchmark"):
        pass


def to_pdf(source: Path) -> Path | None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return None
    from ptk_docs._io.libreoffice import convert_files

    (pdf,) = convert_files([source], source.parent, "pdf")
    return pdf


def pypdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdfium_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def compare_pdf(ours_call: Callable[[], object], pdf: Path, repeat: int, label: str) -> None:
    best = interleaved(
        {"baseline": lambda: pypdf_text(pdf), "floor": lambda: pdfium_text(pdf), "ours": ours_call},
        repeat,
    )
    baseline, floor, ours = best["baseline"], best["floor"], best["ours"]
    print(f"  pypdf extract_text (plain)   {baseline * 1000:8.2f} ms   (baseline)")
    print(f"  pypdfium2 plain text         {floor * 1000:8.2f} ms")
    print(f"  {label:<28} {ours * 1000:8.2f} ms")
    print(f"  speed-up over pypdf          {baseline / ours:8.2f}x   (goal: at least 4x)")
    print(f"  ptk / pypdfium2 plain text   {ours / floor:8.2f}x   (positions, blocks, checks)")


def compare_docx(path: Path, repeat: int) -> None:
    """ptk's parse of a .docx against python-docx opening it, and where ptk's time goes."""
    extracted = extract(path)
    best = interleaved(
        {
            "baseline": lambda: docx.Document(str(path)),
            "ours": lambda: ptk_docs.parse(path),
            "open": lambda: DocxPackage(path, DEFAULT_LIMITS).close(),
            "extract": lambda: extract(path),
            "record": lambda: parse_extracted(extracted, path),
            "deadline": _deadline,
        },
        repeat,
    )
    baseline, ours = best["baseline"], best["ours"]
    print(f"  python-docx Document(path)   {baseline * 1000:8.2f} ms   (baseline)")
    print(f"  ptk_docs.parse               {ours * 1000:8.2f} ms")
    print(f"  ratio                        {ours / baseline:8.2f}x   (goal: within 2x)")
    print(
        f"  of which opening it          {best['open'] * 1000:8.2f} ms = {best['open'] / baseline:.2f}x"
        " (every part inflated once and checked; XML parsed when read)"
    )
    print(
        f"  reading it into blocks       {(best['extract'] - best['open']) * 1000:8.2f} ms"
        " (parts parsed, body walked in C by XSLT, blocks made)"
    )
    print(
        f"  and the blocks into a record {best['record'] * 1000:8.2f} ms"
        " (structure, values, validation)"
    )
    print(f"  the read's deadline          {best['deadline'] * 1000:8.2f} ms (one watchdog thread)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions, for development")
    parser.add_argument("--repeat", type=int, default=0, help="timings per measurement")
    args = parser.parse_args()
    repeat = args.repeat or (5 if args.quick else 40)

    record = PartnershipAgreement.model_validate_json(
        (ROOT / "examples" / "derby-2011" / "agreement.json").read_text()
    )
    with tempfile.TemporaryDirectory(prefix="ptk-bench-parse-") as work:
        made = ptk_docs.render(record, Path(work, "made.docx"))
        bare = strip_record(made, Path(work, "agreement.docx"))
        assert ptk_docs.parse(bare).record == record, "the benchmark document must read back equal"

        print(
            f"agreement .docx ({bare.stat().st_size:,} bytes; ptk's layout, read by structure "
            f"alone), best of {repeat}:"
        )
        compare_docx(bare, repeat)
        from assess_speed import build_agreement

        own = build_agreement(Path(work, "own-words.docx"), 20)
        print(
            f"agreement in a council's own words .docx ({own.stat().st_size:,} bytes, 20 pages, "
            f"Word's parts: stylesWithEffects, theme, fonts), best of {repeat}:"
        )
        compare_docx(own, repeat)

        pdf = to_pdf(bare)
        if pdf is None:
            print("agreement .pdf: skipped (LibreOffice is not installed)")
            return 0
        pages = len(PdfReader(str(pdf)).pages)
        print(f"agreement .pdf ({pages} pages), best of {repeat}:")
        compare_pdf(lambda: ptk_docs.parse(pdf), pdf, repeat, "ptk_docs.parse")

        (longer,) = [to_pdf(own)]
        assert longer is not None
        pages = len(PdfReader(str(longer)).pages)
        print(f"agreement in a council's own words .pdf ({pages} pages), best of {repeat}:")
        compare_pdf(lambda: extract(longer), longer, repeat, "extract (blocks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
