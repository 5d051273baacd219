"""The ``ptk`` command: a thin layer over the public API of ``ptk_docs``."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ptk_docs
from ptk_docs import KINDS, PtkError

EPILOG = """examples:
  ptk init
  ptk render agreement examples/derby-2011/agreement.json -o agreement.docx
  ptk render register register.json -o register.docx
  ptk blank register -o register.xlsx
  ptk blank business-case -o business-case.docx
  ptk parse returned.docx --json
  ptk check returned.docx
  ptk check signed.pdf --trust trusted-roots/ --json
  ptk sign agreement.pdf --key council.p12 --passphrase-file key.pass -o signed.pdf
  ptk accessibility report.docx
  ptk register import register.xlsx -o register.json
  ptk register import ours.csv -o register.json --columns "Ref=reference,Partnership=name"
  ptk drafts register.json -o drafts/ --priority high,medium
  ptk report report.json -o report.docx --register register.json --returns returns/
  ptk appendix register --register register.json --number 3 -o appendix-3.docx
  ptk render agreement agreement.json -o agreement.docx --final --style-from council.docx
  ptk schema agreement
"""


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 2 with one line, like every other bad input."""

    def error(self, message: str) -> Any:
        self.exit(2, f"ptk: {message} (see ptk --help)\n")


