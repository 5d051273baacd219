"""Judging, by content, which of the 19 agreement headings an existing document addresses.

Councils hold agreements, terms of reference and constitutions written in their own words, under
their own headings. The toolkit asks whether such a document *addresses* each of its 19 headings,
which a careful reader decides by what the text covers, not by what the sections are called.

The method is transparent and runs offline:

0. What is not content is set aside: contents pages, document-control and version tables. A
   sentence Word numbered or styled as a heading ("4.1 The Board shall report to ...") is text;
   a numbered line in capitals ("5. MEMBERSHIP") is a heading.
1. The document is cut into units: its own sections (a heading and what follows it, up to the
   next heading), and long sections into overlapping windows of a few paragraphs, so that a PDF
   whose headings were not recognised is still judged passage by passage.
2. In every unit, each heading's curated vocabulary (``_vocabulary.py``: governance terms grouped
   by the seed's question they answer, each with a weight) is matched paragraph by paragraph.
   The unit's *content* score is the sum of the weights of the distinct terms found (a term found
   again adds a little). A section title that suggests the heading adds a bonus, but a title on
   its own is never enough: a "Review and Termination" section that only allows suspension has
   no ending terms, so it does not address Exit Strategies.
   What a partnership works on is not how it governs itself: for the headings whose words are
   as often its subject (information, data, finance, risk, continuity, equality), terms in job
   titles, in other bodies' names, in sentences about the work it advises on or delivers, and in
   the subject its own name gives it ("Corporate Risk Management Group") do not count.
   Some evidence is in the shape of the text rather than its words: a list of organisations
   (who the members are), a list of what a body does ("Advise, guide and oversee ...": its terms
   of reference), a list of aims ("To raise awareness ...": its purpose).
3. The best unit decides: **addressed** when it has at least two distinct terms and enough
   weight, **partly** when it has some real content (more than a passing mention), otherwise
   **not addressed**. A section titled with the toolkit's own heading ("11. Meetings", as in
   ptk's own layout) with an answer under it is at least partly addressed, and addressed when the
   answer uses the heading's terms; the seed's own questions, "[to be completed]" and answers
   that only put the question off ("To be agreed") are not answers. Every addressed or partly
   verdict carries its evidence: the document's own section title, a short quote and where it is.

The thresholds below were set on the seed's questions and a few real documents read by a person
(``benchmarks/coverage.py``); the vocabulary, not the thresholds, is the place to teach it more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ptk_docs._check.findings import Finding
from ptk_docs._io.guard import deadline
from ptk_docs._io.limits import DEFAULT_LIMITS
from ptk_docs._read.blocks import (
    MANUAL_NUMBER,
    Block,
    is_contents_entry,
    looks_like_heading,
    looks_like_sentence,
    number_depth,
)
from ptk_docs._read.extract import extract
from ptk_docs._records.agreement import AGREEMENT_HEADINGS
from ptk_docs._records.formatting import is_prompt
from ptk_docs._toolkit.headings import HEADING_VARIANTS, normalise
from ptk_docs._toolkit.outline import GUIDANCE_STYLE, QUESTION_STYLE, TableSpec, outline
from ptk_docs._toolkit.vocabulary import (
    HEADING_VOCABULARY,
    JOB_TITLE,
    HeadingVocabulary,
    compile_term,
    required_literals,
)

Verdict = Literal["addressed", "partly", "not-addressed"]


#: Longest text judged as one unit; a longer section is judged in overlapping windows.
MAX_UNIT_CHARS = 2400

#: Size of each half of a window.
WINDOW_CHARS = 1200

#: What a section title that suggests the heading adds to a unit's score.
TITLE_BONUS = 2.0

#: A term found in more paragraphs of the unit adds this share of its weight each time (twice at
#: most): repetition is weaker evidence than a second, different term.
REPEAT_SHARE = 0.25

#: The thresholds, on the content score (terms only) and the score (content plus title bonus).
ADDRESSED_CONTENT = 3.0

ADDRESSED_SCORE = 4.0

PARTLY_CONTENT = 2.0

PARTLY_SCORE = 3.5


@dataclass(frozen=True)
class Thresholds:
    """The numbers a verdict is decided by (the only things ``benchmarks/coverage.py`` tunes)."""

    addressed_content: float = ADDRESSED_CONTENT
    addressed_score: float = ADDRESSED_SCORE
    partly_content: float = PARTLY_CONTENT
    partly_score: float = PARTLY_SCORE
    title_bonus: float = TITLE_BONUS

    def scaled(self, factor: float, title_bonus: float) -> Thresholds:
        """Every threshold times ``factor``, with another title bonus (for tuning)."""
        return Thresholds(
            self.addressed_content * factor,
            self.addressed_score * factor,
            self.partly_content * factor,
            self.partly_score * factor,
            title_bonus,
        )


DEFAULT_THRESHOLDS = Thresholds()

#: A paragraph longer than this is judged in pieces of a few sentences.
LONGEST_BLOCK = 1500

_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")

#: Longest quote in the evidence.
QUOTE_CHARS = 200


_VERDICT_TEXT = {"addressed": "addressed", "partly": "partly", "not-addressed": "not addressed"}

_RANK = {"addressed": 2, "partly": 1, "not-addressed": 0}


@dataclass(frozen=True)
class HeadingVerdict:
    """Whether the document addresses one toolkit heading, and the evidence for it."""

    heading: str
    verdict: Verdict
    #: The document's own title of the section the evidence is in ("" before any heading).
    section_title: str = ""
    #: A short quote (at most 200 characters) from the paragraph that best supports the verdict.
    quote: str = ""
    #: Where the quote is: "paragraph 12", "page 4", "table 2 row 3".
    location: str = ""
    #: The evidence's weight: its terms' weights plus the title bonus (see the module docstring).
    score: float = 0.0
    #: The governance terms found in that section, strongest first.
    matched_terms: tuple[str, ...] = ()
    #: The seed's questions under the heading that the evidence speaks to.
    questions: tuple[str, ...] = ()

    @property
    def addressed(self) -> bool:
        """True for addressed and partly addressed: there is evidence to read."""
        return self.verdict != "not-addressed"

    def to_json(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "verdict": self.verdict,
            "section_title": self.section_title,
            "quote": self.quote,
            "location": self.location,
            "score": self.score,
            "matched_terms": list(self.matched_terms),
            "questions": list(self.questions),
        }


@dataclass
class Assessment:
    """A verdict for each of the 19 headings, in the seed's order."""

    source: str
    verdicts: list[HeadingVerdict] = field(default_factory=list)

    def verdict(self, heading: str) -> HeadingVerdict:
        """The verdict on ``heading`` as the seed writes it (``"Exit Strategies"``)."""
        for verdict in self.verdicts:
            if verdict.heading == heading:
                return verdict
        raise KeyError(heading)

    def counts(self) -> dict[Verdict, int]:
        counts: dict[Verdict, int] = {"addressed": 0, "partly": 0, "not-addressed": 0}
        for verdict in self.verdicts:
            counts[verdict.verdict] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "verdicts": [v.to_json() for v in self.verdicts]}

    def to_text(self) -> str:
        counts = self.counts()
        lines = [
            f"{self.source or 'Document'}: {counts['addressed']} of {len(self.verdicts)} headings "
            f"addressed, {counts['partly']} partly, {counts['not-addressed']} not addressed",
            "",
            f"{'No':>2}  {'Heading':<35} {'Verdict':<14} {'Section (document’s own title)':<34} "
            f"{'Where':<16} Score",
        ]
        for number, v in enumerate(self.verdicts, start=1):
            section = _clip(v.section_title, 34) if v.addressed else "-"
            where = v.location if v.addressed else "-"
            lines.append(
                f"{number:>2}  {v.heading:<35} {_VERDICT_TEXT[v.verdict]:<14} {section:<34} "
                f"{_clip(where, 16):<16} {v.score:>5.1f}"
            )
        evidence = [(n, v) for n, v in enumerate(self.verdicts, start=1) if v.addressed]
        if evidence:
            lines += ["", "Evidence:"]
            for number, v in evidence:
                lines.append(f"{number:>2}  {v.heading} ({_VERDICT_TEXT[v.verdict]}): “{v.quote}”")
                lines.append(f"    terms: {', '.join(v.matched_terms)}")
        return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------------
