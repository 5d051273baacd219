"""An officer at work on a draft: the edits people make in Word and LibreOffice, and what they mean.

Each edit changes a python-docx ``Document`` as a person would through Word's own interface
(python-docx and lxml write the same XML Word writes for it), and returns an :class:`Effect`: the
text the officer added, which must be read back somewhere (in the record, or in ``unmapped``
under the officer's own heading), and the fields whose value the edit changed, which must be
exactly the fields ``changes`` lists. :func:`judge` compares a ``ParseResult`` with the effects.

The edits start from ptk's own drafts (content controls tagged with field paths, the record
embedded); each picks a field, table or heading not touched by an earlier edit of the same run,
so that what every edit means stays known.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ptk_docs import Change, ParseResult, Record
from ptk_docs._read.diff import value_at
from ptk_docs._read.structure import labels_for
from ptk_docs._read.values import value_type_for
from ptk_docs._records._base import has_answer
from ptk_docs._records.formatting import is_prompt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Words officers type, each draw with a word no document holds, so it can be found again.
_WORDS = [
    "the",
    "partnership",
    "board",
    "agreed",
    "quarterly",
    "reports",
    "to",
    "cabinet",
    "and",
    "the",
    "safer",
    "communities",
    "group",
    "will",
    "review",
    "funding",
    "with",
    "local",
    "residents",
    "through",
    "the",
    "annual",
    "plan",
]


@dataclass
class Effect:
    """What one edit did."""

    name: str
    #: Text the officer added that must be found in the record (words in order).
    added: list[str] = field(default_factory=list)
    #: (heading, text) the officer added under a heading of their own: must be in ``unmapped``.
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    #: Field paths (a table's path for its rows) whose value the edit changed.
    touched: set[str] = field(default_factory=set)
    #: Field path -> the JSON value it must now hold.
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Officer:
    """One officer's session on one draft: the document, the record sent, what was touched."""

    document: Document
    record: Record
    rng: random.Random
    used: set[str] = field(default_factory=set)
    counter: int = 0

    @property
    def kind(self) -> str:
        return self.record.record_kind

    @property
    def body(self) -> Any:
        return self.document.element.body

    def words(self, n: int = 6) -> str:
        self.counter += 1
        marker = f"kestrel{self.rng.randrange(10**6)}x{self.counter}"
        picked = [self.rng.choice(_WORDS) for _ in range(n - 1)]
        picked.insert(self.rng.randrange(n), marker)
        text = " ".join(picked)
        return text[0].upper() + text[1:] + "."

    # -- finding things ---------------------------------------------------------------------

    def answers(self, *types: str, filled: bool | None = None) -> list[tuple[str, Any]]:
        """(path, w:sdt) of the body's answer controls of these value types, untouched so far."""
        labels = labels_for(self.kind)
        found = []
        for sdt in self.body.iterchildren(qn("w:sdt")):
            tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
            path = tag.get(qn("w:val")) if tag is not None else ""
            spec = labels.by_path.get(path or "")
            if spec is None or path in self.used:
                continue
            if types and value_type_for(spec.annotation) not in types:
                continue
            if filled is not None and has_answer(value_at(self.record, path)) != filled:
                continue
            found.append((path, sdt))
        return found

    def pick(self, *types: str, filled: bool | None = None) -> tuple[str, Any] | None:
        options = self.answers(*types, filled=filled)
        if not options:
            return None
        path, sdt = self.rng.choice(options)
        self.used.add(path)
        return path, sdt

    def headings(self) -> list[Any]:
        return [p for p in self.body.iterchildren(qn("w:p")) if _style(p) == "Heading1"]


# -- XML the way Word writes it ---------------------------------------------------------------


def _style(p: Any) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else ""


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _run(text: str, *, bold: bool = False) -> Any:
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
        run.append(t)
    return run


def _paragraph(text: str = "", style: str = "") -> Any:
    p = OxmlElement("w:p")
    if style:
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style)
        ppr.append(pstyle)
        p.append(ppr)
    if text:
        p.append(_run(text))
    return p


def _clear(p: Any) -> None:
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)


def _content(sdt: Any) -> Any:
    return sdt.find(qn("w:sdtContent"))


def _first_paragraph(sdt: Any) -> Any:
    return _content(sdt).find(qn("w:p"))


