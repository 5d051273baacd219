"""Blocks: the reader's view of a document's text, whatever format it came in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ptk_docs._io.envelope import Envelope

BlockKind = Literal["title", "heading", "paragraph", "list-item", "table-row"]


@dataclass(slots=True)
class Block:
    """One paragraph, heading or table row of a document, in reading order.

    A value: readers make new blocks (``dataclasses.replace``) rather than change one. Not
    ``frozen``, which would triple the cost of making one, and a document has thousands.
    """

    text: str
    kind: BlockKind
    #: Heading level (1 for the top level) for headings, else 0.
    level: int = 0
    #: The paragraph style name where the format has one ("Heading 1", "List Paragraph", ...).
    style: str = ""
    #: Where it is, for an officer: "paragraph 12", "table 2 row 3", "page 4".
    location: str = ""
    #: For table rows: the cell texts.
    cells: tuple[str, ...] = ()
    #: The tag of the content control the text sits in (a field path in ptk's documents), or "".
    tag: str = ""
    #: For table rows: the tag of the content control around each cell's text ("" for none).
    cell_tags: tuple[str, ...] = ()
    #: For table rows: the number of the table in the document (1 for the first), else 0.
    table: int = 0
    #: Every run of its text is bold (worked out for heading-shaped paragraphs of a .docx only).
    bold: bool = False


@dataclass
class ExtractedDocument:
    """The text of a document as blocks, plus what was noticed on the way."""

    source: str
    format: Literal["docx", "pdf"]
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comments: int = 0
    #: Header and footer text repeated on every page (kept here, out of the body's blocks).
    furniture: list[str] = field(default_factory=list)
    #: The record ptk embedded when it made the document (see ``_io.envelope``), or None.
    embedded: Envelope | None = None
    #: PDF form fields with a value (field name -> text).
    form_fields: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """The body's text, one block a line (table cells separated by tabs)."""
        return "\n".join(b.text for b in self.blocks)


MANUAL_NUMBER = re.compile(r"^(?:section\s+)?(\d{1,2}(?:\.\d{1,2})*)[.):]?\s+(?=\S)", re.I)

_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with", "&", "-", "–", "/", "its", "our", "their", "per", "vs",
}  # fmt: skip


def number_depth(text: str) -> int:
    m = MANUAL_NUMBER.match(text)
    if not m:
        return 1
    parts = [p for p in m.group(1).split(".") if p]
    while len(parts) > 1 and parts[-1].strip("0") == "":
        parts.pop()
    return max(1, len(parts))


#: A verb that makes a line a sentence: "4.1 The Board shall report to ...", "Meetings will be held".
_MODAL = re.compile(r"\b(will|shall|must|should|would)\b", re.I)
_FINITE = re.compile(r"\b(is|are|has|have|was|were)\s+(?-i:[a-z])", re.I)

#: A heading may ask a question ("What is the Partnership", "How decisions are made").
_QUESTION_WORDS = {"what", "how", "who", "why", "when", "where", "which"}


def looks_like_sentence(text: str) -> bool:
    """A line that says who does what, so body text even when Word numbers or styles it as a
    heading ("4.1 The Board shall report to the Cabinet", "5.1 Meetings will be held ...")."""
    number = MANUAL_NUMBER.match(text)
    words = (text[number.end() :] if number else text).split()
    if len(words) >= 8 and text.rstrip().endswith("."):
        return True
    if not words or words[0].lower() in _QUESTION_WORDS:
        return False
    rest = " ".join(words[1:])
    return (len(words) >= 3 and bool(_MODAL.search(rest))) or (
        len(words) >= 6 and bool(_FINITE.search(rest))
    )


#: A line of a contents page: dot leaders or a tab before a page number ("Purpose ........ 3").
_CONTENTS_ENTRY = re.compile(r"(?:\.\s?){4,}\s*\d*\s*$|…{2,}\s*\d*\s*$|(?:_{4,}|\t)\s*\d{1,3}\s*$")


def is_contents_entry(text: str) -> bool:
    """A line of a table of contents (never content: it only names what is elsewhere)."""
    return bool(_CONTENTS_ENTRY.search(text))


def looks_like_heading(text: str, *, loose: bool) -> bool:
    """A short line shaped like a heading: numbered or in title case, no final full stop.

    ``loose`` (the paragraph is bold, or numbered by Word) accepts sentence case too. A line
    with a verb that says who does what is a sentence, never a heading.
    """
    if (
        "\n" in text
        or len(text) > 90
        or (text.endswith((".", ",", ";")) and not text[:-1].isdigit())
    ):
        return False
    if looks_like_sentence(text):
        return False
    words = text.split()
    if not words or len(words) > 12:
        return False
    number = MANUAL_NUMBER.match(text)
    rest = text[number.end() :] if number else text
    rest_words = rest.split()
    if not rest_words or not rest_words[0][:1].isupper():
        return False
    if rest.endswith("?") or (rest.endswith(":") and not loose):
        return False
    if loose:
        return len(rest_words) <= 10
    significant = [w for w in rest_words if w.lower().strip("()") not in _SMALL_WORDS]
    title_case = all(w[:1].isupper() or not w[:1].isalpha() for w in significant)
    return title_case and len(rest_words) <= 8 and (number is not None or len(rest_words) <= 6)
