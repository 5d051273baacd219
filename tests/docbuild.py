"""Test documents built with python-docx: ptk's layout (a stand-in for render) and council styles.

``ptk_layout_docx`` follows the outline in ``ptk_docs._toolkit.outline`` (Title, Heading 1, "Question"
paragraphs, answers in content controls tagged with the field path, List Bullet items, data
tables with their header rows), so the parser can be tested by structure alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from ptk_docs._io.envelope import RECORD_NAMESPACE
from ptk_docs._records._base import FieldSpec, Record
from ptk_docs._records.formatting import BLANK_PROMPT, format_date, format_money
from ptk_docs._toolkit.outline import DOCUMENT_TITLES, QUESTION_STYLE, TableSpec, outline


def show(value: Any) -> str:
    """A value as ptk's documents print it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _get(record: Any, path: str) -> Any:
    value = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _styles(document: Any) -> None:
    styles = document.styles
    if QUESTION_STYLE not in [s.name for s in styles]:
        styles.add_style(QUESTION_STYLE, WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]
        styles[QUESTION_STYLE].font.bold = True
    if "Guidance" not in [s.name for s in styles]:
        styles.add_style("Guidance", WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]


def _wrap_in_sdt(paragraph: Any, tag: str) -> None:
    """Wrap the runs of a paragraph in a run-level content control tagged ``tag``."""
    p = paragraph._p
    sdt = etree.SubElement(p, qn("w:sdt"))
    pr = etree.SubElement(sdt, qn("w:sdtPr"))
    etree.SubElement(pr, qn("w:tag")).set(qn("w:val"), tag)
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    for run in p.findall(qn("w:r")):
        content.append(run)


def _answer(document: Any, text: str, tag: str | None) -> None:
    paragraph = document.add_paragraph()
    lines = (text or BLANK_PROMPT).split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)
    if tag:
        _wrap_in_sdt(paragraph, tag)


def ptk_layout_docx(record: Record, dest: Path, *, tags: bool = True, embed: bool = True) -> Path:
    kind = record.record_kind
    document = docx.Document()
    _styles(document)
    document.add_paragraph(DOCUMENT_TITLES[kind], style="Title")
    for section in outline(kind):
        heading = section.heading
        if section.number is not None:
            heading = f"{section.number}. {heading}"
        document.add_heading(heading, level=1)
        for statement in section.statements:
            document.add_paragraph(statement)
        for note in section.guidance:
            document.add_paragraph(note, style="Guidance")
        for item in section.items:
            if isinstance(item, TableSpec):
                _table(document, record, item)
                continue
            assert isinstance(item, FieldSpec)
            document.add_paragraph(item.question, style=QUESTION_STYLE)
            value = _get(record, item.path)
            if isinstance(value, list):
                if not value:
                    _answer(document, "", item.path if tags else None)
                for entry in value:
                    p = document.add_paragraph(str(entry).replace("\n", " "), style="List Bullet")
                    if tags:
                        _wrap_in_sdt(p, item.path)
            else:
                _answer(document, show(value), item.path if tags else None)
    if embed:
        _embed(document, record)
    document.core_properties.title = DOCUMENT_TITLES[kind]
    document.save(str(dest))
    return dest