def _keep_one_paragraph(sdt: Any) -> Any:
    content = _content(sdt)
    paragraphs = content.findall(qn("w:p"))
    for extra in paragraphs[1:]:
        content.remove(extra)
    return paragraphs[0]


# -- the edits --------------------------------------------------------------------------------


def type_over_with_bold(o: Officer) -> Effect | None:
    """Select an answer and type a new one, making a phrase in the middle bold."""
    chosen = o.pick("text", "list")
    if chosen is None:
        return None
    path, sdt = chosen
    p = _keep_one_paragraph(sdt)
    _clear(p)
    first, middle, last = o.words(3), o.words(2).rstrip("."), o.words(4)
    p.append(_run(first.rstrip(".") + " "))
    p.append(_run(middle, bold=True))
    p.append(_run(" " + last))
    return Effect("type over an answer, bold in the middle", [_text(p)], touched={path})


def enter_and_type(o: Officer) -> Effect | None:
    """Click at the end of a filled answer, press Enter and type another paragraph."""
    chosen = o.pick("text", "list", filled=True)
    if chosen is None:
        return None
    path, sdt = chosen
    last = _content(sdt).findall(qn("w:p"))[-1]
    new = copy.deepcopy(last)
    _clear(new)
    text = o.words()
    new.append(_run(text))
    last.addnext(new)
    return Effect("Enter inside an answer and type more", [text], touched={path})


def paragraph_below(o: Officer) -> Effect | None:
    """Type a paragraph below an answer, outside its content control (Normal style)."""
    chosen = o.pick("text", "list")
    if chosen is None:
        return None
    path, sdt = chosen
    text = o.words(8)
    sdt.addnext(_paragraph(text))
    return Effect("a paragraph typed below an answer", [text], touched={path})


#: Fields an officer cannot empty: the document's own name and the council's, and the next
#: review, which the record works out from the last when it is empty.
_REQUIRED = {"partnership_name", "council", "next_review"}


def clear_answer(o: Officer) -> Effect | None:
    """Select an answer's text and delete it, leaving the control empty."""
    o.used |= _REQUIRED
    chosen = o.pick("text", "list", "date", filled=True)
    if chosen is None:
        return None
    path, sdt = chosen
    _clear(_keep_one_paragraph(sdt))
    return Effect("clear an answer", touched={path})


def delete_answer_paragraph(o: Officer) -> Effect | None:
    """Delete an answer's paragraph with its control."""
    o.used |= _REQUIRED
    chosen = o.pick("text", "list", filled=True)
    if chosen is None:
        return None
    path, sdt = chosen
    sdt.getparent().remove(sdt)
    return Effect("delete an answer's paragraph", touched={path})


_TABLES = {
    "agreement": {
        "partners": ("Organisation", "Sector"),
        "membership.members": ("Member", "Organisation", "Represents", "Sector"),
        "signatories": ("Organisation", "Name", "Title", "Signature", "Date"),
    }
}


def _table(o: Officer) -> tuple[str, Any] | None:
    tables = _TABLES.get(o.kind, {})
    options = []
    for table in o.body.iterchildren(qn("w:tbl")):
        header = table.find(qn("w:tr"))
        cells = tuple(
            " ".join(_text(p) for p in tc.iter(qn("w:p"))).strip() for tc in header.iter(qn("w:tc"))
        )
        path = next((p for p, columns in tables.items() if columns == cells), None)
        if path is not None and path not in o.used:
            options.append((path, table))
    if not options:
        return None
    chosen = o.rng.choice(options)
    o.used.add(chosen[0])
    return chosen


def _plain_row(row: Any, texts: list[str]) -> Any:
    """A copy of ``row`` with its cells' controls removed and ``texts`` typed in."""
    new = copy.deepcopy(row)
    for cell, text in zip(new.iter(qn("w:tc")), texts, strict=False):
        for sdt in list(cell.iter(qn("w:sdt"))):
            parent = sdt.getparent()
            index = parent.index(sdt)
            for child in list(_content(sdt)):
                parent.insert(index, child)
                index += 1
            parent.remove(sdt)
        paragraphs = cell.findall(qn("w:p"))
        for extra in paragraphs[1:]:
            cell.remove(extra)
        _clear(paragraphs[0])
        if text:
            paragraphs[0].append(_run(text))
    return new


