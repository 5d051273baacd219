"""Start-up: ``ptk --help`` against ``python -c "import pydantic"``, as whole processes.

The goal (issue 10): ``ptk --help`` within 0.15 s of importing pydantic alone, because
``import ptk_docs`` loads only the records; document libraries load on first use. Both are
measured in the same run, alternately, and the medians printed with their difference and ratio.

    .venv/bin/python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    baseline = [sys.executable, "-c", "import pydantic"]
    bare = [sys.executable, "-c", "pass"]
    command = [sys.executable, "-m", "ptk_docs", "--help"]
    importing = [sys.executable, "-c", "import ptk_docs"]
    timings: dict[str, list[float]] = {"bare": [], "pydantic": [], "import": [], "help": []}
    for argv in (baseline, command):  # warm the file cache
        _seconds(argv)
    for _ in range(runs):
        timings["bare"].append(_seconds(bare))
        timings["pydantic"].append(_seconds(baseline))
        timings["import"].append(_seconds(importing))
        timings["help"].append(_seconds(command))
    median = {k: statistics.median(v) for k, v in timings.items()}
    print(f"median of {runs} runs, whole processes")
    print(f"  python -c pass                 {median['bare'] * 1000:7.1f} ms")
    print(f"  python -c 'import pydantic'    {median['pydantic'] * 1000:7.1f} ms  (baseline)")
    print(f"  python -c 'import ptk_docs'    {median['import'] * 1000:7.1f} ms")
    print(f"  ptk --help                     {median['help'] * 1000:7.1f} ms")
    difference = median["help"] - median["pydantic"]
    print(
        f"ptk --help - import pydantic: {difference * 1000:+.1f} ms "
        f"(goal: at most +150 ms); ratio {median['help'] / median['pydantic']:.2f}x"
    )


if __name__ == "__main__":
    main()
