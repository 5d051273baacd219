"""Word documents into tagged PDFs with LibreOffice headless, the record attached to each PDF.

One ``soffice`` process converts a whole batch (starting LibreOffice costs most of a second).
Its profile is ptk's own, never the officer's: a folder kept in ptk's cache (mode 0700, owned
by the user, checked before each use) so that LibreOffice does not build a new profile on every
run, locked while a conversion uses it; a run that finds it busy or unsafe uses a throwaway one. The PDF is tagged (structure for screen
readers, PDF/UA where LibreOffice can) and carries the record as an embedded file named
:data:`ptk_docs.layout.PDF_ATTACHMENT_NAME`, so the parser can read it back exactly.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ptk_docs._errors import ConversionError
from ptk_docs._io.envelope import attach_record, docx_envelope
from ptk_docs._io.files import atomic_write_bytes, check_writable
from ptk_docs._records._base import Record

#: LibreOffice's PDF export options (JSON form, LibreOffice 7.4+): tagged, with bookmarks
#: from the headings, the document title shown in the window, PDF/UA checks on.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"},'
    '"ExportFormFields":{"type":"boolean","value":"false"}}'
)

#: Seconds allowed for starting LibreOffice, and for each document after that.
START_SECONDS = 90

SECONDS_PER_DOCUMENT = 20


def find_soffice() -> str:
    """The LibreOffice program, or ``ConversionError`` saying how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(
        "PDF output needs LibreOffice, which is not installed (install LibreOffice Writer, "
        "e.g. 'apt-get install libreoffice-writer-nogui', or write a .docx instead)"
    )


@contextlib.contextmanager
def _profile() -> Iterator[str]:
    """A LibreOffice profile folder for one run: ptk's kept one when it is free and safe,
    else a throwaway one (another conversion is using it, or the cache is off or unsafe)."""
    kept = _kept_profile()
    lock = _lock(kept) if kept is not None else None
    if kept is None or lock is None:
        with tempfile.TemporaryDirectory(prefix=f"ptk-lo-profile-{os.getpid()}-") as throwaway:
            yield throwaway
        return
    try:
        yield str(kept)
    except BaseException:
        # A profile left by a failed run may be what failed: the next run starts anew.
        shutil.rmtree(kept, ignore_errors=True)
        raise
    finally:
        lock.close()  # closing the file releases the lock


def _lock(profile: Path) -> Any:
    """The profile's lock file, locked for this run; None when another run holds it."""
    try:
        import fcntl  # POSIX only: elsewhere every run has a throwaway profile
    except ImportError:
        return None
    try:
        lock = open(profile.parent / f"{profile.name}.lock", "a+b")  # noqa: SIM115
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock


def _kept_profile() -> Path | None:
    """ptk's LibreOffice profile under its cache folder (``PTK_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/ptk_docs`` or ``~/.cache/ptk_docs``; ``PTK_CACHE_DIR=off`` keeps none):
    made with mode 0700, and used only while it and its parent belong to this user and no one
    else can write to them (LibreOffice runs what its profile holds: macros, settings)."""
    configured = os.environ.get("PTK_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "no"):
            return None
        base = Path(configured)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ptk_docs"
    folder = base / "libreoffice-profile"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        uid = os.getuid()
        for path, private in ((base, False), (folder, True)):
            stat = path.lstat()
            unsafe = 0o077 if private else 0o022
            if not path.is_dir() or path.is_symlink() or stat.st_uid != uid:
                return None
            if stat.st_mode & unsafe:
                return None
    except (OSError, AttributeError):  # AttributeError: no os.getuid (Windows)
        return None
    return folder


def to_pdf(documents: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert ``.docx`` files into ``out_dir`` with one LibreOffice process; the PDFs' paths."""
    return convert_files(documents, out_dir, PDF_FILTER)


def convert_files(
    documents: Sequence[Path], out_dir: Path, target: str, *, timeout: float | None = None
) -> list[Path]:
    """Convert files with one headless LibreOffice process (its own throwaway profile, so runs
    in parallel do not collide): ``target`` is LibreOffice's ``--convert-to`` argument
    (``pdf``, ``docx``, ``docx:MS Word 2007 XML``, ``doc:MS Word 97``). Returns the converted
    files' paths; ``ConversionError`` when LibreOffice is missing, fails or is too slow."""
    soffice = find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    extension = target.split(":")[0]
    with _profile() as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            *(str(d) for d in documents),
        ]
        if timeout is None:
            timeout = START_SECONDS + SECONDS_PER_DOCUMENT * len(documents)
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "HOME": profile},
            )
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice did not finish converting {len(documents)} document(s) "
                f"within {timeout:g} seconds"
            ) from None
        except OSError as error:
            raise ConversionError(f"cannot run LibreOffice ({soffice}): {error}") from None
    converted = [out_dir / f"{d.stem}.{extension}" for d in documents]
    missing = [Path(d).name for d, c in zip(documents, converted, strict=True) if not c.exists()]
    if missing:
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        last = detail.splitlines()[-1] if detail else f"exit status {result.returncode}"
        raise ConversionError(f"LibreOffice could not convert {', '.join(missing)}: {last}")
    return converted


def write_pdfs(
    batch: Sequence[tuple[Record | None, bytes, Path]],
    *,
    force: bool = False,
    progress: bool = False,
) -> list[Path]:
    """Convert each ``(record, docx bytes, dest)``: one LibreOffice run, each PDF written atomically."""
    for _, _, dest in batch:
        check_writable(dest, force=force)
    find_soffice()
    with tempfile.TemporaryDirectory(prefix="ptk-pdf-") as folder:
        work = Path(folder)
        sources = []
        for index, (_, data, _) in enumerate(batch):
            source = work / f"document-{index:06d}.docx"
            source.write_bytes(data)
            sources.append(source)
        if progress:
            print(f"converting {len(sources)} document(s) with LibreOffice", file=sys.stderr)
        pdfs = to_pdf(sources, work / "pdf")
        return [
            atomic_write_bytes(
                dest,
                attach_record(
                    pdf.read_bytes(), docx_envelope(data) if record is not None else None
                ),
                force=force,
            )
            for (record, data, dest), pdf in zip(batch, pdfs, strict=True)
        ]


def convert_docx_bytes(data: bytes, folder: Path) -> bytes:
    """The PDF of one document given as bytes (no record attached)."""
    source = folder / "document.docx"
    source.write_bytes(data)
    return to_pdf([source], folder / "pdf")[0].read_bytes()