def _add_style_from(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--style-from",
        type=Path,
        metavar="COUNCIL.docx",
        help="take fonts, colours and heading, table and list styles from your own Word template",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ptk",
        description="Partnership Toolkit documents: generate, read back and check them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ptk {ptk_docs.__version__}")
    parser.add_argument(
        "--profile",
        type=Path,
        help="the council's profile (default: ptk.toml in the working folder, when there is one)",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    kinds = list(KINDS)

    p = commands.add_parser(
        "init",
        help="write a commented council profile (ptk.toml) to fill in",
        description="Write a commented ptk.toml: the council's name, words, contact and defaults.",
    )
    p.add_argument("-o", "--output", type=Path, default=Path("ptk.toml"))
    p.add_argument("--force", action="store_true")
    p.set_defaults(run=_init)

    p = commands.add_parser(
        "render",
        help="generate one document from a record",
        description="Generate one document (.docx or .pdf) from a record file. A register "
        "is written as its committee-report appendix (grouped by priority, with its counts).",
    )
    p.add_argument("kind", choices=kinds)
    p.add_argument("record", type=Path, help="the record (.json or .yaml)")
    p.add_argument("-o", "--output", type=Path, required=True, help="OUT.docx or OUT.pdf")
    p.add_argument("--template", type=Path, help="your own docxtpl template (.docx)")
    p.add_argument(
        "--register",
        type=Path,
        help="for a report: the register its figures come from "
        "(default: register.json beside RECORD, when there is one)",
    )
    p.add_argument(
        "--final",
        action="store_true",
        help="for signature: refuse, listing every one, while required answers are empty",
    )
    _add_style_from(p)
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.set_defaults(run=_render)

    p = commands.add_parser(
        "blank",
        help="an empty template for an officer to complete",
        description="Write an empty document of KIND for completing by hand: a business case "
        "or agreement (.docx or .pdf), or an empty register workbook (.xlsx or .csv). A report "
        "has no blank form: it is written from a record for one meeting.",
    )
    p.add_argument("kind", choices=kinds)
    p.add_argument("-o", "--output", type=Path, required=True)
    _add_style_from(p)
    p.add_argument("--force", action="store_true")
    p.set_defaults(run=_blank)

    p = commands.add_parser(
        "parse",
        help="read a completed document back into a record",
        description="Read a .docx or .pdf back into a record.",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--json", action="store_true", help="print the whole ParseResult as JSON")
    p.add_argument("-o", "--output", type=Path, help="write the record alone to RECORD.json")
    p.add_argument(
        "--against",
        type=Path,
        metavar="SENT.json",
        help="the record that was sent (ptk drafts keeps it beside the draft): list the changes",
    )
    p.add_argument("--strict", action="store_true", help="treat every recovery as an error")
    p.add_argument("--force", action="store_true")
    p.set_defaults(run=_parse)

    p = commands.add_parser(
        "check",
        help="check a document or record against the toolkit",
        description="Check a document or record; exit 1 when there are errors.",
    )
    p.add_argument("file", type=Path, help="FILE.docx, FILE.pdf or RECORD.json")
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--register", type=Path, help="REGISTER.json to check membership against")
    p.add_argument(
        "--trust",
        type=Path,
        action="append",
        metavar="DIR",
        help="a folder (or file) of PEM root certificates the council trusts for digital "
        "signatures; may be given more than once",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_check)

    p = commands.add_parser(
        "sign",
        help="sign a PDF with the council's key (a visible digital signature)",
        description="Sign FILE.pdf with a PKCS#12 key (.p12/.pfx) into a new PDF; the signature "
        "shows in the organisation's row of the signatures table.",
    )
    p.add_argument("file", type=Path, help="FILE.pdf")
    p.add_argument("--key", type=Path, required=True, help="KEY.p12 (key and certificate)")
    p.add_argument(
        "--passphrase-file",
        type=Path,
        help="a file holding the key's passphrase (default: asked for on a terminal, else none)",
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="OUT.pdf (a new file)")
    p.add_argument(
        "--organisation",
        help="the row of the signatures table to sign in (default: the certificate's organisation)",
    )
    p.set_defaults(run=_sign)

    p = commands.add_parser(
        "assess",
        help="which of the 19 headings a document addresses",
        description="Judge, by content, which agreement headings FILE addresses.",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_assess)

    p = commands.add_parser(
        "accessibility",
        help="check a Word document against the accessibility rules",
        description="Check FILE.docx against the accessibility rules (a11y-...); exit 1 on errors.",
    )
    p.add_argument("file", type=Path, help="FILE.docx")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(run=_accessibility)

    p = commands.add_parser("register", help="import, export or review the Partnership Register")
    reg = p.add_subparsers(dest="register_command", required=True, parser_class=_Parser)
    r = reg.add_parser("import", help="read a register from .xlsx, .csv or .json")
    r.add_argument("source", type=Path)
    r.add_argument("-o", "--output", type=Path, required=True)
    r.add_argument(
        "--columns",
        metavar="MAP",
        help="your headers for ptk's fields, e.g. 'Ref=reference,Partnership=name,Risk=priority' "
        "(added to the profile's register_columns)",
    )
    r.add_argument("--council", help="the council the register belongs to")
    r.add_argument("--force", action="store_true")
    r.set_defaults(run=_register_import)
    r = reg.add_parser("export", help="write a register to .xlsx or .csv")
    r.add_argument("register", type=Path)
    r.add_argument("-o", "--output", type=Path, required=True)
    r.add_argument("--force", action="store_true")
    r.set_defaults(run=_register_export)
    r = reg.add_parser("due", help="partnerships whose annual review is overdue or due soon")
    r.add_argument("register", type=Path)
    r.add_argument("--within", type=int, default=60, metavar="DAYS")
    r.add_argument("--json", action="store_true")
    r.set_defaults(run=_register_due)

    p = commands.add_parser("drafts", help="draft agreements and business cases for a register")
    p.add_argument("register", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    p.add_argument(
        "--priority",
        help="comma-separated (default: the profile's draft_priorities, else high,medium)",
    )
    p.add_argument(
        "--kind",
        default="agreement,business-case",
        help="which drafts, comma-separated (default agreement,business-case)",
    )
    p.add_argument("--workers", type=int, default=None)
    _add_style_from(p)
    p.add_argument("--force", action="store_true")
    p.set_defaults(run=_drafts)

    p = commands.add_parser("report", help="the committee report with its appendices")
    p.add_argument("report", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--register", type=Path)
    p.add_argument("--returns", type=Path, help="folder of returned documents")
    p.add_argument(
        "--trust",
        type=Path,
        action="append",
        metavar="DIR",
        help="root certificates (PEM) trusted for the returns' digital signatures",
    )
    _add_style_from(p)
    p.add_argument("--force", action="store_true")
    p.set_defaults(run=_report)

    p = commands.add_parser(
        "appendix",
        help="one committee-report appendix on its own",
        description="Write one appendix of a committee report as a document of its own "
        "(to send as it is, or to put into your own report): the register, progress with "
        "business cases and agreements from the returns, the findings behind it, reviews "
        "falling due, or the implications.",
    )
    p.add_argument("kind", choices=list(ptk_docs.APPENDIX_KINDS))
    p.add_argument("--number", type=int, required=True, help="the appendix number (any)")
    p.add_argument("--title", help="the appendix title (default: one for its kind)")
    p.add_argument("-o", "--output", type=Path, required=True, help="OUT.docx or OUT.pdf")
    p.add_argument("--register", type=Path, help="REGISTER.json (register, reviews, progress)")
    p.add_argument("--returns", type=Path, help="folder of returned documents (progress)")
    p.add_argument("--report", type=Path, help="REPORT.json holding the implications")
    p.add_argument(
        "--columns",
        help="register columns, comma-separated, from: " + ", ".join(ptk_docs.REGISTER_COLUMNS),
    )
    p.add_argument(
        "--as-at", type=_date, help="checks and reviews as at YYYY-MM-DD (default: today)"
    )
    p.add_argument("--within", type=int, default=60, metavar="DAYS", help="reviews due within")
    p.add_argument(
        "--level",
        type=int,
        default=0,
        help="0: a document of its own (default); 1: its title a Heading 1, for a report",
    )
    _add_style_from(p)
    p.add_argument("--force", action="store_true")
    p.set_defaults(run=_appendix)

    p = commands.add_parser("schema", help="print the JSON Schema of a record kind")
    p.add_argument("kind", choices=kinds)
    p.set_defaults(run=_schema)
    return parser


def _load_register(path: Path | None) -> ptk_docs.PartnershipRegister | None:
    if path is None:
        return None
    register = ptk_docs.load_record(path, kind="register")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    return register


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _profile(args: argparse.Namespace) -> ptk_docs.CouncilProfile | None:
    if args.profile is not None:
        return ptk_docs.load_profile(args.profile)
    here = Path("ptk.toml")
    return ptk_docs.load_profile(here) if here.is_file() else None


def _init(args: argparse.Namespace) -> int:
    print(ptk_docs.write_profile_template(args.output, force=args.force))
    return 0


def _render(args: argparse.Namespace) -> int:
    record = ptk_docs.load_record(args.record, kind=args.kind)
    if isinstance(record, ptk_docs.CommitteeReport) and args.template is None:
        # A report's figures come from the register: the one given, else the one beside it.
        register_path = args.register
        beside = args.record.parent / "register.json"
        if register_path is None and beside.is_file():
            register_path = beside
        out = ptk_docs.build_report(
            record,
            args.output,
            register=_load_register(register_path),
            force=args.force,
            style_from=args.style_from,
            profile=_profile(args),
        )
        print(out)
        return 0
    out = ptk_docs.render(
        record,
        args.output,
        template=args.template,
        force=args.force,
        profile=_profile(args),
        style_from=args.style_from,
        final=args.final,
    )
    print(out)
    return 0


def _blank(args: argparse.Namespace) -> int:
    print(
        ptk_docs.blank(
            args.kind,
            args.output,
            force=args.force,
            profile=_profile(args),
            style_from=args.style_from,
        )
    )
    return 0


def _parse(args: argparse.Namespace) -> int:
    sent = None if args.against is None else ptk_docs.load_record(args.against, kind=args.kind)
    result = ptk_docs.parse(args.file, kind=args.kind, against=sent, strict=args.strict)
    if args.output is not None:
        ptk_docs.save_record(result.record, args.output, force=args.force)
    if args.json:
        _print_json(result.to_json())
    elif args.output is None:
        sys.stdout.write(ptk_docs.dump_record(result.record))
    return 0


def _trust_roots(args: argparse.Namespace) -> list[Path]:
    """The roots trusted for digital signatures: ``--trust``, else the council profile's."""
    if args.trust:
        return list(args.trust)
    profile = _profile(args)
    folder = profile.resolve(profile.trust) if profile is not None else None
    return [folder] if folder is not None else []


def _check(args: argparse.Namespace) -> int:
    register = _load_register(args.register)
    report = ptk_docs.check(args.file, kind=args.kind, register=register, trust=_trust_roots(args))
    if args.json:
        _print_json(report.to_json())
    else:
        sys.stdout.write(report.to_text())
    return 1 if report.has_errors else 0


def _passphrase(args: argparse.Namespace) -> bytes | None:
    if args.passphrase_file is not None:
        try:
            text: bytes = Path(args.passphrase_file).read_bytes()
        except OSError as error:
            raise ptk_docs.SigningError(
                f"cannot read the passphrase file {args.passphrase_file}: {error.strerror or error}"
            ) from None
        return text.rstrip(b"\r\n")
    if sys.stdin.isatty():
        return getpass.getpass(f"Passphrase for {args.key.name}: ").encode()
    return None


def _sign(args: argparse.Namespace) -> int:
    out = ptk_docs.sign_pdf(
        args.file,
        args.output,
        key_file=args.key,
        passphrase=_passphrase(args),
        signer_label=args.organisation,
    )
    print(out)
    return 0


def _assess(args: argparse.Namespace) -> int:
    assessment = ptk_docs.assess(args.file)
    if args.json:
        _print_json(assessment.to_json())
    else:
        sys.stdout.write(assessment.to_text())
    return 0


def _accessibility(args: argparse.Namespace) -> int:
    findings = ptk_docs.check_accessibility(args.file)
    if args.json:
        _print_json({"file": str(args.file), "findings": [f.to_json() for f in findings]})
    elif not findings:
        print(f"{args.file}: no accessibility problems found")
    else:
        for finding in findings:
            where = f" [{finding.heading}]" if finding.heading else ""
            print(f"{finding.severity} {finding.rule}{where}: {finding.message}")
    return 1 if any(f.severity == "error" for f in findings) else 0


def _register_import(args: argparse.Namespace) -> int:
    profile = _profile(args)
    columns = dict(profile.register_columns) if profile is not None else {}
    columns.update(ptk_docs.parse_column_map(args.columns or ""))
    council = args.council or (profile.council if profile is not None else None) or None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ptk_docs.PtkWarning)
        register = ptk_docs.import_register(args.source, council=council, columns=columns)
    for warning in caught:
        sys.stderr.write(f"ptk: warning: {warning.message}\n")
    ptk_docs.save_record(register, args.output, force=args.force)
    figures = register.figures()
    print(f"{args.output}: {figures['listed']} partnerships listed, {figures['removed']} removed")
    return 0


def _register_export(args: argparse.Namespace) -> int:
    register = _load_register(args.register)
    assert register is not None
    print(ptk_docs.export_register(register, args.output, force=args.force))
    return 0


def _register_due(args: argparse.Namespace) -> int:
    register = _load_register(args.register)
    assert register is not None
    due = ptk_docs.due_reviews(register, within_days=args.within)
    if args.json:
        _print_json(due.to_json())
    else:
        sys.stdout.write(due.to_text())
    return 0


def _drafts(args: argparse.Namespace) -> int:
    register = _load_register(args.register)
    assert register is not None
    priorities = (
        [p.strip() for p in args.priority.split(",") if p.strip()]
        if args.priority is not None
        else None
    )
    paths = ptk_docs.generate_drafts(
        register,
        args.output,
        priorities=priorities,
        kinds=[k.strip() for k in args.kind.split(",") if k.strip()],
        profile=_profile(args),
        workers=args.workers,
        force=args.force,
        progress=sys.stderr.isatty(),
        style_from=args.style_from,
    )
    print(f"{len(paths) - 1} drafts written to {args.output}, listed in {paths[-1]}")
    return 0


def _report(args: argparse.Namespace) -> int:
    record = ptk_docs.load_record(args.report, kind="report")
    assert isinstance(record, ptk_docs.CommitteeReport)
    register = _load_register(args.register)
    out = ptk_docs.build_report(
        record,
        args.output,
        register=register,
        returns=args.returns,
        force=args.force,
        trust=_trust_roots(args),
        style_from=args.style_from,
        profile=_profile(args),
    )
    print(out)
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _appendix(args: argparse.Namespace) -> int:
    report: ptk_docs.CommitteeReport | None = None
    if args.report is not None:
        loaded = ptk_docs.load_record(args.report, kind="report")
        assert isinstance(loaded, ptk_docs.CommitteeReport)
        report = loaded
    columns = [c.strip() for c in (args.columns or "").split(",") if c.strip()]
    out = ptk_docs.render_appendix(
        args.kind,
        args.output,
        number=args.number,
        title=args.title,
        register=_load_register(args.register),
        returns=args.returns,
        implications=report,
        columns=columns,
        within_days=args.within,
        today=args.as_at,
        level=args.level,
        style_from=args.style_from,
        force=args.force,
    )
    print(out)
    if out.suffix.lower() == ".docx":
        for finding in ptk_docs.check_accessibility(out):
            sys.stderr.write(f"ptk: accessibility: {finding.rule}: {finding.message}\n")
    return 0


def _schema(args: argparse.Namespace) -> int:
    _print_json(ptk_docs.json_schema(args.kind))
    return 0


#: Libraries that log what they recover from (pypdf) or every failed certificate check with a
#: traceback (pyHanko). With no handler anywhere Python prints those on stderr, which would break
#: the command's promise of one line; the library leaves logging to the application, and the
#: command is the application.
_QUIET_LOGGERS = ("pypdf", "pyhanko", "pyhanko_certvalidator")


def main(argv: Sequence[str] | None = None) -> int:
    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except PtkError as error:
        message = " ".join(str(error).split())
        sys.stderr.write(f"ptk: error: {message}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("ptk: interrupted\n")
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
