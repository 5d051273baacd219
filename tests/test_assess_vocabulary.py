"""The curated vocabulary: one entry per heading, sound patterns, and a prefilter that is safe."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptk_docs import AGREEMENT_HEADINGS
from ptk_docs._toolkit.vocabulary import HEADING_VOCABULARY, Term, compile_term, required_literals

TERMS = [(v.field, t) for v in HEADING_VOCABULARY for t in v.terms]


def it_has_one_entry_per_heading_in_the_seeds_order() -> None:
    assert [(v.field, v.heading) for v in HEADING_VOCABULARY] == list(AGREEMENT_HEADINGS)


def it_ties_every_term_to_one_of_the_seeds_questions_under_its_heading() -> None:
    for vocabulary in HEADING_VOCABULARY:
        assert vocabulary.questions, vocabulary.heading
        assert vocabulary.titles and vocabulary.terms
        for term in vocabulary.terms:
            assert term.answers in {"", *vocabulary.questions}, (vocabulary.field, term.label)
            assert 0 < term.weight <= 3


@pytest.mark.parametrize(("field", "term"), TERMS, ids=[f"{f}:{t.label}" for f, t in TERMS])
def it_never_matches_an_empty_string(field: str, term: Term) -> None:
    assert compile_term(term).search("") is None


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.parametrize(("field", "term"), TERMS, ids=[f"{f}:{t.label}" for f, t in TERMS])
def it_only_skips_a_term_when_its_literals_are_absent(
    field: str, term: Term, data: st.DataObject
) -> None:
    """Every text the pattern matches holds one of the literals the prefilter looks for."""
    literals = required_literals(term.pattern)
    pattern = compile_term(term)
    try:
        strategy = st.from_regex(pattern, fullmatch=False)
    except (re.error, ValueError, NotImplementedError):  # a construct hypothesis cannot draw
        pytest.skip("hypothesis cannot generate from this pattern")
    text = data.draw(strategy)
    assert pattern.search(text)
    if literals:
        assert any(literal in text.lower() for literal in literals), (literals, text)
