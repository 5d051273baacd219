"""A Change: one field whose value in a returned document differs from the record sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """One field people changed: its path ("purpose.aims_and_objectives",
    "signatories[1].name"), the value that was sent and the value read back, both as JSON values
    (None where the field was empty)."""

    path: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}
