"""Draft agreements and business cases for a register's partnerships, with their manifest."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptk_docs._errors import OutputExistsError, PtkError, RecordError
from ptk_docs._io.files import atomic_write_bytes, exists, unique_filename, write_error
from ptk_docs._io.register_files import neutralise_formula, parse_priority
from ptk_docs._records._base import Record
from ptk_docs._records.agreement import Partner, PartnershipAgreement, Sector, Signatory
from ptk_docs._records.business_case import BusinessCase, PartnershipNature
from ptk_docs._records.formatting import format_date
from ptk_docs._records.profile import CouncilProfile
from ptk_docs._records.register import PartnershipRegister, Priority, RegisterEntry
from ptk_docs._render.api import render_many, style_reference

# --------------------------------------------------------------------------------------------
# Drafts for signature
# --------------------------------------------------------------------------------------------

#: Sub-folder of the drafts folder for each kind of document.
DRAFT_FOLDERS = {"agreement": "agreements", "business-case": "business-cases"}

#: The list of files written, with their SHA-256, beside the drafts.
MANIFEST_NAME = "manifest.csv"

#: Suffix of the record sent with each draft, kept beside it ("NAME.sent.json"), so that
#: a return can be compared with what was sent: ``ptk parse RETURNED --against SENT.json``.
SENT_SUFFIX = ".sent.json"


def _priorities(names: Sequence[str] | None) -> list[Priority]:

    chosen: list[Priority] = []
    for name in names if names is not None else ["high", "medium"]:
        priority = parse_priority(name)
        if priority is None:
            raise RecordError(f"unknown priority '{name}' (expected high, medium, low or n/a)")
        if priority not in chosen:
            chosen.append(priority)
    if not chosen:
        raise RecordError("no priority chosen (for example --priority high,medium)")
    return chosen


def draft_records(
    register: PartnershipRegister, entry: RegisterEntry, profile: CouncilProfile | None = None
) -> tuple[PartnershipAgreement, BusinessCase]:
    """The draft agreement and business case for one partnership, pre-filled from the register.

    The council is the register's, else the profile's; with neither, the council is left for
    the officer to fill in (the agreement's partners and signatures start empty).
    """
    council = register.council.strip() or (profile.council.strip() if profile else "")
    agreement = PartnershipAgreement(
        partnership_name=entry.name,
        council=council,
        partners=[Partner(organisation=council, sector=Sector.PUBLIC)] if council else [],
        signatories=[Signatory(organisation=council)] if council else [],
        last_review=entry.last_review,
        next_review=entry.next_review,
    )
    if entry.council_is_accountable_body:
        agreement.accountability.accountable_to = (
            f"{council or 'The Council'} is the Accountable Body for the partnership."
        )
    case = BusinessCase(partnership_name=entry.name)
    # Everything on the register is an existing partnership: this year's case reviews it.
    case.nature.nature = PartnershipNature.REVIEWING
    case.structure.lead_officer = entry.lead_officer
    if entry.council_is_accountable_body is not None:
        case.governance.council_role = (
            "Accountable Body"
            if entry.council_is_accountable_body
            else "Partner (not the Accountable Body)"
        )
    if entry.agreement_received:
        on = entry.agreement_received_on
        case.governance.terms_of_reference_in_place = (
            f"Yes: a partnership agreement was received on {format_date(on)}."
            if on is not None
            else "Yes: a partnership agreement has been received."
        )
    if entry.council_funding is not None:
        case.resources.finance.cost = entry.council_funding
    case.partnership_register.added_to_register = True
    return agreement, case


@dataclass(frozen=True)
class _Draft:
    entry: RegisterEntry
    kind: str
    record: Record
    dest: Path

    @property
    def sent(self) -> Path:
        return self.dest.with_name(self.dest.stem + SENT_SUFFIX)


def _kinds(kinds: Sequence[str] | None) -> list[str]:
    chosen = list(DRAFT_FOLDERS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [k for k in chosen if k not in DRAFT_FOLDERS]
    if unknown or not chosen:
        raise RecordError(
            f"drafts are made of {', '.join(DRAFT_FOLDERS)} (not {', '.join(unknown) or 'nothing'})"
        )
    return chosen


def _plan_drafts(
    register: PartnershipRegister,
    out_dir: Path,
    priorities: list[Priority],
    kinds: list[str],
    profile: CouncilProfile | None,
) -> list[_Draft]:
    chosen = [e for p in priorities for e in register.listed if e.priority is p]
    drafts: list[_Draft] = []
    taken: dict[str, set[str]] = {kind: set() for kind in DRAFT_FOLDERS}
    for entry in chosen:
        agreement, case = draft_records(register, entry, profile)
        for kind, record in (("agreement", agreement), ("business-case", case)):
            if kind not in kinds:
                continue
            name = unique_filename(entry.name, ".docx", taken[kind])
            drafts.append(_Draft(entry, kind, record, out_dir / DRAFT_FOLDERS[kind] / name))
    return drafts


#: The start of a staging folder's name; the process id that made it follows.
STAGING_PREFIX = ".ptk-drafts-"


def _remove_abandoned_staging(out_dir: Path) -> None:
    """Remove the staging folders that runs killed part way left behind (their process is
    gone); a run still going in the same folder keeps its own."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        owner = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and _alive(int(owner)):
            continue
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest_bytes(rows: Iterable[Sequence[str]]) -> bytes:

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["file", "partnership", "priority", "kind", "sha256", "sent_record"])
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _render_batch(
    render_many: Any,
    records: list[Record],
    folder: Path,
    workers: int | None,
    progress: bool,
    profile: CouncilProfile | None = None,
) -> list[Path]:
    """render_many over the batch, drawing a progress bar on stderr when asked."""
    if not progress or not records:
        return list(render_many(records, folder, workers=workers, profile=profile))
    import sys

    total = len(records)
    step = max(1, -(-total // 40))
    paths: list[Path] = []
    for start in range(0, total, step):
        # Each chunk in its own sub-folder: render_many names files as it likes.
        chunk_folder = folder / f"{start:06d}"
        chunk = records[start : start + step]
        paths.extend(render_many(chunk, chunk_folder, workers=workers, profile=profile))
        done = len(paths)
        filled = round(30 * done / total)
        sys.stderr.write(f"\rdrafts [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        sys.stderr.flush()
    sys.stderr.write("\n")
    return paths


def generate_drafts(
    register: PartnershipRegister,
    out_dir: str | Path,
    *,
    priorities: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: bool = False,
    profile: CouncilProfile | None = None,
    style_from: str | Path | None = None,
) -> list[Path]:
    """A draft agreement and business case for each listed partnership of the chosen priorities.

    Writes ``agreements/NAME.docx`` and ``business-cases/NAME.docx`` under ``out_dir`` (only
    the ``kinds`` given: ``agreement``, ``business-case``; both by default), beside each the
    record it was made from (``NAME.sent.json``, to compare the return with), and a
    ``manifest.csv`` (file, partnership, priority, kind, SHA-256, sent record). ``priorities``
    default to the profile's ``draft_priorities``, else high and medium; ``profile`` gives the
    council's own words. Refuses with ``OutputExistsError``, before writing anything, when any of those
    files exists and ``force`` is not set. Returns the documents' paths, then the manifest's.
    ``style_from`` is the council's own Word template, whose styles the drafts take.
    """
    reference = style_reference(style_from)

    out_dir = Path(out_dir)
    if priorities is None and profile is not None:
        priorities = profile.draft_priorities
    chosen = _priorities(priorities)
    drafts = _plan_drafts(register, out_dir, chosen, _kinds(kinds), profile)
    manifest = out_dir / MANIFEST_NAME
    if not force:
        existing = [p for d in drafts for p in (d.dest, d.sent) if exists(p)]
        if exists(manifest):
            existing.append(manifest)
        if existing:
            shown = ", ".join(str(p) for p in existing[:3])
            more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
            raise OutputExistsError(
                f"{len(existing)} file{'s' if len(existing) != 1 else ''} already exist "
                f"({shown}{more}); nothing was written (use --force to overwrite)"
            )
    if exists(out_dir) and not out_dir.is_dir():
        raise OutputExistsError(f"{out_dir} exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_staging(out_dir)
        # Render into a staging folder beside the drafts, then move each file into place: a
        # failure part way leaves no half-made batch, and the names stay ours whatever
        # render_many picks. Its name carries our process id, so a later run can tell it was
        # abandoned by a killed run.
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as error:
        raise write_error(out_dir, error) from None
    try:
        rendered = _render_batch(
            functools.partial(render_many, style_from=reference),
            [d.record for d in drafts],
            staging,
            workers,
            progress,
            profile,
        )
        if len(rendered) != len(drafts):
            raise PtkError(f"rendering gave {len(rendered)} documents for {len(drafts)} drafts")
        for draft in drafts:
            draft.dest.parent.mkdir(parents=True, exist_ok=True)
        sent_staging = staging / "sent"
        for draft in drafts:
            record_json = draft.record.model_dump_json(indent=2) + "\n"
            folder = sent_staging / draft.kind
            folder.mkdir(parents=True, exist_ok=True)
            (folder / draft.sent.name).write_text(record_json, encoding="utf-8")
        if not force:
            clashes = [p for d in drafts for p in (d.dest, d.sent) if exists(p)]
            if clashes:
                raise OutputExistsError(
                    f"{clashes[0]} appeared while the drafts were made; nothing was written"
                )
        # The old manifest goes before any file moves and the new one is written last: a run
        # killed in between leaves no manifest whose checksums no longer match the files.
        if exists(manifest):
            manifest.unlink()
        for draft, path in zip(drafts, rendered, strict=True):
            os.replace(path, draft.dest)
            os.replace(sent_staging / draft.kind / draft.sent.name, draft.sent)
    except OSError as error:
        raise write_error(out_dir, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    rows = [
        (
            d.dest.relative_to(out_dir).as_posix(),
            d.entry.name,
            d.entry.priority.value if d.entry.priority else "",
            d.kind,
            _sha256(d.dest),
            d.sent.relative_to(out_dir).as_posix(),
        )
        for d in drafts
    ]
    atomic_write_bytes(manifest, _manifest_bytes(rows), force=True)
    return [d.dest for d in drafts] + [manifest]