# Units: sections, and windows of long sections
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    #: The section's own title ("" before the first heading).
    title: str
    #: Its title and the titles of the sections it sits in (for the title bonus).
    titles: tuple[str, ...]
    blocks: tuple[Block, ...]


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _seed_texts() -> frozenset[str]:
    """The seed's own questions and notes: asking a question is not answering it."""
    texts: set[str] = set()
    for kind in ("agreement", "business-case"):
        for section in outline(kind):
            texts.update(section.guidance)
            texts.update(section.statements)
            for item in section.items:
                texts.add(item.question)
                if isinstance(item, TableSpec):
                    texts.add(" ".join(item.columns))  # the header row of ptk's own tables
    return frozenset(_normal(t) for t in texts if t)


_SEED_TEXTS = _seed_texts()


def _is_answer(block: Block) -> bool:
    text = block.text.strip()
    return bool(
        text
        and not is_prompt(text)
        and block.style not in (QUESTION_STYLE, GUIDANCE_STYLE)
        and _normal(text) not in _SEED_TEXTS
    )


def _document_title_heading(blocks: Sequence[Block]) -> int | None:
    """The index of a first heading that is the document's title in a heading style.

    Many documents put their title in "Heading 1" and their sections in "Heading 2": such a title
    is not a section all the others sit in (an "Information Sharing Agreement" title would
    otherwise suggest Information for every section).
    """
    texts = [(i, b) for i, b in enumerate(blocks) if b.text.strip() and b.kind != "title"]
    if len(texts) < 2:
        return None
    (first, head), (_, after) = texts[0], texts[1]
    if head.kind == "heading" and after.kind == "heading" and after.level > head.level:
        return first
    return None


