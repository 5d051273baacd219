"""Reviews falling due: which partnerships' agreements need reviewing, as at a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ptk_docs._errors import RecordError
from ptk_docs._records.formatting import format_date
from ptk_docs._records.register import PartnershipRegister, RegisterEntry

# --------------------------------------------------------------------------------------------
# Reviews falling due
# --------------------------------------------------------------------------------------------


@dataclass
class DueReviews:
    """Listed partnerships whose annual review is overdue or due soon, and gaps in the record.

    ``overdue`` and ``due_soon`` are soonest first; ``no_review_date`` lists partnerships with
    no review on record at all, ``no_agreement`` those with no partnership agreement received.
    """

    overdue: list[RegisterEntry] = field(default_factory=list)
    due_soon: list[RegisterEntry] = field(default_factory=list)
    no_agreement: list[RegisterEntry] = field(default_factory=list)
    no_review_date: list[RegisterEntry] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    within_days: int = 60

    def to_json(self) -> dict[str, Any]:
        def item(entry: RegisterEntry) -> dict[str, Any]:
            data: dict[str, Any] = {
                "name": entry.name,
                "priority": entry.priority.value if entry.priority else None,
                "lead_officer": entry.lead_officer,
                "next_review": entry.next_review.isoformat() if entry.next_review else None,
            }
            if entry.next_review is not None:
                data["days"] = (entry.next_review - self.today).days
            return data

        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "overdue": [item(e) for e in self.overdue],
            "due_soon": [item(e) for e in self.due_soon],
            "no_agreement": [item(e) for e in self.no_agreement],
            "no_review_date": [item(e) for e in self.no_review_date],
        }

    def to_text(self) -> str:
        lines: list[str] = []

        def who(entry: RegisterEntry) -> str:
            parts = [entry.name, f"({entry.priority.value})" if entry.priority else ""]
            if entry.lead_officer:
                parts.append(f"– {entry.lead_officer}")
            return " ".join(p for p in parts if p)

        def days(entry: RegisterEntry) -> str:
            assert entry.next_review is not None
            n = (entry.next_review - self.today).days
            when = format_date(entry.next_review)
            if n < 0:
                return f"{when}, {-n} day{'s' if n != -1 else ''} overdue"
            if n == 0:
                return f"{when}, today"
            return f"{when}, in {n} day{'s' if n != 1 else ''}"

        lines.append(f"Annual reviews as at {format_date(self.today)}")
        lines.append("")
        lines.append(f"Overdue ({len(self.overdue)}):")
        lines.extend(f"  {days(e)}: {who(e)}" for e in self.overdue)
        lines.append(f"Due within {self.within_days} days ({len(self.due_soon)}):")
        lines.extend(f"  {days(e)}: {who(e)}" for e in self.due_soon)
        lines.append(f"No review date on record ({len(self.no_review_date)}):")
        lines.extend(f"  {who(e)}" for e in self.no_review_date)
        lines.append(f"No partnership agreement on record ({len(self.no_agreement)}):")
        lines.extend(f"  {who(e)}" for e in self.no_agreement)
        return "\n".join(lines) + "\n"


def due_reviews(
    register: PartnershipRegister, *, within_days: int = 60, today: dt.date | None = None
) -> DueReviews:
    """Listed partnerships whose review is overdue or falls due within ``within_days``."""
    if within_days < 0:
        raise RecordError(f"--within must be 0 or more days (got {within_days})")
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=within_days)
    result = DueReviews(today=today, within_days=within_days)
    for entry in register.listed:
        if entry.next_review is None:
            result.no_review_date.append(entry)
        elif entry.next_review < today:
            result.overdue.append(entry)
        elif entry.next_review <= horizon:
            result.due_soon.append(entry)
        if not entry.agreement_received:
            result.no_agreement.append(entry)

    def soonest(entry: RegisterEntry) -> dt.date:
        assert entry.next_review is not None
        return entry.next_review

    result.overdue.sort(key=soonest)
    result.due_soon.sort(key=soonest)
    return result
