"""Committee-report appendices as Word documents of their own, in the house style.

Each builder returns a python-docx ``Document`` made from the report template's styles,
numbering and page (so an appendix looks like the report it belongs to):

- :func:`register_appendix`: the register grouped by priority, with the columns asked for;
- :func:`progress_appendix`: counts per priority, a chart, one row per partnership with its
  state in words and a RAG status written and shaded, and the findings summarised once;
- :func:`findings_appendix`: the detail of every finding behind the progress appendix;
- :func:`reviews_appendix`: annual reviews overdue or falling due;
- :func:`implications_appendix`: the implications under their eight headings.

``AppendixSpec.level`` says where the appendix goes: 0 for a document of its own (its title is
the document's Title, its parts Heading 1), 1 to go into a report (its title a Heading 1 on a
new page, its parts Heading 2), and so on. Tables are data tables (a repeating header row,
nothing merged, a caption), their columns sized to their content; a table too wide for a
portrait page turns the appendix landscape. Every appendix passes ptk's accessibility checker.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ptk_docs._errors import RecordError
from ptk_docs._io.zipwriter import write_package
from ptk_docs._records.formatting import format_date, format_money
from ptk_docs._records.register import (
    PRIORITY_NA_MEANING,
    PartnershipRegister,
    Priority,
    RegisterEntry,
    RegisterStatus,
)
from ptk_docs._records.report import (
    DEFAULT_REGISTER_COLUMNS,
    IMPLICATION_HEADINGS,
    NO_ISSUES_NOTED,
    REGISTER_COLUMNS,
    Implications,
    ProgressRow,
    Rag,
)
from ptk_docs._render.style import HOUSE, RAG_FILLS

#: The report template whose styles, numbering and page every appendix takes.
_BASE_TEMPLATE = "report.docx"
#: The implications' numbered list in the report template (scripts/build_report_templates.py).
IMPLICATIONS_NUM = 91

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Page sizes (cm): A4, and the report template's 2.2 cm side margins.
_A4 = (21.0, 29.7)
_SIDE_MARGIN = 2.2
#: Roughly how wide a character of 10-11 point Arial is, for sizing columns to their content.
_CHAR_CM = 0.21
#: How much more room a header (bold) word takes than the same word in the body.
_BOLD = 1.12
#: The widest a column grows beyond what its content wants, when the page has room to spare.
_MOST_STRETCH = 1.6
#: Landscape when the columns want this much more than a portrait page's width.
_LANDSCAPE_AT = 1.35
_CELL_PADDING_CM = 0.45


@dataclass(frozen=True)
class AppendixSpec:
    """Which appendix: its number, title, heading level, and whose it is."""

    number: int
    title: str
    #: 0: a document of its own; 1: inside a report (title Heading 1); n: Heading n.
    level: int = 0
    council: str = ""
    #: The date the appendix is correct at (its properties' date; shown where it matters).
    as_at: dt.date | None = None
    #: False for a document of its own that is no appendix (the register on its own).
    numbered: bool = True

    @property
    def heading(self) -> str:
        return f"Appendix {self.number} – {self.title}" if self.numbered else self.title


@dataclass
class ReviewGroups:
    """Reviews falling due, grouped as ``due_reviews`` groups them."""

    today: dt.date
    within_days: int
    overdue: list[RegisterEntry] = field(default_factory=list)
    due_soon: list[RegisterEntry] = field(default_factory=list)
    no_review_date: list[RegisterEntry] = field(default_factory=list)
    no_agreement: list[RegisterEntry] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The document: the report template's styles and page, an empty body
# ---------------------------------------------------------------------------------------------


def _template_path() -> Path:
    return Path(str(resources.files("ptk_docs.templates").joinpath(_BASE_TEMPLATE)))


class _Appendix:
    """A python-docx document being written, with the spec's heading levels."""

    def __init__(self, spec: AppendixSpec) -> None:
        # python-docx is heavy; it loads when the first appendix is made.
        import docx

        self.spec = spec
        self.document = docx.Document(str(_template_path()))
        body = self.document.element.body
        for child in list(body):
            if child.tag != f"{_W}sectPr":
                body.remove(child)
        self._footer()
        self.landscape = False
        title_style = "Title" if spec.level == 0 else f"Heading {spec.level}"
        title = self.document.add_paragraph(spec.heading, style=title_style)
        if spec.level > 0:
            title.paragraph_format.page_break_before = True

    def _footer(self) -> None:
        footer = self.document.sections[0].footer
        paragraph = footer.paragraphs[0]
        runs = paragraph.runs
        if runs:
            runs[0].text = f"{self.spec.heading} – page "
            for extra in runs[1:]:
                extra.text = ""

    def heading(self, text: str) -> Any:
        return self.document.add_paragraph(text, style=f"Heading {self.spec.level + 1}")

    def para(self, text: str, style: str | None = None) -> Any:
        return self.document.add_paragraph(text, style=style)

    def bullet(self, text: str) -> Any:
        return self.document.add_paragraph(text, style="Report Bullet")

    def numbered(self, text: str, num_id: int, level: int) -> Any:
        paragraph = self.document.add_paragraph(text)
        _number(paragraph, num_id, level)
        return paragraph

    def table(
        self,
        caption: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        fills: Sequence[Sequence[str | None]] | None = None,
        small: bool = False,
        max_chars: Sequence[int] | None = None,
    ) -> Any:
        """A data table, its columns sized to their content."""
        from docx.oxml import OxmlElement
        from docx.shared import Cm

        head_style, text_style = (
            ("Table Heading Small", "Table Text Small")
            if small
            else ("Table Heading", "Table Text")
        )
        widths = self._widths(headers, rows, small=small, max_chars=max_chars)
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        for index, text in enumerate(headers):
            cell = table.cell(0, index)
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = self.document.styles[head_style]
            _shade(cell, _header_fill())
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                cell.paragraphs[0].style = self.document.styles[text_style]
                for line in lines[1:]:
                    cell.add_paragraph(line, style=self.document.styles[text_style])
                fill = fills[r - 1][c] if fills is not None else None
                if fill:
                    _shade(cell, fill)
        for index, tr in enumerate(table.rows):
            trpr = tr._tr.get_or_add_trPr()
            trpr.insert(0, OxmlElement("w:cantSplit"))
            if index == 0:
                trpr.append(OxmlElement("w:tblHeader"))
            for c, width in enumerate(widths):
                tr.cells[c].width = Cm(width)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        _table_width(table, sum(widths))
        caption_element = OxmlElement("w:tblCaption")
        caption_element.set(f"{_W}val", caption)
        table._tbl.tblPr.append(caption_element)
        return table

    def text_width(self) -> float:
        return (_A4[1] if self.landscape else _A4[0]) - 2 * _SIDE_MARGIN

    def _widths(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        small: bool,
        max_chars: Sequence[int] | None,
    ) -> list[float]:
        """Column widths (cm) from the content: no column narrower than its longest word, none
        wider than it needs, the rest shared in proportion; landscape when portrait is too
        narrow for the columns' words."""
        char = _CHAR_CM * (0.9 if small else 1.0)
        least: list[float] = []
        want: list[float] = []
        for c, header in enumerate(headers):
            texts = [row[c] for row in rows]
            words = [len(w) for t in texts for w in t.split()]
            words += [round(len(w) * _BOLD) for w in header.split()]
            longest_word = max(words, default=4)
            lines = [len(line) for t in texts for line in t.split("\n")]
            longest_line = max([*lines, round(len(header) * _BOLD)])
            cap = max_chars[c] if max_chars is not None else 60
            least.append(max(longest_word, 4) * char + _CELL_PADDING_CM)
            want.append(max(min(longest_line, cap), longest_word, 4) * char + _CELL_PADDING_CM)
        # Four columns or fewer wrap well enough on a portrait page.
        if (
            not self.landscape
            and len(headers) > 4
            and sum(want) > self.text_width() * _LANDSCAPE_AT
        ):
            self._go_landscape()
        available = self.text_width()
        if sum(want) <= available:
            # Room to spare: wider columns, up to a point (a short table need not span the page).
            stretch = min(available / sum(want), _MOST_STRETCH)
            return [round(w * stretch, 2) for w in want]
        # Too wide: every column keeps its longest word; the rest is shared by what each wants
        # beyond that.
        spare = max(available - sum(least), 0.0)
        extra = [w - m for w, m in zip(want, least, strict=True)]
        total_extra = sum(extra) or 1.0
        return [round(m + spare * e / total_extra, 2) for m, e in zip(least, extra, strict=True)]

    def _go_landscape(self) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        section = self.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = Cm(_A4[1])
        section.page_height = Cm(_A4[0])
        self.landscape = True

    def picture(self, png: bytes, width_cm: float, alt_text: str, name: str) -> Any:
        from docx.shared import Cm

        paragraph = self.document.add_paragraph()
        run = paragraph.add_run()
        inline = run.add_picture(io.BytesIO(png), width=Cm(width_cm))
        doc_pr = inline._inline.docPr
        doc_pr.set("descr", alt_text)
        doc_pr.set("name", name)
        return paragraph