def _split_long(block: Block) -> list[Block]:
    """A very long paragraph (a PDF page read as one) as pieces of a few sentences."""
    if len(block.text) <= LONGEST_BLOCK:
        return [block]
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(block.text):
        if pieces and len(pieces[-1]) + len(sentence) < LONGEST_BLOCK // 2:
            pieces[-1] += " " + sentence
        else:
            pieces.append(sentence)
    return [replace(block, text=piece) for piece in pieces if piece.strip()]


#: What a contents page is called.
_CONTENTS_TITLE = re.compile(
    r"^\W*(\d+(\.\d+)*\.?\s+)?((table of )?contents|index)\W*$", re.IGNORECASE
)

#: Cells of a document-control or version table: about the document, never about the partnership.
_CONTROL_CELL = re.compile(
    r"^\W*(version( no\.?| number)?|date( of issue| approved| issued)?|author|owner|status|"
    r"approved by|review date|next review( date)?|revision|change|changes|summary of changes|"
    r"document (control|history|owner|status|title|reference)|classification|ref(erence)?)\W*$",
    re.IGNORECASE,
)

#: A paragraph that is a line of document control ("Version 1.2, March 2020", "Document owner:").
_CONTROL_LINE = re.compile(
    r"^\W*(version|v)\s?\d+(\.\d+)*\b.{0,40}$|^\W*(document (control|owner|status|history)|"
    r"(next )?review date|date of (issue|approval)|author|classification)\s*:.{0,60}$",
    re.IGNORECASE,
)


def _is_capital_heading(block: Block) -> bool:
    """A short line in capitals ("5. MEMBERSHIP"): a heading in a PDF that sets it in body type."""
    text = block.text.strip()
    letters = [c for c in text if c.isalpha()]
    return (
        block.kind == "paragraph"
        and len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(text.split()) <= 8
        and not text.endswith((".", ",", ";"))
        and looks_like_heading(text.title(), loose=True)
        # "MAIDSTONE BOROUGH COUNCIL" on a cover page is a party, not a section.
        and (MANUAL_NUMBER.match(text) is not None or not _ORGANISATION.search(text))
    )


def _contents_words(text: str) -> str:
    """A contents entry or heading as words, without its number, dot leaders or page number."""
    return _toolkit_title(re.sub(r"(?:[.…_\s]{3,}|\t)\s*\d{0,3}\s*$", "", text))


def _readable(blocks: Sequence[Block]) -> list[Block]:
    """The blocks as content: contents pages and document-control tables dropped, sentences that
    Word numbered or styled as headings read as text, numbered capitals read as headings."""
    control_tables = {
        b.table
        for b in blocks
        if b.kind == "table-row" and sum(bool(_CONTROL_CELL.match(c)) for c in b.cells) >= 2
    }
    kept: list[Block] = []
    in_contents = False
    listed: set[str] = set()  # the entries of the contents page, as words
    for block in blocks:
        text = block.text.strip()
        if _CONTENTS_TITLE.match(text) and block.kind in ("heading", "paragraph", "title"):
            in_contents = True
            continue
        if in_contents:
            # A contents page runs on in short entries until the first real paragraph, or until
            # a heading it listed comes round again (the body has begun).
            words = _contents_words(text)
            if words not in listed and (
                is_contents_entry(text)
                or (
                    block.kind != "table-row"
                    and not looks_like_sentence(text)
                    # A PDF may run the entries together into one block with no full stop.
                    and (len(text.split()) <= 12 or not text.rstrip().endswith("."))
                )
            ):
                listed.add(words)
                continue
            in_contents = False
        if (
            is_contents_entry(text)
            or block.style.lower().startswith("toc")
            or (block.kind == "table-row" and block.table in control_tables)
            or (block.kind != "heading" and _CONTROL_LINE.match(text))
        ):
            continue
        if block.kind == "heading" and looks_like_sentence(text):
            block = replace(block, kind="paragraph", level=0)
        elif _is_capital_heading(block):
            block = replace(block, kind="heading", level=number_depth(text))
        kept.append(block)
    return kept


def _sections(blocks: Sequence[Block]) -> list[_Unit]:
    units: list[_Unit] = []
    stack: list[tuple[int, str]] = []  # (level, title) of the open headings
    current: list[Block] = []
    title_heading = _document_title_heading(blocks)

    def close() -> None:
        if current:
            title = stack[-1][1] if stack else ""
            units.append(_Unit(title, tuple(t for _, t in stack), tuple(current)))
            current.clear()

    for index, block in enumerate(blocks):
        text = block.text.strip()
        if index == title_heading:
            continue
        if block.kind == "heading" and text:
            close()
            level = max(block.level, 1)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text))
        elif block.kind == "title":
            continue  # the document's title speaks for the whole, not for one heading
        elif _is_answer(block):
            current.extend(_split_long(block))
    close()
    return units


