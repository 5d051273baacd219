"""What a partnership works on is not how it governs itself: the patterns behind real misses.

Every sentence here is invented for these tests, in the style of council terms of reference
(word-numbered clauses, contents pages, document-control tables, capital headings in PDFs).
"""

from __future__ import annotations

import pytest

from ptk_docs._check.assess import assess_blocks
from ptk_docs._read.blocks import (
    Block,
    is_contents_entry,
    looks_like_heading,
    looks_like_sentence,
)


def blocks(*items: tuple[str, str] | str, title: str = "") -> list[Block]:
    """Blocks in order: a plain string is a paragraph, (kind, text) anything else."""
    out = [Block(title, "title", location="paragraph 1")] if title else []
    for item in items:
        kind, text = item if isinstance(item, tuple) else ("paragraph", item)
        level = 1 if kind == "heading" else 0
        out.append(Block(text, kind, level, location=f"paragraph {len(out) + 1}"))  # type: ignore[arg-type]
    return out


# -- who does what: accountability ---------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Partnership will report bi-annually to the Borough Council's Cabinet.",
        "The Steering Group shall report to the Health and Wellbeing Board.",
        "The Forum reports regularly to the Community Safety Partnership.",
        "Members are accountable to their nominating organisations for the decisions they take.",
    ],
)
def it_hears_who_a_body_reports_or_answers_to(sentence: str) -> None:
    doc = blocks(("heading", "Governance"), sentence, title="Riverside Arts Forum")
    verdict = assess_blocks(doc).verdict("Accountability")
    assert verdict.addressed
    assert verdict.quote == sentence


def it_does_not_take_unnamed_relevant_boards_for_a_reporting_line() -> None:
    doc = blocks(
        ("heading", "Role"),
        "Provide reports on progress to relevant boards as required.",
        title="Riverside Arts Forum",
    )
    assert assess_blocks(doc).verdict("Accountability").verdict == "not-addressed"


# -- sectioning on real layouts ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "4.1 The Board shall report to the Cabinet",
        "5.1 Meetings will be held every quarter",
        "The Group is made up of officers from each council and the police",
    ],
)
def it_reads_word_numbered_sentences_as_body_text(text: str) -> None:
    assert looks_like_sentence(text)
    assert not looks_like_heading(text, loose=True)


@pytest.mark.parametrize(
    "text", ["5. MEMBERSHIP", "Roles and Responsibilities", "What is the Partnership", "Who we are"]
)
def it_still_knows_a_heading(text: str) -> None:
    assert not looks_like_sentence(text)
    assert looks_like_heading(text, loose=True)


def it_keeps_a_sentence_styled_as_a_heading_in_its_section() -> None:
    doc = blocks(
        ("heading", "4. Reporting"),
        ("heading", "4.1 The Board shall report twice a year to the Cabinet"),
        ("heading", "5. Meetings"),
        ("heading", "5.1 Meetings will be held quarterly at the Civic Centre"),
        title="Canal Corridor Board",
    )
    assessment = assess_blocks(doc)
    accountability = assessment.verdict("Accountability")
    assert accountability.addressed
    assert accountability.section_title == "4. Reporting"
    meetings = assessment.verdict("Meetings")
    assert meetings.addressed
    assert meetings.section_title == "5. Meetings"


def it_reads_numbered_capitals_as_headings() -> None:
    doc = blocks(
        "5. MEMBERSHIP",
        "Each council appoints two elected members; the chair is elected annually by the "
        "members and co-opted members may be added.",
        title="Canal Corridor Board",
    )
    membership = assess_blocks(doc).verdict("Membership")
    assert membership.addressed
    assert membership.section_title == "5. MEMBERSHIP"


def it_does_not_take_a_party_in_capitals_on_the_cover_for_a_heading() -> None:
    doc = blocks(
        "NORTHBY BOROUGH COUNCIL",
        "and",
        "SOUTHWOLD DISTRICT COUNCIL",
        "and",
        "EASTMERE TOWN COUNCIL",
    )
    assert assess_blocks(doc).verdict("Membership").addressed


@pytest.mark.parametrize(
    "line", ["Financial Protocols ........ 4", "Dispute Resolution …… 5", "Data Protection\t6"]
)
def it_knows_a_contents_entry(line: str) -> None:
    assert is_contents_entry(line)


