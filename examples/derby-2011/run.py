"""The yearly cycle on the bundled Derby 2011 example: records in, documents out, read back, checked.

    python examples/derby-2011/run.py --out out [--force]

From the records in this folder it exports the register as a workbook, generates the draft
agreement and business case for each high and medium priority partnership, reads back and checks
the example returns in ``returns/``, rebuilds the September 2011 committee report with every
figure computed from the register, and lists the reviews falling due. Everything goes to one
output folder, which must be new or empty, or hold an earlier run of this script (``--force``
writes over anything). A short summary is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ptk_docs

HERE = Path(__file__).resolve().parent
RETURNS = HERE / "returns"
#: Left in the output folder so that a second run knows the folder is its own.
MARKER = ".ptk-example-output"


class Steps:
    """Runs each step, and says plainly which were skipped (not built yet) or failed."""

    def __init__(self) -> None:
        self.failed: list[str] = []
        self.skipped: list[str] = []

    def run(self, name: str, step: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            summary = step()
        except NotImplementedError as missing:
            self.skipped.append(name)
            print(f"- {name}: skipped ({missing or 'not built yet'} is not available yet)")
            return False
        except ptk_docs.PtkError as error:
            self.failed.append(name)
            print(f"- {name}: FAILED: {' '.join(str(error).split())}")
            return False
        first, _, details = summary.partition("\n")
        print(f"- {name}: {first} ({time.perf_counter() - started:.1f} s)")
        if details:
            print(details)
        return True


def _fresh_or_ours(out: Path, force: bool) -> str | None:
    """None when ``out`` may be written; else why not."""
    if not out.exists():
        return None
    if not out.is_dir():
        return f"{out} exists and is not a folder"
    if force or (out / MARKER).exists() or not any(out.iterdir()):
        return None
    return (
        f"{out} already holds other files; choose a new folder with --out, or use --force to "
        "write over them"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="output folder (out/)")
    parser.add_argument("--force", action="store_true", help="write over an existing folder")
    args = parser.parse_args(argv)
    out: Path = args.out

    refusal = _fresh_or_ours(out, args.force)
    if refusal:
        print(f"run.py: {refusal}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Output of examples/derby-2011/run.py; a new run replaces it.\n")

    # Derby's own words (Derbynet, Appendix 9, the Derby Plan) come from its profile.
    profile = ptk_docs.load_profile(HERE / "ptk.toml")
    register = ptk_docs.load_record(HERE / "register.json", kind="register")
    report = ptk_docs.load_record(HERE / "report.json", kind="report")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    assert isinstance(report, ptk_docs.CommitteeReport)
    figures = register.figures()
    print(
        f"Derby City Council, register as at 1 September 2011: {figures['listed']} partnerships "
        f"listed (was {figures['previously_listed']}): {figures['high']} high, "
        f"{figures['medium']} medium, {figures['low']} low, {figures['na']} N/A; "
        f"{figures['removed']} removed, {figures['pending_removal']} awaiting confirmation of "
        "removal."
    )
    steps = Steps()

    def export() -> str:
        path = ptk_docs.export_register(register, out / "register.xlsx", force=True)
        back = ptk_docs.import_register(path)
        assert back == register, "the exported workbook does not read back as the register"
        return f"{path} (an Excel table; reads back identically)"

    def drafts() -> str:
        paths = ptk_docs.generate_drafts(
            register, out / "drafts", force=True, progress=sys.stderr.isatty(), profile=profile
        )
        documents = len(paths) - 1
        return (
            f"{documents // 2} draft agreements and {documents // 2} business cases in "
            f"{out / 'drafts'}, listed with their SHA-256 in {paths[-1].name}"
        )

    def returns() -> str:
        folder = out / "returns"
        folder.mkdir(exist_ok=True)
        lines: list[str] = []
        sources = sorted(RETURNS.iterdir()) if RETURNS.is_dir() else []
        for source in sources:
            if source.suffix.lower() not in (".docx", ".pdf") or source.name.startswith("."):
                continue
            try:
                result = ptk_docs.parse(source)
            except ptk_docs.PtkError as error:
                message = " ".join(str(error).split()).removeprefix(source.name).lstrip(" :")
                lines.append(f"    {source.name}: cannot be read: {message}")
                continue
            ptk_docs.save_record(result.record, folder / f"{source.stem}.json", force=True)
            checked = ptk_docs.check(source, register=register, today=report.meeting_date)
            (folder / f"{source.stem}.check.json").write_text(
                json.dumps(checked.to_json(), indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
            errors = sum(1 for f in checked.findings if f.severity == "error")
            warnings = sum(1 for f in checked.findings if f.severity == "warning")
            name = getattr(result.record, "partnership_name", "?")
            lines.append(
                f"    {source.name}: {result.kind} for {name}; "
                f"{errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}"
            )
        if not lines:
            return f"no returns found in {RETURNS}"
        return f"{len(lines)} read back and checked into {folder}\n" + "\n".join(lines)

    def committee_report() -> str:
        # The seed's report has three appendices; the rebuilt one adds the progress table made
        # from the returns, as the next report to the committee would.
        kinds = {a.kind for a in report.appendices}
        rebuilt = report
        added = ""
        if ptk_docs.AppendixKind.PROGRESS not in kinds:
            progress = ptk_docs.Appendix(
                number=len(report.appendices) + 1,
                title="Progress with business cases and partnership agreements",
                kind=ptk_docs.AppendixKind.PROGRESS,
            )
            rebuilt = report.model_copy(update={"appendices": [*report.appendices, progress]})
            added = f", and Appendix {progress.number} (progress) from the returns"
        path = ptk_docs.build_report(
            rebuilt,
            out / "report.docx",
            register=register,
            returns=RETURNS,
            force=True,
            profile=profile,
        )
        return f"{path}: the September 2011 report, figures computed from the register{added}"

    def reviews() -> str:
        # As at the committee meeting, so the example reads as it would have in 2011.
        due = ptk_docs.due_reviews(register, within_days=60, today=report.meeting_date)
        path = out / "due-reviews.txt"
        path.write_text(due.to_text(), encoding="utf-8")
        return (
            f"{path}: {len(due.overdue)} overdue, {len(due.due_soon)} due within 60 days, "
            f"{len(due.no_agreement)} with no agreement on record"
        )

    steps.run("Register workbook", export)
    steps.run("Drafts for signature", drafts)
    steps.run("Returns", returns)
    steps.run("Committee report", committee_report)
    steps.run("Reviews falling due", reviews)

    if steps.failed:
        print(f"Done with errors in: {', '.join(steps.failed)}. Output in {out}/")
        return 1
    skipped = f" ({len(steps.skipped)} step(s) skipped)" if steps.skipped else ""
    print(f"Done{skipped}. Everything is in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
