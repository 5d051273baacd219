"""The one Finding type, and CheckReport, shared by the toolkit rules, assess and accessibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    pass


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
    #: What was checked: the file name, or the partnership's name for a record.
    subject: str = ""

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "findings": [f.to_json() for f in self.findings]}

    def to_text(self) -> str:
        counts = {
            s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")
        }
        title = {"agreement": "Partnership agreement", "business-case": "Business case"}.get(
            self.kind, self.kind.capitalize()
        )
        head = f"{title} {self.subject}".strip() if self.subject else title
        if not self.findings:
            return f"{head}: meets the toolkit, nothing to report.\n"
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        lines = [f"{head}: {summary}", ""]
        for severity in ("error", "warning", "info"):
            for finding in (f for f in self.findings if f.severity == severity):
                where = finding.heading or finding.field or ""
                lines.append(f"  {severity.upper():<7} {finding.rule:<34} {finding.message}")
                if where and where not in finding.message:
                    lines.append(f"  {'':<7} {'':<34} ({where})")
        return "\n".join(lines) + "\n"
