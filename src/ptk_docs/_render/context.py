"""A record as the values a template shows: British dates and money, Yes/No, prompts for blanks.

Templates (ptk's own and councils' custom ones) see the record's fields under their own names
(``membership.chair``, ``resources.finance.cost``), already formatted as text, plus
``document_title`` and ``council``. An empty field shows ``BLANK_PROMPT`` so an officer sees what
is left to complete, an empty list one prompt item, and an empty table one row of prompts
(the signature block: one row per partner, ready for signing).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from enum import Enum
from typing import Any, get_args, get_origin

from ptk_docs._records._base import Record, unwrap_optional
from ptk_docs._records.agreement import PartnershipAgreement, Signatory
from ptk_docs._records.formatting import BLANK_PROMPT, format_date, format_money
from ptk_docs._toolkit.outline import DOCUMENT_TITLES

DEFAULT_COUNCIL = "Derby City Council"


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date) -> str:
    # Babel takes tens of microseconds a date; a batch repeats the same few dates.
    return format_date(value)


def display(value: Any) -> str:
    """One value as a document shows it."""
    if type(value) is str:  # most values: checked first, a batch renders millions
        return value if value.strip() else BLANK_PROMPT
    if value is None:
        return BLANK_PROMPT
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return _date(value)
    if isinstance(value, Decimal | int | float):
        return format_money(value)
    text = str(value)
    return text if text.strip() else BLANK_PROMPT


def _record_values(record: Record) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, rows_of in _plan(type(record)):
        value = getattr(record, name)
        if type(value) is str:
            values[name] = value if value.strip() else BLANK_PROMPT
        elif isinstance(value, Record):
            values[name] = _record_values(value)
        elif isinstance(value, list):
            if rows_of is not None:
                values[name] = [_record_values(item) for item in value] or [_blank_values(rows_of)]
            else:
                values[name] = [display(item) for item in value] or [BLANK_PROMPT]
        else:
            values[name] = display(value)
    return values


@functools.cache
def _plan(model: type[Record]) -> tuple[tuple[str, type[Record] | None], ...]:
    """Each field of ``model`` with, for a table, the record type of its rows (worked out once:
    a batch walks the same models thousands of times)."""
    plan: list[tuple[str, type[Record] | None]] = []
    for name, info in model.model_fields.items():
        item_type = _item_type(info.annotation)
        rows_of = (
            item_type
            if get_origin(unwrap_optional(info.annotation)) is list
            and isinstance(item_type, type)
            and issubclass(item_type, Record)
            else None
        )
        plan.append((name, rows_of))
    return tuple(plan)


def _item_type(annotation: Any) -> Any:
    args = get_args(unwrap_optional(annotation))
    inner = args[0] if args else Any
    return get_args(inner)[0] if get_origin(inner) is not None and get_args(inner) else inner


def _fields_filled(model: type[Record], leaf: Any) -> dict[str, Any]:
    """Every field of ``model`` by name, each leaf set to ``leaf``: a dict per sub-record, a
    one-item list per list (of such a dict, or of ``leaf``)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        inner = unwrap_optional(info.annotation)
        if isinstance(inner, type) and issubclass(inner, Record):
            values[name] = _fields_filled(inner, leaf)
        elif get_origin(inner) is list:
            item_type = _item_type(inner)
            if isinstance(item_type, type) and issubclass(item_type, Record):
                values[name] = [_fields_filled(item_type, leaf)]
            else:
                values[name] = [leaf]
        else:
            values[name] = leaf
    return values


def _blank_values(model: type[Record]) -> dict[str, Any]:
    return _fields_filled(model, BLANK_PROMPT)


def _title(kind: str, name: str) -> str:
    base = DOCUMENT_TITLES.get(kind, kind.replace("-", " ").title())
    return f"{base} – {name}" if name.strip() else base


def record_context(record: Record) -> dict[str, Any]:
    """What a template sees for ``record``."""
    context = _record_values(record)
    if isinstance(record, PartnershipAgreement) and not record.signatories and record.partners:
        # The signature block of a draft: one row per partner, waiting for a signature.
        blank_row = _blank_values(Signatory)
        context["signatories"] = [
            {**blank_row, "organisation": partner.organisation} for partner in record.partners
        ]
    name = str(getattr(record, "partnership_name", "") or getattr(record, "title", "") or "")
    context.setdefault("council", DEFAULT_COUNCIL)
    context["document_title"] = _title(record.record_kind, name)
    # Instructions to the author are for blank forms, never a document going for signature.
    context["blank_form"] = False
    return context


def blank_context(model: type[Record]) -> dict[str, Any]:
    """What a template sees for a blank form: every field a prompt."""
    context = _blank_values(model)
    context["council"] = DEFAULT_COUNCIL
    context["document_title"] = _title(model.record_kind, "")
    context["blank_form"] = True
    return context


def shape_of(model: type[Record]) -> dict[str, Any]:
    """The names a template may use for ``model``: a dict per record, ``[shape]`` per list.

    Leaves are ``None``. Used by the template linter to find unknown variables.
    """
    shape = _fields_filled(model, None)
    shape.setdefault("council", None)
    shape["document_title"] = None
    shape["blank_form"] = None
    return shape
