"""Rendering records into Word documents: structure, tags, properties, escaping, determinism."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import jinja2
import pytest
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import ptk_docs
from ptk_docs import OutputExistsError, RecordError, TemplateError, load_record
from ptk_docs._io.envelope import RECORD_NAMESPACE
from ptk_docs._records._base import validate_record
from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement
from ptk_docs._records.formatting import CELL_PLACEHOLDER_TEXT, PLACEHOLDER_TEXT
from ptk_docs._render.documents import builtin_template, render_docx, template_context
from ptk_docs._toolkit.outline import TableSpec, outline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
KINDS = ("agreement", "business-case")


def example(examples: Path, kind: str) -> Any:
    return load_record(examples / f"{kind}.json", kind=kind)


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def document_xml(path: Path) -> Any:
    return etree.fromstring(part(path, "word/document.xml"))


def tags(path: Path) -> list[str]:
    return [str(t.get(f"{{{W}}}val")) for t in document_xml(path).iter(f"{{{W}}}tag")]


def shows_placeholder(path: Path, tag: str) -> bool:
    """The control shows Word's grey placeholder: ``w:showingPlcHdr`` and the placeholder style."""
    root = document_xml(path)
    for sdt in root.iter(f"{{{W}}}sdt"):
        if sdt.find(f"w:sdtPr/w:tag[@w:val='{tag}']", NS) is not None:
            styles = {s.get(f"{{{W}}}val") for s in sdt.iter(f"{{{W}}}rStyle")}
            return (
                sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
                and styles == {"PlaceholderText"}
                and sdt_text(path, tag) in (PLACEHOLDER_TEXT, CELL_PLACEHOLDER_TEXT)
            )
    raise AssertionError(f"no content control tagged {tag}")


def sdt_text(path: Path, tag: str) -> str:
    root = document_xml(path)
    for sdt in root.iter(f"{{{W}}}sdt"):
        if sdt.find(f"w:sdtPr/w:tag[@w:val='{tag}']", NS) is not None:
            return "\n".join(
                "".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in sdt.iter(f"{{{W}}}p")
            )
    raise AssertionError(f"no content control tagged {tag}")


