"""Round trips as properties: any valid record, rendered then read back by structure, is itself.

The document is stripped of the embedded record and of the content controls' tags first, so the
property holds for what LibreOffice and PDF readers leave: the structure alone. The suite runs a
modest number of examples; the long run (10,000 examples per kind, see the README) is

    PTK_SLOW=1 pytest -m slow tests/test_roundtrip_hypothesis.py
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from docbuild import strip_record
from ptk_docs import render
from ptk_docs._io.libreoffice import convert_files
from ptk_docs._read.parse import parse
from ptk_docs._records._base import Record
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement, Sector
from ptk_docs._records.business_case import BusinessCase, PartnershipNature, ResourceSource
from ptk_docs._records.formatting import is_prompt

_CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"),
    blacklist_characters="\ufffe\uffff\ufeff",
)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _writable(text: str) -> bool:
    # "{_%", "{_{" and "}_}" are docxtpl's escapes for literal tags: the renderer turns them into
    # "{%", "{{" and "}}" even inside values (reported to the rendering issue).
    return bool(text) and not is_prompt(text) and "{_" not in text and "_}" not in text


_LINE = st.text(_CHARACTERS, min_size=1, max_size=40).map(_clean).filter(_writable)
_LONG_LINE = st.lists(_LINE, min_size=1, max_size=40).map(" ".join)
#: Free text: lines (line breaks in Word), now and then very long ones.
TEXT = st.one_of(
    st.just(""),
    _LINE,
    st.lists(st.one_of(_LINE, _LONG_LINE), min_size=1, max_size=4).map("\n".join),
)
NAME = _LINE
ITEMS = st.lists(_LINE, max_size=5)
DATES = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)))
MONEY = st.one_of(
    st.none(),
    st.decimals(Decimal(0), Decimal("99999999.99"), places=2).map(lambda d: d.normalize()),
)


def _sections(model: type[Record], draw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = str(info.annotation)
        if "list" in annotation:
            data[name] = draw(ITEMS)
        elif "PartnershipNature" in annotation:
            data[name] = draw(st.one_of(st.none(), st.sampled_from(PartnershipNature)))
        elif "bool" in annotation:
            data[name] = draw(st.one_of(st.none(), st.booleans()))
        elif "date" in annotation:
            data[name] = draw(DATES)
        else:
            data[name] = draw(TEXT)
    return data


@st.composite
def agreements(draw: Any) -> PartnershipAgreement:
    partners = draw(
        st.lists(
            st.fixed_dictionaries(
                {"organisation": NAME, "sector": st.one_of(st.none(), st.sampled_from(Sector))}
            ),
            max_size=12,
        )
    )
    signed = draw(DATES)
    data: dict[str, Any] = {
        "partnership_name": draw(NAME),
        "council": draw(NAME),
        "partners": partners,
        "date_of_agreement": signed,
        "last_review": draw(DATES),
        "signatories": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "organisation": NAME,
                        # A line with only the organisation is a signature still to come.
                        "name": NAME,
                        "title": st.one_of(st.just(""), _LINE),
                        "date_signed": st.one_of(st.none(), st.just(signed)) if signed else DATES,
                    }
                ),
                max_size=8,
            )
        ),
    }
    for name, _ in AGREEMENT_HEADINGS:
        model = PartnershipAgreement.model_fields[name].annotation
        assert isinstance(model, type)
        section = _sections(model, draw)
        if name == "membership":
            section["members"] = draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "name": NAME,
                            "organisation": st.one_of(st.just(""), _LINE),
                            "represents": st.one_of(st.just(""), _LINE),
                            "sector": st.one_of(st.none(), st.sampled_from(Sector)),
                        }
                    ),
                    max_size=6,
                )
            )
        data[name] = section
    try:
        return PartnershipAgreement.model_validate(data)
    except ValueError:
        assume(False)
        raise


@st.composite
def business_cases(draw: Any) -> BusinessCase:
    data: dict[str, Any] = {"partnership_name": draw(NAME)}
    for name, info in BusinessCase.model_fields.items():
        if name == "partnership_name":
            continue
        model = info.annotation
        assert isinstance(model, type)
        section: dict[str, Any] = {}
        for field_name, field_info in model.model_fields.items():
            annotation = str(field_info.annotation)
            if "ResourceLine" in annotation:
                section[field_name] = {
                    "cost": draw(MONEY),
                    "source": draw(st.one_of(st.none(), st.sampled_from(ResourceSource))),
                    "in_kind": draw(st.one_of(st.just(""), _LINE)),
                }
            elif "PartnershipNature" in annotation:
                section[field_name] = draw(st.one_of(st.none(), st.sampled_from(PartnershipNature)))
            elif "bool" in annotation:
                section[field_name] = draw(st.one_of(st.none(), st.booleans()))
            elif "date" in annotation:
                section[field_name] = draw(DATES)
            else:
                section[field_name] = draw(TEXT)
        data[name] = section
    return BusinessCase.model_validate(data)


def _round_trip(record: Record) -> Record:
    with tempfile.TemporaryDirectory(prefix="ptk-rt-") as work:
        made = render(record, Path(work, "made.docx"))
        bare = strip_record(made, Path(work, "bare.docx"))
        return parse(bare, kind=record.record_kind).record


SUITE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: The long run is opt-in: it takes about an hour per kind.
LONG_RUN = pytest.mark.skipif(
    os.environ.get("PTK_SLOW", "") in ("", "0"), reason="long run: set PTK_SLOW=1 and use -m slow"
)
LONG = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))


@SUITE
@given(agreements())
def it_reads_any_agreement_back_by_structure(record: PartnershipAgreement) -> None:
    assert _round_trip(record) == record


@SUITE
@given(business_cases())
def it_reads_any_business_case_back_by_structure(record: BusinessCase) -> None:
    assert _round_trip(record) == record


@pytest.mark.slow
@LONG_RUN
@LONG
@given(agreements())
def it_reads_agreements_back_over_a_long_run(record: PartnershipAgreement) -> None:
    assert _round_trip(record) == record


@pytest.mark.slow
@LONG_RUN
@LONG
@given(business_cases())
def it_reads_business_cases_back_over_a_long_run(record: BusinessCase) -> None:
    assert _round_trip(record) == record


# -- through LibreOffice: a re-saved .docx (tags dropped) and a PDF (text alone) -----------------

_WORD = 12


#: Punctuation after which LibreOffice never breaks a line inside a word. A PDF does not say
#: whether a line ended at a space, so a word wrapped at "¢" or "/" reads back with a space in
#: it (a known limit of reading PDFs, in the README): the property keeps to words that wrap only
#: at spaces.
_NO_BREAK_PUNCTUATION = set(".,;:'\"&")


def _pdf_safe(char: str) -> bool:
    return char == " " or (
        " " < char <= "\u017f"
        and char.isprintable()
        and (char.isalnum() or char in _NO_BREAK_PUNCTUATION)
        and not unicodedata.decomposition(char).startswith("<compat>")
    )


def _plain(text: str) -> str:
    """Latin text in words of at most 12 letters: what any PDF font shows and no cell breaks.

    Line breaks inside an answer become spaces: pypdf runs the two lines of a paragraph broken
    by a manual line break together ("Quarterly" + "Monthly" -> "QuarterlyMonthly"), a known
    limit of reading PDFs (reported in the README).
    """
    lines = []
    for line in text.split("\n"):
        chars = "".join(c if _pdf_safe(c) else "x" for c in line)
        words = [w[i : i + _WORD] for w in chars.split() for i in range(0, len(w), _WORD)]
        lines.append(" ".join(words) or "x")
    return " ".join(lines)


def _plain_record(record: Record) -> Record:
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return _plain(value) if value else value
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: (v if k in _KEEP else walk(v)) for k, v in value.items()}
        return value

    data = walk(record.model_dump(mode="json"))
    plain = type(record).model_validate(data)
    assume(not any(is_prompt(v) for v in _strings(plain.model_dump(mode="json"))))
    return plain


#: Values that are not free text (enumerations, dates, amounts) stay as they are.
_KEEP = {
    "sector",
    "source",
    "nature",
    "cost",
    "date_signed",
    "date",
    "date_of_agreement",
    "last_review",
    "next_review",
    "funding_end_date",
}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def _through_libreoffice(record: Record, fmt: str) -> Record:
    with tempfile.TemporaryDirectory(prefix="ptk-rt-lo-") as work:
        bare = strip_record(render(record, Path(work, "made.docx")), Path(work, "bare.docx"))
        (converted,) = convert_files([bare], Path(work, "out"), fmt)
        return parse(converted, kind=record.record_kind).record


# Each example costs a LibreOffice run: no shrinking or explaining (they re-run the test many
# times under a tracer), so a failure is reported in seconds with the example that failed.
LIBREOFFICE = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate),
    database=None,
    derandomize=True,  # the same examples on every run: a LibreOffice run is too dear to gamble
)


@pytest.mark.libreoffice
@LIBREOFFICE
@given(agreements(), st.sampled_from(["pdf", "docx:MS Word 2007 XML"]))
def it_reads_agreements_back_through_libreoffice(record: PartnershipAgreement, fmt: str) -> None:
    record = _plain_record(record)  # type: ignore[assignment]
    back = _through_libreoffice(record, fmt)
    assert _normalised(back.model_dump(mode="json")) == _normalised(record.model_dump(mode="json"))


@pytest.mark.libreoffice
@LIBREOFFICE
@given(business_cases(), st.sampled_from(["pdf", "docx:MS Word 2007 XML"]))
def it_reads_business_cases_back_through_libreoffice(record: BusinessCase, fmt: str) -> None:
    record = _plain_record(record)  # type: ignore[assignment]
    back = _through_libreoffice(record, fmt)
    assert _normalised(back.model_dump(mode="json")) == _normalised(record.model_dump(mode="json"))