def _header_fill() -> str:
    return HOUSE.header_fill


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement

    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(f"{_W}shd"):
        tcpr.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(f"{_W}val", "clear")
    shading.set(f"{_W}color", "auto")
    shading.set(f"{_W}fill", fill)
    tcpr.append(shading)


def _table_width(table: Any, width_cm: float) -> None:
    from docx.oxml import OxmlElement

    tblpr = table._tbl.tblPr
    width = tblpr.find(f"{_W}tblW")
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(f"{_W}type", "dxa")
    width.set(f"{_W}w", str(round(width_cm * 567)))
    layout = OxmlElement("w:tblLayout")
    layout.set(f"{_W}type", "fixed")
    tblpr.append(layout)


def _number(paragraph: Any, num_id: int, level: int) -> None:
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(f"{_W}val", str(level))
    ident = OxmlElement("w:numId")
    ident.set(f"{_W}val", str(num_id))
    num_pr.append(ilvl)
    num_pr.append(ident)
    style = ppr.find(f"{_W}pStyle")
    if style is not None:
        style.addnext(num_pr)
    else:
        ppr.insert(0, num_pr)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------


def _register_cell(entry: RegisterEntry, column: str) -> str:
    value: Any
    if column not in REGISTER_COLUMNS:
        return entry.extra.get(column, "") or "–"
    if column == "accountable_body":
        value = entry.council_is_accountable_body
    else:
        value = getattr(entry, column)
    if value is None or value == "":
        return "–" if column != "priority" else "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return format_date(value)
    if column == "council_funding":
        return format_money(value)
    if column == "status":
        return {"active": "Listed", "pending-removal": "Removal pending", "removed": "Removed"}[
            str(value.value if hasattr(value, "value") else value)
        ]
    return str(value.value if hasattr(value, "value") else value)