def it_never_reads_a_contents_page_as_content() -> None:
    doc = blocks(
        ("heading", "Contents"),
        "Budget and Financial Provisions ........ 4",
        "Dispute Resolution and Arbitration ........ 5",
        "Data Protection and Freedom of Information ........ 6",
        "Liabilities and Indemnities ........ 7",
        title="Shared Legal Service Agreement",
    )
    assessment = assess_blocks(doc)
    for heading in (
        "Financial Protocols",
        "Conflict and Complaints Resolution",
        "Data Sharing",
        "Legalities",
    ):
        assert not assessment.verdict(heading).addressed, heading


def it_never_quotes_a_document_control_table() -> None:
    control = [
        ("Version", "Date", "Author", "Summary of changes"),
        ("0.3", "4 May 2021", "Partnership Officer", "Terms of reference redrafted"),
        ("1.0", "1 June 2021", "Partnership Officer", "Terms of reference approved"),
    ]
    doc = [Block("Youth Forum", "title", location="paragraph 1")]
    for row, cells in enumerate(control, start=1):
        doc.append(Block("\t".join(cells), "table-row", location=f"table 1 row {row}",
                         cells=cells, table=1))  # fmt: skip
    doc += blocks(
        ("heading", "Remit"),
        "The Forum will advise the Council on services for young people, review the youth "
        "offer each year and set the priorities for the youth grant.",
    )
    terms = assess_blocks(doc).verdict("Terms of Reference")
    assert not terms.location.startswith("table")


def it_judges_a_document_with_no_headings_by_windows_of_text() -> None:
    filler = "The partners share a commitment to the wellbeing of residents across the county. "
    doc = blocks(
        filler * 30,
        "The Board will meet every two months and the quorum is five members.",
        filler * 30,
        "Any dispute between partners is referred first to the chairs and then to mediation.",
    )
    assessment = assess_blocks(doc)
    assert assessment.verdict("Meetings").verdict == "addressed"
    assert assessment.verdict("Conflict and Complaints Resolution").addressed


# -- subject matter is not governance --------------------------------------------------------


def it_does_not_take_advice_on_spending_for_financial_protocols() -> None:
    doc = blocks(
        ("heading", "Activities"),
        "a. gather evidence from users on which data sets matter most;",
        "b. advise the Minister on how £7m of additional spending should be prioritised;",
        "c. build the case for funding to release data free at the point of use;",
        "d. promote the release of data across government.",
        title="Open Places User Group: Terms of Reference",
    )
    assert not assess_blocks(doc).verdict("Financial Protocols").addressed


def it_does_not_take_a_job_title_for_an_equalities_statement() -> None:
    doc = blocks(
        ("heading", "Membership"),
        "Equality, Diversity and Community Engagement Manager",
        "Head of Housing Services",
        "Community Safety Manager",
        title="Town Centre Group",
    )
    assessment = assess_blocks(doc)
    assert not assessment.verdict("Equalities").addressed
    assert assessment.verdict("Membership").addressed


def it_does_not_take_the_subject_of_a_boards_work_for_information() -> None:
    doc = blocks(
        ("heading", "Responsibilities"),
        "Consider standards for health records, including the need to share information with "
        "care organisations outside the UK.",
        "Advise on the adoption of technical standards across health and care.",
        title="Digital Standards Board",
    )
    assert not assess_blocks(doc).verdict("Information").addressed


def it_does_not_judge_a_group_on_what_its_name_says_it_works_on() -> None:
    doc = blocks(
        ("heading", "Purpose"),
        "The Group will oversee risk management across both councils, review the corporate "
        "risk register and agree mitigation for the highest risks.",
        title="Joint Corporate Risk Management Group",
    )
    assert not assess_blocks(doc).verdict("Risk Management").addressed


def it_counts_conflict_of_interest_as_conduct_not_as_conflict_resolution() -> None:
    doc = blocks(
        ("heading", "Interests"),
        "Members must declare any conflict of interest at the start of each meeting and the "
        "register of interests is kept by the secretary.",
        title="Riverside Arts Forum",
    )
    assessment = assess_blocks(doc)
    assert assessment.verdict("Code of Conduct").addressed
    assert not assessment.verdict("Conflict and Complaints Resolution").addressed


