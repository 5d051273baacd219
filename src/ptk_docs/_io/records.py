"""Load and save records as JSON or YAML files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar, overload

import yaml

from ptk_docs._errors import DocumentError, RecordError
from ptk_docs._io.files import atomic_write_bytes
from ptk_docs._records._base import Record, validate_record
from ptk_docs._records.kinds import KINDS, kind_of, model_for_kind

#: Record files are small; anything larger is not a record.
MAX_RECORD_BYTES = 20 * 1024 * 1024


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
    data = _parse_text(raw, path)
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
    return validate_record(model_for_kind(kind), data)


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