def _table(document: Any, record: Record, spec: TableSpec) -> None:
    if spec.question:
        document.add_paragraph(spec.question, style=QUESTION_STYLE)
    if spec.fixed_rows:
        rows = [
            [
                label,
                *(show(getattr(_get(record, f"{spec.path}.{name}"), f)) for f in spec.item_fields),
            ]
            for name, label in spec.fixed_rows
        ]
    else:
        rows = [
            [show(getattr(item, f)) if f else "" for f in spec.item_fields]
            for item in _get(record, spec.path)
        ]
    table = document.add_table(rows=1 + len(rows), cols=len(spec.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, spec.columns, strict=True):
        cell.text = text
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text


def _embed(document: Any, record: Record) -> None:
    root = etree.Element(f"{{{RECORD_NAMESPACE}}}record", nsmap={"ptk": RECORD_NAMESPACE})
    root.set("kind", record.record_kind)
    root.set("ptk-version", "0.1.0")
    root.text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(
        document.part.package.next_partname("/customXml/item%d.xml"),
        "application/xml",
        blob,
        document.part.package,
    )
    document.part.relate_to(part, RT.CUSTOM_XML)


def strip_record(source: Path, dest: Path) -> Path:
    """A copy of a .docx without the embedded record and content control tags."""
    document = docx.Document(str(source))
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            del document.part.rels[rel_id]
    for tag in document.element.body.iter(qn("w:tag")):
        tag.getparent().remove(tag)
    document.save(str(dest))
    return dest


# --------------------------------------------------------------------------------------------
# Features of documents officers write
# --------------------------------------------------------------------------------------------


def add_tracked_change(paragraph: Any, deleted: str, inserted: str) -> None:
    """Append a tracked deletion and a tracked insertion to a paragraph."""
    p = paragraph._p
    attrs = {qn("w:id"): "901", qn("w:author"): "Officer", qn("w:date"): "2026-11-26T10:00:00Z"}
    d = etree.SubElement(p, qn("w:del"), attrs)
    r = etree.SubElement(d, qn("w:r"))
    etree.SubElement(r, qn("w:delText")).text = deleted
    attrs = dict(attrs)
    attrs[qn("w:id")] = "902"
    i = etree.SubElement(p, qn("w:ins"), attrs)
    r = etree.SubElement(i, qn("w:r"))
    t = etree.SubElement(r, qn("w:t"))
    t.text = inserted
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def add_text_box(paragraph: Any, text: str) -> None:
    """A VML text box (w:pict) holding one paragraph of ``text``."""
    run = paragraph.add_run()._r
    pict = etree.SubElement(run, qn("w:pict"))
    shape = etree.SubElement(pict, "{urn:schemas-microsoft-com:vml}shape")
    box = etree.SubElement(shape, "{urn:schemas-microsoft-com:vml}textbox")
    content = etree.SubElement(box, qn("w:txbxContent"))
    p = etree.SubElement(content, qn("w:p"))
    r = etree.SubElement(p, qn("w:r"))
    etree.SubElement(r, qn("w:t")).text = text


def word_numbered(document: Any, items: list[tuple[str, bool]], *, fmt: str = "%1.") -> None:
    """Paragraphs in "List Paragraph" numbered by Word (numPr), each (text, bold)."""
    numbering = document.part.numbering_part.element
    abstract_id = str(100 + len(numbering.findall(qn("w:abstractNum"))))
    abstract = etree.SubElement(numbering, qn("w:abstractNum"))
    abstract.set(qn("w:abstractNumId"), abstract_id)
    lvl = etree.SubElement(abstract, qn("w:lvl"))
    lvl.set(qn("w:ilvl"), "0")
    etree.SubElement(lvl, qn("w:start")).set(qn("w:val"), "1")
    etree.SubElement(lvl, qn("w:numFmt")).set(qn("w:val"), "decimal")
    etree.SubElement(lvl, qn("w:lvlText")).set(qn("w:val"), fmt)
    # abstractNum elements must come before num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    num_id = str(200 + len(numbering.findall(qn("w:num"))))
    num = etree.SubElement(numbering, qn("w:num"))
    num.set(qn("w:numId"), num_id)
    etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), abstract_id)
    for text, bold in items:
        paragraph = document.add_paragraph(style="List Paragraph")
        ppr = paragraph._p.get_or_add_pPr()
        num_pr = etree.SubElement(ppr, qn("w:numPr"))
        etree.SubElement(num_pr, qn("w:ilvl")).set(qn("w:val"), "0")
        etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), num_id)
        paragraph.add_run(text).bold = bold


def clone(element: Any) -> Any:
    return copy.deepcopy(element)


# --------------------------------------------------------------------------------------------
# Documents in a council's own words and layouts
# --------------------------------------------------------------------------------------------

