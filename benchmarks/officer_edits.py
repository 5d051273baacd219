"""What officers do to drafts, read back: documents, edits, lost words and false changes.

Random sequences of the officer's edits (``tests/officer.py``) are applied to ptk's drafts of
every kind; each edited document is read back as the .docx itself, as LibreOffice's re-saved
.docx and as LibreOffice's PDF (the last two compared with the record sent, ``against=``), and
judged: every word added must be found, ``changes`` must list exactly the fields edited, and
(for the LibreOffice forms) each field should read the same as from the .docx itself: "differs
from .docx" counts those that do not, mostly LibreOffice's own doing (it moves line breaks out of
block content controls and keeps tracked deletions inside them as text; ``--verbose`` shows them). The
LibreOffice conversions run as two batches. Run from the repository root::

    .venv/bin/python benchmarks/officer_edits.py [--documents N] [--seed S] [--no-libreoffice]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import ptk_docs  # noqa: E402
from officer import EDITS, Effect, base_records, judge, officer_session  # noqa: E402
from ptk_docs._io.libreoffice import convert_files  # noqa: E402
from ptk_docs._read.diff import flatten  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--edits", type=int, default=6, help="most edits on one document")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print each problem")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    use_lo = not args.no_libreoffice and (shutil.which("soffice") or shutil.which("libreoffice"))
    with tempfile.TemporaryDirectory(prefix="ptk-officer-") as work:
        folder = Path(work)
        records = base_records()
        drafts = [ptk_docs.render(r, folder / f"draft{i}.docx") for i, r in enumerate(records)]
        edited: list[tuple[Path, int, list[Effect]]] = []
        for number in range(args.documents):
            base = number % len(records)
            n = 0 if number < len(records) else rng.randint(1, args.edits)
            steps = [(rng.randrange(len(EDITS)), rng.randrange(2**32)) for _ in range(n)]
            dest = folder / "edited" / f"doc{number:03d}.docx"
            dest.parent.mkdir(exist_ok=True)
            effects = officer_session(drafts[base], records[base], steps, dest)
            edited.append((dest, base, effects))
        forms: dict[str, list[Path]] = {"docx": [d for d, _, _ in edited]}
        if use_lo:
            sources = forms["docx"]
            resaved = convert_files(sources, folder / "resaved", "docx:MS Word 2007 XML")
            forms["libreoffice-docx"] = resaved
            forms["libreoffice-pdf"] = convert_files(sources, folder / "pdf", "pdf")
        print(
            f"{'form':<18}{'documents':>10}{'edits':>7}{'lost words':>12}{'false changes':>15}"
            f"{'missed changes':>16}{'wrong values':>14}{'differs from .docx':>20}"
        )
        first_reading: list[dict[str, object]] = []
        kinds: Counter[str] = Counter()
        for form, paths in forms.items():
            totals = Counter()
            for path, (_, base, effects) in zip(paths, edited, strict=True):
                against = None if form == "docx" else records[base]
                result = ptk_docs.parse(path, against=against)
                verdict = judge(result, effects)
                fields = flatten(result.record.model_dump(mode="json"))
                if form == "docx":
                    first_reading.append(fields)
                else:
                    reference = first_reading[totals["documents"]]
                    differ = [k for k in {*fields, *reference} if fields.get(k) != reference.get(k)]
                    totals["differs"] += len(differ)
                    if args.verbose and differ:
                        shown = {k: (reference.get(k), fields.get(k)) for k in differ}
                        print(f"  {form} {path.name} reads differently: {shown}")
                totals["documents"] += 1
                totals["edits"] += len(effects)
                totals["lost"] += sum(len(e.split()) for e in verdict.lost) and len(verdict.lost)
                totals["false"] += len(verdict.false_changes)
                totals["missed"] += len(verdict.missed_changes)
                totals["wrong"] += len(verdict.wrong_values)
                if form == "docx":
                    kinds.update(e.name for e in effects)
                if args.verbose and not verdict.ok:
                    print(f"  {form} {path.name} ({[e.name for e in effects]}): {verdict}")
            print(
                f"{form:<18}{totals['documents']:>10}{totals['edits']:>7}{totals['lost']:>12}"
                f"{totals['false']:>15}{totals['missed']:>16}{totals['wrong']:>14}"
                f"{totals['differs'] if form != 'docx' else '':>20}"
            )
        print(f"edits applied, by kind: {dict(sorted(kinds.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