@pytest.mark.parametrize("kind", KINDS)
def it_writes_each_heading_of_the_outline_in_order(
    examples: Path, tmp_path: Path, kind: str
) -> None:
    out = ptk_docs.render(example(examples, kind), tmp_path / f"{kind}.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [section.heading for section in outline(kind)]
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert len(titles) == 1


def it_numbers_the_nineteen_toolkit_headings_with_word_numbering(
    examples: Path, tmp_path: Path
) -> None:
    out = ptk_docs.render(example(examples, "agreement"), tmp_path / "a.docx")
    numbered = [
        p.text
        for p in docx.Document(str(out)).paragraphs
        if p.style.name == "Heading 1" and p._p.find("w:pPr/w:numPr", NS) is not None
    ]
    assert len(numbered) == 19
    for text, (_, heading) in zip(numbered, AGREEMENT_HEADINGS, strict=True):
        assert heading in text


@pytest.mark.parametrize("kind", KINDS)
def it_tags_every_answer_with_its_field_path(examples: Path, tmp_path: Path, kind: str) -> None:
    out = ptk_docs.render(example(examples, kind), tmp_path / f"{kind}.docx")
    found = set(tags(out))
    for section in outline(kind):
        for item in section.items:
            if isinstance(item, TableSpec):
                if item.fixed_rows:
                    expected = {
                        f"{item.path}.{row}.{f}"
                        for row, _ in item.fixed_rows
                        for f in item.item_fields
                    }
                else:
                    expected = {f"{item.path}[0].{f}" for f in item.item_fields if f}
                assert expected <= found, item.path
            else:
                assert item.path in found


def it_fills_answers_lists_and_tables_in_british_form(examples: Path, tmp_path: Path) -> None:
    out = ptk_docs.render(example(examples, "agreement"), tmp_path / "a.docx")
    assert sdt_text(out, "date_of_agreement") == "8 July 2011"
    assert sdt_text(out, "membership.chair") == "Cabinet Member for Neighbourhoods"
    assert sdt_text(out, "membership.members[1].name") == "Chief Superintendent Jo Bruce"
    assert sdt_text(out, "signatories[5].date_signed") == "20 July 2011"
    aims = sdt_text(out, "purpose.aims_and_objectives").splitlines()
    assert aims[0] == "Reduce crime and disorder in Derby." and len(aims) == 4
    document = docx.Document(str(out))
    bullets = [
        p
        for p in document.element.body.iter(f"{{{W}}}p")
        if p.find("w:pPr/w:pStyle[@w:val='ListBullet']", NS) is not None
    ]
    assert len(bullets) >= 4
    case = ptk_docs.render(example(examples, "business-case"), tmp_path / "b.docx")
    assert sdt_text(case, "resources.finance.cost") == "£48,000"
    assert sdt_text(case, "resources.it.cost") == "£1,250.50"
    assert sdt_text(case, "risk.risk_assessment_attached") == "Yes"
    assert shows_placeholder(case, "resources.other.cost")
    assert not shows_placeholder(case, "partnership_name")


def it_makes_data_tables_with_a_repeating_header_and_no_merged_cells(
    examples: Path, tmp_path: Path
) -> None:
    out = ptk_docs.render(example(examples, "agreement"), tmp_path / "a.docx")
    root = document_xml(out)
    tables = root.findall(".//w:tbl", NS)
    assert len(tables) == 3
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert not table.findall(".//w:gridSpan", NS) and not table.findall(".//w:vMerge", NS)
        widths = {len(r.findall("w:tc", NS)) for r in rows}
        assert len(widths) == 1


def it_sets_title_author_and_language(examples: Path, tmp_path: Path) -> None:
    out = ptk_docs.render(example(examples, "agreement"), tmp_path / "a.docx")
    props = docx.Document(str(out)).core_properties
    assert props.title == "Partnership Agreement – Community Safety Partnership"
    assert props.author == "Derby City Council"
    styles = etree.fromstring(part(out, "word/styles.xml"))
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None and lang.get(f"{{{W}}}val") == "en-GB"


def it_leaves_no_empty_paragraphs(examples: Path, tmp_path: Path) -> None:
    for kind in KINDS:
        out = ptk_docs.render(example(examples, kind), tmp_path / f"{kind}.docx")
        body = document_xml(out).find("w:body", NS)
        for p in body.iter(f"{{{W}}}p"):
            if p.getparent().tag == f"{{{W}}}tc":
                continue  # the signature column is left for a pen
            assert "".join(t.text or "" for t in p.iter(f"{{{W}}}t")).strip(), etree.tostring(p)


@pytest.mark.parametrize("kind", KINDS)
def it_embeds_the_record_with_version_and_template_hash(
    examples: Path, tmp_path: Path, kind: str
) -> None:
    record = example(examples, kind)
    out = ptk_docs.render(record, tmp_path / f"{kind}.docx")
    with zipfile.ZipFile(out) as archive:
        items = [
            n for n in archive.namelist() if n.startswith("customXml/item") and "Props" not in n
        ]
        root = etree.fromstring(archive.read(items[0]))
    assert root.tag == f"{{{RECORD_NAMESPACE}}}record"
    assert root.get("kind") == kind
    assert root.get("ptk-version") == ptk_docs.__version__
    assert root.get("template") == f"{kind}.docx"
    import hashlib

    assert (
        root.get("template-sha256")
        == hashlib.sha256(builtin_template(kind).read_bytes()).hexdigest()
    )
    assert type(record).model_validate(json.loads(root.text)) == record


@pytest.mark.parametrize("kind", KINDS)
def it_gives_byte_identical_output_for_the_same_record(
    examples: Path, tmp_path: Path, kind: str
) -> None:
    record = example(examples, kind)
    first = ptk_docs.render(record, tmp_path / "one.docx")
    second = ptk_docs.render(record, tmp_path / "two.docx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None


def it_shows_awkward_names_verbatim(examples: Path, tmp_path: Path) -> None:
    record = example(examples, "agreement").model_copy(
        update={"partnership_name": 'Community Safety & <Partnership> "CSP"'}
    )
    out = ptk_docs.render(record, tmp_path / "a.docx")
    assert sdt_text(out, "partnership_name") == 'Community Safety & <Partnership> "CSP"'
    assert docx.Document(str(out)).core_properties.title.endswith('& <Partnership> "CSP"')


def it_turns_newlines_into_line_breaks(examples: Path, tmp_path: Path) -> None:
    record = example(examples, "agreement")
    record.accountability.accountable_to = "The Board.\nThe Scrutiny Board."
    out = ptk_docs.render(record, tmp_path / "a.docx")
    root = document_xml(out)
    sdt = next(
        s
        for s in root.iter(f"{{{W}}}sdt")
        if s.find("w:sdtPr/w:tag[@w:val='accountability.accountable_to']", NS) is not None
    )
    assert len(sdt.findall(".//w:p", NS)) == 1 and sdt.findall(".//w:br", NS)


def it_refuses_values_that_cannot_be_written_as_xml(examples: Path) -> None:
    data = json.loads((examples / "agreement.json").read_text())
    data["partnership_name"] = "Bad\x0bname"
    with pytest.raises(RecordError):
        validate_record(PartnershipAgreement, data)


def it_refuses_to_overwrite_without_force(examples: Path, tmp_path: Path) -> None:
    record = example(examples, "agreement")
    dest = tmp_path / "a.docx"
    dest.write_bytes(b"keep me")
    with pytest.raises(OutputExistsError):
        ptk_docs.render(record, dest)
    assert dest.read_bytes() == b"keep me"
    ptk_docs.render(record, dest, force=True)
    assert dest.read_bytes() != b"keep me"


def it_refuses_other_output_formats(examples: Path, tmp_path: Path) -> None:
    with pytest.raises(TemplateError):
        ptk_docs.render(example(examples, "agreement"), tmp_path / "a.odt")
    assert not (tmp_path / "a.odt").exists()


@pytest.mark.parametrize("kind", KINDS)
def it_writes_blank_forms_with_prompts(tmp_path: Path, kind: str) -> None:
    out = ptk_docs.blank(kind, tmp_path / f"{kind}.docx")
    assert shows_placeholder(out, "partnership_name")
    document = docx.Document(str(out))
    assert document.core_properties.title in ("Partnership Agreement", "Partnership Business Case")


def it_prefills_one_signature_row_per_partner_in_a_draft(examples: Path, tmp_path: Path) -> None:
    record = example(examples, "agreement").model_copy(update={"signatories": []})
    out = ptk_docs.render(record, tmp_path / "a.docx")
    assert sdt_text(out, "signatories[5].organisation") == "Community Action Derby"
    assert shows_placeholder(out, "signatories[5].name")


def it_renders_a_batch_with_safe_unique_names(examples: Path, tmp_path: Path) -> None:
    record = example(examples, "agreement")
    other = record.model_copy(update={"partnership_name": "../../etc/Community Safety Partnership"})
    paths = ptk_docs.render_many([record, record, other], tmp_path / "out")
    assert [p.name for p in paths] == [
        "Community Safety Partnership - agreement.docx",
        "Community Safety Partnership - agreement (2).docx",
        "etc-Community Safety Partnership - agreement.docx",
    ]
    assert all(p.parent == tmp_path / "out" for p in paths)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def _body(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    body = root.find("w:body", NS)
    return etree.tostring(body, method="c14n")


@pytest.mark.parametrize("kind", KINDS)
def it_gives_the_same_document_content_as_docxtpl(
    examples: Path, tmp_path: Path, kind: str
) -> None:
    record = example(examples, kind)
    record_copy = record
    if kind == "agreement":
        record_copy = record.model_copy(deep=True)
        record_copy.accountability.accountable_to = "Tabs\tand\nnew lines & <escapes>"
    context = template_context(record_copy)
    ours = render_docx(builtin_template(kind), context, tmp_path / "ours.docx")
    reference = DocxTemplate(str(builtin_template(kind)))
    reference.render(context, jinja2.Environment(undefined=jinja2.StrictUndefined), autoescape=True)
    buffer = io.BytesIO()
    reference.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        theirs = archive.read("word/document.xml")
        their_footer = archive.read("word/footer1.xml")
    assert _body(part(ours, "word/document.xml")) == _body(theirs)
    assert etree.tostring(etree.fromstring(part(ours, "word/footer1.xml")), method="c14n") == (
        etree.tostring(etree.fromstring(their_footer), method="c14n")
    )


def it_keeps_compiled_templates_on_disk_for_the_next_process(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ptk_docs._render import engine as _engine

    monkeypatch.setenv("PTK_CACHE_DIR", str(tmp_path / "cache"))
    record = example(examples, "agreement")
    _engine.forget_compiled()
    first = ptk_docs.render(record, tmp_path / "one.docx")
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 1
    _engine.forget_compiled()
    second = ptk_docs.render(record, tmp_path / "two.docx")
    cached[0].write_bytes(b"not marshal data")
    _engine.forget_compiled()
    third = ptk_docs.render(record, tmp_path / "three.docx")
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()
    monkeypatch.setenv("PTK_CACHE_DIR", "off")
    assert _engine.cache_dir() is None
    _engine.forget_compiled()


@pytest.mark.parametrize("kind", KINDS)
def it_leaves_no_template_tags_in_any_part(examples: Path, tmp_path: Path, kind: str) -> None:
    out = ptk_docs.render(example(examples, kind), tmp_path / f"{kind}.docx")
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            assert "{{" not in text and "{%" not in text, name


def it_refuses_a_hand_made_context_that_cannot_be_written_as_xml(
    examples: Path, tmp_path: Path
) -> None:
    context = template_context(example(examples, "agreement"))
    context["membership"]["chair"] = "Tab\x0b"
    with pytest.raises(RecordError, match="U\\+000B"):
        render_docx(builtin_template("agreement"), context, tmp_path / "a.docx")
    assert not (tmp_path / "a.docx").exists()


_TEXT = (
    st.lists(
        st.one_of(
            st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x2FFF),
            st.sampled_from(["\n", "\t", "&", "<", ">", '"', "'", "{{", "}}", "{%", "{_{", "]]>"]),
        ),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "" and "\ufffe" not in s and "\uffff" not in s)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chair=_TEXT, aim=_TEXT)
def it_shows_any_text_as_typed(examples: Path, tmp_path: Path, chair: str, aim: str) -> None:
    record = example(examples, "agreement")
    record.membership.chair = chair
    record.purpose.aims_and_objectives = [aim]
    out = ptk_docs.render(record, tmp_path / "a.docx", force=True)
    root = document_xml(out)

    def shown(tag: str) -> str:
        sdt = next(
            s
            for s in root.iter(f"{{{W}}}sdt")
            if s.find(f"w:sdtPr/w:tag[@w:val='{tag}']", NS) is not None
        )
        text = []
        for element in sdt.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
            text.append(
                element.text or ""
                if element.tag == f"{{{W}}}t"
                else "\n"
                if element.tag == f"{{{W}}}br"
                else "\t"
            )
        return "".join(text)

    assert shown("membership.chair") == chair
    assert shown("purpose.aims_and_objectives") == aim


def it_leaves_no_temporary_files_behind(examples: Path, tmp_path: Path) -> None:
    record = example(examples, "agreement")
    ptk_docs.render_many([record, record], tmp_path)
    with pytest.raises(OutputExistsError):
        ptk_docs.render(record, tmp_path / "Community Safety Partnership - agreement.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Community Safety Partnership - agreement (2).docx",
        "Community Safety Partnership - agreement.docx",
    ]


def it_never_loads_compiled_code_from_a_folder_others_can_write_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ptk_docs._render import engine as _engine

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("PTK_CACHE_DIR", str(shared))
    assert _engine.cache_dir() is None
    shared.chmod(0o700)
    assert _engine.cache_dir() == shared
