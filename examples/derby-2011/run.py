"""The yearly cycle on the bundled Derby 2011 example: records in, documents out, read back, checked.

    python examples/derby-2011/run.py --out out

Everything goes to one output folder; a short summary is printed at the end.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import ptk_docs

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args(argv)
    register = ptk_docs.load_record(HERE / "register.json", kind="register")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    figures = register.figures()
    print(
        f"Register: {figures['listed']} partnerships listed (was {figures['previously_listed']}); "
        f"{figures['high']} high, {figures['medium']} medium, {figures['low']} low, "
        f"{figures['na']} N/A; {figures['removed']} removed, "
        f"{figures['pending_removal']} awaiting confirmation of removal"
    )
    for kind in ("business-case", "agreement", "report"):
        ptk_docs.load_record(HERE / f"{kind}.json", kind=kind)
    return 0


if __name__ == "__main__":
    sys.exit(main())
