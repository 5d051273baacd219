"""What every record shares: the base model, value types, validation and the field walk."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
)

from ptk_docs._errors import RecordError
from ptk_docs._records.formatting import is_prompt

# --------------------------------------------------------------------------------------------
# Value types shared by every record
# --------------------------------------------------------------------------------------------

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF. A value outside that cannot be written into a .docx without corrupting it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    if m := _NOT_XML.search(value):
        raise ValueError(
            f"contains a character that cannot be written in a document (U+{ord(m.group()):04X})"
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# The same rules as JSON Schema patterns, for systems that check records without ptk (the
# pattern engine of pydantic-core cannot express surrogates, so these are for the schema only).
_NOT_XML_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
TEXT_PATTERN = rf"^[^{_NOT_XML_CLASS}]*$"
NAME_PATTERN = rf"^[^{_NOT_XML_CLASS}]*[^{_NOT_XML_CLASS}\s][^{_NOT_XML_CLASS}]*$"

#: Money as text: pounds (at most 12 digits, no leading zero) and at most two places of pence.
MONEY_PATTERN = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
_MONEY_TEXT = re.compile(MONEY_PATTERN)
_MAX_POUNDS = 10**12 - 1


def _money_input(value: Any) -> Any:
    """Money as given: a whole number, text such as ``12500`` or ``1250.50``, or a Decimal.

    Text is held to ``MONEY_PATTERN`` and a float to whole pounds, so that the JSON Schema
    (an integer, or a string with that pattern) accepts exactly what the model accepts.
    """
    if isinstance(value, bool):
        raise ValueError("is not an amount in pounds")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("pence are written as text ('1250.50') or a Decimal, not a float")
    if isinstance(value, str) and not _MONEY_TEXT.match(value):
        raise ValueError("is not an amount in pounds such as 12500 or 1250.50")
    return value


#: Free text as an officer writes it; newlines are kept (they become line breaks in Word).
Text = Annotated[
    str, AfterValidator(_xml_safe), WithJsonSchema({"type": "string", "pattern": TEXT_PATTERN})
]

#: A name that must be present.
Name = Annotated[
    str,
    AfterValidator(_xml_safe),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "pattern": NAME_PATTERN}),
]

#: Pounds sterling, never negative, to the penny.
Money = Annotated[
    Decimal,
    BeforeValidator(_money_input),
    Field(ge=0, max_digits=14, decimal_places=2),
    AfterValidator(lambda amount: _canonical_money(amount)),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": _MAX_POUNDS},
                {"type": "string", "pattern": MONEY_PATTERN},
            ]
        }
    ),
]


def _canonical_money(amount: Decimal) -> Decimal:
    """One spelling per amount: whole pounds as ``12500``, pence as ``0.10`` (never ``0.1``),
    so a record read back from a document equals the one it was made from."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.quantize(Decimal("0.01"))


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are checked on assignment too."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        use_enum_values=False,
        # Schemas are built on first use, so `import ptk_docs` (and `ptk --help`) stay quick.
        defer_build=True,
    )

    #: The CLI's name for this kind of record (``agreement``, ``business-case``, ...).
    record_kind: ClassVar[str] = ""


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


R = TypeVar("R", bound=Record)


def validate_record(model: type[R], data: Any) -> R:
    """Validate ``data`` as ``model``; every problem is reported at once as a ``RecordError``."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RecordError.from_validation_error(
            error, f"invalid {model.record_kind or model.__name__} record"
        ) from None


@dataclass(frozen=True)
class FieldSpec:
    """One answerable field of a record, in document order.

    ``path`` is the dotted field path (the content control tag), ``section`` the heading it sits
    under, ``question`` the seed's question or label, ``annotation`` the field's type (``str``,
    ``list[str]``, ``bool | None``, ``datetime.date | None``, ``Decimal | None``, an enum, or a
    list of records for tables).
    """

    path: str
    section: str
    question: str
    annotation: Any


def unwrap_optional(annotation: Any) -> Any:
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (None, list, Annotated) or len(args) != 1:
        return annotation
    return args[0]


def field_specs(model: type[Record], prefix: str = "", section: str = "") -> Iterator[FieldSpec]:
    """Walk a record model in document order, descending into sub-records (sections).

    Lists of records (members, signatories) are yielded as one field (they are tables).
    """
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner = unwrap_optional(info.annotation)
        if isinstance(inner, type) and issubclass(inner, Record):
            yield from field_specs(inner, f"{path}.", info.description or name)
            continue
        yield FieldSpec(path, section, info.description or name, info.annotation)


def has_answer(value: Any) -> bool:
    """Whether a field holds an answer: text that is not blank nor a prompt, or any other value.

    Lists, sections (records) and dictionaries have an answer when any of their parts has one.
    """
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and not is_prompt(value)
    if isinstance(value, Record):
        return any(has_answer(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, dict):
        return any(has_answer(v) for v in value.values())
    if isinstance(value, list):
        return any(has_answer(v) for v in value)
    return True


def name_key(name: str) -> str:
    """A partnership or organisation name reduced for matching: case, punctuation, ``&`` and
    bracketed asides ignored (``Anytown Homes (ALMO)`` matches ``ANYTOWN HOMES``)."""
    name = re.sub(r"\([^)]*\)", " ", name.casefold())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.replace("&", " and ")).split())