def add_row(o: Officer) -> Effect | None:
    """Add a row at the end of the partners, members or signatures table and fill it in."""
    chosen = _table(o)
    if chosen is None:
        return None
    path, table = chosen
    rows = table.findall(qn("w:tr"))
    name = o.words(2).rstrip(".").title()
    texts = {
        "partners": [f"{name} Trust", "Voluntary"],
        "membership.members": [f"{name}", "Derby Homes", "Tenants", "Public"],
        "signatories": [f"{name} Trust", "Pat Smith", "Chair", "", "31/03/2012"],
    }[path]
    added = [texts[0]]
    # A row still showing its prompt (Word's placeholder text) is typed over; a filled table
    # gains a row.
    last = rows[-1]
    prompt = (
        all(not _text(p).strip() or is_prompt(_text(p)) for p in last.iter(qn("w:p")))
        and len(rows) > 1
    )
    new = _plain_row(last, texts)
    if prompt:
        table.replace(last, new)
    else:
        last.addnext(new)
    return Effect(f"add a row to the {path} table", added, touched={path})


def delete_row(o: Officer) -> Effect | None:
    """Delete a filled row of the partners, members or signatures table."""
    chosen = _table(o)
    if chosen is None:
        return None
    path, table = chosen
    rows = table.findall(qn("w:tr"))[1:]
    filled = [
        r
        for r in rows
        if any(_text(p).strip() and not is_prompt(_text(p)) for p in r.iter(qn("w:p")))
    ]
    if not filled:
        o.used.discard(path)
        return None
    table.remove(o.rng.choice(filled))
    return Effect(f"delete a row of the {path} table", touched={path})


_OWN_HEADINGS = ("Local Context", "Glossary of Terms", "Background Notes", "Local Priorities")


def council_heading(o: Officer) -> Effect | None:
    """Insert a heading of the council's own, with a paragraph, between two toolkit headings."""
    headings = o.headings()[1:]
    if not headings:
        return None
    before = o.rng.choice(headings)
    heading = f"{o.rng.choice(_OWN_HEADINGS)} {o.counter + 1}"
    text = o.words(10)
    before.addprevious(_paragraph(heading, "Heading1"))
    before.addprevious(_paragraph(text))
    return Effect("a heading of the council's own, with text", unmapped=[(heading, text)])


def bold_heading(o: Officer) -> Effect | None:
    """Type a heading of one's own as a bold paragraph, with text under it, between sections."""
    headings = o.headings()[1:]
    if not headings:
        return None
    before = o.rng.choice(headings)
    heading = f"{o.rng.choice(_OWN_HEADINGS)} {o.counter + 1}"
    text = o.words(10)
    title = _paragraph()
    title.append(_run(heading, bold=True))
    before.addprevious(title)
    before.addprevious(_paragraph(text))
    return Effect("a bold heading of the council's own, with text", unmapped=[(heading, text)])


_RETITLED = {
    "Roles and Responsibilities": "Roles & Responsibilities",
    "Exit Strategies": "Exit Strategy",
    "Conflict and Complaints Resolution": "Conflict & Complaints Resolution",
    "Performance and Monitoring": "Performance & Monitoring",
    "Business Continuity Plans": "Business Continuity Planning",
    "Resources and funding": "Resources & Funding",
    "Governance Arrangements": "Governance arrangements",
    "Risk assessment": "Risk Assessment",
}


def retitle_heading(o: Officer) -> Effect | None:
    """Retitle a heading slightly ("Roles & Responsibilities")."""
    options = [p for p in o.headings() if _text(p) in _RETITLED and _text(p) not in o.used]
    if not options:
        return None
    p = o.rng.choice(options)
    old = _text(p)
    o.used.add(old)
    _clear(p)
    p.append(_run(_RETITLED[old]))
    return Effect("retitle a heading slightly")


def _tracked(tag: str, o: Officer) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(900 + o.counter))
    element.set(qn("w:author"), "Officer")
    element.set(qn("w:date"), "2012-03-31T10:00:00Z")
    return element


def tracked_insertion(o: Officer) -> Effect | None:
    """With Track Changes on, add a sentence at the end of a filled answer."""
    chosen = o.pick("text", filled=True)
    if chosen is None:
        return None
    path, sdt = chosen
    p = _content(sdt).findall(qn("w:p"))[-1]
    text = o.words()
    ins = _tracked("w:ins", o)
    ins.append(_run(" " + text))
    p.append(ins)
    o.counter += 1
    return Effect("a tracked insertion", [text], touched={path})


