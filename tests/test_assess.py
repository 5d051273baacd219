"""Judging which of the 19 headings an existing document addresses, from its blocks of text.

The documents here are small synthetic ones written for these tests, in the manner of council
terms of reference and agreements (own headings, numbered clauses, headings that promise more
than their text gives).
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ptk_docs import AGREEMENT_HEADINGS
from ptk_docs._check.assess import Assessment, assess_blocks, heading_findings
from ptk_docs._read.blocks import Block

HEADINGS = [heading for _, heading in AGREEMENT_HEADINGS]


def document(*sections: tuple[str, list[str]], title: str = "") -> list[Block]:
    """Blocks of a document: (heading, paragraphs) per section, locations numbered."""
    blocks: list[Block] = []
    if title:
        blocks.append(Block(title, "title", location="paragraph 1"))
    for heading, paragraphs in sections:
        if heading:
            blocks.append(Block(heading, "heading", 1, location=f"paragraph {len(blocks) + 1}"))
        for text in paragraphs:
            blocks.append(Block(text, "paragraph", location=f"paragraph {len(blocks) + 1}"))
    return blocks


TERMS_OF_REFERENCE = document(
    ("1. Aims", [
        "The aim of the Forum is to reduce fuel poverty across the county by joining up the "
        "advice that partners give to households.",
    ]),
    ("2. Terms of Reference", [
        "The Forum will meet quarterly, at a venue agreed by the members.",
        "The quorum is four members, at least two of them from the Council.",
        "Membership is open to the Council, the two housing associations and the Citizens "
        "Advice service; each nominates one representative and a deputy.",
        "The Forum is chaired by the Cabinet Member for Housing; the vice chair is elected "
        "annually by the members.",
    ]),
    ("3. Review and Termination", [
        "A partner may suspend its participation while a serious breach is investigated.",
        "These terms of reference will be reviewed every two years.",
    ]),
    title="Fuel Poverty Forum: Terms of Reference",
)  # fmt: skip


def it_gives_a_verdict_on_each_of_the_19_headings_in_the_seeds_order() -> None:
    assessment = assess_blocks(TERMS_OF_REFERENCE, source="forum.docx")
    assert [v.heading for v in assessment.verdicts] == HEADINGS
    assert assessment.source == "forum.docx"
    assert {v.verdict for v in assessment.verdicts} <= {"addressed", "partly", "not-addressed"}


def it_reads_meetings_and_membership_inside_a_terms_of_reference_section() -> None:
    assessment = assess_blocks(TERMS_OF_REFERENCE)
    meetings = assessment.verdict("Meetings")
    assert meetings.verdict == "addressed"
    assert meetings.section_title == "2. Terms of Reference"
    assert "quorum" in meetings.matched_terms
    membership = assessment.verdict("Membership")
    assert membership.verdict == "addressed"
    assert membership.section_title == "2. Terms of Reference"
    assert "Who vice chairs the partnership?" in membership.questions


def it_does_not_take_a_termination_title_for_an_exit_strategy() -> None:
    exit_strategies = assess_blocks(TERMS_OF_REFERENCE).verdict("Exit Strategies")
    assert exit_strategies.verdict == "not-addressed"
    assert exit_strategies.quote == ""


def it_finds_an_exit_strategy_where_the_text_gives_one() -> None:
    blocks = document(
        ("7. General", [
            "Any partner may withdraw from this agreement by giving six months' written notice "
            "to the other partners.",
            "On termination, any remaining funds will be returned to the partners in proportion "
            "to their contributions.",
        ]),
    )  # fmt: skip
    verdict = assess_blocks(blocks).verdict("Exit Strategies")
    assert verdict.verdict == "addressed"
    assert verdict.section_title == "7. General"
    assert verdict.location == "paragraph 3"  # the paragraph with the most evidence
    assert verdict.quote.startswith("On termination, any remaining funds")
    assert {"withdrawal", "notice period", "termination"} <= set(verdict.matched_terms)


def it_does_not_count_a_heading_that_only_names_the_subject() -> None:
    blocks = document(
        ("Equalities", ["To be agreed at the first meeting."]),
        ("Risk Management", ["[to be completed]"]),
    )
    assessment = assess_blocks(blocks)
    assert assessment.verdict("Equalities").verdict == "not-addressed"
    assert assessment.verdict("Risk Management").verdict == "not-addressed"


def it_does_not_count_the_seeds_own_questions_as_answers() -> None:
    blocks = document(
        ("Exit Strategies", [
            "What are the arrangements for ending the partnership?",
            "Have you got an exit strategy?",
            "How will any funds/assets be dealt with?",
        ]),
        ("Data Sharing", ["Freedom of Information", "Data protection", "Data management"]),
    )  # fmt: skip
    assessment = assess_blocks(blocks)
    assert all(v.verdict == "not-addressed" for v in assessment.verdicts)


def it_keeps_conflicts_of_interest_apart_from_conflict_resolution() -> None:
    blocks = document(
        ("5. Conduct", [
            "Members will declare any conflict of interest at the start of each meeting, and "
            "the declaration of interest is recorded in the minutes.",
            "Members follow the Code of Conduct of the organisation they represent.",
        ]),
    )  # fmt: skip
    assessment = assess_blocks(blocks)
    assert assessment.verdict("Code of Conduct").verdict == "addressed"
    assert assessment.verdict("Conflict and Complaints Resolution").verdict == "not-addressed"


def it_reads_a_risk_to_victims_as_no_risk_management() -> None:
    blocks = document(
        ("4. Purpose", [
            "Partners share information to identify people at risk of harm and to reduce the "
            "risk to victims and communities.",
        ]),
    )  # fmt: skip
    assert assess_blocks(blocks).verdict("Risk Management").verdict == "not-addressed"


def it_judges_a_document_without_recognised_headings_passage_by_passage() -> None:
    filler = "Partners will work together on the delivery plan for the city centre. " * 8
    paragraphs = [filler] * 12 + [
        "Disputes between partners are first referred to the chief executives, and then to "
        "mediation if they cannot be resolved within 28 days.",
    ] + [filler] * 12  # fmt: skip
    assessment = assess_blocks(document(("", paragraphs)))
    verdict = assessment.verdict("Conflict and Complaints Resolution")
    assert verdict.verdict == "addressed"
    assert verdict.location == "paragraph 13"
    assert assessment.verdict("Equalities").verdict == "not-addressed"


def it_quotes_no_more_than_200_characters_around_the_evidence() -> None:
    long = (
        "The partnership was formed in 2009 and has since brought together a wide range of "
        "organisations from across the county, meeting in many places and on many subjects. "
        * 3
        + "All partners keep a risk register for the programme, reviewed at every meeting, and "
        "mitigation is agreed for each high risk. " + "It has grown since then. " * 10
    )
    verdict = assess_blocks(document(("Risks", [long]))).verdict("Risk Management")
    assert verdict.addressed
    assert len(verdict.quote) <= 200
    assert "risk register" in verdict.quote


_WORDS = st.sampled_from(
    [
        "quorum",
        "meeting",
        "dispute",
        "complaint",
        "indemnity",
        "termination",
        "notice",
        "equality",
        "budget",
        "data",
        "protection",
        "Freedom",
        "of",
        "Information",
        "membership",
        "chair",
        "vice-chair",
        "delegated",
        "authority",
        "performance",
        "monitoring",
        "insurance",
        "procurement",
        "resilience",
        "business",
        "continuity",
        "the",
        "and",
        "of",
        "partners",
        "will",
        "shall",
        "be",
        "each",
        "every",
        "month",
        "quarterly",
        "exit",
        "strategy",
        "risk",
        "register",
    ]
)
_PARAGRAPH = st.lists(_WORDS, min_size=0, max_size=30).map(" ".join)
_SECTION = st.tuples(st.sampled_from(["", "Terms", "Exit", "Data", "Meetings", "Other"]),
                     st.lists(_PARAGRAPH, max_size=5))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_SECTION, max_size=6))
def it_never_calls_a_heading_addressed_without_evidence(
    sections: list[tuple[str, list[str]]],
) -> None:
    assessment = assess_blocks(document(*sections))
    assert len(assessment.verdicts) == 19
    for verdict in assessment.verdicts:
        if verdict.addressed:
            assert verdict.quote and len(verdict.quote) <= 200
            assert verdict.location.startswith("paragraph ")
            assert verdict.matched_terms
        else:
            assert verdict.quote == "" and verdict.location == ""


def it_gives_json_with_the_evidence_for_every_heading() -> None:
    data = assess_blocks(TERMS_OF_REFERENCE, source="forum.docx").to_json()
    json.dumps(data)  # plain JSON types only
    assert data["source"] == "forum.docx"
    assert [v["heading"] for v in data["verdicts"]] == HEADINGS
    meetings = data["verdicts"][HEADINGS.index("Meetings")]
    assert set(meetings) >= {
        "heading", "verdict", "section_title", "quote", "location", "score", "matched_terms",
    }  # fmt: skip
    assert meetings["verdict"] == "addressed"
    assert meetings["quote"] in {b.text for b in TERMS_OF_REFERENCE}


def it_prints_a_table_of_19_rows_and_the_evidence() -> None:
    text = assess_blocks(TERMS_OF_REFERENCE, source="forum.docx").to_text()
    lines = text.splitlines()
    assert lines[0].startswith("forum.docx: ")
    for number, heading in enumerate(HEADINGS, start=1):
        assert any(line.startswith(f"{number:>2}  {heading} ") for line in lines), heading
    assert "Evidence:" in text
    assert "2. Terms of Reference" in text


def it_turns_verdicts_into_check_findings_on_each_heading() -> None:
    assessment = assess_blocks(TERMS_OF_REFERENCE)
    findings = heading_findings(assessment)
    by_heading = {f.heading: f for f in findings}
    assert "Meetings" not in by_heading
    assert by_heading["Exit Strategies"].rule == "heading-not-addressed"
    assert by_heading["Exit Strategies"].severity == "error"
    for verdict in assessment.verdicts:
        if verdict.verdict == "partly":
            assert by_heading[verdict.heading].rule == "heading-partly-addressed"
            assert by_heading[verdict.heading].severity == "warning"
    assert len(findings) == sum(v.verdict != "addressed" for v in assessment.verdicts)


def it_counts_the_verdicts() -> None:
    assessment = Assessment("x", [])
    assert assessment.counts() == {"addressed": 0, "partly": 0, "not-addressed": 0}


def it_gives_19_not_addressed_verdicts_for_an_empty_document() -> None:
    assessment = assess_blocks([])
    assert [v.verdict for v in assessment.verdicts] == ["not-addressed"] * 19


def it_does_not_let_a_title_in_a_heading_style_colour_every_section() -> None:
    blocks = [
        Block("Information Sharing Agreement", "heading", 1, location="paragraph 1"),
        Block("1. Meetings", "heading", 2, location="paragraph 2"),
        Block(
            "Minutes are circulated to the members and copies of the agendas are kept.",
            "paragraph",
            location="paragraph 3",
        ),
    ]
    assert assess_blocks(blocks).verdict("Information").verdict == "not-addressed"


def it_judges_a_page_read_as_one_paragraph_sentence_by_sentence() -> None:
    filler = "The partners will continue to run the town centre events programme together. "
    page = (
        filler
        * 20
        + "Any partner may withdraw on six months' notice, and on termination the remaining "
        "funds are returned to the partners. " + filler * 20
    )
    verdict = assess_blocks(document(("", [page]))).verdict("Exit Strategies")
    assert verdict.verdict == "addressed"
    assert "withdraw" in verdict.quote and len(verdict.quote) <= 200
