"""The one Finding type, and CheckReport, shared by the toolkit rules, assess and accessibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ptk_docs._io.signatures import SignatureCheck

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One thing a check found: a stable rule id, a severity, a message, and what it concerns.

    Every checker (the toolkit rules, assess, accessibility, the digital signatures) reports
    with this one type. ``heading`` is the seed's heading, ``field`` a field path
    (``signatures[1]`` for the second digital signature in a PDF).
    """

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
    #: The digital signatures of a PDF, in signing order ([] for an unsigned PDF); None when
    #: the source was not a PDF (nothing to verify).
    signatures: list[SignatureCheck] | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "findings": [f.to_json() for f in self.findings],
        }
        if self.signatures is not None:
            data["signatures"] = [s.to_json() for s in self.signatures]
        return data

    def to_text(self) -> str:
        counts = {
            s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")
        }
        title = {"agreement": "Partnership agreement", "business-case": "Business case"}.get(
            self.kind, self.kind.capitalize()
        )
        head = f"{title} {self.subject}".strip() if self.subject else title
        signed = self._signatures_text()
        if not self.findings:
            return f"{head}: meets the toolkit, nothing to report.\n{signed}"
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        lines = [f"{head}: {summary}", ""]
        for severity in ("error", "warning", "info"):
            for finding in (f for f in self.findings if f.severity == severity):
                where = finding.heading or finding.field or ""
                lines.append(f"  {severity.upper():<7} {finding.rule:<34} {finding.message}")
                if where and where not in finding.message:
                    lines.append(f"  {'':<7} {'':<34} ({where})")
        return "\n".join(lines) + "\n" + signed

    def _signatures_text(self) -> str:
        if not self.signatures:
            return ""
        lines = ["", "Digital signatures:"]
        for check in self.signatures:
            who = ", ".join(p for p in (check.signer_name, check.signer_organisation) if p)
            when = f" on {check.signed_at:%d %B %Y %H:%M %Z}".rstrip() if check.signed_at else ""
            verdict = "valid" if check.valid else f"NOT VALID: {check.problem}"
            lines.append(f"  {check.index}. {who or 'unknown signer'}{when}: {verdict}")
            lines.append(
                f"     integrity {check.coverage.value}; trust {check.trust.value}; "
                f"revocation {'checked' if check.revocation_checked else 'not checked'}"
            )
        return "\n".join(lines) + "\n"
