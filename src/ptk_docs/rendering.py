"""Records into Word documents (and PDFs through LibreOffice): render, render_many, blank."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .models import Record

__all__ = ["blank", "render", "render_many"]


def render(
    record: Record, dest: str | Path, *, template: str | Path | None = None, force: bool = False
) -> Path:
    """Write one document for ``record`` to ``dest``; ``.pdf`` converts through LibreOffice."""
    raise NotImplementedError("rendering: issue 3")


def render_many(
    records: Iterable[Record],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    progress: bool = False,
    force: bool = False,
    suffix: str = ".docx",
) -> list[Path]:
    """Render a batch into ``out_dir`` with safe, unique file names; returns the paths."""
    raise NotImplementedError("rendering: issue 3")


def blank(kind: str, dest: str | Path, *, force: bool = False) -> Path:
    """Write an empty document of ``kind`` for an officer to complete by hand."""
    raise NotImplementedError("rendering: issue 3")
