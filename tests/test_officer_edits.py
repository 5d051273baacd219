"""What officers really do to a draft comes back, and nothing else (tests/officer.py's edits).

Two invariants over random sequences of edits, on drafts of every kind: nothing lost (every word
the officer added is in the record, or in ``unmapped`` under the officer's own heading) and
nothing invented (``changes`` lists exactly the fields the edits touched; none for a draft left
as it was). As the .docx itself, and through LibreOffice (a re-saved .docx and a PDF, read with
``against=`` the record sent), converted in batches: one LibreOffice run per form.

The long runs (``-m slow``, with ``PTK_SLOW=1``)::

    PTK_SLOW=1 .venv/bin/python -m pytest -m slow tests/test_officer_edits.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import ptk_docs
from officer import EDITS, Effect, base_records, judge, officer_session
from ptk_docs import Record
from ptk_docs._io.libreoffice import convert_files

RECORDS = base_records()


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("drafts")
    return [ptk_docs.render(r, folder / f"draft{i}.docx") for i, r in enumerate(RECORDS)]


steps = st.lists(st.tuples(st.integers(0, len(EDITS) - 1), st.integers(0, 2**32 - 1)), max_size=6)

SUITE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LONG_RUN = pytest.mark.skipif(
    os.environ.get("PTK_SLOW", "") in ("", "0"), reason="long run: set PTK_SLOW=1 and use -m slow"
)


def _check(draft: Path, record: Record, plan: list[tuple[int, int]]) -> None:
    with tempfile.TemporaryDirectory(prefix="ptk-officer-") as work:
        edited = Path(work, "returned.docx")
        effects = officer_session(draft, record, plan, edited)
        result = ptk_docs.parse(edited)
    verdict = judge(result, effects)
    assert verdict.ok, (verdict, [e.name for e in effects])
    if not any(e.touched for e in effects):
        assert result.changes == []


def it_has_at_least_fifteen_kinds_of_edit() -> None:
    assert len(EDITS) >= 15


@SUITE
@given(st.integers(0, len(RECORDS) - 1), steps)
def it_reads_back_what_officers_did_and_nothing_else(
    drafts: list[Path], base: int, plan: list[tuple[int, int]]
) -> None:
    _check(drafts[base], RECORDS[base], plan)


@pytest.mark.slow
@LONG_RUN
@settings(
    max_examples=2_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.integers(0, len(RECORDS) - 1), steps)
def it_reads_back_what_officers_did_over_a_long_run(
    drafts: list[Path], base: int, plan: list[tuple[int, int]]
) -> None:
    _check(drafts[base], RECORDS[base], plan)


# -- through LibreOffice, in batches -----------------------------------------------------------


def _through_libreoffice(
    drafts: list[Path], folder: Path, batch: list[tuple[int, list[tuple[int, int]]]]
) -> None:
    """The drafts returned untouched, then each (draft, edits) of ``batch``, each read as
    LibreOffice's re-saved .docx and as its PDF (one LibreOffice run for each form), compared
    with the record sent."""
    work = Path(tempfile.mkdtemp(prefix="batch-", dir=folder))
    plans = [(base, []) for base in range(len(RECORDS))] + batch
    edited: list[tuple[Path, int, list[Effect]]] = []
    for number, (base, plan) in enumerate(plans):
        dest = work / "returned" / f"return{number:03d}.docx"
        dest.parent.mkdir(exist_ok=True)
        edited.append((dest, base, officer_session(drafts[base], RECORDS[base], plan, dest)))
    sources = [path for path, _, _ in edited]
    problems = []
    for target in ("docx:MS Word 2007 XML", "pdf"):
        converted = convert_files(sources, work / target.split(":")[0], target)
        for path, (_, base, effects) in zip(converted, edited, strict=True):
            result = ptk_docs.parse(path, against=RECORDS[base])
            verdict = judge(result, effects)
            if not verdict.ok:
                problems.append((path.name, [e.name for e in effects], verdict))
            elif not effects:
                assert result.changes == [], path.name
    assert problems == []


# A batch of returns is one example: every example costs two LibreOffice runs, so no shrinking
# (it re-runs the test many times) and the same examples on every run.
LIBREOFFICE = settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate),
    database=None,
    derandomize=True,
)

batches = st.lists(st.tuples(st.integers(0, len(RECORDS) - 1), steps), min_size=8, max_size=8)


@pytest.mark.libreoffice
@LIBREOFFICE
@given(batches)
def it_reads_back_what_officers_did_through_libreoffice(
    drafts: list[Path], tmp_path: Path, batch: list[tuple[int, list[tuple[int, int]]]]
) -> None:
    _through_libreoffice(drafts, tmp_path, batch)


@pytest.mark.slow
@pytest.mark.libreoffice
@LONG_RUN
@settings(LIBREOFFICE, max_examples=25)
@given(st.lists(st.tuples(st.integers(0, len(RECORDS) - 1), steps), min_size=20, max_size=20))
def it_reads_back_what_officers_did_through_libreoffice_over_a_long_run(
    drafts: list[Path], tmp_path: Path, batch: list[tuple[int, list[tuple[int, int]]]]
) -> None:
    _through_libreoffice(drafts, tmp_path, batch)
