"""The Partnership Register (the seed's Appendix 3) as records: entries, priorities, status."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    Field,
    WithJsonSchema,
    model_validator,
)

from ptk_docs._records._base import Money, Name, Record, Text, one_year_after

# --------------------------------------------------------------------------------------------
# Partnership Register (Appendix 3)
# --------------------------------------------------------------------------------------------

PRIORITY_NA_MEANING = (
    "N/A – these are partnerships where the Council is not the Accountable Body and there are "
    "no council funds involved in the group."
)


class Priority(StrEnum):
    """A partnership's priority (risk) level on the register.

    ``N/A`` means the Council is not the Accountable Body and no council funds are involved.
    """

    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"
    NA = "N/A"

    @property
    def meaning(self) -> str:
        return PRIORITY_NA_MEANING if self is Priority.NA else f"{self.value} priority"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class RegisterStatus(StrEnum):
    """Whether a partnership is still listed on the register."""

    ACTIVE = "active"
    PENDING_REMOVAL = "pending-removal"
    REMOVED = "removed"


#: Was it received? ``true`` or ``false``; a date or null (the forms registers were saved in
#: before the flag) is read as received on that day, or not received.
Received = Annotated[
    bool,
    WithJsonSchema(
        {"anyOf": [{"type": "boolean"}, {"type": "string", "format": "date"}, {"type": "null"}]}
    ),
]


def _real_date(text: str) -> bool:
    """Whether ISO-shaped text is a day of the calendar ("2011-13-45" is not, and is refused
    as the schema refuses it, rather than read as "received")."""
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


class RegisterEntry(Record):
    """One partnership the register lists or has listed."""

    name: Name = Field(description="Name of Partnership")
    priority: Priority | None = Field(
        default=None, description="Priority Level (may be empty for a removed partnership)"
    )
    status: RegisterStatus = Field(default=RegisterStatus.ACTIVE, description="Status")
    status_reason: Text = Field(default="", description="Reason for the status")
    lead_officer: Text = Field(default="", description="Lead Council officer")
    directorate: Text = Field(default="", description="Directorate")
    council_is_accountable_body: bool | None = Field(
        default=None, description="Is the Council the Accountable Body?"
    )
    council_funding: Money | None = Field(default=None, description="Council funding (£)")
    business_case_received: Received = Field(
        default=False, description="Has the business case been received?"
    )
    business_case_received_on: dt.date | None = Field(
        default=None, description="Date the business case was received, when known"
    )
    agreement_received: Received = Field(
        default=False, description="Has the partnership agreement been received?"
    )
    agreement_received_on: dt.date | None = Field(
        default=None, description="Date the partnership agreement was received, when known"
    )
    last_review: dt.date | None = Field(default=None, description="Last review")
    next_review: dt.date | None = Field(default=None, description="Next review")
    reference: Text = Field(default="", description="The council's own reference")
    extra: dict[str, Text] = Field(
        default_factory=dict,
        description="Columns of the council's register that ptk has no field for, by header",
    )

    @model_validator(mode="before")
    @classmethod
    def _received_dates(cls, data: Any) -> Any:
        # Registers saved before the received flag held only the date in *_received.
        if not isinstance(data, dict):
            return data
        for flag in ("business_case_received", "agreement_received"):
            value = data.get(flag)
            if flag in data and value is None:
                data = {k: v for k, v in data.items() if k != flag}  # "not received"
            elif isinstance(value, dt.date) or (
                isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()) and _real_date(value)
            ):
                data = {**data, flag: True, f"{flag}_on": data.get(f"{flag}_on") or value}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> RegisterEntry:
        for flag in ("business_case_received", "agreement_received"):
            if getattr(self, f"{flag}_on") is not None and not getattr(self, flag):
                raise ValueError(f"{flag}_on is given but {flag} is false")
        if self.priority is None and self.status is not RegisterStatus.REMOVED:
            raise ValueError("a partnership still on the register needs a priority level")
        if self.status is not RegisterStatus.ACTIVE and not self.status_reason.strip():
            raise ValueError(f"a {self.status.value} partnership needs the reason in status_reason")
        if self.next_review is None and self.last_review is not None:
            object.__setattr__(self, "next_review", one_year_after(self.last_review))
        if (
            self.next_review is not None
            and self.last_review is not None
            and self.next_review < self.last_review
        ):
            raise ValueError("next_review is before last_review")
        return self

    @property
    def listed(self) -> bool:
        """Still on the register (active or awaiting confirmation of removal)."""
        return self.status is not RegisterStatus.REMOVED


class PartnershipRegister(Record):
    """The Partnership Register: every partnership listed, removed ones included."""

    record_kind: ClassVar[str] = "register"

    council: Text = Field(default="", description="Council")
    as_at: dt.date | None = Field(default=None, description="Date the register is correct at")
    entries: list[RegisterEntry] = Field(default_factory=list, description="Partnerships")

    @model_validator(mode="after")
    def _unique_names(self) -> PartnershipRegister:
        seen: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            key = " ".join(entry.name.casefold().split())
            if key in seen:
                raise ValueError(
                    f"entries[{index}] '{entry.name}' repeats entries[{seen[key]}] (names must be unique)"
                )
            seen[key] = index
        return self

    # Figures the committee report quotes; computed, never stored.
    @property
    def listed(self) -> list[RegisterEntry]:
        """Partnerships still on the register (active and pending removal), in register order."""
        return [e for e in self.entries if e.listed]

    def with_status(self, status: RegisterStatus) -> list[RegisterEntry]:
        return [e for e in self.entries if e.status is status]

    def by_priority(self, priority: Priority) -> list[RegisterEntry]:
        """Listed partnerships of one priority, in register order."""
        return [e for e in self.listed if e.priority is priority]

    def counts_by_priority(self) -> dict[Priority, int]:
        """Listed partnerships per priority level, every level present (zero included)."""
        counts = Counter(e.priority for e in self.listed)
        return {p: counts.get(p, 0) for p in Priority}

    def counts_by_status(self) -> dict[RegisterStatus, int]:
        counts = Counter(e.status for e in self.entries)
        return {s: counts.get(s, 0) for s in RegisterStatus}

    def figures(self) -> dict[str, int]:
        """The named figures report paragraphs may quote as ``{listed}``, ``{high}``, ...

        ``previously_listed`` is the count before the removals (listed plus removed).
        """
        by_priority = self.counts_by_priority()
        by_status = self.counts_by_status()
        listed = len(self.listed)
        removed = by_status[RegisterStatus.REMOVED]
        return {
            "listed": listed,
            "previously_listed": listed + removed,
            "removed": removed,
            "pending_removal": by_status[RegisterStatus.PENDING_REMOVAL],
            "active": by_status[RegisterStatus.ACTIVE],
            "high": by_priority[Priority.HIGH],
            "medium": by_priority[Priority.MEDIUM],
            "low": by_priority[Priority.LOW],
            "na": by_priority[Priority.NA],
            "high_and_medium": by_priority[Priority.HIGH] + by_priority[Priority.MEDIUM],
        }

    def find(self, name: str) -> RegisterEntry | None:
        """The entry with this name (case and spacing ignored), or None."""
        key = " ".join(name.casefold().split())
        for entry in self.entries:
            if " ".join(entry.name.casefold().split()) == key:
                return entry
        return None