def it_counts_a_supporting_team_as_resources() -> None:
    doc = blocks(
        ("heading", "Support"),
        "The Partnership is supported by the Council's Community Safety Team, which also "
        "provides the secretariat.",
        title="Riverside Community Safety Partnership",
    )
    assert assess_blocks(doc).verdict("Resources").addressed


# -- a title alone gives nothing ---------------------------------------------------------------


def it_gives_no_verdict_for_a_usual_title_over_unrelated_text() -> None:
    doc = blocks(
        ("heading", "Governance"),
        "The Group values the contribution of volunteers and welcomes new ideas.",
        title="Riverside Arts Forum",
    )
    assert assess_blocks(doc).verdict("Accountability").verdict == "not-addressed"


def it_gives_no_verdict_for_an_empty_section_under_the_toolkits_own_title() -> None:
    doc = blocks(("heading", "Financial Protocols"), ("heading", "Meetings"), "To be agreed.")
    assessment = assess_blocks(doc)
    assert assessment.verdict("Financial Protocols").verdict == "not-addressed"
    assert assessment.verdict("Meetings").verdict == "not-addressed"


# -- evidence -----------------------------------------------------------------------------------


def it_quotes_the_sentence_that_carries_the_verdict() -> None:
    long_paragraph = (
        "The Partnership brings together the agencies of the district in a spirit of "
        "cooperation and shared endeavour for the benefit of residents and visitors alike. "
        "The quorum for any meeting is one third of the members. "
        "Its work is described in the annual plan, which is published on the council's "
        "website each spring after consultation with residents and businesses."
    )
    doc = blocks(("heading", "Proceedings"), long_paragraph, title="Riverside Partnership")
    meetings = assess_blocks(doc).verdict("Meetings")
    assert meetings.quote == "The quorum for any meeting is one third of the members."
    assert meetings.location == "paragraph 3"


def it_does_not_take_another_bodys_name_for_its_own_finances() -> None:
    doc = blocks(
        ("heading", "Links"),
        "Papers may also go to the Budget and Financial Monitoring Group and the Audit Committee.",
        title="Campus Travel Group",
    )
    assert not assess_blocks(doc).verdict("Financial Protocols").addressed


def it_finds_the_bodys_name_under_a_running_header() -> None:
    doc = [
        Block("[OFFICIAL]", "paragraph", location="page 1"),
        *blocks(
            ("heading", "Remit"),
            "The Group oversees risk management across the service and keeps the risk register.",
            title="Service Risk Management Group",
        ),
    ]
    assert not assess_blocks(doc).verdict("Risk Management").addressed


def it_skips_a_numbered_contents_heading_and_its_entries() -> None:
    doc = blocks(
        ("heading", "1.0 Contents"),
        "Our Vision and Priorities 4",
        "Budget and Funding 6",
        "Data Protection and Freedom of Information 7",
        ("heading", "Our Vision and Priorities"),
        "The Partnership works with schools and families.",
        title="Northby Children's Partnership Arrangements",
    )
    assessment = assess_blocks(doc)
    assert not assessment.verdict("Financial Protocols").addressed
    assert not assessment.verdict("Data Sharing").addressed


def it_does_not_take_a_pointer_for_what_it_points_at() -> None:
    doc = blocks(
        ("heading", "1. Constitution"),
        "1.4 These terms of reference are intended to reflect the duties, roles and "
        "responsibilities of the Board.",
        "1.5 The functions of the Board are set out in the appendix.",
        title="Riverside Partnership Board",
    )
    assessment = assess_blocks(doc)
    assert not assessment.verdict("Roles and Responsibilities").addressed


def it_reads_the_role_of_the_board_as_its_remit_not_its_members_roles() -> None:
    doc = blocks(
        ("heading", "1. Role"),
        "The role of the Riverside Partnership Board is to set the strategic direction and "
        "agree the shared priorities of the partners.",
        title="Riverside Partnership Board: Terms of Reference",
    )
    assert not assess_blocks(doc).verdict("Roles and Responsibilities").addressed