def tracked_deletion(o: Officer) -> Effect | None:
    """With Track Changes on, delete a filled answer's text and type a replacement."""
    chosen = o.pick("text", filled=True)
    if chosen is None:
        return None
    path, sdt = chosen
    p = _keep_one_paragraph(sdt)
    deletion = _tracked("w:del", o)
    o.counter += 1
    for run in list(p.iterchildren(qn("w:r"))):
        for t in run.iter(qn("w:t")):
            t.tag = qn("w:delText")
        p.remove(run)
        deletion.append(run)
    p.append(deletion)
    text = o.words()
    insertion = _tracked("w:ins", o)
    o.counter += 1
    insertion.append(_run(text))
    p.append(insertion)
    return Effect("a tracked deletion and insertion", [text], touched={path})


def comment(o: Officer) -> Effect | None:
    """Add a comment to an answer (changes nothing)."""
    options = [p for p in o.document.paragraphs if p.style.name == "Answer" and p.runs]
    if not options:
        return None
    paragraph = o.rng.choice(options)
    o.document.add_comment(paragraph.runs, text=o.words(), author="Officer", initials="O")
    return Effect("a comment")


def paste_lines(o: Officer) -> Effect | None:
    """Paste text with line breaks (Shift+Enter) over a text answer."""
    chosen = o.pick("text")
    if chosen is None:
        return None
    path, sdt = chosen
    p = _keep_one_paragraph(sdt)
    _clear(p)
    lines = [o.words(4) for _ in range(3)]
    p.append(_run("\n".join(lines)))
    return Effect("pasted text with line breaks", lines, touched={path})


def bulleted_list(o: Officer) -> Effect | None:
    """Answer a text question with a bulleted list (the List Bullet style)."""
    chosen = o.pick("text")
    if chosen is None:
        return None
    path, sdt = chosen
    content = _content(sdt)
    for p in content.findall(qn("w:p")):
        content.remove(p)
    items = [o.words(4) for _ in range(3)]
    for item in items:
        content.append(_paragraph(item, "ListBullet"))
    return Effect("a bulleted list", items, touched={path})


def move_section(o: Officer) -> Effect | None:
    """Cut a numbered section (heading and all below it) and paste it after another."""
    headings = [p for p in o.headings() if _text(p) not in ("About this agreement",)]
    headings = [
        p
        for p in headings
        if _text(p)
        not in ("Parties to this agreement", "Signatures", "Annual review", "Name of Partnership")
    ]
    if len(headings) < 3:
        return None
    moved, after = o.rng.sample(headings, 2)
    section = [moved]
    node = moved.getnext()
    while node is not None and not (node.tag == qn("w:p") and _style(node) == "Heading1"):
        if node.tag == qn("w:sectPr"):
            break
        section.append(node)
        node = node.getnext()
    if after in section:
        return None
    # Paste before the heading that follows ``after``'s section.
    target = after.getnext()
    while target is not None and not (target.tag == qn("w:p") and _style(target) == "Heading1"):
        if target.tag == qn("w:sectPr"):
            break
        target = target.getnext()
    if target is None or target is moved:
        return None
    for element in section:
        target.addprevious(element)
    return Effect("move a section")


def british_date(o: Officer) -> Effect | None:
    """Write a date as "31/03/2012"."""
    # next_review follows last_review when empty; a date of agreement after the signatures,
    # or a review before the last, is refused by the record: officers' dates keep to the rules.
    o.used |= {"next_review"}
    chosen = o.pick("date")
    if chosen is None:
        return None
    path, sdt = chosen
    day = dt.date(2012, 3, 31) - dt.timedelta(days=o.rng.randrange(400))
    signed = [s.date_signed for s in getattr(o.record, "signatories", []) if s.date_signed]
    if path == "date_of_agreement" and signed:
        day = min([day, *signed])
    next_review = getattr(o.record, "next_review", None)
    if path == "last_review" and next_review is not None:
        day = min(day, next_review - dt.timedelta(days=1))
    p = _keep_one_paragraph(sdt)
    _clear(p)
    p.append(_run(day.strftime("%d/%m/%Y")))
    touched = {path} if value_at(o.record, path) != day else set()
    return Effect("a date written 31/03/2012", touched=touched, values={path: day.isoformat()})