def _windows(unit: _Unit) -> list[_Unit]:
    """The unit itself, or overlapping windows of about MAX_UNIT_CHARS when it is longer."""
    if sum(len(b.text) for b in unit.blocks) <= MAX_UNIT_CHARS:
        return [unit]
    chunks: list[list[Block]] = [[]]
    size = 0
    for block in unit.blocks:
        if size >= WINDOW_CHARS and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(block)
        size += len(block.text)
    if len(chunks) == 1:
        return [unit]
    return [
        _Unit(unit.title, unit.titles, tuple(chunks[i] + chunks[i + 1]))
        for i in range(len(chunks) - 1)
    ]


# --------------------------------------------------------------------------------------------
# Scoring one heading over one unit
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matcher:
    vocabulary: HeadingVocabulary
    #: Each term's pattern, with the strings one of which must be present for it to match.
    terms: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    titles: re.Pattern[str]
    ignore: tuple[re.Pattern[str], tuple[str, ...]] | None
    #: What the whole document may call itself that suggests this heading everywhere in it.
    document: re.Pattern[str]

    @classmethod
    def of(cls, vocabulary: HeadingVocabulary) -> _Matcher:
        titles = re.compile("|".join(f"(?:{t})" for t in vocabulary.titles), re.IGNORECASE)
        document = re.compile(
            "|".join(f"(?:{t})" for t in vocabulary.document_titles) or r"(?!)", re.IGNORECASE
        )
        ignore = None
        if vocabulary.ignore:
            either = "|".join(f"(?:{p})" for p in vocabulary.ignore)
            ignore = (re.compile(either, re.IGNORECASE), ())
        terms = tuple((compile_term(t), required_literals(t.pattern)) for t in vocabulary.terms)
        return cls(vocabulary, terms, titles, ignore, document)

    def matches(self, text: str, triggered: Iterable[int]) -> list[tuple[int, int, int]]:
        """(term index, start, end) of the ``triggered`` terms in ``text``.

        Ignored phrases are blanked first. Where terms overlap, the one that starts first wins,
        then the heavier: "freedom of information" is one term, not "information" as well.
        """
        if self.ignore is not None:
            text = self.ignore[0].sub(lambda m: " " * len(m.group()), text)
        weights = self.vocabulary.terms
        found = sorted(
            (m.start(), -weights[index].weight, index, m.end())
            for index in triggered
            for m in self.terms[index][0].finditer(text)
            if m.end() > m.start()
        )
        kept: list[tuple[int, int, int]] = []
        for start, _, index, end in found:
            if not kept or start >= kept[-1][2]:
                kept.append((index, start, end))
        return kept


_MATCHERS = tuple(_Matcher.of(v) for v in HEADING_VOCABULARY)


def _literal_index() -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int]]]:
    """literal -> the (heading, term) it triggers; and the terms to run on every paragraph."""
    by_literal: dict[str, list[tuple[int, int]]] = {}
    always: list[tuple[int, int]] = []
    for h, matcher in enumerate(_MATCHERS):
        for t, (_, literals) in enumerate(matcher.terms):
            if not literals:
                always.append((h, t))
            for literal in literals:
                by_literal.setdefault(literal, []).append((h, t))
    return by_literal, always


_BY_LITERAL, _ALWAYS = _literal_index()

#: Every literal the terms need, each looked for once per paragraph (``in`` is fast; running
#: some 200 patterns over every paragraph is not).
_LITERALS = tuple(sorted(_BY_LITERAL))


#: Job titles are blanked before any term is looked for (see ``vocabulary.JOB_TITLE``).
_JOB_TITLE = re.compile(JOB_TITLE)


#: A sentence that only says where something is, or what the document means to cover ("These
#: Terms of Reference are intended to reflect the duties, roles and responsibilities ...").
_POINTER = re.compile(
    r"\b(is|are) (intended|designed|meant) to (reflect|set out|describe|cover)\b|"
    r"\bset out (below|above|in (the )?(appendix|schedule|section|annex|paragraph)\b)|"
    r"\bas (defined|described|detailed|listed) in (the )?(appendix|schedule|section|annex)\b|"
    r"\bsee (appendix|section|annex|schedule)\b",
    re.IGNORECASE,
)


def _blank(text: str) -> str:
    """The paragraph with job titles and pointer sentences blanked (same length, same places)."""
    text = _JOB_TITLE.sub(lambda m: " " * len(m.group()), text)
    if _POINTER.search(text):
        for match in _POINTER.finditer(text):
            start, end = _sentence_at(text, match.start())
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _block_matches(text: str) -> list[list[tuple[int, int, int]]]:
    """The terms of every heading found in one paragraph, heading by heading."""
    text = _blank(text)
    lower = text.lower()
    triggered: dict[int, set[int]] = {}
    for h, t in _ALWAYS:
        triggered.setdefault(h, set()).add(t)
    for literal in _LITERALS:
        if literal in lower:
            for h, t in _BY_LITERAL[literal]:
                triggered.setdefault(h, set()).add(t)
    return [
        _MATCHERS[h].matches(text, triggered[h]) if h in triggered else []
        for h in range(len(_MATCHERS))
    ]


