"""Load and save records as JSON or YAML files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar, overload

import yaml

from ptk_docs._errors import DocumentError, LimitExceededError, RecordError
from ptk_docs._io.files import atomic_write_bytes
from ptk_docs._io.guard import deadline
from ptk_docs._records._base import Record, validate_record
from ptk_docs._records.kinds import KINDS, kind_of, model_for_kind

#: Record files are small; anything larger is not a record.
MAX_RECORD_BYTES = 20 * 1024 * 1024

#: A record nests a few levels (a register, its entries, their fields); JSON or YAML nested
#: deeper is refused before Python's parsers or pydantic recurse into it.
MAX_RECORD_DEPTH = 32

#: Values in one record file (every list item and mapping entry, aliases counted each time).
MAX_RECORD_VALUES = 2_000_000

#: Seconds to parse a record file (pure-Python YAML reads about a megabyte a second).
RECORD_SECONDS = 8.0


R = TypeVar("R", bound=Record)


@overload
def load_record(path: str | Path, kind: type[R]) -> R: ...


@overload
def load_record(path: str | Path, kind: str | None = None) -> Record: ...


def load_record(path: str | Path, kind: str | type[Record] | None = None) -> Record:
    """Read a record from ``.json``, ``.yaml`` or ``.yml``; the kind is guessed when not given.

    ``kind`` is a kind's name (``agreement``) or its record class (``PartnershipAgreement``),
    which also types the result. A file that is not a valid record raises ``RecordError``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_RECORD_BYTES:
        raise DocumentError(f"{path} is {size:,} bytes: too large to be a record")
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        with deadline(RECORD_SECONDS, path.name):
            data = _parse_text(raw, path)
            _check_nesting(data, path)
    except RecursionError:
        raise RecordError(f"{path} is nested too deeply to be a record") from None
    except LimitExceededError as error:
        raise RecordError(str(error)) from None
    if not isinstance(data, dict):
        raise RecordError(f"{path} does not hold a record (expected an object at the top level)")
    if isinstance(kind, type):
        return validate_record(kind, data)
    if kind is None:
        kind = kind_of(data)
        if kind is None:
            raise RecordError(
                f"cannot tell what kind of record {path} holds; give the kind ({', '.join(KINDS)})"
            )
    try:
        return validate_record(model_for_kind(kind), data)
    except RecursionError:
        raise RecordError(f"{path} is nested too deeply to be a record") from None


def _check_nesting(data: Any, path: Path) -> None:
    """Refuse data nested deeper than a record can be, or with more values than a record file
    of this size could hold (YAML aliases repeat one value any number of times: walking them
    would take for ever). Iterative, so it cannot itself recurse too deeply."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_RECORD_DEPTH:
            raise RecordError(
                f"{path} nests values more than {MAX_RECORD_DEPTH} deep: it is not a record"
            )
        children = value.values() if isinstance(value, dict) else value
        seen += len(value)
        if seen > MAX_RECORD_VALUES:
            raise RecordError(
                f"{path} holds more than {MAX_RECORD_VALUES:,} values (YAML aliases repeating "
                "a value?): it is not a record"
            )
        stack.extend((child, depth + 1) for child in children)


def _parse_text(raw: str, path: Path) -> Any:
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError as error:
            raise RecordError(f"{path} is not valid YAML: {error}".splitlines()[0]) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise RecordError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None


def record_to_data(record: Record) -> dict[str, Any]:
    """The record as plain JSON-ready data (dates as ISO strings, money as strings)."""
    return record.model_dump(mode="json")


def dump_record(record: Record, *, fmt: str = "json") -> str:
    """The record as JSON (two-space indent, UTF-8 kept readable) or YAML text."""
    data = record_to_data(record)
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save_record(record: Record, path: str | Path, *, force: bool = False) -> Path:
    """Write the record to ``path`` (YAML for ``.yaml``/``.yml``, else JSON), atomically."""
    path = Path(path)
    fmt = "yaml" if path.suffix.lower() in (".yaml", ".yml") else "json"
    return atomic_write_bytes(path, dump_record(record, fmt=fmt).encode("utf-8"), force=force)
