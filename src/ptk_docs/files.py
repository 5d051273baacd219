"""Safe writing: atomic replace, no silent overwrite, and safe file names from partnership names."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputExistsError

__all__ = ["atomic_write", "atomic_write_bytes", "check_writable", "safe_filename"]

# Names Windows refuses whatever the extension (council shared drives are Windows).
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()&+,'-]+")
MAX_STEM = 120


def safe_filename(name: str, suffix: str = "", *, max_length: int = MAX_STEM) -> str:
    """A file name made from a partnership name: no path separators, no reserved names.

    ``../../etc/x`` becomes ``etc-x``, ``CON`` becomes ``CON_``; accents are folded to ASCII;
    the stem is cut to ``max_length`` characters. Never empty.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", folded)
    stem = re.sub(r"-{2,}", "-", stem).strip(" .-_")
    stem = re.sub(r"\s+", " ", stem)[:max_length].rstrip(" .-")
    if not stem:
        stem = "partnership"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem += "_"
    return stem + suffix


def check_writable(dest: Path, *, force: bool) -> None:
    """Refuse (``OutputExistsError``) when ``dest`` exists and ``force`` is not set."""
    if dest.exists() and not force:
        raise OutputExistsError(f"{dest} already exists (use --force to overwrite it)")


@contextlib.contextmanager
def atomic_write(dest: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it replaces ``dest`` in one step.

    If the block fails (or the process dies) ``dest`` is untouched and the temporary file is
    removed (or, after SIGKILL, left with a ``.ptk-tmp`` name no reader mistakes for a document).
    """
    dest = Path(dest)
    check_writable(dest, force=force)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".ptk-tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not force and dest.exists():
            raise OutputExistsError(f"{dest} already exists (use --force to overwrite it)")
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(dest: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``dest`` atomically; refuse to overwrite unless ``force``."""
    with atomic_write(dest, force=force) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(dest)