def register_appendix(
    spec: AppendixSpec, register: PartnershipRegister, columns: Sequence[str] = ()
) -> Any:
    """The register grouped by priority with ``columns`` (default: name, priority, lead
    officer, directorate), its counts, the N/A explanation, and the removed and pending."""
    chosen = ["name", *(c for c in (columns or DEFAULT_REGISTER_COLUMNS) if c != "name")]
    # The council's own columns (kept in each entry's ``extra``) may be shown by their header.
    extra = {key for entry in register.entries for key in entry.extra}
    unknown = [c for c in chosen if c not in REGISTER_COLUMNS and c not in extra]
    if unknown:
        raise RecordError(
            f"unknown register column(s) {', '.join(unknown)} "
            f"(known: {', '.join([*REGISTER_COLUMNS, *sorted(extra)])})"
        )
    doc = _Appendix(spec)
    figures = register.figures()
    counts = register.counts_by_priority()
    as_at = f" as at {format_date(register.as_at)}" if register.as_at else ""
    doc.para(
        f"The Partnership Register{as_at} lists "
        f"{_plural(figures['listed'], 'partnership', 'partnerships')}: "
        f"{figures['high']} high priority, {figures['medium']} medium, {figures['low']} low "
        f"and {figures['na']} N/A. They are shown below grouped by priority level."
    )
    doc.heading("Partnerships by priority level")
    doc.table(
        "Number of partnerships at each priority level",
        ["Priority Level", "Partnerships"],
        [[p.value, str(counts[p])] for p in Priority] + [["Total", str(figures["listed"])]],
    )
    doc.para(PRIORITY_NA_MEANING, style="After Table")
    doc.heading("Named partnerships")
    listed = [e for p in Priority for e in register.by_priority(p)]
    doc.table(
        "Partnership Register – named partnerships",
        [REGISTER_COLUMNS.get(c, c) for c in chosen],
        [[_register_cell(e, c) for c in chosen] for e in listed],
        small=len(chosen) > 4,
    )
    removed = register.with_status(RegisterStatus.REMOVED)
    pending = register.with_status(RegisterStatus.PENDING_REMOVAL)
    doc.heading("Removed from the register")
    if removed:
        doc.para(
            f"{_plural(len(removed), 'partnership has', 'partnerships have')} been removed "
            f"from the register (it listed {figures['previously_listed']} before):",
            style="After Table",
        )
        for entry in removed:
            doc.bullet(entry.name)
    else:
        doc.para("No partnerships have been removed.", style="After Table")
    doc.heading("Removal awaiting confirmation")
    if pending:
        doc.para(
            f"{_plural(len(pending), 'partnership is', 'partnerships are')} still listed but "
            "may be removed; confirmation is awaited:"
        )
        for entry in pending:
            doc.bullet(entry.name)
    else:
        doc.para("No removals are awaiting confirmation.")
    return doc.document