#: Words that make a short line an organisation's name, for lists of members and parties.
_ORGANISATION = re.compile(
    r"\b(council|constabulary|police|trust|nhs|services?|authority|agency|department|dept|office|"
    r"association|board|commission(er)?|fire|probation|university|college|schools?|ltd|limited|"
    r"plc|charity|cross|hmrc|ccg|icb|foundation|society|enforcement|health|safeguarding|sector|"
    r"government|chamber|housing|church|forum)\b",
    re.IGNORECASE,
)

_LIST_SEPARATOR = re.compile(r"[;\n•]")

#: What a body does, as the first word of an item in a list of its functions.
_FUNCTION = re.compile(
    r"^(?:[\W\d]|\(?[a-z]{1,4}[.)]\s)*(?:to )?(adopt|advis|agree|approv|overse|monitor|develop|establish|provid|ensur|"
    r"promot|co-?ordinat|review|receiv|consider|set|commission|support|lead|identify|prepar|"
    r"deliver|influenc|challeng|scrutini[sz]|represent|produc|maintain|respond|facilitat|"
    r"undertak|engag|champion|hold|determin|act|mak|publish|report|secur|shap|shar)(e|es|ing|s)?\b",
    re.IGNORECASE,
)

#: A list of at least this many organisations, or functions, is evidence on its own.
_LIST_ITEMS = 3


def _organisations(blocks: Sequence[Block]) -> list[Block]:
    """The blocks of a list of organisations' names (member or party lists)."""
    found = []
    for block in blocks:
        for part in _LIST_SEPARATOR.split(block.text):
            words = part.split()
            if (
                0 < len(words) <= 10
                and (_ORGANISATION.search(part) or _JOB_TITLE.fullmatch(part.strip(" ,;:-–")))
                and not part.rstrip().endswith(".")
            ):
                found.append(block)
    return found


def _functions(blocks: Sequence[Block]) -> list[Block]:
    """The blocks that are items of a list of what a body does ("Advise, guide and oversee ...")."""
    return [b for b in blocks if b.kind != "heading" and _FUNCTION.match(b.text)]


#: An aim, as the first words of an item in a list of aims ("To raise awareness of ...").
_AIM = re.compile(
    r"^(?:[\W\d]|\(?[a-z]{1,4}[.)]\s)*(to (?!be\b)[a-z]+|reduce|improve|increase|promote|tackle|prevent|protect|raise|"
    r"enable|empower|achieve|eliminate|end|fight|make|ensure)\b",
    re.IGNORECASE,
)


def _aims(blocks: Sequence[Block]) -> list[Block]:
    """The blocks that are items of a list of aims."""
    return [b for b in blocks if b.kind != "heading" and _AIM.match(b.text)]


_MEMBER_LIST = "list of member organisations"

#: Structural evidence: (field, label, finder, weight, question answered).
_LISTS = {
    "purpose": ("list of aims", _aims, 3.0, "aims_and_objectives"),
    "membership": (_MEMBER_LIST, _organisations, 3.0, "members"),
    "terms_of_reference": ("list of functions", _functions, 2.0, "terms"),
}


@dataclass
class _Evidence:
    content: float = 0.0
    score: float = 0.0
    terms: list[int] = field(default_factory=list)
    title_match: bool = False
    block: Block | None = None
    span: tuple[int, int] = (0, 0)
    #: The label of the structural evidence found (a list of members or of functions), or "".
    listed: str = ""
    #: The section is titled with the toolkit's own heading and has an answer under it (as in
    #: ptk's own layout): at least partly addressed, whatever words the answer uses.
    under_own_heading: bool = False

    @property
    def distinct(self) -> int:
        return len(self.terms) + (1 if self.listed else 0)

    def verdict(self, limits: Thresholds) -> Verdict:
        if (
            self.content >= limits.addressed_content
            and self.score >= limits.addressed_score
            and (self.distinct >= 2 or (self.listed and self.title_match))
        ) or (self.under_own_heading and self.content > 0):
            return "addressed"
        if (
            self.content >= limits.partly_content
            and self.score >= limits.partly_score
            and (self.distinct >= 2 or self.title_match)
        ) or self.under_own_heading:
            return "partly"
        if self.listed == _MEMBER_LIST and self.content >= limits.partly_content:
            # A list of the partner organisations, even with no heading over it (a cover page
            # naming the parties), says who the members are.
            return "partly"
            return "partly"
        return "not-addressed"


#: Headings whose words are as often what a partnership works on as how it governs itself: a
#: group that advises on spending has no financial protocols, a board that promotes information
#: sharing between others has no information arrangements of its own.
_SUBJECT_FIELDS = frozenset(
    {
        "information",
        "data_sharing",
        "financial_protocols",
        "risk_management",
        "business_continuity_plans",
        "equalities",
    }
)

