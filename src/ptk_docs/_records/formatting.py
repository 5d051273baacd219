"""British dates and money for documents, and their parsing back from officers' text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

LOCALE = "en_GB"


#: What an empty field shows in a draft; the parser reads it (and its variants) back as empty.
BLANK_PROMPT = "[to be completed]"

#: What ptk's own templates show, greyed as Word's placeholder text, where an answer is due.
PLACEHOLDER_TEXT = "Click or tap here to enter text."

#: The same in a table cell, short enough to sit on one line of a narrow column.
CELL_PLACEHOLDER_TEXT = "Enter text."

_PROMPT_RE = re.compile(
    r"^\s*(\[\s*(to be completed|not yet completed|enter [^\]]*|tbc)\s*\]"
    # Word's own placeholder phrases (its content controls and ptk's templates show them).
    r"|(click or tap|click) here to enter (a )?(text|date)\.?"
    r"|click or tap to enter a date\.?|choose an item\.?|enter text\.?)\s*$",
    re.I,
)


def is_prompt(text: str) -> bool:
    """True when ``text`` is only a fill-in prompt such as ``[to be completed]``."""
    return bool(_PROMPT_RE.match(text))


def format_date(value: dt.date) -> str:
    """``26 November 2026``: day without a leading zero, month in words, four-digit year."""
    # Babel is heavy; records load with ``import ptk_docs``, so it waits for the first date.
    from babel.dates import format_date as _babel_format_date

    return _babel_format_date(value, "d MMMM y", locale=LOCALE)


def format_money(value: Decimal | int | float) -> str:
    """``£12,500``, or ``£12,500.50`` when there are pence."""
    amount = Decimal(str(value))
    pattern = "¤#,##0" if amount == amount.to_integral_value() else "¤#,##0.00"
    # Babel is heavy: loaded with the first amount (see format_date).
    from babel.numbers import format_currency as _babel_format_currency

    return _babel_format_currency(
        amount, "GBP", format=pattern, locale=LOCALE, currency_digits=False
    )


_MONTHS = {
    name.lower(): number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May", "May"),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}

_WORDS_DATE = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$"
)

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> dt.date | None:
    """Read a date as officers write it (``26 November 2026``, ``26/11/2026``, ISO), else None.

    Numeric dates are read day first, as in the UK.
    """
    text = " ".join(text.strip().split())
    if not text or is_prompt(text):
        return None
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _WORDS_DATE.match(text):
            month = _MONTHS.get(m[2].lower())
            if month is None:
                return None
            return dt.date(int(m[3]), month, int(m[1]))
        if m := _NUMERIC_DATE.match(text):
            year = int(m[3])
            if year < 100:
                year += 2000
            return dt.date(year, int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


_MONEY = re.compile(r"^(?:£|GBP)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(k)?$", re.I)


def parse_money(text: str) -> Decimal | None:
    """Read ``£12,500``, ``12,500``, ``£48,000.00``, ``12500`` or ``£12k``; None when not money."""
    cleaned = text.strip().replace("\u00a0", " ")
    if not cleaned or is_prompt(cleaned):
        return None
    m = _MONEY.match(cleaned.replace(" ", ""))
    if not m:
        return None
    try:
        amount = Decimal(m[1].replace(",", "") + ("." + m[2] if m[2] else ""))
    except InvalidOperation:
        return None
    if m[3]:
        amount *= 1000
    return amount
