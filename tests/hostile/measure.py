"""Run each hostile case in a fresh process and measure it: error class, message, seconds, peak MB.

``python tests/hostile/measure.py`` builds the corpus in a temporary folder and prints the table
(``--cli`` runs ``python -m ptk_docs parse``/``register import`` instead of the opener).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import CASES, Case, make_corpus

# The child writes its own peak resident memory (VmHWM) to a file at exit. ru_maxrss from
# wait4() is no use here: Linux carries the parent's peak across fork and exec into the child's.
PEAK = """
import atexit, os
def _peak():
    path = os.environ.get("PTK_PEAK_FILE")
    if path and os.path.exists("/proc/self/status"):
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    with open(path, "w") as out:
                        out.write(line.split()[1])
atexit.register(_peak)
"""

# Opens one file with the safety opener and prints "ErrorClass<TAB>message" or "OK<TAB>warnings".
OPENER = (
    PEAK
    + """
import sys
from ptk_docs import _errors as errors
from ptk_docs._io.docx import open_docx
from ptk_docs._io.pdf import open_pdf, pdf_page_texts
from ptk_docs._io.sheets import csv_rows, open_csv, open_workbook
kind, path = sys.argv[1], sys.argv[2]
warnings = []
try:
    if kind == "docx":
        open_docx(path, warnings=warnings)
    elif kind == "xlsx":
        open_workbook(path, warnings=warnings)
    elif kind == "csv":
        list(csv_rows(open_csv(path), path.rsplit("/", 1)[-1]))
    else:
        open_pdf(path, warnings=warnings, require_text=True)
except errors.PtkError as error:
    print(type(error).__name__ + "\\t" + " ".join(str(error).split()))
else:
    print("OK\\t" + " | ".join(warnings))
"""
)

# The CLI exactly as `python -m ptk_docs` runs it.
CLI = (
    PEAK
    + """
import sys
from ptk_docs._cli import main
raise SystemExit(main(sys.argv[1:]))
"""
)


@dataclass
class Measurement:
    case: str
    returncode: int
    error_class: str
    message: str
    stderr: str
    seconds: float
    peak_mb: float


def run_measured(
    argv: list[str],
    cwd: Path | None = None,
    *,
    timeout: float = 60,
    memory_cap_mb: int = 2048,
) -> tuple[int, str, str, float, float]:
    """Run ``argv``; return (exit code, stdout, stderr, wall seconds, peak resident MB).

    The child gets at most ``memory_cap_mb`` of address space and ``timeout`` seconds (then
    SIGKILL, exit code -9), so a case that would run away cannot take the test machine with it.
    """

    def cap_memory() -> None:
        limit = memory_cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        peak_file = Path(scratch) / "peak"
        env = {**os.environ, "PTK_PEAK_FILE": str(peak_file)}
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=out, stderr=err, cwd=cwd, env=env, preexec_fn=cap_memory
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak_kb = int(peak_file.read_text()) if peak_file.exists() else usage.ru_maxrss
        return (
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            seconds,
            peak_kb / 1024,
        )


def measure_opener(case: Case, path: Path) -> Measurement:
    code, out, err, seconds, peak = run_measured(
        [sys.executable, "-c", OPENER, case.kind, str(path)]
    )
    error_class, _, message = out.strip().partition("\t")
    return Measurement(case.name, code, error_class or "(crashed)", message, err, seconds, peak)


def cli_argv(case: Case, path: Path, output: Path) -> list[str]:
    ptk = [sys.executable, "-c", CLI]
    if case.kind in ("xlsx", "csv"):
        return [*ptk, "register", "import", str(path), "-o", str(output)]
    return [*ptk, "parse", str(path), "--json", "-o", str(output)]


def measure_cli(case: Case, path: Path, output: Path) -> Measurement:
    code, _out, err, seconds, peak = run_measured(cli_argv(case, path, output))
    message = err.strip()
    return Measurement(case.name, code, f"exit {code}", message, err, seconds, peak)


def table(rows: list[Measurement]) -> str:
    width = max(len(row.case) for row in rows)
    lines = [f"{'case':{width}}  {'error class':18}  {'seconds':>7}  {'peak MB':>7}  message"]
    for row in rows:
        message = row.message if len(row.message) <= 110 else row.message[:107] + "..."
        lines.append(
            f"{row.case:{width}}  {row.error_class:18}  {row.seconds:7.2f}  "
            f"{row.peak_mb:7.0f}  {message}"
        )
    return "\n".join(lines)


def main() -> None:
    cli = "--cli" in sys.argv
    with tempfile.TemporaryDirectory() as folder:
        paths = make_corpus(Path(folder) / "corpus")
        rows = []
        for case in CASES:
            if cli:
                output = Path(folder) / f"{case.name}.json"
                rows.append(measure_cli(case, paths[case.name], output))
            else:
                rows.append(measure_opener(case, paths[case.name]))
        print(table(rows))


if __name__ == "__main__":
    main()