def yes_or_no(o: Officer) -> Effect | None:
    """Answer a yes/no question with "Yes" or "No"."""
    chosen = o.pick("bool")
    if chosen is None:
        return None
    path, sdt = chosen
    answer = o.rng.choice([True, False])
    p = _keep_one_paragraph(sdt)
    _clear(p)
    p.append(_run("Yes" if answer else "No"))
    touched = {path} if value_at(o.record, path) is not answer else set()
    return Effect("a yes or no", touched=touched, values={path: answer})


EDITS: tuple[Callable[[Officer], Effect | None], ...] = (
    type_over_with_bold,
    enter_and_type,
    paragraph_below,
    clear_answer,
    delete_answer_paragraph,
    add_row,
    delete_row,
    council_heading,
    bold_heading,
    retitle_heading,
    tracked_insertion,
    tracked_deletion,
    comment,
    paste_lines,
    bulleted_list,
    move_section,
    british_date,
    yes_or_no,
)


def edit(officer: Officer, steps: list[tuple[int, int]]) -> list[Effect]:
    """Apply edits ``(index into EDITS, seed)`` in order; those that find nothing to do are
    left out of the effects."""
    effects = []
    for index, seed in steps:
        officer.rng.seed(seed)
        effect = EDITS[index % len(EDITS)](officer)
        if effect is not None:
            effects.append(effect)
    return effects


# -- judging what was read back ---------------------------------------------------------------


_TOKEN = re.compile(r"[0-9a-z]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        # A list of lines or items also counts as one text: the officer's words may run across.
        inner = [s for v in data for s in _strings(v)]
        return [*inner, " ".join(inner)]
    return []


def _contains(haystack: list[str], needle: str) -> bool:
    want = " ".join(_tokens(needle))
    return any(want in " ".join(_tokens(text)) for text in haystack)


def _root(path: str) -> str:
    """The field a change belongs to: a table's path for a change in one of its rows."""
    return path.split("[", 1)[0]


@dataclass
class Verdict:
    """What a parse got wrong against the officer's edits."""

    lost: list[str] = field(default_factory=list)
    false_changes: list[Change] = field(default_factory=list)
    missed_changes: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.false_changes or self.missed_changes or self.wrong_values)


def judge(result: ParseResult[Any], effects: list[Effect]) -> Verdict:
    verdict = Verdict()
    record = result.record.model_dump(mode="json")
    in_record = _strings(record)
    in_unmapped = [u.get("text", "") for u in result.unmapped]
    for effect in effects:
        for text in effect.added:
            if not _contains(in_record, text) and not _contains(in_unmapped, text):
                verdict.lost.append(f"{effect.name}: {text}")
        for heading, text in effect.unmapped:
            under = [u.get("text", "") for u in result.unmapped if u.get("heading") == heading]
            if not _contains(under, text):
                verdict.lost.append(f"{effect.name}: {text} (not in unmapped under '{heading}')")
        for path, value in effect.values.items():
            if value_at(result.record, path) is None and value is not None:
                verdict.wrong_values.append(f"{path}: empty, expected {value}")
            else:
                read = result.record.model_dump(mode="json")
                for part in path.split("."):
                    read = read[part]
                if read != value:
                    verdict.wrong_values.append(f"{path}: {read!r}, expected {value!r}")
    touched = {p for e in effects for p in e.touched}
    changed = {_root(c.path) for c in result.changes or []}
    verdict.false_changes = [c for c in result.changes or [] if _root(c.path) not in touched]
    verdict.missed_changes = sorted(touched - changed)
    return verdict


# -- drafts to start from, and a session --------------------------------------------------------


def base_records() -> list[Record]:
    """Drafts of every kind: as ``ptk drafts`` makes them from the example register (little
    filled in), and the example agreement and business case (everything filled in)."""
    import ptk_docs
    from ptk_docs._workflow.drafts import draft_records

    examples = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
    register = ptk_docs.load_record(examples / "register.json", kind="register")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    entry = next(e for e in register.listed if e.name == "Community Safety Partnership")
    agreement, case = draft_records(register, entry)
    return [
        agreement,
        case,
        ptk_docs.load_record(examples / "agreement.json", kind="agreement"),
        ptk_docs.load_record(examples / "business-case.json", kind="business-case"),
    ]


def officer_session(
    draft: Path, record: Record, steps: list[tuple[int, int]], dest: Path
) -> list[Effect]:
    """Open ``draft``, make the edits, save the result as ``dest``."""
    import docx

    document = docx.Document(str(draft))
    officer = Officer(document, record, random.Random(0))
    effects = edit(officer, steps)
    document.save(str(dest))
    return effects