#: A sentence about the work a body does, not about its own arrangements.
_ABOUT_THE_WORK = re.compile(
    r"\b(advis(e|es|ing)|advice|recommendations?) (\w+ ){0,4}(on|about|regarding)\b|\bthe need to\b|"
    r"\b(responsib\w+|role) (\w+ ){0,3}(for|to|in) (the )?(promot|develop|deliver|support|tackl|improv|reduc)",
    re.IGNORECASE,
)


def _sentence_at(text: str, position: int) -> tuple[int, int]:
    """The (start, end) of the sentence of ``text`` that ``position`` is in."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() >= position:
            return start, match.start()
        start = match.end()
    return start, len(text)


#: A label before a list item: "d.", "(iv)", "3)", "•".
_ITEM_LABEL = re.compile(r"^\s*(\(?([a-z]|[ivx]{1,4}|\d{1,2})[.)]\s|[•*\-–]\s)", re.IGNORECASE)


#: A section title that lists what a body does.
_WORK_TITLE = re.compile(
    r"activit|function|remit|\brole|responsibilit|duties|terms of reference|objectives|\baims?\b|"
    r"purpose|\bwork\b|scope|priorit",
    re.IGNORECASE,
)


def _work_items(unit: _Unit) -> frozenset[int]:
    """The blocks of the unit that are items of a list of what the body does or aims at: in a
    section with at least three such items, or titled as one ("Activities", "Remit"), every item
    of the list (the lettered ones too)."""
    items = {i for i, b in enumerate(unit.blocks) if _FUNCTION.match(b.text) or _AIM.match(b.text)}
    if len(items) < _LIST_ITEMS and not _WORK_TITLE.search(unit.title):
        return frozenset()
    labelled = {
        i for i, b in enumerate(unit.blocks) if b.kind == "list-item" or _ITEM_LABEL.match(b.text)
    }
    return frozenset(items | labelled)


#: Another body's name ("the Financial Monitoring and Budget Scrutiny Group"): what it is called
#: says nothing about this partnership's own finance, risk or data arrangements.
_NAMED_BODY = re.compile(
    r"(?-i:\b(?:[A-Z][\w&'-]*,? (?:(?:and|&|of|for) )?){1,7}"
    r"(?:Group|Board|Committee|Panel|Forum|Team|Unit|Service|Directorate)\b)"
)


def _keeps(decisive: set[int], text: str, position: int, work_item: bool) -> bool:
    """Whether a term of a subject-matter heading counts here: never in a sentence about the
    body's work ("advises on ..."), and in an item of its list of functions only in a sentence
    with a decisive term ("... in accordance with the financial procedures" still counts)."""
    start, end = _sentence_at(text, position)
    if _ABOUT_THE_WORK.search(text[start:end]):
        return False
    return not work_item or start in decisive


def _judge(
    matcher: _Matcher,
    unit: _Unit,
    block_matches: Sequence[list[tuple[int, int, int]]],
    whole_document: bool = False,
    limits: Thresholds = DEFAULT_THRESHOLDS,
    subject: bool = False,
    opening: bool = False,
) -> _Evidence:
    """The evidence for one heading in one unit; ``subject``: the body's own name says the
    heading is what it works on ("Corporate Risk Management Group"), so its words prove nothing."""
    terms = matcher.vocabulary.terms
    field_name = matcher.vocabulary.field
    seen: dict[int, int] = {}
    best_block: tuple[float, int, tuple[int, int]] | None = None
    work_items = _work_items(unit) if field_name in _SUBJECT_FIELDS else frozenset()
    for index, found in enumerate(block_matches):
        if subject:
            continue
        if field_name in _SUBJECT_FIELDS and found:
            text = unit.blocks[index].text
            names = [n.span() for n in _NAMED_BODY.finditer(text)]
            found = [m for m in found if not any(a <= m[1] < b for a, b in names)]
            decisive = {_sentence_at(text, m[1])[0] for m in found if terms[m[0]].weight >= 3}
            found = [m for m in found if _keeps(decisive, text, m[1], index in work_items)]
        weight = 0.0
        strongest: tuple[float, tuple[int, int]] = (0.0, (0, 0))
        for term, start, end in dict.fromkeys(found):
            weight += terms[term].weight
            if terms[term].weight > strongest[0]:
                strongest = (terms[term].weight, (start, end))
        for term in {t for t, _, _ in found}:
            seen[term] = seen.get(term, 0) + 1
        if weight and (best_block is None or weight > best_block[0]):
            best_block = (weight, index, strongest[1])
    content = sum(terms[t].weight * (1 + REPEAT_SHARE * (min(n, 3) - 1)) for t, n in seen.items())
    evidence = _Evidence()
    if field_name in _LISTS:
        label, finder, list_weight, _ = _LISTS[field_name]
        items = finder(unit.blocks)
        if len(items) >= _LIST_ITEMS:
            evidence.listed = label
            content += list_weight
            if best_block is None:
                best_block = (list_weight, unit.blocks.index(items[0]), (0, 0))
    titled = _titled_as(unit.title, field_name, matcher.vocabulary.heading)
    # The toolkit's own heading with an answer under it (ptk's own layout) counts; one of the
    # usual other names for it ("Governance") only with some of the heading's content.
    if (titled == "own" or (titled and content > 0)) and any(
        not _DEFERRAL.match(b.text) for b in unit.blocks
    ):
        evidence.under_own_heading = True
        if best_block is None:
            best_block = (0.0, 0, (0, 0))
    evidence.content = content
    # The text that opens a document says what the body is for, whatever it is titled.
    evidence.title_match = (
        whole_document
        or (opening and field_name == "purpose")
        or any(matcher.titles.search(t) for t in unit.titles)
    )
    evidence.score = content + (limits.title_bonus if evidence.title_match and content else 0.0)
    evidence.terms = sorted(seen, key=lambda t: (-terms[t].weight, t))
    if best_block is not None:
        evidence.block = unit.blocks[best_block[1]]
        evidence.span = best_block[2]
    return evidence


#: An answer that only puts the question off ("To be agreed", "N/A") answers nothing.
_DEFERRAL = re.compile(
    r"^\W*(to be (agreed|confirmed|decided|determined|completed|developed|written|added|"
    r"discussed|reviewed)|tb[acd]|n/?a|none|nil|not applicable|not yet \w+|to follow|pending)\b"
    r".{0,50}$",
    re.IGNORECASE | re.DOTALL,
)


def _titled_as(title: str, field_name: str, heading: str) -> Literal["own", "usual", ""]:
    """The section is titled with the toolkit's heading ("own"), or with one of the usual names
    for it ("usual": "Purpose of the Partnership", "Performance monitoring", "Exit strategy"):
    exactly, not just containing a word of it, so "Review and Termination" is judged by its
    content alone."""
    if _toolkit_title(title) == _toolkit_title(heading):
        return "own"
    return "usual" if normalise(title) in HEADING_VARIANTS.get(field_name, ()) else ""


def _toolkit_title(title: str) -> str:
    """A section title as words: "12. Risk Management (Appendix 9)" -> "risk management"."""
    words = _normal(title.replace("&", " and "))
    words = re.sub(r"^(\d+ )+", "", words)
    return re.sub(r" appendix \d+$", "", words)


def _quote(text: str, span: tuple[int, int]) -> str:
    text = " ".join(text.split()) if len(text) > QUOTE_CHARS else text.strip()
    if len(text) <= QUOTE_CHARS:
        return text
    start = max(0, span[0] - 60)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < span[0] else start
    end = start + QUOTE_CHARS - 2
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > span[1] else end
    quote = text[start:end].strip()
    return ("…" if start else "") + quote + ("…" if end < len(text) else "")


def _verdict_for(
    matcher: _Matcher,
    units: Sequence[_Unit],
    matches: Sequence[Sequence[list[tuple[int, int, int]]]],
    self_description: str = "",
    limits: Thresholds = DEFAULT_THRESHOLDS,
    body_name: str = "",
) -> HeadingVerdict:
    vocabulary = matcher.vocabulary
    whole_document = bool(self_description and matcher.document.search(self_description))
    subject = bool(
        body_name and vocabulary.field in _SUBJECT_FIELDS and matcher.titles.search(body_name)
    )
    best: tuple[tuple[int, bool, float], _Evidence, _Unit] | None = None
    highest = 0.0
    for index, (unit, unit_matches) in enumerate(zip(units, matches, strict=True)):
        opening = index == 0 or (index == 1 and unit.title == units[0].title)
        evidence = _judge(matcher, unit, unit_matches, whole_document, limits, subject, opening)
        highest = max(highest, evidence.score)
        # The strongest verdict; among equals, the section whose title suggests the heading.
        key = (_RANK[evidence.verdict(limits)], evidence.title_match, evidence.score)
        if best is None or key > best[0]:
            best = (key, evidence, unit)
    if best is None or best[1].block is None or best[0][0] == 0:
        return HeadingVerdict(vocabulary.heading, "not-addressed", score=round(highest, 1))
    (_, _, score), evidence, unit = best
    terms = [vocabulary.terms[t] for t in evidence.terms]
    labels = [t.label for t in terms]
    answered = {t.answers for t in terms}
    if evidence.under_own_heading and evidence.verdict(limits) == "partly" and not labels:
        labels.append("an answer under the toolkit's own heading")
    if evidence.listed:
        labels.insert(0, evidence.listed)
        answered.add(_LISTS[vocabulary.field][3])
    questions = vocabulary.questions
    assert evidence.block is not None
    return HeadingVerdict(
        heading=vocabulary.heading,
        verdict=evidence.verdict(limits),
        section_title=unit.title,
        quote=_quote(*_sentences_carrying(evidence.block.text, evidence.span)),
        location=evidence.block.location,
        score=round(score, 1),
        matched_terms=tuple(labels),
        questions=tuple(q for name, q in questions.items() if name in answered),
    )


def _sentences_carrying(text: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The sentence the evidence is in (and the span within it), when the paragraph is longer
    than a quote: the quote is the sentence that carries the verdict, not a window of words."""
    if len(text) <= QUOTE_CHARS or span == (0, 0):
        return text, span
    start, end = _sentence_at(text, span[0])
    sentence = text[start:end].strip()
    if not sentence:
        return text, span
    offset = text.index(sentence, start)
    return sentence, (span[0] - offset, span[1] - offset)


