"""An officer's text turned into a field's value: dates, money, yes/no, choices."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import re
import types
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from ptk_docs._records.formatting import is_prompt, parse_date, parse_money
from ptk_docs._toolkit.headings import (
    normalise,
)

# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------


def value_type_for(annotation: Any) -> Any:
    try:
        return _VALUE_TYPES[annotation]
    except (KeyError, TypeError):
        pass
    value_type = _value_type_of(annotation)
    with contextlib.suppress(TypeError):
        _VALUE_TYPES[annotation] = value_type
    return value_type


_VALUE_TYPES: dict[Any, Any] = {}


def _value_type_of(annotation: Any) -> Any:
    """ "text", "list", "bool", "date", "money", or an Enum class, for a field's annotation."""
    origin = get_origin(annotation)
    if origin is list:
        return "list"
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        return _value_type_of(inner[0]) if inner else "text"
    if get_args(annotation) and origin is not None:  # Annotated[...]
        return _value_type_of(get_args(annotation)[0])
    if annotation is bool:
        return "bool"
    if annotation is dt.date:
        return "date"
    if annotation is Decimal:
        return "money"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return "text"


_YES = re.compile(r"^\s*(yes|y|true|attached|x|✓|✔|☒)\b", re.I)

_NO = re.compile(r"^\s*(no|n|false|not attached|none)\b", re.I)


def _enum_value(kind: type[enum.Enum], text: str) -> Any:
    key = normalise(text, drop_number=False)
    members = list(kind)
    for member in members:
        if normalise(str(member.value), drop_number=False) == key:
            return member
    # "Setting up" for "Setting up a partnership"; "Internal / External" for both.
    hits = [m for m in members if key and key in normalise(str(m.value), drop_number=False)]
    if len(hits) == 1:
        return hits[0]
    words = set(key.split())
    hits = [m for m in members if set(normalise(str(m.value), drop_number=False).split()) <= words]
    if hits:
        return max(hits, key=lambda m: len(str(m.value)))
    hits = [m for m in members if normalise(str(m.value)).split()[0] in words]
    if len(hits) == 1:
        return hits[0]
    return None


class Unreadable(ValueError):
    """A value that could not be read as its field's type."""


_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def _date(text: str, notes: list[str] | None) -> dt.date | None:
    day = parse_date(text) or parse_date(text.rstrip(".;,"))
    if day is not None:
        return day
    # "March 2014": the first of the month, said so (the seed asks when funding ends).
    m = _MONTH_YEAR.match(" ".join(text.rstrip(".;,").split()))
    if m:
        day = parse_date(f"1 {m.group(1)} {m.group(2)}")
        if day is not None and notes is not None:
            notes.append(f"'{_short(text)}' gives no day; read as the first of the month")
        return day
    return None


def convert(value_type: Any, text: str, notes: list[str] | None = None) -> Any:
    """``text`` as a value of ``value_type``; ``Unreadable`` when it is not one. A reading
    that guessed (a month without a day) is explained in ``notes``."""
    text = text.strip()
    if not text or is_prompt(text):
        return None
    if value_type == "bool":
        if _YES.match(text):
            return True
        if _NO.match(text):
            return False
        raise Unreadable(f"'{_short(text)}' is not Yes or No")
    if value_type == "date":
        day = _date(text, notes)
        if day is None:
            raise Unreadable(f"'{_short(text)}' is not a date")
        return day
    if value_type == "money":
        amount = parse_money(text)
        if amount is None:
            raise Unreadable(f"'{_short(text)}' is not an amount of money")
        return amount
    if isinstance(value_type, type) and issubclass(value_type, enum.Enum):
        member = _enum_value(value_type, text)
        if member is None:
            choices = ", ".join(str(m.value) for m in value_type)
            raise Unreadable(f"'{_short(text)}' is not one of: {choices}")
        return member.value
    return text


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
