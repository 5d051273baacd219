"""Digital signatures: what verifying them adds to reading a returned agreement PDF.

Signs LibreOffice's PDF of the council-format agreement fixture (tests/fixtures) twice with keys
from a PKI made for the run (tests/pki.py), then measures in the same process, CPU seconds:
``ptk_docs.parse`` of the unsigned PDF (the baseline), the screening every unsigned PDF gets
instead of pyHanko, and ``verify_signatures`` of the two-signature PDF (pyHanko's import is
timed once, apart). Prints each with its ratio to the baseline.

    .venv/bin/python benchmarks/signatures.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import ptk_docs  # noqa: E402
from pki import PASSPHRASE, make_pki  # noqa: E402
from ptk_docs._io.signatures import may_be_signed, sign_pdf, verify_signatures  # noqa: E402

AGREEMENT = ROOT / "tests" / "fixtures" / "agreement-council-libreoffice.pdf"


def _cpu(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        pki = make_pki(folder)
        started = time.process_time()
        import pyhanko.sign.validation  # noqa: F401

        import_seconds = time.process_time() - started
        council = pki.signer("council", "Paul Robinson", "Derby City Council")
        nhs = pki.signer("nhs", "Claire Owen", "NHS Derby City")
        once = sign_pdf(AGREEMENT, folder / "1.pdf", key_file=council, passphrase=PASSPHRASE)
        twice = sign_pdf(once, folder / "2.pdf", key_file=nhs, passphrase=PASSPHRASE)
        roots = [pki.trust_folder]
        verify_signatures(twice, trust_roots=roots)  # warm pyHanko's lazy imports

        baseline = _cpu(lambda: ptk_docs.parse(AGREEMENT), runs)
        screening = _cpu(lambda: may_be_signed(AGREEMENT.read_bytes()), runs * 20)
        verifying = _cpu(lambda: verify_signatures(twice, trust_roots=roots), runs)

    print(f"parse of the unsigned PDF (baseline)     {baseline * 1000:8.1f} ms")
    print(
        f"screening an unsigned PDF for signatures {screening * 1000:8.2f} ms"
        f"   {screening / baseline:6.3f}x parse"
    )
    print(
        f"verifying a PDF with two signatures      {verifying * 1000:8.1f} ms"
        f"   {verifying / baseline:6.2f}x parse"
    )
    print(f"pyHanko's import, once per process       {import_seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
