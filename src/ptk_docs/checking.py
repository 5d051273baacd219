"""Checking records and documents against the Partnership Toolkit: findings with stable rule ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .models import PartnershipRegister, Record

__all__ = ["CheckReport", "Finding", "check"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    heading: str | None = None
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }
        if self.heading is not None:
            data["heading"] = self.heading
        if self.field is not None:
            data["field"] = self.field
        return data


@dataclass
class CheckReport:
    kind: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "findings": [f.to_json() for f in self.findings]}

    def to_text(self) -> str:
        raise NotImplementedError("checking: issue 4")


def check(
    record_or_source: Record | str | Path,
    *,
    kind: str | None = None,
    register: PartnershipRegister | None = None,
) -> CheckReport:
    """Check a record, or a document/record file, against the toolkit."""
    raise NotImplementedError("checking: issue 4")
