"""Councils' own templates: linted against the record model first, filled in a sandbox."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

import ptk_docs
from ptk_docs import TemplateError, load_record
from ptk_docs._records.agreement import PartnershipAgreement
from ptk_docs._render.documents import render_docx, template_context
from ptk_docs._render.lint import lint_template


def make_template(path: Path, *paragraphs: str, heading: str = "Our agreement") -> Path:
    document = docx.Document()
    document.add_heading(heading, 1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture
def agreement(examples: Path) -> PartnershipAgreement:
    record = load_record(examples / "agreement.json", kind="agreement")
    assert isinstance(record, PartnershipAgreement)
    return record


def it_reports_every_problem_at_once_with_its_place(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        "Name: {{ partnership_name }}",
        "Chair: {{ membership.chiar }}",
        "{{ partnership_name | }}",
        "{%p for m in membership.members %}",
        "{{ m.nme }} of {{ m.organisation }}",
        "{%p endfor %}",
        "{{ colour }}",
        "{%p if partnership_name %}",
    )
    problems = lint_template(template, PartnershipAgreement)
    assert problems == [
        "under 'Our agreement', paragraph 3: unknown field 'membership.chiar' "
        "(did you mean 'membership.chair'?)",
        "under 'Our agreement', paragraph 4: {{ partnership_name | }} does not parse: "
        "expected token 'name', got 'end of print statement'",
        "under 'Our agreement', paragraph 6: unknown field 'm.nme' (did you mean 'm.name'?)",
        "under 'Our agreement', paragraph 8: unknown variable 'colour'",
        "under 'Our agreement', paragraph 9: {% if %} is never closed (add {% endif %})",
    ]


def it_accepts_words_smart_quotes_inside_tags(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    template = make_template(
        tmp_path / "t.docx", "Chair: {{ membership.chair|replace(“Cabinet”, ‘Lead’) }}"
    )
    assert lint_template(template, PartnershipAgreement) == []
    out = ptk_docs.render(agreement, tmp_path / "out.docx", template=template)
    assert "Chair: Lead Member for Neighbourhoods" in [
        p.text for p in docx.Document(str(out)).paragraphs
    ]


def it_renders_a_custom_template_with_tables_and_embeds_the_record(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    document = docx.Document()
    document.add_heading("Agreement for {{ partnership_name }}", 1)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Member", "Organisation"
    table.cell(1, 0).text = "{%tr for m in membership.members %}"
    table.cell(2, 0).text, table.cell(2, 1).text = "{{ m.name }}", "{{ m.organisation }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    document.core_properties.author = "python-docx"
    document.save(str(tmp_path / "t.docx"))
    out = ptk_docs.render(agreement, tmp_path / "out.docx", template=tmp_path / "t.docx")
    result = docx.Document(str(out))
    assert result.paragraphs[0].text == "Agreement for Community Safety Partnership"
    assert [c.text for c in result.tables[0].rows[1].cells] == [
        "Cllr Hussain Ali",
        "Derby City Council",
    ]
    assert len(result.tables[0].rows) == 6
    assert result.core_properties.author == "Derby City Council"
    assert result.core_properties.title == "Partnership Agreement – Community Safety Partnership"


def it_refuses_a_template_that_reaches_outside_the_sandbox(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    template = make_template(tmp_path / "t.docx", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateError, match="__class__"):
        ptk_docs.render(agreement, tmp_path / "out.docx", template=template)
    assert not (tmp_path / "out.docx").exists()
    # Even past the linter, the sandbox refuses it.
    with pytest.raises(TemplateError, match="unsafe"):
        render_docx(template, template_context(agreement), tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def it_escapes_values_in_custom_templates(tmp_path: Path, agreement: PartnershipAgreement) -> None:
    agreement.partnership_name = 'Community Safety & <Partnership> "CSP"'
    template = make_template(tmp_path / "t.docx", "{{ partnership_name }}")
    out = ptk_docs.render(agreement, tmp_path / "out.docx", template=template)
    assert docx.Document(str(out)).paragraphs[1].text == 'Community Safety & <Partnership> "CSP"'


def it_refuses_a_file_that_is_not_a_template(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    bogus = tmp_path / "t.docx"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match="not a Word document"):
        ptk_docs.render(agreement, tmp_path / "out.docx", template=bogus)
    with pytest.raises(TemplateError, match="cannot read"):
        ptk_docs.render(agreement, tmp_path / "out.docx", template=tmp_path / "missing.docx")


def it_reports_template_problems_on_the_command_line_without_writing(
    examples: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    template = make_template(tmp_path / "t.docx", "{{ membership.chiar }}", "{{ colour }}")
    command = [sys.executable, "-m", "ptk_docs", "render", "agreement"]
    command += [str(examples / "agreement.json"), "-o", str(tmp_path / "out.docx")]
    done = subprocess.run([*command, "--template", str(template)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "membership.chiar" in done.stderr and "colour" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out.docx").exists()
    assert subprocess.run(command, capture_output=True).returncode == 0
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 2 and "already exists" in again.stderr


def it_fills_custom_templates_as_docxtpl_does(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    import io
    import zipfile

    import jinja2
    from docxtpl import DocxTemplate
    from lxml import etree

    document = docx.Document()
    document.add_heading("{{ partnership_name }}", 1)
    document.add_paragraph("Chair: {{ membership.chair }}; {{r membership.vice_chair }}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for m in membership.members %}"
    table.cell(1, 0).text, table.cell(1, 1).text = "{{ m.name }}", "{{ loop.index }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.add_paragraph("{%p for aim in purpose.aims_and_objectives %}")
    document.add_paragraph("{{ aim }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.save(str(tmp_path / "t.docx"))
    context = template_context(agreement)
    ours = render_docx(tmp_path / "t.docx", context, tmp_path / "ours.docx")
    reference = DocxTemplate(str(tmp_path / "t.docx"))
    reference.render(context, jinja2.Environment(), autoescape=True)
    buffer = io.BytesIO()
    reference.save(buffer)

    def body(data: bytes) -> bytes:
        root = etree.fromstring(data)
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        return etree.tostring(root.find("w:body", ns), method="c14n")

    with zipfile.ZipFile(buffer) as theirs, zipfile.ZipFile(ours) as mine:
        assert body(mine.read("word/document.xml")) == body(theirs.read("word/document.xml"))


def it_renders_a_batch_over_several_processes(
    tmp_path: Path, agreement: PartnershipAgreement
) -> None:
    records = [
        agreement.model_copy(update={"partnership_name": f"Partnership {i}"}) for i in range(8)
    ]
    paths = ptk_docs.render_many(records, tmp_path, workers=2)
    assert [p.name for p in paths] == [f"Partnership {i} - agreement.docx" for i in range(8)]
    single = ptk_docs.render(records[3], tmp_path / "single.docx")
    assert paths[3].read_bytes() == single.read_bytes()