#: The kind of body a document sets up, ending its name ("Corporate Risk Management Group").
_BODY_NAME = re.compile(
    r"^(.*?\b(group|board|committee|partnership|forum|panel|network|sub-?group))\b", re.IGNORECASE
)


def _body_name(blocks: Sequence[Block]) -> str:
    """The name of the body the document is about, from its title (or first heading)."""
    names: list[str] = []
    for block in blocks[:6]:
        if block.kind not in ("title", "heading"):
            if names:
                break
            continue  # a running header or a reference line above the title
        names.append(block.text.strip())
        match = _BODY_NAME.match(" ".join(names))
        if match:
            return match.group(1)
    return ""


_SELF_REFERENCE = re.compile(
    r"\b(these|this|the following|our) (terms of reference|constitution)\b", re.IGNORECASE
)


def _self_description(blocks: Sequence[Block]) -> str:
    """What the document calls itself: its title, a heading before any text, "these terms ..."."""
    names: list[str] = []
    for block in blocks:
        if block.kind == "title" or (block.kind == "heading" and not names):
            names.append(block.text)
        elif block.kind != "heading":
            break
    names += [m.group() for b in blocks for m in _SELF_REFERENCE.finditer(b.text)]
    return " | ".join(names)


def assess_blocks(
    blocks: Sequence[Block], source: str = "", limits: Thresholds = DEFAULT_THRESHOLDS
) -> Assessment:
    """Judge which of the 19 headings the document made of ``blocks`` addresses, by content."""
    # Every piece of evidence says where it is, even from a reader that gave no locations.
    blocks = [
        b if b.location else replace(b, location=f"paragraph {i}")
        for i, b in enumerate(blocks, start=1)
    ]
    blocks = _readable(blocks)
    units = [w for section in _sections(blocks) for w in _windows(section)]
    self_description = _self_description(blocks)
    body_name = _body_name(blocks)
    # Each distinct block is matched once per heading, however many windows it sits in.
    cache: dict[int, list[list[tuple[int, int, int]]]] = {}
    verdicts = []
    for h, matcher in enumerate(_MATCHERS):
        per_unit = []
        for unit in units:
            unit_matches = []
            for block in unit.blocks:
                key = id(block)
                if key not in cache:
                    cache[key] = _block_matches(block.text)
                unit_matches.append(cache[key][h])
            per_unit.append(unit_matches)
        verdicts.append(_verdict_for(matcher, units, per_unit, self_description, limits, body_name))
    return Assessment(source=source, verdicts=verdicts)


