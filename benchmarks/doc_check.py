"""How long `ptk check` takes on a 20-page Word 97 .doc, whole process, against one LibreOffice
conversion of the same file, in the same run.

The .doc is made here: benchmarks/assess_speed.py's council-style agreement of about 20 pages,
saved by LibreOffice as Word 97. ``ptk check FILE.doc`` converts it once (one LibreOffice run
serves the parse, the content assessment and the rules) with ptk's kept LibreOffice profile.
The baseline is ``soffice --headless --convert-to docx`` of the same file with a profile already
made (so neither side pays for building a profile). Goal: ``ptk check`` within 5 s.

Run from the repository root::

    .venv/bin/python benchmarks/doc_check.py [--runs 3] [--pages 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from assess_speed import build_agreement  # noqa: E402

from ptk_docs._io.libreoffice import convert_files, find_soffice  # noqa: E402

GOAL_SECONDS = 5.0


def timed(command: list[str], ok: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr[-500:]!r}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        print("doc check: skipped (LibreOffice is not installed)")
        return 0
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="ptk-bench-doc-") as folder:
        work = Path(folder)
        source = build_agreement(work / "agreement.docx", args.pages)
        (doc,) = convert_files([source], work / "doc", "doc:MS Word 97")
        (pdf,) = convert_files([doc], work / "pdf", "pdf")
        from pypdf import PdfReader

        pages = len(PdfReader(str(pdf)).pages)
        profile = (work / "profile").as_uri()
        convert = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(doc),
        ]
        check = [sys.executable, "-m", "ptk_docs", "check", str(doc), "--kind", "agreement"]
        timed(convert)  # builds the baseline's profile
        timed(check, ok=(0, 1))  # ptk's kept profile, if this machine has none yet
        baseline: list[float] = []
        ours: list[float] = []
        for _ in range(args.runs):  # alternately, so that load on the machine hits both
            baseline.append(timed(convert))
            ours.append(timed(check, ok=(0, 1)))
    base, mine = statistics.median(baseline), statistics.median(ours)
    print(f".doc of {pages} pages, median of {args.runs} whole-process runs:")
    print(f"  soffice --convert-to docx    {base:6.2f} s   (baseline: one conversion)")
    print(
        f"  ptk check FILE.doc           {mine:6.2f} s   = {mine / base:.2f}x the baseline "
        f"(goal: within {GOAL_SECONDS:g} s: {'met' if mine <= GOAL_SECONDS else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