#: (heading as the council wrote it, how it is marked, text under it)
COUNCIL_SECTIONS = [
    ("Background", "heading", "The board was set up in 2009 by the Council and the NHS."),
    ("Purpose of the Partnership", "heading", "To improve the lives of carers in Derby."),
    ("Accountability", "bold", "The board reports to the Health and Wellbeing Board."),
    ("Terms of reference", "heading", "Agree the carers strategy and monitor its action plan."),
    ("Roles & Responsibilities", "bold", "Each partner leads the actions assigned to it."),
    ("Membership", "heading", "Carers, the Council, the NHS and voluntary groups."),
    ("Information sharing", "heading", "Partners share information under the city's protocol."),
    ("Code of Conduct", "heading", "Members follow the Nolan principles."),
    ("Resolving conflicts and complaints", "heading", "Disputes go first to the Chair."),
    ("Delegated authority", "heading", "The board has no delegated budget."),
    ("Meetings", "heading", "Quarterly, at the Council House."),
    ("Risk management", "heading", "A risk register is kept by the Council's officer."),
    ("Performance monitoring", "heading", "An annual report to the Health and Wellbeing Board."),
    ("Finance", "heading", "The board has no budget of its own."),
    ("Resources", "heading", "The Council provides the secretariat."),
    ("Data protection", "heading", "Partners comply with data protection law."),
    ("Legal status", "heading", "The board is an unincorporated body."),
    ("Exit strategy", "heading", "Any partner may withdraw on three months' notice."),
]
#: Left out of the council's document: Equalities and Business Continuity Plans.
COUNCIL_NOT_WRITTEN = ["Equalities", "Business Continuity Plans"]