def assess(source: str | Path) -> Assessment:
    """Read a .docx, .pdf or .doc (through LibreOffice) and judge which headings it addresses.

    Raises ``DocumentError`` when the file cannot be read.
    """

    limits = DEFAULT_LIMITS
    with deadline(limits.max_command_seconds, Path(source).name, limit="max_command_seconds"):
        document = extract(source)
        return assess_blocks(document.blocks, source=str(source))


def heading_findings(
    verdicts: Assessment | Mapping[str, str], fallback: Mapping[str, str] | None = None
) -> list[Finding]:
    """Check findings for a document ptk did not write: one per heading not fully addressed.

    ``verdicts`` is an :class:`Assessment` (the findings then say where the evidence is) or a
    mapping of seed heading to verdict; a heading it leaves out takes its verdict from
    ``fallback`` (by default: not addressed). Not addressed is an error (rule
    ``heading-not-addressed``), partly addressed a warning (``heading-partly-addressed``).
    """

    if isinstance(verdicts, Assessment):
        judged: dict[str, HeadingVerdict | str] = {v.heading: v for v in verdicts.verdicts}
    else:
        judged = dict(verdicts)
    findings = []
    for _, heading in AGREEMENT_HEADINGS:
        verdict = judged.get(heading) or (fallback or {}).get(heading, "not-addressed")
        evidence = verdict if isinstance(verdict, HeadingVerdict) else None
        name = evidence.verdict if evidence else verdict
        if name == "not-addressed":
            findings.append(
                Finding(
                    "heading-not-addressed",
                    "error",
                    f"{heading}: not addressed (nothing in the document's text covers it)",
                    heading=heading,
                )
            )
        elif name == "partly":
            detail = "see `ptk assess` for the evidence"
            if evidence is not None:
                where = ", ".join(
                    x
                    for x in (
                        f"“{evidence.section_title}”" if evidence.section_title else "",
                        evidence.location,
                    )
                    if x
                )
                detail = f"{where}: only {', '.join(evidence.matched_terms)}"
            findings.append(
                Finding(
                    "heading-partly-addressed",
                    "warning",
                    f"{heading}: only partly addressed ({detail})",
                    heading=heading,
                )
            )
    return findings
