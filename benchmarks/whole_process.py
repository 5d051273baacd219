"""Whole-process timings: ``ptk parse`` and ``ptk check`` against the libraries' own one-liners.

What a person waits for at the command line, start-up included: each command is run as its own
process, the commands taking turns round by round, and the median wall-clock time of each is
compared with its baseline's, measured in the same run:

- a ``.docx`` (the Derby agreement, rendered by ptk and stripped of its record and tags):
  ``ptk parse`` and ``ptk check`` against ``python -c "import docx; docx.Document(path)"``;
- its ``.pdf`` (LibreOffice's): ``ptk parse`` and ``ptk check`` against pypdf's plain
  ``extract_text()`` of every page, also as a one-liner;
- a 20-page Word 97 ``.doc`` is ``benchmarks/doc_check.py``'s.

Python's bytecode is written and reused (as for an installed ptk): a first run of each command
is not timed. Skipped for the PDF when LibreOffice is absent.

Run from the repository root::

    .venv/bin/python benchmarks/whole_process.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import ptk_docs  # noqa: E402
from docbuild import strip_record  # noqa: E402
from ptk_docs._records.agreement import PartnershipAgreement  # noqa: E402

PYTHON = sys.executable
PTK = str(Path(sys.executable).with_name("ptk"))


def timed(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """The median wall-clock seconds of each command, run ``runs`` times, taking turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm-up: bytecode written, files in the page cache
        _run(command, env)
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            _run(command, env)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    if done.returncode not in (0, 1):  # ptk check exits 1 when it has findings
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")


def report(title: str, baseline_name: str, found: dict[str, float]) -> None:
    baseline = found[baseline_name]
    print(title)
    print(f"  {baseline_name:<34} {baseline:6.3f} s   (baseline)")
    for name, seconds in found.items():
        if name != baseline_name:
            print(f"  {name:<34} {seconds:6.3f} s   = {seconds / baseline:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    record = PartnershipAgreement.model_validate_json(
        (ROOT / "examples" / "derby-2011" / "agreement.json").read_text()
    )
    with tempfile.TemporaryDirectory(prefix="ptk-bench-process-") as work:
        made = ptk_docs.render(record, Path(work, "made.docx"))
        bare = str(strip_record(made, Path(work, "agreement.docx")))
        found = timed(
            {
                "python-docx Document(path)": [
                    PYTHON, "-c", f"import docx; docx.Document({bare!r})"
                ],
                "ptk parse agreement.docx --json": [PTK, "parse", bare, "--json"],
                "ptk check agreement.docx": [PTK, "check", bare, "--kind", "agreement"],
            },
            args.runs,
            env,
        )  # fmt: skip
        report(
            f"agreement .docx, median of {args.runs} processes:",
            "python-docx Document(path)",
            found,
        )

        if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
            print("agreement .pdf: skipped (LibreOffice is not installed)")
            return 0
        from ptk_docs._io.libreoffice import convert_files

        (pdf,) = convert_files([Path(bare)], Path(work), "pdf")
        found = timed(
            {
                "pypdf extract_text() of every page": [
                    PYTHON, "-c",
                    f"from pypdf import PdfReader; [p.extract_text() for p in PdfReader({str(pdf)!r}).pages]",
                ],
                "ptk parse agreement.pdf --json": [PTK, "parse", str(pdf), "--json"],
                "ptk check agreement.pdf": [PTK, "check", str(pdf), "--kind", "agreement"],
            },
            args.runs,
            env,
        )  # fmt: skip
        report(
            f"agreement .pdf, median of {args.runs} processes:",
            "pypdf extract_text() of every page",
            found,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
