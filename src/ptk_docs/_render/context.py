"""A record as the values a template shows: British dates and money, Yes/No, prompts for blanks.

Templates (ptk's own and councils' custom ones) see the record's fields under their own names
(``membership.chair``, ``resources.finance.cost``), already formatted as text, plus
``document_title``, ``council`` and ``wording`` (the council's own words from its profile:
``wording.intranet``, ``wording.risk_appendix``, ...; neutral ones without a profile). An empty field shows ``BLANK_PROMPT`` so an officer sees what
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
from ptk_docs._records.profile import NEUTRAL_WORDING, CouncilProfile
from ptk_docs._toolkit.outline import DOCUMENT_TITLES


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


def wording_for(profile: CouncilProfile | None, council: str = "") -> dict[str, str]:
    """The council's words for a document: the record's council first, then the profile's."""
    wording = profile.wording() if profile is not None else dict(NEUTRAL_WORDING)
    if council.strip():
        wording["council"] = council.strip()
    return wording


def record_context(record: Record, profile: CouncilProfile | None = None) -> dict[str, Any]:
    """What a template sees for ``record`` (in the words of ``profile``'s council, if given)."""
    context = _record_values(record)
    if isinstance(record, PartnershipAgreement) and not record.signatories and record.partners:
        # The signature block of a draft: one row per partner, waiting for a signature.
        blank_row = _blank_values(Signatory)
        context["signatories"] = [
            {**blank_row, "organisation": partner.organisation} for partner in record.partners
        ]
    name = str(getattr(record, "partnership_name", "") or getattr(record, "title", "") or "")
    wording = wording_for(profile, str(getattr(record, "council", "") or ""))
    # A record with a council field shows it as given (a prompt when empty), as it reads back.
    context.setdefault("council", wording["council"])
    context["wording"] = wording
    context["document_title"] = _title(record.record_kind, name)
    # Instructions to the author are for blank forms, never a document going for signature.
    context["blank_form"] = False
    return context


def blank_context(model: type[Record], profile: CouncilProfile | None = None) -> dict[str, Any]:
    """What a template sees for a blank form: every field a prompt."""
    context = _blank_values(model)
    wording = wording_for(profile)
    if profile is not None and profile.council.strip() and "council" in context:
        # A blank form from a council's own profile names the council already.
        context["council"] = profile.council.strip()
    context.setdefault("council", wording["council"])
    context["wording"] = wording
    context["document_title"] = _title(model.record_kind, "")
    context["blank_form"] = True
    return context


def shape_of(model: type[Record]) -> dict[str, Any]:
    """The names a template may use for ``model``: a dict per record, ``[shape]`` per list.

    Leaves are ``None``. Used by the template linter to find unknown variables.
    """
    shape = _fields_filled(model, None)
    shape.setdefault("council", None)
    shape["wording"] = dict.fromkeys(NEUTRAL_WORDING)
    shape["document_title"] = None
    shape["blank_form"] = None
    return shape