def council_agreement(path: Path, *, numbered: bool = False) -> Path:
    document = docx.Document()
    document.add_paragraph("Derby Carers Partnership Strategy Board", style="Title")
    for number, (heading, how, text) in enumerate(COUNCIL_SECTIONS, start=1):
        if numbered:
            word_numbered(document, [(heading, True)], fmt=f"{number}.0")
        elif how == "bold":
            document.add_paragraph().add_run(heading).bold = True
        else:
            document.add_heading(heading, level=1)
        document.add_paragraph(text)
    document.add_heading("Signed on behalf of the partners", level=1)
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(
        table.rows,
        [
            ("Organisation", "Name", "Signature", "Date"),
            ("Derby City Council", "Paul Robinson", "", "3 March 2011"),
            ("NHS Derby City", "Claire Owen", "", "4/3/2011"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def form_business_case(path: Path) -> Path:
    """The seed's own business case form: two-column question/answer tables."""
    document = docx.Document()
    document.add_paragraph("Partnership Business Case", style="Title")
    rows = [
        ("Name of Partnership:", "Road Safety Partnership"),
        ("Nature of the business case", ""),
        (
            "This is concerned with:\n• Setting up a partnership\n• Joining an existing partnership"
            "\n• Reviewing an existing partnership",
            "Joining an existing partnership",
        ),
        ("Reasons for the partnership", ""),
        ("What are the key aims and objectives of the partnership?", "Fewer road casualties."),
        ("Partnership Structure", ""),
        ("Lead Council officer:", "Sam Green, Road Safety Manager"),
        ("Risk assessment", ""),
        ("Attach a completed risk assessment of the partnership. (Appendix 9)", "Yes"),
        (
            "Attach a completed Equality Impact Needs Assessment for the partnership. Details on "
            "undertaking an assessment can be found by clicking here",
            "No",
        ),
        ("Performance Management and Monitoring", ""),
        (
            "Will the partnership report performance and progress to the Council? If yes, how "
            "often?",
            "Yes, twice a year",
        ),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for row, (question, answer) in zip(table.rows, rows, strict=True):
        row.cells[0].text = question
        row.cells[1].text = answer
    document.add_paragraph("Resources and funding")
    resources = document.add_table(rows=4, cols=4)
    for row, values in zip(
        resources.rows,
        [
            ("", "Cost - £", "Source (internal / external)", "In kind"),
            ("Finance", "12,500", "Internal", ""),
            ("Staff", "£48,000", "External", "Seconded officer"),
            ("Other", "", "", "Meeting rooms"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    form = document.add_table(rows=3, cols=1)
    form.rows[0].cells[0].text = (
        "When is funding for the partnership due to end? 31 March 2014\n"
        "Are there any ongoing implications for Derby City Council? None expected."
    )
    form.rows[1].cells[0].text = "Authorisation"
    form.rows[2].cells[0].text = (
        "Business Case must be authorised by Strategic Director.\nName: Paul Robinson\n"
        "Job Title: Strategic Director of Neighbourhoods\nContact details: 01332 293111\n"
        "Date: 14/06/2011"
    )
    document.save(str(path))
    return path


def paragraph_business_case(path: Path) -> Path:
    """The seed's business case as people complete it in paragraphs: each question with its
    answer typed after it on the same line, headings in bold, the resources as lines of text,
    and the authorisation as "Name:", "Job Title:" and "Date:" lines."""
    document = docx.Document()
    document.add_paragraph("Partnership Business Case", style="Title")

    def heading(text: str) -> None:
        document.add_paragraph().add_run(text).bold = True

    document.add_paragraph("Name of Partnership: Derby Healthy Schools Partnership")
    heading("Nature of the business case")
    document.add_paragraph("This is concerned with: Setting up a partnership")
    heading("Reasons for the partnership")
    document.add_paragraph(
        "What are the key aims and objectives of the partnership? Every school in the city "
        "working towards Healthy Schools status."
    )
    document.add_paragraph(
        "How do these fit in with the strategic outcomes of the Derby Plan? Children and young "
        "people are healthy."
    )
    document.add_paragraph("Has an options appraisal been carried out? No")
    heading("Partnership Structure")
    document.add_paragraph("Lead Council officer: Jo Patel, Head of Public Health")
    document.add_paragraph("Partnership size: 14 members")
    heading("Governance Arrangements")
    document.add_paragraph(
        "To whom is the partnership accountable? The Children and Young People's Board"
    )
    heading("Risk assessment")
    document.add_paragraph(
        "Attach a completed risk assessment of the partnership. (Appendix 9) Yes, attached"
    )
    heading("Resources and funding")
    document.add_paragraph("What resources is the Council providing in terms of:")
    document.add_paragraph("Finance: £12.5k")
    document.add_paragraph("Staff: 12,500.00")
    document.add_paragraph("When is funding for the partnership due to end? 31st March 2014")
    document.add_paragraph(
        "Are there any ongoing implications for Derby City Council? None beyond 2014."
    )
    heading("Authorisation")
    document.add_paragraph("Business Case must be authorised by Strategic Director.")
    document.add_paragraph("Name: Andrew Smith")
    document.add_paragraph("Job Title: Strategic Director of Children and Young People")
    document.add_paragraph("Date: 31/03/2012")
    document.save(str(path))
    return path


def line_table_business_case(path: Path) -> Path:
    """The seed's business case completed in a one-column table: each cell a question with its
    answer on the same line; the funding end written as a month ("March 2014")."""
    document = docx.Document()
    document.add_paragraph("Partnership Business Case", style="Title")
    lines = [
        "Name of Partnership: Derby Cycling Partnership",
        "Nature of the business case",
        "This is concerned with: Joining an existing partnership",
        "Reasons for the partnership",
        "What are the key aims and objectives of the partnership? More journeys by bicycle.",
        "Partnership Structure",
        "Lead Council officer: Lee Brown, Transport Planner",
        "Resources and funding",
        "When is funding for the partnership due to end? March 2014",
        "Authorisation",
        "Name: Paul Robinson",
        "Job Title: Strategic Director of Neighbourhoods",
        "Date: 1 April 2012",
    ]
    table = document.add_table(rows=len(lines), cols=1)
    for row, text in zip(table.rows, lines, strict=True):
        row.cells[0].text = text
    document.save(str(path))
    return path
