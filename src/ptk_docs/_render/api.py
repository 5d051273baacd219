"""Records into Word documents (and PDFs through LibreOffice): render, render_many, blank.

``render_docx`` is the engine every document goes through (the committee report's too): a
docxtpl template filled with escaping always on, the record embedded as a custom XML part with
the ptk_docs version and the template's name and SHA-256, a deterministic package (fixed
timestamps and order: the same record and template give the same bytes) written atomically,
never over an existing file unless ``force``. Templates are compiled once per process and their
unchanged parts reused, which is what makes batches fast (see ``_engine``).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO, overload

from ptk_docs._errors import RecordError, TemplateError
from ptk_docs._io.files import atomic_write_bytes, check_writable, unique_filename
from ptk_docs._io.libreoffice import convert_docx_bytes, write_pdfs
from ptk_docs._io.register_files import export_register
from ptk_docs._records._base import Record
from ptk_docs._records.profile import CouncilProfile
from ptk_docs._records.register import PartnershipRegister
from ptk_docs._records.report import CommitteeReport
from ptk_docs._render.appendices import AppendixSpec, appendix_bytes, register_appendix
from ptk_docs._render.documents import (
    blank_bytes,
    document_bytes,
)
from ptk_docs._render.report import render_report
from ptk_docs._render.style import ReferenceStyle, apply_reference, reference_style
from ptk_docs._toolkit.required import missing_required

_SUFFIXES = (".docx", ".pdf")


def _write_document(dest: Path, data: bytes, *, force: bool) -> Path:
    # Not fsynced: a lost document is re-made from its record, and on a shared disk an fsync
    # costs ten times the render.
    return atomic_write_bytes(dest, data, force=force, durable=False)


def _suffix(dest: Path) -> str:
    suffix = dest.suffix.lower()
    if suffix not in _SUFFIXES:
        raise TemplateError(f"cannot write '{dest.name}': the output must end in .docx or .pdf")
    return suffix


def style_reference(style_from: str | Path | ReferenceStyle | None) -> ReferenceStyle | None:
    """The council's styles from ``style_from`` (a .docx path), read once; None for ptk's own."""
    if style_from is None or isinstance(style_from, ReferenceStyle):
        return style_from
    return reference_style(style_from)


def check_final(record: Record) -> None:
    """Refuse a final document (for signature) while answers the toolkit requires are empty.

    A ``RecordError`` lists every missing field path at once.
    """
    missing = missing_required(record)
    if missing:
        raise RecordError(
            f"cannot make the final {record.record_kind}: {len(missing)} required "
            f"{'answer is' if len(missing) == 1 else 'answers are'} empty: {', '.join(missing)}"
        )


def render_bytes(
    record: Record,
    *,
    template: str | Path | None = None,
    profile: CouncilProfile | None = None,
) -> bytes:
    """The ``.docx`` bytes of ``record``'s document, in memory (for a web app or an email).

    The same bytes ``render`` writes to a file; a committee report or a register is made with
    ``render`` (it joins documents on disk).
    """
    if not isinstance(record, Record):
        raise RecordError(f"expected a ptk record, got {type(record).__name__}")
    if isinstance(record, CommitteeReport | PartnershipRegister) and template is None:
        raise TemplateError(
            f"a {record.record_kind} is made by render() into a file (it joins documents on disk)"
        )
    return document_bytes(record, template, profile)


@overload
def render(
    record: Record,
    dest: str | Path,
    *,
    template: str | Path | None = None,
    force: bool = False,
    register: PartnershipRegister | None = None,
    profile: CouncilProfile | None = None,
    style_from: str | Path | None = None,
    final: bool = False,
) -> Path: ...


@overload
def render(
    record: Record,
    dest: BinaryIO,
    *,
    template: str | Path | None = None,
    force: bool = False,
    register: PartnershipRegister | None = None,
    profile: CouncilProfile | None = None,
    style_from: str | Path | None = None,
    final: bool = False,
) -> BinaryIO: ...


def render(
    record: Record,
    dest: str | Path | BinaryIO,
    *,
    template: str | Path | None = None,
    force: bool = False,
    register: PartnershipRegister | None = None,
    profile: CouncilProfile | None = None,
    style_from: str | Path | None = None,
    final: bool = False,
) -> Path | BinaryIO:
    """Write one document for ``record`` to ``dest``; ``.pdf`` converts through LibreOffice.

    ``dest`` is a path, or a binary file object (``io.BytesIO``, an open file) that receives
    the ``.docx`` bytes and is returned. A custom ``template`` is linted against the record's
    model first (every unknown variable and syntax error at once, with its place) and filled in
    a sandboxed Jinja environment. ``register`` is for a committee report: its figures and
    register appendix come from it. ``profile`` gives the council's own words.
    ``style_from`` is the council's own Word template (or any .docx in its house style): its
    fonts, colours and heading, table and list styles replace ptk's. ``final`` is for a
    document going for signature: it refuses, listing every one, while required answers are
    empty.
    """
    if not isinstance(record, Record):
        raise RecordError(f"expected a ptk record, got {type(record).__name__}")
    if final:
        check_final(record)
    reference = style_reference(style_from)
    if not isinstance(dest, str | Path):
        if isinstance(record, PartnershipRegister) and template is None:
            raise TemplateError("a register is rendered into a file, not a file object")
        dest.write(
            apply_reference(render_bytes(record, template=template, profile=profile), reference)
        )
        return dest
    dest = Path(dest)
    suffix = _suffix(dest)
    check_writable(dest, force=force)
    if isinstance(record, CommitteeReport) and template is None:
        # The committee report has its own builder (numbered paragraphs, joined appendices).
        return Path(
            render_report(
                record,
                dest,
                register=register,
                force=force,
                style_from=reference,
                profile=profile,
            )
        )
    if isinstance(record, PartnershipRegister) and template is None:
        # The register as a document is the committee report's register appendix on its own.
        data = apply_reference(register_bytes(record), reference)
        if suffix == ".pdf":
            return write_pdfs([(None, data, dest)], force=force)[0]
        return _write_document(dest, data, force=force)
    data = apply_reference(document_bytes(record, template, profile), reference)
    if suffix == ".pdf":
        pdfs: list[Path] = write_pdfs([(record, data, dest)], force=force)
        return pdfs[0]
    return _write_document(dest, data, force=force)


def _name_for(record: Record, taken: set[str], suffix: str) -> str:
    name = str(
        getattr(record, "partnership_name", "") or getattr(record, "title", "") or "document"
    )
    return unique_filename(f"{name} - {record.record_kind}", suffix, taken)


def _render_chunk(
    jobs: list[tuple[Record, str]],
    out_dir: str,
    force: bool,
    profile: CouncilProfile | None,
    reference: ReferenceStyle | None = None,
) -> list[str]:
    out = []
    for record, name in jobs:
        dest = Path(out_dir) / name
        data = apply_reference(document_bytes(record, None, profile), reference)
        _write_document(dest, data, force=force)
        out.append(str(dest))
    return out


def render_many(
    records: Iterable[Record],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    progress: bool = False,
    force: bool = False,
    suffix: str = ".docx",
    profile: CouncilProfile | None = None,
    style_from: str | Path | ReferenceStyle | None = None,
) -> list[Path]:
    """Render a batch into ``out_dir`` with safe, unique file names; returns the paths.

    Each template is compiled once for the whole batch. ``.pdf`` renders every document first
    and converts them all with one LibreOffice process. ``workers`` > 1 splits a .docx batch
    over processes (worth it only for thousands of documents: one render takes about a
    millisecond). ``style_from`` (a council's .docx) is read once and applied to every document.
    """
    reference = style_reference(style_from)
    out = Path(out_dir)
    suffix = suffix if suffix.startswith(".") else f".{suffix}"
    if suffix.lower() not in _SUFFIXES:
        raise TemplateError(f"cannot write '{suffix}' files: use .docx or .pdf")
    taken: set[str] = set()
    if suffix == ".pdf" or (workers and workers > 1) or isinstance(records, Sequence):
        # Known in advance: every name is checked before anything is written.
        jobs = [(_batch_record(record), _name_for(record, taken, suffix)) for record in records]
        for _, name in jobs:
            check_writable(out / name, force=force)
        out.mkdir(parents=True, exist_ok=True)
        if suffix == ".pdf":
            batch = [
                (r, apply_reference(document_bytes(r, None, profile), reference), out / name)
                for r, name in jobs
            ]
            written: list[Path] = write_pdfs(batch, force=force, progress=progress)
            return written
        if workers and workers > 1 and len(jobs) >= 4 * workers:
            size = -(-len(jobs) // workers)
            chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                done = pool.map(
                    _render_chunk,
                    chunks,
                    [str(out)] * len(chunks),
                    [force] * len(chunks),
                    [profile] * len(chunks),
                    [reference] * len(chunks),
                )
                return [Path(p) for paths in done for p in paths]
        stream: Iterable[tuple[Record, str]] = jobs
    else:
        # A generator is rendered as it comes, so memory stays flat however long the batch.
        out.mkdir(parents=True, exist_ok=True)
        stream = ((_batch_record(r), _name_for(r, taken, suffix)) for r in records)
    paths: list[Path] = []
    for index, (record, name) in enumerate(stream, start=1):
        data = apply_reference(document_bytes(record, None, profile), reference)
        paths.append(_write_document(out / name, data, force=force))
        if progress and index % 100 == 0:
            print(f"rendered {index} documents", file=sys.stderr)
    if progress:
        print(f"rendered {len(paths)} documents into {out}", file=sys.stderr)
    return paths


def _batch_record(record: Record) -> Record:
    if not isinstance(record, Record):
        raise RecordError(f"expected a ptk record, got {type(record).__name__}")
    if isinstance(record, CommitteeReport | PartnershipRegister):
        raise TemplateError(
            f"render a {record.record_kind} on its own with render() (it joins documents on disk)"
        )
    return record


def register_bytes(register: PartnershipRegister) -> bytes:
    """The register as a document of its own: the register appendix, titled for the council."""
    title = (
        f"{register.council} Partnership Register" if register.council else "Partnership Register"
    )
    spec = AppendixSpec(
        number=1, title=title, numbered=False, council=register.council, as_at=register.as_at
    )
    return appendix_bytes(register_appendix(spec, register), spec)


#: Why ``blank`` refuses a kind, where a blank document of it makes no sense.
BLANK_REFUSED = {
    "report": (
        "a committee report is written for one meeting, its figures computed from the register: "
        "start from a report record and run ptk report"
    ),
}


def blank(
    kind: str,
    dest: str | Path,
    *,
    force: bool = False,
    profile: CouncilProfile | None = None,
    style_from: str | Path | None = None,
) -> Path:
    """Write an empty document of ``kind`` for an officer to complete by hand.

    ``register`` writes an empty register workbook (``.xlsx`` or ``.csv``); a blank ``report``
    is refused with the reason (``BLANK_REFUSED``).
    """
    dest = Path(dest)
    if kind in BLANK_REFUSED:
        raise TemplateError(f"no blank {kind}: {BLANK_REFUSED[kind]}")
    if kind == "register":
        council = profile.council if profile is not None else ""
        return export_register(PartnershipRegister(council=council), dest, force=force)
    suffix = _suffix(dest)
    check_writable(dest, force=force)
    data = apply_reference(blank_bytes(kind, profile), style_reference(style_from))
    if suffix == ".pdf":
        with tempfile.TemporaryDirectory(prefix="ptk-blank-") as folder:
            pdf = convert_docx_bytes(data, Path(folder))
            return _write_document(dest, pdf, force=force)
    return _write_document(dest, data, force=force)
