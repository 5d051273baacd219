"""Run each hostile case in a fresh process and measure it: error class, message, seconds, peak MB.

``python tests/hostile/measure.py`` builds the corpus in a temporary folder and prints the table
(``--cli`` runs ``python -m ptk_docs parse``/``register import`` instead of the opener;
``--commands`` runs the whole-command cases: templates, records, writes, LibreOffice, long
documents, each checked for files left behind, processes left running and requests made).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import CASES, COMMAND_CASES, Case, CommandCase, make_corpus

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


class TreeMemory:
    """Samples the resident memory of a process and all its descendants every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(0.02):
            self.peak_kb = max(self.peak_kb, self._tree_kb())

    def _tree_kb(self) -> int:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    stat = (entry / "stat").read_text()
                    parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
        tree = {self.pid}
        grown = True
        while grown:
            grown = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grown = True
        total = 0
        for pid in tree:
            with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total


def run_measured(
    argv: list[str],
    cwd: Path | None = None,
    *,
    timeout: float = 60,
    memory_cap_mb: int = 2048,
) -> tuple[int, str, str, float, float]:
    """Run ``argv``; return (exit code, stdout, stderr, wall seconds, peak resident MB of the
    process, or of it and its children together when that was larger).

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
        sampler = TreeMemory(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
            sampler.stop()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak_kb = int(peak_file.read_text()) if peak_file.exists() else usage.ru_maxrss
        # The process's own peak, or what it and its children (a contained template filler,
        # LibreOffice) held together at any sampled moment, whichever is larger.
        peak_kb = max(peak_kb, sampler.peak_kb)
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


class Probe:
    """A local web server that records every request: a case must fetch nothing."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Probe:
        self.thread.start()
        os.environ["PTK_PROBE_URL"] = self.url
        return self

    def __exit__(self, *exc: object) -> None:
        os.environ.pop("PTK_PROBE_URL", None)
        self.server.shutdown()
        self.server.server_close()


@dataclass
class CommandMeasurement:
    case: str
    returncode: int
    stderr: str
    seconds: float
    peak_mb: float
    #: Files the command left in its folder or its temporary folder.
    left: list[str]
    #: Processes still running that name the case's folders.
    running: list[str]
    fetched: list[str]
    skipped: str = ""


def _processes_naming(*folders: Path) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if any(str(folder) in command for folder in folders):
                found.append(f"{entry.name}: {command[:80]}")
    return found


def _mount_small_tmpfs(folder: Path) -> bool:
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def measure_command(case: CommandCase, folder: Path, probe: Probe) -> CommandMeasurement:
    """Run one command case in ``folder`` (with its own TMPDIR) and see what it left."""
    work = folder / case.name
    temporary = folder / f"{case.name}-tmp"
    work.mkdir()
    temporary.mkdir()
    argv = case.setup(work)
    if case.needs == "libreoffice" and shutil.which("soffice") is None:
        return CommandMeasurement(case.name, 0, "", 0, 0, [], [], [], "no LibreOffice")
    mounted = None
    if case.needs == "mount":
        target = work / "full"
        if not _mount_small_tmpfs(target):
            return CommandMeasurement(case.name, 0, "", 0, 0, [], [], [], "cannot mount a tmpfs")
        mounted = target
    before = {p.relative_to(work) for p in work.rglob("*")}
    fetched_before = len(probe.requests)
    environment = os.environ.copy()
    os.environ["TMPDIR"] = str(temporary)
    try:
        code, _out, err, seconds, peak = run_measured([sys.executable, "-c", CLI, *argv])
    finally:
        os.environ.clear()
        os.environ.update(environment)
    left = sorted(
        str(p.relative_to(work)) for p in work.rglob("*") if p.relative_to(work) not in before
    )
    left += [f"TMPDIR/{p.name}" for p in temporary.iterdir()]
    running = _processes_naming(work, temporary)
    if mounted is not None:
        subprocess.run(["umount", str(mounted)], capture_output=True, check=False)
    return CommandMeasurement(
        case.name, code, err, seconds, peak, left, running, probe.requests[fetched_before:]
    )


def command_table(rows: list[CommandMeasurement]) -> str:
    width = max(len(row.case) for row in rows)
    lines = [f"{'case':{width}}  {'exit':>4}  {'seconds':>7}  {'peak MB':>7}  message"]
    for row in rows:
        if row.skipped:
            lines.append(f"{row.case:{width}}  {'-':>4}  {'':7}  {'':7}  skipped: {row.skipped}")
            continue
        message = " ".join(row.stderr.split())
        message = message if len(message) <= 110 else message[:107] + "..."
        extra = ""
        if row.left or row.running or row.fetched:
            extra = f" LEFT={row.left} RUNNING={row.running} FETCHED={row.fetched}"
        lines.append(
            f"{row.case:{width}}  {row.returncode:>4}  {row.seconds:7.2f}  {row.peak_mb:7.0f}  "
            f"{message}{extra}"
        )
    return "\n".join(lines)


def main() -> None:
    if "--commands" in sys.argv:
        with tempfile.TemporaryDirectory() as folder, Probe() as probe:
            print(command_table([measure_command(c, Path(folder), probe) for c in COMMAND_CASES]))
        return
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
