"""The yearly cycle: drafts for a register, the committee report, reviews falling due."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import CommitteeReport, PartnershipRegister, RegisterEntry

__all__ = ["DueReviews", "build_report", "due_reviews", "generate_drafts"]


@dataclass
class DueReviews:
    overdue: list[RegisterEntry] = field(default_factory=list)
    due_soon: list[RegisterEntry] = field(default_factory=list)
    no_agreement: list[RegisterEntry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError("issue 5")

    def to_text(self) -> str:
        raise NotImplementedError("issue 5")


def due_reviews(register: PartnershipRegister, *, within_days: int = 60) -> DueReviews:
    raise NotImplementedError("issue 5")


def generate_drafts(
    register: PartnershipRegister,
    out_dir: str | Path,
    *,
    priorities: list[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: bool = False,
) -> list[Path]:
    raise NotImplementedError("issue 5")


def build_report(
    report: CommitteeReport,
    dest: str | Path,
    *,
    register: PartnershipRegister | None = None,
    returns: str | Path | None = None,
    force: bool = False,
) -> Path:
    raise NotImplementedError("issue 5")
