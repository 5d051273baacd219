"""Judging, by content, which of the 19 agreement headings an existing document addresses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["Assessment", "HeadingVerdict", "assess"]

Verdict = Literal["addressed", "partly", "not-addressed"]


@dataclass(frozen=True)
class HeadingVerdict:
    heading: str
    verdict: Verdict
    section_title: str = ""
    quote: str = ""
    location: str = ""
    score: float = 0.0


@dataclass
class Assessment:
    source: str
    verdicts: list[HeadingVerdict] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError("assessing: issue 7")

    def to_text(self) -> str:
        raise NotImplementedError("assessing: issue 7")


def assess(source: str | Path) -> Assessment:
    raise NotImplementedError("assessing: issue 7")
