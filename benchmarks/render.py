"""Rendering speed: ptk against plain docxtpl on ptk's own agreement template and context.

    python benchmarks/render.py            # the full run (a few minutes on a busy 2-core box)
    python benchmarks/render.py --quick    # under a minute: smaller batch and table

docxtpl's side is what a council script would write: ``DocxTemplate(path)``, ``render(context,
autoescape=True)``, ``save(path)`` for each document, given the same context ptk builds (its
cost is not counted against docxtpl). ptk's side is the public API (``render``,
``render_many``) from a cold in-memory template cache: it builds the context, embeds the
record, writes each file atomically. Both run in this process, one after the other, timed in
CPU seconds of this process (so other work on a shared machine does not skew them), and the
figures are printed as ratios; the last line is the batch speed-up.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from docxtpl import DocxTemplate

import ptk_docs
from ptk_docs._records.agreement import Member, PartnershipAgreement, Sector
from ptk_docs._render import engine as _engine
from ptk_docs._render.documents import builtin_template, template_context

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "derby-2011" / "agreement.json"


def agreement() -> PartnershipAgreement:
    record = ptk_docs.load_record(EXAMPLE, kind="agreement")
    assert isinstance(record, PartnershipAgreement)
    return record


def numbered(base: PartnershipAgreement, count: int) -> Iterator[PartnershipAgreement]:
    for index in range(count):
        yield base.model_copy(update={"partnership_name": f"Partnership {index:05d}"})


def with_members(base: PartnershipAgreement, rows: int) -> PartnershipAgreement:
    members = [
        Member(
            name=f"Member {i}",
            organisation="Derby City Council",
            represents="Neighbourhoods",
            sector=Sector.PUBLIC,
        )
        for i in range(rows)
    ]
    copy = base.model_copy(deep=True)
    copy.membership.members = members
    return copy


def docxtpl_render(context: dict[str, object], dest: Path | io.BytesIO) -> None:
    document = DocxTemplate(str(builtin_template("agreement")))
    document.render(context, autoescape=True)
    document.save(dest)


def timed(action: Callable[[], object]) -> float:
    """CPU seconds of this process (user and system) spent in ``action``.

    Not wall time: on a shared machine the other programs' load comes and goes during a
    minute-long docxtpl run and would skew the ratio either way.
    """
    start = time.process_time()
    action()
    return time.process_time() - start


def cold() -> None:
    """Forget compiled templates in memory (the disk cache stays, as for a new process)."""
    _engine.forget_compiled()


def one_document(base: PartnershipAgreement, work: Path, repeats: int) -> tuple[float, float]:
    context = template_context(base)
    theirs = [timed(lambda: docxtpl_render(context, work / "theirs.docx")) for _ in range(repeats)]

    def ours() -> float:
        cold()
        return timed(lambda: ptk_docs.render(base, work / "ours.docx", force=True))

    ours()  # fills the disk cache, as the first run on a machine does
    mine = [ours() for _ in range(repeats)]
    return statistics.median(theirs), statistics.median(mine)


def batch(base: PartnershipAgreement, work: Path, count: int) -> tuple[float, float]:
    records = list(numbered(base, count))
    contexts = [template_context(r) for r in records]
    folder = work / "docxtpl"
    folder.mkdir()
    theirs = timed(
        lambda: [docxtpl_render(c, folder / f"{i}.docx") for i, c in enumerate(contexts)]
    )
    cold()
    mine = timed(lambda: ptk_docs.render_many(records, work / "ptk"))
    return theirs, mine


def table(base: PartnershipAgreement, work: Path, rows: int) -> tuple[float, float]:
    record = with_members(base, rows)
    context = template_context(record)
    theirs = timed(lambda: docxtpl_render(context, io.BytesIO()))
    ptk_docs.render(base, work / "warm.docx", force=True)
    mine = timed(lambda: ptk_docs.render(record, work / f"rows-{rows}.docx", force=True))
    return theirs, mine


def peak_memory_kib(count: int) -> int:
    """Peak RSS of a fresh process rendering ``count`` documents from a generator."""
    result = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(count)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the memory run failed:\n{result.stderr}")
    return int(result.stdout.strip().splitlines()[-1])


def memory_child(count: int) -> None:
    base = agreement()
    with tempfile.TemporaryDirectory(prefix="ptk-bench-") as folder:
        ptk_docs.render_many(numbered(base, count), Path(folder))
    print(_peak_kib())


def _peak_kib() -> int:
    # VmHWM belongs to this program's memory map; ru_maxrss can carry over the parent's peak
    # from before the exec.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    parser.add_argument("--batch", type=int, help="documents in the batch (500; quick 100)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    count = args.batch or (100 if args.quick else 500)
    small_rows, rows = (500, 2_000) if args.quick else (1_000, 10_000)
    memory_sizes = (100, 500) if args.quick else (100, 2_000)
    base = agreement()
    with tempfile.TemporaryDirectory(prefix="ptk-bench-") as folder:
        work = Path(folder)
        theirs, mine = one_document(base, work, 5 if args.quick else 15)
        print(
            f"one document: docxtpl {theirs * 1000:.1f} ms, ptk {mine * 1000:.2f} ms "
            f"(first render in the process): {theirs / mine:.1f}x"
        )
        _, small = table(base, work, small_rows)
        their_rows, our_rows = table(base, work, rows)
        per_row = (our_rows - small) / (rows - small_rows)
        print(
            f"table of {rows:,} rows: docxtpl {their_rows:.2f} s "
            f"({their_rows / rows * 1e6:.0f} us a row), ptk {our_rows:.3f} s "
            f"({our_rows / rows * 1e6:.1f} us a row; {per_row * 1e6:.1f} us a row from "
            f"{small_rows:,} to {rows:,} rows): {their_rows / our_rows:.1f}x"
        )
        low, high = (peak_memory_kib(n) for n in memory_sizes)
        print(
            f"peak memory: {memory_sizes[0]:,} documents {low / 1024:.0f} MiB, "
            f"{memory_sizes[1]:,} documents {high / 1024:.0f} MiB ({high / low:.2f}x)"
        )
        theirs, mine = batch(base, work, count)
        print(
            f"batch of {count}: docxtpl {theirs:.2f} s ({theirs / count * 1000:.1f} ms each), "
            f"ptk {mine:.3f} s ({mine / count * 1000:.2f} ms each, one worker)"
        )
        print(f"batch speedup vs docxtpl: {theirs / mine:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
