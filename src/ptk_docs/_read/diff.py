"""What people changed: a parsed record compared with the one that was sent."""

from __future__ import annotations

from typing import Any

from ptk_docs._errors import RecordError
from ptk_docs._io.envelope import Envelope
from ptk_docs._records._base import Record, has_answer, validate_record
from ptk_docs._records.changes import Change
from ptk_docs._records.kinds import model_for_kind
from ptk_docs._toolkit.outline import (
    TableSpec,
    outline,
)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Field path -> JSON value; lists of records as path[i].field, lists of text whole."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
        return out
    path = prefix.rstrip(".")
    if isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for index, item in enumerate(data):
            out.update(flatten(item, f"{path}[{index}]."))
        return out
    out[path] = data
    return out


def answer_paths(kind: str) -> list[str]:
    """Every answerable field path of a kind, in document order (tables as one path)."""
    paths: list[str] = []
    for section in outline(kind):
        for item in section.items:
            if isinstance(item, TableSpec) and item.fixed_rows:
                continue  # the resource lines are optional line by line
            paths.append(item.path)
    return paths


def value_at(record: Record, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def changes(kind: str, record: Record, embedded: Envelope) -> list[Change]:
    """Each field whose value differs from the record that was sent, in the record's order."""
    try:
        original = validate_record(model_for_kind(kind), embedded["record"])
    except RecordError:
        return []
    old = flatten(original.model_dump(mode="json"))
    new = flatten(record.model_dump(mode="json"))
    changes = []
    for path in list(dict.fromkeys([*old, *new])):
        a, b = old.get(path), new.get(path)
        if not has_answer(a) and not has_answer(b):
            continue
        if a != b:
            changes.append(Change(path, a, b))
    return changes
