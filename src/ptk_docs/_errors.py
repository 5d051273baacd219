"""The exceptions ptk_docs raises: one root, a branch for each kind of bad input.

    PtkError                      anything ptk_docs refuses to do
    ├── RecordError               a record that is not valid (wraps pydantic's ValidationError)
    ├── DocumentError             a document or workbook that cannot be read safely or at all
    │   └── LimitExceededError    ... because it is larger, deeper or slower than the set limits
    ├── TemplateError             a template with syntax errors, unknown fields or unsafe code
    ├── OutputExistsError         a file would be overwritten and overwriting was not asked for
    └── ConversionError           LibreOffice is missing or failed to convert a document

Every message is one line a council officer can act on. The CLI prints it on stderr and exits 2.

    PtkWarning                    ptk_docs did what was asked, but something deserves a look
                                  (a register column kept as it was, for example)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


class PtkError(Exception):
    """Root of every error ptk_docs raises on bad input."""


class RecordError(PtkError, ValueError):
    """A record that is not valid; ``problems`` lists (field path, message) for every problem."""

    def __init__(self, message: str, problems: Sequence[tuple[str, str]] = ()) -> None:
        self.problems: list[tuple[str, str]] = list(problems)
        if self.problems:
            detail = "; ".join(f"{path or '(record)'}: {msg}" for path, msg in self.problems)
            message = f"{message}: {detail}"
        super().__init__(message)

    @classmethod
    def from_validation_error(cls, error: Any, what: str = "invalid record") -> RecordError:
        """Turn a pydantic ``ValidationError`` into a ``RecordError`` naming every field."""
        problems = [(_loc_to_path(e.get("loc", ())), _clean_msg(e)) for e in error.errors()]
        return cls(what, problems)


class DocumentError(PtkError):
    """A document (or workbook, or PDF) that cannot be read: corrupt, hostile, encrypted, ..."""


class LimitExceededError(DocumentError):
    """A document beyond the limits set for untrusted input (size, part count, pages, time)."""


class TemplateError(PtkError):
    """A template that cannot be used; ``problems`` lists every problem found, with its place."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.problems: list[str] = list(problems)
        if self.problems:
            message = f"{message}: " + "; ".join(self.problems)
        super().__init__(message)


class OutputExistsError(PtkError):
    """Writing would overwrite an existing file and ``force`` was not given."""


class ConversionError(PtkError):
    """LibreOffice is not installed, or it failed to convert a document."""


class PtkWarning(UserWarning):
    """Done as asked, with something the caller should know (the CLI prints it on stderr)."""


def _loc_to_path(loc: Sequence[Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _clean_msg(error: Any) -> str:
    msg = str(error.get("msg", "invalid"))
    # pydantic prefixes custom errors with "Value error, "; the officer does not need that.
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if error.get("type") == "extra_forbidden":
        msg = "unknown field (not part of this record)"
    return msg
