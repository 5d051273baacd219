"""The document outline shared by templates and parser covers every field exactly once."""

from __future__ import annotations

import pytest

from ptk_docs._records._base import field_specs
from ptk_docs._records.agreement import AGREEMENT_HEADINGS
from ptk_docs._records.kinds import KINDS
from ptk_docs._toolkit.outline import TableSpec, outline


@pytest.mark.parametrize("kind", ["agreement", "business-case"])
def it_places_every_field_of_the_record_once(kind: str) -> None:
    placed: list[str] = []
    for section in outline(kind):
        for item in section.items:
            if isinstance(item, TableSpec):
                placed += [s.path for s in field_specs(KINDS[kind]) if item.shows(s.path)]
            else:
                placed.append(item.path)
    assert sorted(placed) == sorted(s.path for s in field_specs(KINDS[kind]))


def it_numbers_the_nineteen_headings_in_the_seeds_order() -> None:
    numbered = [s for s in outline("agreement") if s.number is not None]
    assert [s.number for s in numbered] == list(range(1, 20))
    assert [s.toolkit_heading for s in numbered] == [h for _, h in AGREEMENT_HEADINGS]
