"""Records into Word documents (and PDFs through LibreOffice): render, render_many, blank.

``render_docx`` is the engine every document goes through (the committee report's too): a
docxtpl template filled with escaping always on, the record embedded as a custom XML part with
the ptk_docs version and the template's name and SHA-256, a deterministic package (fixed
timestamps and order: the same record and template give the same bytes) written atomically,
never over an existing file unless ``force``. Templates are compiled once per process and their
unchanged parts reused, which is what makes batches fast (see ``_engine``).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import itertools
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

from ._context import blank_context, record_context
from ._engine import compiled, record_part
from .errors import RecordError, TemplateError
from .files import check_writable, safe_filename
from .models import KINDS, CommitteeReport, PartnershipRegister, Record, model_for_kind

__all__ = ["blank", "builtin_template", "render", "render_docx", "render_many", "template_context"]

#: The kinds ptk ships a template for (the committee report is built by ``report_doc``).
BUILTIN_TEMPLATES = {"agreement": "agreement.docx", "business-case": "business-case.docx"}
_SUFFIXES = (".docx", ".pdf")


@functools.cache
def _templates_folder() -> Path:
    return Path(str(resources.files("ptk_docs.templates"))).resolve()


def builtin_template(kind: str) -> Path:
    """The packaged template for ``kind`` (``agreement`` or ``business-case``)."""
    try:
        name = BUILTIN_TEMPLATES[kind]
    except KeyError:
        raise TemplateError(
            f"ptk has no built-in template for '{kind}' "
            f"(it has: {', '.join(BUILTIN_TEMPLATES)}); give your own with --template"
        ) from None
    return _templates_folder() / name


def _is_builtin(path: Path) -> bool:
    folder = _templates_folder()
    return path.parent == folder or path.resolve().parent == folder


def _version() -> str:
    from . import __version__

    return __version__


def template_context(record: Record) -> dict[str, Any]:
    """The values a template sees for ``record`` (formatted dates and money, blank prompts)."""
    return record_context(record)


def _render_bytes(
    template: Path,
    context: Mapping[str, Any],
    *,
    record: Record | None,
    template_name: str | None,
    check_values: bool = False,
) -> bytes:
    engine = compiled(template, sandboxed=not _is_builtin(template), name=template_name)
    name = template_name or template.name
    part = (
        record_part(record, template_name=name, template_sha256=engine.sha256, version=_version())
        if record is not None
        else None
    )
    with _gc_paused():
        return engine.render(context, part, check_values=check_values)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during one render.

    A render makes many short-lived strings and no cycles; the collector, set off by the
    allocations, would walk every live object again and again (a quarter of the time of a
    10,000-row table).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def render_docx(
    template: str | Path,
    context: Mapping[str, Any],
    dest: str | Path,
    *,
    record: Record | None = None,
    template_name: str | None = None,
    force: bool = False,
) -> Path:
    """Fill a docxtpl ``template`` with ``context`` into ``dest`` (.docx), embedding ``record``.

    Templates outside ptk's own folder render in a sandboxed Jinja environment. Escaping is
    always on; a value with a character XML cannot carry is a ``RecordError``. ``OutputExistsError`` when ``dest`` exists and ``force`` is not set;
    ``TemplateError`` for a template that cannot be filled.
    """
    dest = Path(dest)
    check_writable(dest, force=force)
    data = _render_bytes(
        Path(template), context, record=record, template_name=template_name, check_values=True
    )
    return _write(dest, data, force=force)


_TEMP_NAMES = itertools.count()


def _write(dest: Path, data: bytes, *, force: bool) -> Path:
    """Write ``data`` to ``dest`` through a temporary file renamed into place.

    The contract of ``files.atomic_write`` (a reader, or a crash, never sees half a document;
    the temporary name ends ``.ptk-tmp``; an existing file is kept unless ``force``) in four
    system calls, which matters in a batch of thousands. Not fsynced: on a shared disk an
    fsync costs 2-13 ms, ten times the render, and a lost draft is re-rendered from its record.
    """
    check_writable(dest, force=force)
    folder = dest.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{dest.name}.{os.getpid()}-{next(_TEMP_NAMES)}.ptk-tmp"
    try:
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        if not force and dest.exists():
            check_writable(dest, force=False)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return dest


def _suffix(dest: Path) -> str:
    suffix = dest.suffix.lower()
    if suffix not in _SUFFIXES:
        raise TemplateError(f"cannot write '{dest.name}': the output must end in .docx or .pdf")
    return suffix


def _document_bytes(record: Record, template: str | Path | None) -> bytes:
    """The .docx bytes for ``record`` with its built-in template or a linted custom one."""
    if template is None:
        path = builtin_template(record.record_kind)
    else:
        from .template_lint import check_template

        path = Path(template)
        check_template(path, type(record))
    with _gc_paused():
        return _render_bytes(path, record_context(record), record=record, template_name=None)


def render(
    record: Record,
    dest: str | Path,
    *,
    template: str | Path | None = None,
    force: bool = False,
    register: PartnershipRegister | None = None,
) -> Path:
    """Write one document for ``record`` to ``dest``; ``.pdf`` converts through LibreOffice.

    A custom ``template`` is linted against the record's model first (every unknown variable
    and syntax error at once, with its place) and filled in a sandboxed Jinja environment.
    ``register`` is for a committee report: its figures and register appendix come from it.
    """
    if not isinstance(record, Record):
        raise RecordError(f"expected a ptk record, got {type(record).__name__}")
    dest = Path(dest)
    suffix = _suffix(dest)
    check_writable(dest, force=force)
    if isinstance(record, CommitteeReport) and template is None:
        # The committee report has its own builder (numbered paragraphs, joined appendices).
        report_doc = importlib.import_module("ptk_docs.report_doc")
        return Path(report_doc.render_report(record, dest, register=register, force=force))
    if suffix == ".pdf":
        from .convert import write_pdfs

        pdfs: list[Path] = write_pdfs(
            [(record, _document_bytes(record, template), dest)], force=force
        )
        return pdfs[0]
    return _write(dest, _document_bytes(record, template), force=force)


def _name_for(record: Record, taken: set[str], suffix: str) -> str:
    name = str(
        getattr(record, "partnership_name", "") or getattr(record, "title", "") or "document"
    )
    stem = safe_filename(f"{name} - {record.record_kind}")
    candidate = stem + suffix
    number = 2
    while candidate.casefold() in taken:
        candidate = f"{stem} ({number}){suffix}"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _render_chunk(jobs: list[tuple[Record, str]], out_dir: str, force: bool) -> list[str]:
    out = []
    for record, name in jobs:
        dest = Path(out_dir) / name
        _write(dest, _document_bytes(record, None), force=force)
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
) -> list[Path]:
    """Render a batch into ``out_dir`` with safe, unique file names; returns the paths.

    Each template is compiled once for the whole batch. ``.pdf`` renders every document first
    and converts them all with one LibreOffice process. ``workers`` > 1 splits a .docx batch
    over processes (worth it only for thousands of documents: one render takes about a
    millisecond).
    """
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
            from .convert import write_pdfs

            batch = [(r, _document_bytes(r, None), out / name) for r, name in jobs]
            written: list[Path] = write_pdfs(batch, force=force, progress=progress)
            return written
        if workers and workers > 1 and len(jobs) >= 4 * workers:
            size = -(-len(jobs) // workers)
            chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                done = pool.map(
                    _render_chunk, chunks, [str(out)] * len(chunks), [force] * len(chunks)
                )
                return [Path(p) for paths in done for p in paths]
        stream: Iterable[tuple[Record, str]] = jobs
    else:
        # A generator is rendered as it comes, so memory stays flat however long the batch.
        out.mkdir(parents=True, exist_ok=True)
        stream = ((_batch_record(r), _name_for(r, taken, suffix)) for r in records)
    paths: list[Path] = []
    for index, (record, name) in enumerate(stream, start=1):
        paths.append(_write(out / name, _document_bytes(record, None), force=force))
        if progress and index % 100 == 0:
            print(f"rendered {index} documents", file=sys.stderr)
    if progress:
        print(f"rendered {len(paths)} documents into {out}", file=sys.stderr)
    return paths


def _batch_record(record: Record) -> Record:
    if not isinstance(record, Record):
        raise RecordError(f"expected a ptk record, got {type(record).__name__}")
    if isinstance(record, CommitteeReport):
        raise TemplateError("render committee reports one at a time with render()")
    return record


def blank(kind: str, dest: str | Path, *, force: bool = False) -> Path:
    """Write an empty document of ``kind`` for an officer to complete by hand."""
    model = model_for_kind(kind)
    if kind not in BUILTIN_TEMPLATES:
        raise TemplateError(
            f"ptk has no blank form for '{kind}' (it has: {', '.join(BUILTIN_TEMPLATES)})"
        )
    template = builtin_template(kind)
    dest = Path(dest)
    suffix = _suffix(dest)
    check_writable(dest, force=force)
    data = _render_bytes(template, blank_context(model), record=None, template_name=None)
    if suffix == ".pdf":
        from .convert import convert_docx_bytes

        with tempfile.TemporaryDirectory(prefix="ptk-blank-") as folder:
            pdf = convert_docx_bytes(data, Path(folder))
            return _write(dest, pdf, force=force)
    return _write(dest, data, force=force)


assert set(BUILTIN_TEMPLATES) <= set(KINDS)
