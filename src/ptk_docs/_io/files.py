"""Safe writing: atomic replace, no silent overwrite, and safe file names from partnership names."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ptk_docs._errors import OutputExistsError

# Names Windows refuses whatever the extension (council shared drives are Windows). COM0 and
# LPT0 are refused by current Windows too; superscript digits fold to these under NFKD.
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(10)
}

_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()&+,'-]+")

MAX_STEM = 120

#: What a temporary file ends with while it is written; never a name a reader would open.
TEMPORARY_SUFFIX = ".ptk-tmp"


def safe_filename(name: str, suffix: str = "", *, max_length: int = MAX_STEM) -> str:
    """A file name made from a partnership name: no path separators, no reserved names.

    ``../../etc/x`` becomes ``etc-x``; ``CON`` becomes ``CON_`` and ``aux.txt`` ``aux_.txt``
    (Windows reserves those names whatever follows the dot); accents are folded to ASCII;
    characters Windows or a shell would trip on become ``-``; no leading dot (a hidden file)
    and no trailing dot or space (Windows drops them); the stem is cut to ``max_length``
    characters. Never empty: a name with nothing usable becomes ``partnership``.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", re.sub(r"\s+", " ", folded))
    stem = re.sub(r"-{2,}", "-", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(" .-_")
    stem = stem[:max_length].rstrip(" .-")
    if not stem:
        stem = "partnership"
    head, dot, tail = stem.partition(".")
    if head.strip().upper() in _WINDOWS_RESERVED:
        stem = f"{head.strip()}_{dot}{tail}"
    return stem + suffix


def unique_filename(name: str, suffix: str, taken: set[str], *, max_length: int = MAX_STEM) -> str:
    """A safe file name for ``name``, unique in a folder even where case is ignored.

    ``taken`` holds the case-folded names already used and gains the new one. Names that come
    out the same (``Anytown Homes`` and ``ANYTOWN HOMES``, ``A/B`` and ``A-B``, or two long names
    that differ only after the cut) get `` (2)``, `` (3)``, ... in the order asked, so the same
    list always gives the same names. Council shares are case-insensitive, hence the folding.
    """
    stem = safe_filename(name, "", max_length=max_length)
    candidate = stem + suffix
    number = 1
    while candidate.casefold() in taken:
        number += 1
        mark = f" ({number})"
        candidate = stem[: max_length - len(mark)].rstrip(" .-") + mark + suffix
    taken.add(candidate.casefold())
    return candidate


def check_writable(dest: Path, *, force: bool) -> None:
    """Refuse (``OutputExistsError``) when ``dest`` exists and ``force`` is not set."""
    # lexists: a dangling symbolic link counts as existing (writing through it would create
    # a file wherever it points).
    if not force and os.path.lexists(dest):
        raise OutputExistsError(f"{dest} already exists (use --force to overwrite it)")


def _temporary_beside(dest: Path) -> Path:
    """Create an empty temporary file in ``dest``'s folder with the usual permissions.

    ``os.open`` with mode 0o666 lets the umask decide, as for any file the user creates
    (``tempfile.mkstemp`` would make it readable by its owner only, which on a shared drive
    hides the document from colleagues). The name starts with a dot and ends with
    ``.ptk-tmp``, so a file left by a killed process is never taken for a document.
    """
    for _ in range(100):
        tmp = dest.parent / f".{dest.name[:80]}.{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise OSError(errno.EEXIST, "could not create a temporary file", str(dest.parent))


def _publish(tmp: Path, dest: Path, *, force: bool) -> None:
    """Give the finished temporary file its real name in one step.

    Without ``force`` a hard link makes the name only if nothing holds it yet, so a file that
    appeared while we wrote is not overwritten either; file systems without hard links fall
    back to check-then-rename.
    """
    if force:
        os.replace(tmp, dest)
        return
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise OutputExistsError(f"{dest} already exists (use --force to overwrite it)") from None
    except OSError:
        check_writable(dest, force=False)
        os.replace(tmp, dest)
        return
    tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_write(dest: Path, *, force: bool = False, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it becomes ``dest`` in one step.

    ``dest`` is never seen half-written: if the block fails ``dest`` is untouched and the
    temporary file is removed; after SIGKILL or a power cut only a hidden ``.ptk-tmp`` file can
    be left. An existing ``dest`` is refused (``OutputExistsError``) before anything is
    written, and again at the end, unless ``force``.
    """
    dest = Path(dest)
    check_writable(dest, force=force)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_beside(dest)
    try:
        yield tmp
        _publish(tmp, dest, force=force)
        if durable:
            _sync_folder(dest.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(
    dest: Path, data: bytes, *, force: bool = False, durable: bool = True
) -> Path:
    """Write ``data`` to ``dest`` atomically; refuse to overwrite unless ``force``.

    ``durable=False`` skips the fsyncs: for documents re-made from their records in a batch of
    thousands, where on a shared disk an fsync costs ten times the render. The file is still
    never seen half-written.
    """
    with atomic_write(dest, force=force, durable=durable) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    return Path(dest)