# ---------------------------------------------------------------------------------------------
# Progress with business cases and agreements
# ---------------------------------------------------------------------------------------------

_PRIORITIES_SHOWN = (Priority.HIGH, Priority.MEDIUM)
_RAG_ORDER = (Rag.GREEN, Rag.AMBER, Rag.RED)


def _priority_of(row: ProgressRow) -> str:
    return row.priority.value if row.priority else "Not listed"


def _progress_counts(rows: Sequence[ProgressRow]) -> list[tuple[str, list[ProgressRow]]]:
    groups: dict[str, list[ProgressRow]] = {p.value: [] for p in _PRIORITIES_SHOWN}
    for row in rows:
        groups.setdefault(_priority_of(row), []).append(row)
    return [(name, group) for name, group in groups.items() if group]


def progress_chart(rows: Sequence[ProgressRow]) -> tuple[bytes, str]:
    """A PNG bar chart of RAG status by priority, and its alternative text."""
    # matplotlib is heavy and only this chart needs it; Agg draws without a display.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    groups = _progress_counts(rows)
    labels = [name for name, _ in groups]
    colours = {Rag.GREEN: "#2E7D32", Rag.AMBER: "#B26A00", Rag.RED: "#B3261E"}
    figure = Figure(figsize=(6.3, 0.55 + 0.5 * max(len(labels), 1)), dpi=150)
    axes = figure.subplots()
    left = [0] * len(labels)
    for rag in _RAG_ORDER:
        values = [sum(1 for r in group if r.rag() is rag) for _, group in groups]
        bars = axes.barh(labels, values, left=left, color=colours[rag], label=rag.value)
        for bar, value in zip(bars, values, strict=True):
            if value:
                axes.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    f"{rag.value} {value}",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=8,
                    fontweight="bold",
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("Partnerships", fontsize=8)
    axes.tick_params(labelsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(fontsize=7, loc="lower right", frameon=False, ncols=3, bbox_to_anchor=(1, 1))
    figure.tight_layout()
    buffer = io.BytesIO()
    # No date or version in the file: the same rows give the same picture.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close("all")
    parts = []
    for name, group in groups:
        counted = ", ".join(
            f"{sum(1 for r in group if r.rag() is rag)} {rag.value.lower()}" for rag in _RAG_ORDER
        )
        parts.append(
            f"{name} priority: {_plural(len(group), 'partnership', 'partnerships')}, {counted}"
        )
    alt = "Bar chart of progress by priority level. " + "; ".join(parts) + "."
    return buffer.getvalue(), alt


def progress_appendix(spec: AppendixSpec, rows: Sequence[ProgressRow]) -> Any:
    """Counts per priority and a chart, then one row per partnership: its state in words, its
    RAG status (a word, and the cell shaded), and its findings summarised once."""
    doc = _Appendix(spec)
    rows = list(rows)
    if not rows:
        doc.para("No returns have been received or checked yet.")
        return doc.document
    agreements = sum(r.agreement_returned for r in rows)
    cases = sum(r.business_case_returned for r in rows)
    green = sum(r.rag() is Rag.GREEN for r in rows)
    as_at = f" as at {format_date(spec.as_at)}" if spec.as_at else ""
    doc.para(
        f"Of the {_plural(len(rows), 'partnership', 'partnerships')} below{as_at}, "
        f"{agreements} returned an agreement and {cases} a business case; "
        f"{green} {'is' if green == 1 else 'are'} complete (Green). "
        "Green: a signed agreement addressing all 19 headings and a business case. "
        "Amber: returned, with gaps. Red: no agreement, or a return that cannot be read."
    )
    doc.heading("Progress by priority level")
    groups = _progress_counts(rows)
    doc.table(
        "Progress by priority level",
        ["Priority Level", "Partnerships", "Agreements", "Business cases", "Green", "Amber", "Red"],
        [
            [
                name,
                str(len(group)),
                str(sum(r.agreement_returned for r in group)),
                str(sum(r.business_case_returned for r in group)),
                *(str(sum(r.rag() is rag for r in group)) for rag in _RAG_ORDER),
            ]
            for name, group in groups
        ],
    )
    png, alt = progress_chart(rows)
    doc.picture(png, min(15.0, doc.text_width()), alt, "Progress by priority level")
    doc.heading("Progress of each partnership")
    replaced = [name for r in rows for name in r.replaced]
    body = [
        [
            r.partnership,
            _priority_of(r),
            r.rag().value,
            r.state(),
            r.summary() or ("None" if r.agreement_returned or r.business_case_returned else "–"),
        ]
        for r in rows
    ]
    fills = [[None, None, RAG_FILLS[r.rag().value], None, None] for r in rows]
    doc.table(
        "Progress of each partnership: state, RAG status and findings",
        ["Partnership", "Priority", "Status", "State", "Findings (summary)"],
        body,
        fills=fills,
        small=True,
        max_chars=[34, 8, 6, 50, 70],
    )
    note = (
        "The detail behind each summary (document, heading and what the check found) is set "
        "out separately in the schedule of findings made from the same returns."
    )
    if replaced:
        note += f" Left out as replaced by a later return: {', '.join(replaced)}."
    doc.para(note, style="After Table")
    return doc.document


def findings_appendix(spec: AppendixSpec, rows: Sequence[ProgressRow]) -> Any:
    """Every finding behind the progress appendix: partnership, document, finding."""
    doc = _Appendix(spec)
    body: list[list[str]] = []
    for row in rows:
        for finding in row.findings:
            document, _, text = finding.partition(": ")
            if not text:
                document, text = "", finding
            body.append([row.partnership, document, text])
    if not body:
        doc.para("The checked returns have no findings.")
        return doc.document
    doc.para(
        f"{_plural(len(body), 'finding', 'findings')} from the returns checked"
        + (f" as at {format_date(spec.as_at)}" if spec.as_at else "")
        + ", by partnership and document."
    )
    doc.table(
        "Findings from the checked returns",
        ["Partnership", "Document", "Finding"],
        body,
        small=True,
        max_chars=[30, 30, 90],
    )
    return doc.document


# ---------------------------------------------------------------------------------------------
# Reviews falling due, and implications
# ---------------------------------------------------------------------------------------------


def reviews_appendix(spec: AppendixSpec, groups: ReviewGroups) -> Any:
    """Annual reviews overdue or falling due, then partnerships with no date or agreement."""
    doc = _Appendix(spec)
    today = format_date(groups.today)
    doc.para(
        f"As at {today}: {_plural(len(groups.overdue), 'review is', 'reviews are')} overdue "
        f"and {_plural(len(groups.due_soon), 'falls', 'fall')} due within "
        f"{groups.within_days} days."
    )

    def reviews_table(caption: str, entries: list[RegisterEntry]) -> None:
        doc.table(
            caption,
            ["Name of Partnership", "Priority Level", "Lead officer", "Next review"],
            [
                [
                    e.name,
                    _register_cell(e, "priority"),
                    _register_cell(e, "lead_officer"),
                    _register_cell(e, "next_review"),
                ]
                for e in entries
            ],
        )

    doc.heading("Overdue")
    if groups.overdue:
        reviews_table("Annual reviews overdue", groups.overdue)
    else:
        doc.para("No annual review is overdue.")
    doc.heading(f"Due within {groups.within_days} days")
    if groups.due_soon:
        reviews_table("Annual reviews falling due", groups.due_soon)
    else:
        doc.para("No annual review falls due in that time.")
    doc.heading("Not yet known")
    if groups.no_review_date or groups.no_agreement:
        if groups.no_review_date:
            doc.para("No review date is recorded for:", style="After Table")
            for entry in groups.no_review_date:
                doc.bullet(entry.name)
        if groups.no_agreement:
            doc.para("No partnership agreement is on record for:", style="After Table")
            for entry in groups.no_agreement:
                doc.bullet(entry.name)
    else:
        doc.para("Every partnership has a review date and an agreement on record.")
    return doc.document


def implications_appendix(spec: AppendixSpec, implications: Implications) -> Any:
    """The eight headings, numbered 1, 1.1, ...; "No issues noted." under an empty one."""
    doc = _Appendix(spec)
    for name, heading in IMPLICATION_HEADINGS:
        title = doc.heading(heading)
        _number(title, IMPLICATIONS_NUM, 0)
        for text in getattr(implications, name) or [NO_ISSUES_NOTED]:
            doc.numbered(text, IMPLICATIONS_NUM, 1)
    return doc.document


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

#: The created/modified date of an appendix with no date of its own (deterministic output).
_NO_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def appendix_bytes(document: Any, spec: AppendixSpec) -> bytes:
    """The appendix as .docx bytes: titled, authored by the council, en-GB, deterministic."""
    core = document.core_properties
    core.title = spec.heading
    core.author = spec.council or "Partnership Toolkit"
    core.last_modified_by = spec.council or "Partnership Toolkit"
    core.subject = "Committee report appendix"
    core.keywords = "committee report; Partnership Toolkit; appendix"
    core.comments = ""
    core.category = "Committee report appendix"
    core.language = "en-GB"
    moment = dt.datetime.combine(spec.as_at, dt.time(), tzinfo=dt.UTC) if spec.as_at else _NO_DATE
    core.created = moment
    core.modified = moment
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        return write_package((info.filename, source.read(info)) for info in source.infolist())
