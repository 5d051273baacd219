"""Write the JSON Schema of each record kind to docs/schema/<kind>.schema.json.

Other systems validate records with these files; `ptk schema KIND` prints the same. Run again
after changing a model (tests/test_schema.py checks the files are current).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import ptk_docs

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "schema"


def schema_text(kind: str) -> str:
    return json.dumps(ptk_docs.json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=FOLDER)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in ptk_docs.KINDS:
        path = args.out / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
