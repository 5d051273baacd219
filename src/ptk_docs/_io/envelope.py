"""The envelope: the record ptk embeds in what it makes, written and read here and nowhere else.

In a .docx the record travels as a custom XML part, ``customXml/itemN.xml``::

    <ptk:record xmlns:ptk="urn:ptk-docs:record:1" kind=".." ptk-version=".." template=".."
                template-sha256="..">{the record as JSON}</ptk:record>

In a PDF ptk exported, the same JSON is the attached file ``ptk-record.json`` and the part's
attributes are in the document information (``/PtkKind``, ``/PtkVersion``, ``/PtkTemplate``,
``/PtkTemplateSha256``). Both read back as one shape, :class:`Envelope`, whatever the format, so
the kind a reader sees is the kind ptk wrote. An attachment written by an older ptk as
``{"kind": .., "record": {..}}`` is read too.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any, TypedDict

from lxml import etree  # type: ignore[import-untyped]

from ptk_docs._errors import LimitExceededError
from ptk_docs._io.docx import DocxPackage
from ptk_docs._io.guard import megabytes
from ptk_docs._io.limits import Limits
from ptk_docs._records._base import Record
from ptk_docs._records.kinds import KINDS, kind_of
from ptk_docs._version import __version__

RECORD_NAMESPACE = "urn:ptk-docs:record:1"
PDF_ATTACHMENT_NAME = "ptk-record.json"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_RECORD_TAG = f"{{{RECORD_NAMESPACE}}}record"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
#: Attribute of the .docx part -> key in the PDF's document information.
_PDF_INFO = {
    "kind": "/PtkKind",
    "ptk-version": "/PtkVersion",
    "template": "/PtkTemplate",
    "template-sha256": "/PtkTemplateSha256",
}


class Envelope(TypedDict):
    """The record a document carries: its kind, the record's data and the part's attributes."""

    kind: str
    record: dict[str, Any]
    attributes: dict[str, str]


def _envelope(kind: str, record: Any, attributes: Mapping[str, str]) -> Envelope | None:
    if not isinstance(record, dict):
        return None
    if kind not in KINDS:
        kind = kind_of(record) or ""
    return Envelope(kind=kind, record=record, attributes=dict(attributes))


# -- .docx ------------------------------------------------------------------------------------


def docx_record_part(
    record: Record | None, *, template_name: str = "", template_sha256: str = ""
) -> bytes:
    """The custom XML part carrying ``record`` (an empty ``ptk:record`` element without one)."""
    # Loaded here: xml.sax.saxutils brings urllib, http and email with it, which reading a
    # document (the other half of this module) never needs.
    from xml.sax.saxutils import escape, quoteattr

    if record is None:
        return f'{XML_DECLARATION}<ptk:record xmlns:ptk="{RECORD_NAMESPACE}"/>'.encode()
    return (
        f'{XML_DECLARATION}<ptk:record xmlns:ptk="{RECORD_NAMESPACE}" '
        f"kind={quoteattr(record.record_kind)} ptk-version={quoteattr(__version__)} "
        f"template={quoteattr(template_name)} template-sha256={quoteattr(template_sha256)}>"
        f"{escape(record.model_dump_json())}</ptk:record>"
    ).encode()


def _docx_parts(names: list[str]) -> list[str]:
    return [n for n in sorted(names) if n.startswith("customXml/item") and n.endswith(".xml")]


def _from_part(blob: bytes) -> Envelope | None:
    if RECORD_NAMESPACE.encode() not in blob:
        return None
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return None
    if root.tag != _RECORD_TAG or not (root.text or "").strip():
        return None
    try:
        record = json.loads(root.text)
    except (json.JSONDecodeError, RecursionError):  # nested too deeply to be a record
        return None
    attributes = {str(k): str(v) for k, v in root.attrib.items()}
    return _envelope(attributes.get("kind", ""), record, attributes)


def read_docx_envelope(package: DocxPackage) -> Envelope | None:
    """The record a checked .docx carries, or None."""
    for name in _docx_parts(list(package.names)):
        found = _from_part(package.read(name))
        if found is not None:
            return found
    return None


def docx_envelope(docx: bytes) -> Envelope | None:
    """The record carried by a .docx ptk has just made (its own bytes, so trusted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            for name in _docx_parts(archive.namelist()):
                found = _from_part(archive.read(name))
                if found is not None:
                    return found
    except zipfile.BadZipFile:
        pass
    return None


# -- PDF --------------------------------------------------------------------------------------


def attach_record(pdf: bytes, envelope: Envelope | None) -> bytes:
    """``pdf`` with the envelope's record attached and its attributes in the document info."""
    if envelope is None:
        return pdf
    # pypdf is heavy; ``import ptk_docs`` must not load it.
    from pypdf import PdfReader, PdfWriter

    attributes = {"kind": envelope["kind"], "ptk-version": __version__} | envelope["attributes"]
    info = {_PDF_INFO[k]: v for k, v in attributes.items() if k in _PDF_INFO}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(PDF_ATTACHMENT_NAME, json.dumps(envelope["record"]).encode("utf-8"))
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def check_pdf_envelope_size(reader: Any, name: str, limits: Limits) -> None:
    """Refuse a PDF whose attached record is larger than ``limits`` allow."""
    attachments = reader.attachments
    if not attachments or PDF_ATTACHMENT_NAME not in attachments:
        return
    for payload in attachments[PDF_ATTACHMENT_NAME]:
        if len(payload) > limits.max_embedded_record_bytes:
            raise LimitExceededError(
                f"{name} carries a {PDF_ATTACHMENT_NAME} of {megabytes(len(payload))}, more than "
                f"the {megabytes(limits.max_embedded_record_bytes)} allowed "
                "(limit max_embedded_record_bytes)"
            )


def read_pdf_envelope(reader: Any) -> Envelope | None:
    """The record a PDF opened with pypdf carries, or None (also for a broken name tree)."""
    try:
        attachments = reader.attachments
        payloads = attachments.get(PDF_ATTACHMENT_NAME) if attachments else None
        info = reader.metadata or {}
    except Exception:  # a broken name tree or info dictionary: read the text instead
        return None
    if not payloads:
        return None
    try:
        data = json.loads(payloads[0])
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    attributes = {k: str(info[key]) for k, key in _PDF_INFO.items() if key in info}
    if isinstance(data, dict) and isinstance(data.get("record"), dict):  # an older ptk
        extra = {k: str(v) for k, v in data.items() if k != "record"}
        return _envelope(str(data.get("kind", "")), data["record"], extra | attributes)
    return _envelope(attributes.get("kind", ""), data, attributes)
