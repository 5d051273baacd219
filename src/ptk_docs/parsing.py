"""Completed documents (.docx, .pdf) read back into records: parse and ParseResult."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import Record

__all__ = ["ParseResult", "parse"]


@dataclass
class ParseResult:
    """What was read from a document, where each value came from, and what was left over."""

    kind: str
    record: Record
    provenance: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "record": self.record.model_dump(mode="json"),
            "provenance": self.provenance,
            "warnings": self.warnings,
            "unmapped": self.unmapped,
            "missing": self.missing,
            "changes": self.changes,
        }


def parse(source: str | Path, *, kind: str | None = None, strict: bool = False) -> ParseResult:
    """Read ``source`` (.docx or .pdf) back into a record."""
    raise NotImplementedError("parsing: issue 4")
