"""Make the hostile corpus: every kind of bad .docx, .pdf and .xlsx ptk must refuse cleanly.

Nothing here is an opaque blob: each file is built from a good document by a few lines that say
what is wrong with it. Run ``python tests/hostile/make_corpus.py DIR`` to write them all to DIR
(the tests build them in a temporary folder).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MACRO_DOCX_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_XLSX_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One corpus file and what ptk must do with it."""

    name: str
    filename: str
    #: Which opener reads it: "docx", "pdf", "xlsx" or "csv".
    kind: str
    #: The error class expected ("DocumentError", "LimitExceededError"), or "" if it must open.
    expect: str
    #: Words the one-line message must contain (case-insensitive).
    says: str
    build: Callable[[], bytes]

    @property
    def refused(self) -> bool:
        return bool(self.expect)


# -- building blocks ----------------------------------------------------------------------------


def good_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Partnership Agreement", level=1)
    document.add_paragraph("Community Safety Partnership: a plain, harmless document.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Lead officer"
    table.cell(0, 1).text = "A. Officer"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(
    base: bytes,
    *,
    replace: dict[str, bytes] | None = None,
    remove: set[str] = frozenset(),  # type: ignore[assignment]
    add: dict[str, bytes] | None = None,
) -> bytes:
    """``base`` with some parts replaced, removed or added."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in remove:
                continue
            data = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def word_document(body: str | bytes) -> bytes:
    body_bytes = body.encode() if isinstance(body, str) else body
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:document xmlns:w="'
        + W.encode()
        + b'"><w:body>'
        + body_bytes
        + b"</w:body></w:document>"
    )


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def with_content_type(base: bytes, part: str, content_type: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        types = source.read("[Content_Types].xml").decode()
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    if f'PartName="/{part}"' in types:
        start = types.index(f'<Override PartName="/{part}"')
        end = types.index("/>", start) + 2
        types = types[:start] + override + types[end:]
    else:
        types = types.replace("</Types>", override + "</Types>")
    return rezip(base, replace={"[Content_Types].xml": types.encode()})


def zip_with_big_part(base: bytes, part: str, size: int, byte: bytes = b"\0") -> bytes:
    """``base`` plus ``part``: ``size`` bytes of one repeated byte, written as a stream."""
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=size > 0xFFFF0000) as stream:
            chunk = byte * MB
            for _ in range(size // MB):
                stream.write(chunk)
    return out.getvalue()


def understate_size(data: bytes, part: str, declared: int) -> bytes:
    """Rewrite the zip headers so ``part`` claims to be ``declared`` bytes when inflated."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    struct.pack_into("<I", patched, info.header_offset + 22, declared)
    central = patched.find(b"PK\x01\x02" + b"\0" * 0, 0)
    while central >= 0:
        name_length = struct.unpack_from("<H", patched, central + 28)[0]
        name = bytes(patched[central + 46 : central + 46 + name_length]).decode()
        if name == part:
            struct.pack_into("<I", patched, central + 24, declared)
            break
        central = patched.find(b"PK\x01\x02", central + 46)
    return bytes(patched)


def corrupt_part(data: bytes, part: str) -> bytes:
    """Flip bytes in the middle of ``part``'s compressed data (its CRC no longer matches)."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", patched, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    for offset in range(start + info.compress_size // 3, start + info.compress_size // 3 + 8):
        patched[offset] ^= 0x5A
    return bytes(patched)


def many_parts(base: bytes, count: int) -> bytes:
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as target:
        for i in range(count):
            target.writestr(f"word/media/x{i}.txt", b"")
    return out.getvalue()


def letters(size: int) -> bytes:
    """``size`` bytes of random lower-case letters and spaces (does not compress away)."""
    table = bytes((b"abcdefghijklmnopqrstuvwxyz     ")[i % 31] for i in range(256))
    return os.urandom(size).translate(table)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def entity_document(doctype: str, text: str) -> bytes:
    return doctype.encode() + word_document(paragraph(text)).split(b"?>\n", 1)[1]


def record_json_bomb(size: int) -> bytes:
    """A ptk record whose JSON is ``size`` bytes of tiny objects: each costs ~200 bytes once
    loaded, so 10 MB of it would take 300 MB of memory."""
    digits = os.urandom(size).translate(bytes(48 + i % 10 for i in range(256)))
    items = b",".join(
        b'{"' + digits[i : i + 1] + b'":' + digits[i + 1 : i + 2] + b"}"
        for i in range(0, size // 4, 2)
    )
    return b'{"partnership_name":"x","junk":[' + items + b"]}"


def docx_with_embedded_record(record: bytes) -> bytes:
    """A Word document carrying ``record`` where ptk embeds its own: a custom XML part."""
    base = good_docx()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        rels = source.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/customXml" Target="../customXml/item9.xml"/></Relationships>',
    )
    part = (
        b'<?xml version="1.0" encoding="UTF-8"?><ptk:record xmlns:ptk="urn:ptk-docs:record:1" '
        b'kind="agreement">' + record + b"</ptk:record>"
    )
    return rezip(
        base,
        replace={"word/_rels/document.xml.rels": rels.encode()},
        add={"customXml/item9.xml": part},
    )


# -- PDF -----------------------------------------------------------------------------------------


def pdf(objects: list[bytes], *, trailer: bytes = b"", root: int = 1) -> bytes:
    """A PDF whose numbered objects are ``objects`` (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R ".encode()
        + trailer
        + f">>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    )
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (Partnership Agreement: Community Safety) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_pdf(pages: int = 1, *, count: int | None = None) -> bytes:
    """Pages all sharing one content stream and font (objects 3 and 4)."""
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages if count is None else count} >>".encode(),
        stream(PAGE_TEXT),
        FONT,
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    objects += [page] * pages
    return pdf(objects)


def image_only_pdf() -> bytes:
    """A 'scan': one page painting one grey image, no text operators at all."""
    pixels = bytes(range(0, 256, 4)) * 64  # 64 x 64 grey
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            stream(
                zlib.compress(pixels),
                b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode ",
            ),
        ]
    )


def looping_pdf(direct: bool) -> bytes:
    """A page tree that contains itself (directly, or through a second node)."""
    if direct:
        pages = b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"
        return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", pages])
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


def broken_xref_pdf() -> bytes:
    """Every xref offset wrong and startxref pointing past the end: nothing to recover from."""
    good = text_pdf()
    xref_at = good.index(b"xref\n")
    table = good[xref_at:]
    lines = table.split(b"\n")
    broken = [
        (b"9%09d 00000 n " % i) if line.endswith(b" n ") else line for i, line in enumerate(lines)
    ]
    body = good[:xref_at].replace(b" obj\n", b" obx\n")  # no object can be found by scanning
    return body + b"\n".join(broken).replace(b"startxref\n", b"startxref\n99999") + b"\n"


def recoverable_xref_pdf() -> bytes:
    """Xref offsets all shifted by a few bytes: pypdf finds the objects by scanning."""
    good = text_pdf()
    xref_at = good.index(b"xref\n")
    lines = good[xref_at:].split(b"\n")
    fixed = []
    for line in lines:
        if line.endswith(b" n "):
            offset = int(line[:10]) + 3
            line = b"%010d 00000 n " % offset
        fixed.append(line)
    return good[:xref_at] + b"\n".join(fixed)


def pdf_with_attachment(name: str, payload: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.add_attachment(name, payload)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt("secret-password", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def flate_bomb_pdf(size: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = b" " * MB
    content = b"".join(compressor.compress(chunk) for _ in range(size // MB)) + compressor.flush()
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(content, b"/Filter /FlateDecode "),
        ]
    )


def deeply_nested_pdf(depth: int) -> bytes:
    nested = b"[" * depth + b"]" * depth
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Nested 3 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            nested,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 6 0 R >> >> /Contents [5 0 R 3 0 R] >>",
            stream(PAGE_TEXT),
            FONT,
        ]
    )


# -- workbooks -----------------------------------------------------------------------------------


def workbook(rows: list[list[object]], *, merge: str | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Register"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REGISTER_ROWS: list[list[object]] = [
    ["Partnership", "Priority", "Lead officer", "Annual funding"],
    ["Community Safety Partnership", "High", "A. Officer", 12500],
    ["Derby Homes", "Medium", "B. Officer", 4000],
]


def formulas_workbook() -> bytes:
    """Two formulas: one with the value Excel saved, one never calculated (no value)."""
    rows = [*REGISTER_ROWS, ["Total", "", "", "=SUM(D2:D3)"], ["Twice", "", "", "=D4*2"]]
    data = workbook(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace("<f>SUM(D2:D3)</f><v></v>", "<f>SUM(D2:D3)</f><v>16500</v>")
    sheet = sheet.replace("<f>SUM(D2:D3)</f></c>", "<f>SUM(D2:D3)</f><v>16500</v></c>")
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def huge_sheet(rows: int, columns: int) -> bytes:
    cells = "".join(f'<c t="n"><v>{i}</v></c>' for i in range(columns))
    body = "".join(f'<row r="{r}">{cells}</row>' for r in range(1, rows + 1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1"/><sheetData>{body}</sheetData></worksheet>'
    )
    return rezip(workbook(REGISTER_ROWS), replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def xlsx_with_entities() -> bytes:
    data = workbook(REGISTER_ROWS)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        book = source.read("xl/workbook.xml").decode()
    if book.startswith("<?xml"):
        book = book.split("?>", 1)[1]
    book = BILLION_LAUGHS.replace("w:document", "workbook") + book.replace(
        "<sheets>", "<sheets><!-- &lol9; -->", 1
    )
    return rezip(data, replace={"xl/workbook.xml": book.encode()})


# -- the corpus ----------------------------------------------------------------------------------


# -- round two (issue 15) -----------------------------------------------------------------------


def with_compression(base: bytes, part: str, method: int, size: int = 0) -> bytes:
    """``base`` with ``part`` stored by zip ``method`` (12 bzip2, 14 LZMA); with ``size``, the
    part is that many zero bytes (a bomb inflated in one C call, if it were inflated)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info.filename))
                continue
            fresh = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
            fresh.compress_type = method
            if not size:
                target.writestr(fresh, source.read(part))
                continue
            with target.open(fresh, "w", force_zip64=size > 0xFFFF0000) as stream:
                chunk = b"\0" * MB
                for _ in range(size // MB):
                    stream.write(chunk)
    return out.getvalue()


def renamed_main_part(base: bytes, new_name: str, body: bytes) -> bytes:
    """The main document part moved to ``new_name`` (rels and content types updated), with
    ``body`` as its content: the trick that once skipped every XML check."""
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        rels = source.read("_rels/.rels").decode()
        types = source.read("[Content_Types].xml").decode()
        doc_rels = source.read("word/_rels/document.xml.rels")
    rels = rels.replace("word/document.xml", new_name)
    types = types.replace("/word/document.xml", "/" + new_name)
    folder, _, leaf = new_name.rpartition("/")
    return rezip(
        base,
        replace={"_rels/.rels": rels.encode(), "[Content_Types].xml": types.encode()},
        remove={"word/document.xml", "word/_rels/document.xml.rels"},
        add={new_name: body, f"{folder}/_rels/{leaf}.rels": doc_rels},
    )


def many_paragraphs(count: int) -> bytes:
    body = "".join(paragraph(f"Paragraph {n} of a long agreement.") for n in range(count))
    return rezip(good_docx(), replace={"word/document.xml": word_document(body)})


def workbook_with_huge_shared_string(size: int, cells: int) -> bytes:
    """One shared string of ``size`` characters, referenced by ``cells`` cells of the first
    rows: each cell is a candidate column heading to the register reader."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in range(1, cells // 40 + 1):
        for column in range(1, 41):
            sheet.cell(row=row, column=column, value="BIGSTRING")
    buffer = io.BytesIO()
    book.save(buffer)
    base = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        sheet_xml = source.read("xl/worksheets/sheet1.xml")
        rels = source.read("xl/_rels/workbook.xml.rels")
        types = source.read("[Content_Types].xml")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = (
        (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{cells}" '
            'uniqueCount="1"><si><t>'
        ).encode()
        + letters(size)
        + b"</t></si></sst>"
    )
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    string_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    return rezip(
        base,
        replace={
            "xl/worksheets/sheet1.xml": sheet_xml.replace(
                b'"inlineStr"><is><t>BIGSTRING</t></is>', b'"s"><v>0</v>'
            ),
            "xl/_rels/workbook.xml.rels": rels.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdBig" Type="{rel_type}" '
                'Target="sharedStrings.xml"/></Relationships>'.encode(),
            ),
            "[Content_Types].xml": types.replace(
                b"</Types>",
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{string_type}"/>'
                "</Types>".encode(),
            ),
        },
        add={"xl/sharedStrings.xml": strings},
    )


def _docx_cases() -> list[Case]:
    good = good_docx
    macro_docx = lambda: with_content_type(  # noqa: E731
        rezip(good(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project"}),
        "word/document.xml",
        MACRO_DOCX_TYPE,
    )
    return [
        Case("docx-control", "control.docx", "docx", "", "", good),
        Case("docx-empty", "empty.docx", "docx", "DocumentError", "empty", lambda: b""),
        Case(
            "docx-not-a-zip",
            "not-a-zip.docx",
            "docx",
            "DocumentError",
            "not a Word document",
            lambda: b"This is a plain text file with a .docx name.\n" * 20,
        ),
        Case(
            "docx-old-word-97",
            "word-97.docx",
            "docx",
            "DocumentError",
            "97-2003",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096,
        ),
        Case(
            "docx-is-a-pdf",
            "really-a-pdf.docx",
            "docx",
            "DocumentError",
            "it is a PDF",
            text_pdf,
        ),
        Case(
            "docx-is-a-workbook",
            "really-a-workbook.docx",
            "docx",
            "DocumentError",
            "it is an Excel workbook",
            lambda: workbook(REGISTER_ROWS),
        ),
        Case(
            "docx-truncated",
            "truncated.docx",
            "docx",
            "DocumentError",
            "truncated",
            lambda: good()[: len(good()) * 2 // 3],
        ),
        Case(
            "docx-corrupt-part",
            "corrupt-part.docx",
            "docx",
            "DocumentError",
            "damaged",
            lambda: corrupt_part(good(), "word/document.xml"),
        ),
        Case(
            "docx-billion-laughs",
            "billion-laughs.docx",
            "docx",
            "DocumentError",
            "DTD",
            lambda: rezip(
                good(),
                replace={"word/document.xml": entity_document(BILLION_LAUGHS, "&lol9;")},
            ),
        ),
        Case(
            "docx-external-entity",
            "external-entity.docx",
            "docx",
            "DocumentError",
            "DTD",
            lambda: rezip(
                good(),
                replace={
                    "word/document.xml": entity_document(
                        '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY secret SYSTEM '
                        '"file:///etc/passwd">]>\n',
                        "&secret;",
                    )
                },
            ),
        ),
        Case(
            "docx-external-dtd-in-styles",
            "external-dtd-styles.docx",
            "docx",
            "DocumentError",
            "word/styles.xml",
            lambda: rezip(
                good(),
                replace={
                    "word/styles.xml": b'<?xml version="1.0"?>\n<!DOCTYPE w:styles SYSTEM '
                    b'"http://127.0.0.1:9/evil.dtd">\n<w:styles xmlns:w="' + W.encode() + b'"/>'
                },
            ),
        ),
        Case(
            "docx-undeclared-entity",
            "undeclared-entity.docx",
            "docx",
            "DocumentError",
            "entit",
            lambda: rezip(
                good(), replace={"word/document.xml": word_document(paragraph("&nbsp;"))}
            ),
        ),
        Case(
            "docx-zip-bomb-400mb",
            "zip-bomb.docx",
            "docx",
            "LimitExceededError",
            "word/media/image1.png",
            lambda: zip_with_big_part(good(), "word/media/image1.png", 400 * MB),
        ),
        Case(
            "docx-zip-bomb-lying-header",
            "zip-bomb-lying.docx",
            "docx",
            "DocumentError",
            "damaged",
            lambda: understate_size(
                zip_with_big_part(good(), "word/media/image1.png", 100 * MB),
                "word/media/image1.png",
                1000,
            ),
        ),
        Case(
            "docx-xml-bomb",
            "xml-bomb.docx",
            "docx",
            "LimitExceededError",
            "word/document.xml",
            lambda: rezip(
                good(),
                replace={
                    "word/document.xml": word_document(
                        b"<w:p><w:r><w:t>" + b" " * (60 * MB) + b"</w:t></w:r></w:p>"
                    )
                },
            ),
        ),
        Case(
            "docx-20000-parts",
            "many-parts.docx",
            "docx",
            "LimitExceededError",
            "parts",
            lambda: many_parts(good(), 20_000),
        ),
        Case(
            "docx-duplicate-parts",
            "duplicate-parts.docx",
            "docx",
            "DocumentError",
            "two parts named",
            lambda: _duplicate_part(good()),
        ),
        Case("docm-macros", "macros.docm", "docx", "DocumentError", "macro", macro_docx),
        Case(
            "docx-macros-renamed",
            "macros-renamed.docx",
            "docx",
            "DocumentError",
            "macro",
            macro_docx,
        ),
        Case(
            "docx-macro-content-type-only",
            "macro-enabled.docx",
            "docx",
            "DocumentError",
            "macro",
            lambda: with_content_type(good(), "word/document.xml", MACRO_DOCX_TYPE),
        ),
        Case(
            "docx-no-document-xml",
            "no-document.docx",
            "docx",
            "DocumentError",
            "word/document.xml",
            lambda: rezip(good(), remove={"word/document.xml"}),
        ),
        Case(
            "docx-invalid-utf8",
            "invalid-utf8.docx",
            "docx",
            "DocumentError",
            "UTF-8",
            lambda: rezip(
                good(),
                replace={
                    "word/document.xml": word_document(
                        b"<w:p><w:r><w:t>caf\xe9 \xff\xfe \xc3\x28</w:t></w:r></w:p>"
                    )
                },
            ),
        ),
        Case(
            "docx-50mb-paragraph",
            "huge-paragraph.docx",
            "docx",
            "LimitExceededError",
            "limit",
            lambda: rezip(
                good(),
                replace={
                    "word/document.xml": word_document(
                        b"<w:p><w:r><w:t>" + letters(50 * MB) + b"</w:t></w:r></w:p>"
                    )
                },
            ),
        ),
        Case(
            "docx-2mb-paragraph",
            "long-paragraph.docx",
            "docx",
            "LimitExceededError",
            "max_paragraph_chars",
            lambda: rezip(
                good(),
                replace={"word/document.xml": word_document(paragraph(letters(2 * MB).decode()))},
            ),
        ),
        Case(
            "docx-nested-tables",
            "nested-tables.docx",
            "docx",
            "LimitExceededError",
            "tables nested",
            lambda: rezip(
                good(),
                replace={
                    "word/document.xml": word_document(
                        "<w:tbl><w:tr><w:tc>" * 40
                        + paragraph("deep")
                        + "</w:tc></w:tr></w:tbl>" * 40
                    )
                },
            ),
        ),
        Case(
            "docx-deep-xml",
            "deep-xml.docx",
            "docx",
            "LimitExceededError",
            "deep",
            lambda: rezip(
                good(),
                replace={
                    "word/document.xml": word_document(
                        "<w:sdt><w:sdtContent>" * 5000 + "</w:sdtContent></w:sdt>" * 5000
                    )
                },
            ),
        ),
        Case(
            "docx-embedded-record-bomb",
            "record-bomb.docx",
            "docx",
            "LimitExceededError",
            "max_embedded_record_bytes",
            lambda: docx_with_embedded_record(record_json_bomb(9_800_000)),
        ),
    ]


def _duplicate_part(base: bytes) -> bytes:
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a") as target:
        # zipfile warns about the duplicate; that is the point of this file.
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            target.writestr("word/document.xml", word_document(paragraph("second body")))
    return out.getvalue()


def _pdf_cases() -> list[Case]:
    return [
        Case("pdf-control", "control.pdf", "pdf", "", "", text_pdf),
        Case(
            "pdf-recoverable-xref",
            "recoverable-xref.pdf",
            "pdf",
            "",
            "",
            recoverable_xref_pdf,
        ),
        Case("pdf-empty", "empty.pdf", "pdf", "DocumentError", "empty", lambda: b""),
        Case(
            "pdf-not-a-pdf",
            "not-a-pdf.pdf",
            "pdf",
            "DocumentError",
            "not a PDF",
            lambda: b"Dear officer, this is not a PDF.\n" * 30,
        ),
        Case(
            "pdf-is-a-docx",
            "really-a-docx.pdf",
            "pdf",
            "DocumentError",
            "not a PDF",
            good_docx,
        ),
        Case("pdf-encrypted", "encrypted.pdf", "pdf", "DocumentError", "encrypted", encrypted_pdf),
        Case(
            "pdf-truncated",
            "truncated.pdf",
            "pdf",
            "DocumentError",
            "truncated",
            lambda: text_pdf()[: len(text_pdf()) // 2],
        ),
        Case(
            "pdf-broken-xref",
            "broken-xref.pdf",
            "pdf",
            "DocumentError",
            "cross-reference",
            broken_xref_pdf,
        ),
        Case(
            "pdf-no-text-layer",
            "scanned.pdf",
            "pdf",
            "DocumentError",
            "no text layer",
            image_only_pdf,
        ),
        Case(
            "pdf-page-tree-loop",
            "page-tree-loop.pdf",
            "pdf",
            "DocumentError",
            "page tree loops",
            lambda: looping_pdf(direct=True),
        ),
        Case(
            "pdf-page-tree-cycle",
            "page-tree-cycle.pdf",
            "pdf",
            "DocumentError",
            "page tree loops",
            lambda: looping_pdf(direct=False),
        ),
        Case(
            "pdf-10000-pages",
            "10000-pages.pdf",
            "pdf",
            "LimitExceededError",
            "10,000 pages",
            lambda: text_pdf(10_000),
        ),
        Case(
            "pdf-10000-pages-count-lies",
            "10000-pages-count-1.pdf",
            "pdf",
            "LimitExceededError",
            "pages",
            lambda: text_pdf(10_000, count=1),
        ),
        Case(
            "pdf-flate-bomb",
            "flate-bomb.pdf",
            "pdf",
            "LimitExceededError",
            "max_pdf_stream_bytes",
            lambda: flate_bomb_pdf(200 * MB),
        ),
        Case(
            "pdf-deep-nesting",
            "deep-nesting.pdf",
            "pdf",
            "LimitExceededError",
            "nested too deeply",
            lambda: deeply_nested_pdf(100_000),
        ),
        Case(
            "pdf-embedded-record-bomb",
            "record-bomb.pdf",
            "pdf",
            "LimitExceededError",
            "max_embedded_record_bytes",
            lambda: pdf_with_attachment("ptk-record.json", record_json_bomb(9_800_000)),
        ),
    ]


def _xlsx_cases() -> list[Case]:
    macro_book = lambda: with_content_type(  # noqa: E731
        rezip(workbook(REGISTER_ROWS), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}),
        "xl/workbook.xml",
        MACRO_XLSX_TYPE,
    )
    return [
        Case("xlsx-control", "control.xlsx", "xlsx", "", "", lambda: workbook(REGISTER_ROWS)),
        Case(
            "xlsx-formulas",
            "formulas.xlsx",
            "xlsx",
            "",
            "formulas with no saved value",
            formulas_workbook,
        ),
        Case(
            "xlsx-merged-cells",
            "merged.xlsx",
            "xlsx",
            "",
            "merged cells",
            lambda: workbook([["Partnership Register", "", ""], *REGISTER_ROWS], merge="A1:C1"),
        ),
        Case(
            "xlsx-wrong-types",
            "wrong-types.xlsx",
            "xlsx",
            "",
            "",
            lambda: workbook(
                [
                    REGISTER_ROWS[0],
                    [12345, "Very high", None, "twelve thousand"],
                    ["=cmd|' /C calc'!A0", True, 3.5, "2026-13-45"],
                ]
            ),
        ),
        Case(
            "xlsx-not-a-zip",
            "not-a-zip.xlsx",
            "xlsx",
            "DocumentError",
            "not an Excel workbook",
            lambda: b"Partnership,Priority\nA,High\n",
        ),
        Case(
            "xlsx-is-a-docx",
            "really-a-docx.xlsx",
            "xlsx",
            "DocumentError",
            "it is a Word document",
            good_docx,
        ),
        Case("xlsm-macros", "macros.xlsm", "xlsx", "DocumentError", "macro", macro_book),
        Case(
            "xlsx-billion-laughs",
            "billion-laughs.xlsx",
            "xlsx",
            "DocumentError",
            "DTD",
            xlsx_with_entities,
        ),
        Case(
            "xlsx-zip-bomb",
            "zip-bomb.xlsx",
            "xlsx",
            "LimitExceededError",
            "xl/sharedStrings.xml",
            lambda: zip_with_big_part(
                rezip(workbook(REGISTER_ROWS), remove={"xl/sharedStrings.xml"}),
                "xl/sharedStrings.xml",
                300 * MB,
                b" ",
            ),
        ),
        Case(
            "xlsx-150000-rows",
            "huge-sheet.xlsx",
            "xlsx",
            "LimitExceededError",
            "rows",
            lambda: huge_sheet(150_000, 1),
        ),
        Case(
            "xlsx-5000-columns",
            "wide-sheet.xlsx",
            "xlsx",
            "LimitExceededError",
            "cells",
            lambda: huge_sheet(2, 5000),
        ),
    ]


def _round_two_cases() -> list[Case]:
    good = good_docx
    return [
        Case(
            "docx-bzip2-bomb",
            "bzip2-bomb.docx",
            "docx",
            "DocumentError",
            "compression method 12",
            lambda: with_compression(
                rezip(good(), add={"word/media/fill.bin": b""}),
                "word/media/fill.bin",
                zipfile.ZIP_BZIP2,
                256 * MB,
            ),
        ),
        Case(
            "docx-lzma-part",
            "lzma-part.docx",
            "docx",
            "DocumentError",
            "compression method 14",
            lambda: with_compression(good(), "word/document.xml", zipfile.ZIP_LZMA),
        ),
        Case(
            "docx-renamed-main-part",
            "renamed-main.docx",
            "docx",
            "LimitExceededError",
            "max_paragraph_chars",
            lambda: renamed_main_part(
                good(),
                "word/document.dat",
                word_document(b"<w:p><w:r><w:t>" + letters(1_200_000) + b"</w:t></w:r></w:p>"),
            ),
        ),
        Case(
            "docx-100000-paragraphs",
            "100000-paragraphs.docx",
            "docx",
            "LimitExceededError",
            "max_paragraphs",
            lambda: many_paragraphs(100_000),
        ),
        Case(
            "xlsx-bzip2-part",
            "bzip2-part.xlsx",
            "xlsx",
            "DocumentError",
            "compression method 12",
            lambda: with_compression(workbook(REGISTER_ROWS), "xl/workbook.xml", zipfile.ZIP_BZIP2),
        ),
        Case(
            "csv-16-million-columns",
            "wide-line.csv",
            "csv",
            "LimitExceededError",
            "max_sheet_columns",
            lambda: b"Partnership,Priority\r\n" + b"," * (16 * MB) + b"\r\n",
        ),
        Case(
            "csv-quoted-commas-then-wide",
            "quoted-then-wide.csv",
            "csv",
            "LimitExceededError",
            "max_sheet_columns",
            lambda: b'Partnership,Priority\r\nx"' + b"," * (8 * MB) + b"\r\n",
        ),
    ]


def _csv_cases() -> list[Case]:
    return [
        Case(
            "csv-control",
            "control.csv",
            "csv",
            "",
            "",
            lambda: b"Partnership,Priority\r\nCommunity Safety Partnership,High\r\n",
        ),
        Case(
            "csv-cell-bomb",
            "cell-bomb.csv",
            "csv",
            "LimitExceededError",
            "max_sheet_cells",
            # 12 MB of two-letter cells: 4 million of them, ~60 bytes each once split.
            lambda: ("ab," * 999 + "ab\n").encode() * 4000,
        ),
        Case(
            "csv-is-a-workbook",
            "really-a-workbook.csv",
            "csv",
            "DocumentError",
            "not a text CSV file",
            lambda: workbook(REGISTER_ROWS),
        ),
    ]


CASES: list[Case] = [
    *_docx_cases(),
    *_pdf_cases(),
    *_xlsx_cases(),
    *_csv_cases(),
    *_round_two_cases(),
]


def make_corpus(folder: Path, names: set[str] | None = None) -> dict[str, Path]:
    """Write every case (or those named) into ``folder``; return case name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for case in CASES:
        if names is not None and case.name not in names:
            continue
        path = folder / case.filename
        path.write_bytes(case.build())
        paths[case.name] = path
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case_name, case_path in make_corpus(target).items():
        print(f"{case_name:32} {case_path} ({case_path.stat().st_size:,} bytes)")


# -- whole commands: templates, records, writes, LibreOffice, long documents ---------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "derby-2011"


@dataclass(frozen=True)
class CommandCase:
    """One ``ptk`` command on hostile input, and the exit code and words it must give."""

    name: str
    #: 0, 1 or 2.
    exit: int
    #: Words the one line on stderr must contain (case-insensitive); empty when it succeeds.
    says: str
    #: Makes the case's files in a folder; returns the arguments for ``ptk``.
    setup: Callable[[Path], list[str]]
    #: "libreoffice" when the case needs LibreOffice, "mount" when it mounts a small tmpfs.
    needs: str = ""


def template_docx(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Partnership Agreement", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _render_with(template: Callable[[], bytes]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / "template.docx").write_bytes(template())
        (folder / "agreement.json").write_bytes((EXAMPLES / "agreement.json").read_bytes())
        return [
            "render",
            "agreement",
            str(folder / "agreement.json"),
            "-o",
            str(folder / "out.docx"),
            "--template",
            str(folder / "template.docx"),
        ]

    return setup


def _render_tag(tag: str) -> Callable[[Path], list[str]]:
    return _render_with(lambda: template_docx(f"Name: {tag}"))


def _load_record(name: str, data: Callable[[], bytes]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / name).write_bytes(data())
        return ["render", "agreement", str(folder / name), "-o", str(folder / "out.docx")]

    return setup


def _in_the_way(kind: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / "agreement.json").write_bytes((EXAMPLES / "agreement.json").read_bytes())
        dest = folder / "out.docx"
        if kind == "folder":
            dest.mkdir()
            return [
                "render",
                "agreement",
                str(folder / "agreement.json"),
                "-o",
                str(dest),
                "--force",
            ]
        dest.symlink_to(folder / "missing.docx")
        if kind == "symlink-parse":
            (folder / "in.docx").write_bytes(good_docx())
            return ["parse", str(folder / "in.docx"), "--kind", "agreement", "-o", str(dest)]
        return ["render", "agreement", str(folder / "agreement.json"), "-o", str(dest)]

    return setup


def _disk_full(folder: Path) -> list[str]:
    (folder / "agreement.json").write_bytes((EXAMPLES / "agreement.json").read_bytes())
    full = folder / "full"
    full.mkdir()
    # The caller mounts a 16 KB tmpfs here (needs="mount").
    return ["render", "agreement", str(folder / "agreement.json"), "-o", str(full / "out.docx")]


def _read_file(command: str, name: str, data: Callable[[], bytes]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / name).write_bytes(data())
        extra = ["--kind", "agreement"] if command == "check" else []
        return [command, str(folder / name), *extra]

    return setup


def nested_json(depth: int) -> bytes:
    return b'{"kind": "agreement", "x": ' + b"[" * depth + b"]" * depth + b"}"


def nested_yaml(depth: int) -> bytes:
    return b"x: " + b"[" * depth + b"]" * depth + b"\n"


def yaml_alias_bomb(levels: int = 12) -> bytes:
    lines = ['a0: ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    lines[0] = lines[0].replace("a0: [", "a0: &a0 [")
    return ("\n".join(lines) + "\n").encode()


def html_saved_as_doc() -> bytes:
    url = os.environ.get("PTK_PROBE_URL", "http://127.0.0.1:9")
    return (
        f'<html><head><link rel=stylesheet href="{url}/x.css"></head>'
        f'<body><img src="{url}/y.png"><p>Partnership Agreement</p></body></html>'
    ).encode()


def rtf_with_remote_picture() -> bytes:
    url = os.environ.get("PTK_PROBE_URL", "http://127.0.0.1:9")
    return (
        r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Partnership Agreement\par "
        r'{\field{\*\fldinst {INCLUDEPICTURE "' + url + r'/p.png" \\d}}{\fldrslt }}\par }'
    ).encode()


def template_with_part(part: str, data: bytes) -> bytes:
    return rezip(template_docx("Name: {{ partnership_name }}"), add={part: data})


def template_with_entity() -> bytes:
    doctype = '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    body = word_document(paragraph("&e; {{ partnership_name }}"))
    return rezip(
        template_docx("x"),
        replace={"word/document.xml": body.replace(b"?>\n", b"?>\n" + doctype.encode(), 1)},
    )


NAMESPACE_DOUBLING = (
    "{% set ns = namespace(s='xx') %}{% for i in range(31) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}"
)

COMMAND_CASES: list[CommandCase] = [
    CommandCase(
        "template-center-1e9",
        2,
        "cannot be filled in",
        _render_tag("{{ partnership_name|center(1000000000) }}"),
    ),
    CommandCase(
        "template-format-1e9", 2, "template", _render_tag("{{ '%01000000000d'|format(1) }}")
    ),
    CommandCase(
        "template-namespace-doubling", 2, "cannot be filled in", _render_tag(NAMESPACE_DOUBLING)
    ),
    CommandCase("template-power-tower", 2, "too large", _render_tag("{{ ((9**999)**999)**999 }}")),
    CommandCase(
        "template-120mb-media",
        2,
        "word/media/big.png",
        _render_with(
            lambda: zip_with_big_part(
                template_docx("{{ partnership_name }}"), "word/media/big.png", 120 * MB
            )
        ),
    ),
    CommandCase(
        "template-understated-size",
        2,
        "template",
        _render_with(
            lambda: understate_size(
                template_docx("{{ partnership_name }}"), "word/document.xml", 10
            )
        ),
    ),
    CommandCase(
        "template-malformed-rels",
        2,
        "_rels/.rels",
        _render_with(
            lambda: rezip(
                template_docx("{{ partnership_name }}"),
                replace={"_rels/.rels": b"<Relationships><Relationship"},
            )
        ),
    ),
    CommandCase("template-external-entity", 2, "DTD", _render_with(template_with_entity)),
    CommandCase(
        "template-bzip2-part",
        2,
        "compression method 12",
        _render_with(
            lambda: with_compression(
                template_docx("{{ partnership_name }}"), "word/document.xml", zipfile.ZIP_BZIP2
            )
        ),
    ),
    CommandCase(
        "template-25-nested-for",
        2,
        "nested too deeply",
        _render_tag("{% for i in [1] %}" * 25 + "x" + "{% endfor %}" * 25),
    ),
    CommandCase(
        "template-3000-nested-if",
        2,
        "template",
        _render_tag("{% if true %}" * 3000 + "x" + "{% endif %}" * 3000),
    ),
    CommandCase("template-1mb-of-braces", 2, "not closed", _render_tag("{{" * 490_000)),
    CommandCase(
        "record-json-1000-deep", 2, "nested", _load_record("deep.json", lambda: nested_json(1000))
    ),
    CommandCase(
        "record-json-100-deep",
        2,
        "nests values",
        _load_record("deep100.json", lambda: nested_json(100)),
    ),
    CommandCase(
        "record-yaml-20000-deep",
        2,
        "nested",
        _load_record("deep.yaml", lambda: nested_yaml(20_000)),
    ),
    CommandCase("record-yaml-alias-bomb", 2, "aliases", _load_record("bomb.yaml", yaml_alias_bomb)),
    CommandCase("write-folder-in-the-way", 2, "is a folder", _in_the_way("folder")),
    CommandCase("write-dangling-symlink-render", 2, "already exists", _in_the_way("symlink")),
    CommandCase("write-dangling-symlink-parse", 2, "already exists", _in_the_way("symlink-parse")),
    CommandCase("write-disk-full", 2, "disk is full", _disk_full, needs="mount"),
    CommandCase(
        "doc-html-with-remote-links",
        2,
        "web page",
        _read_file("parse", "web.doc", html_saved_as_doc),
        needs="libreoffice",
    ),
    CommandCase(
        "doc-rtf-with-includepicture",
        2,
        "INCLUDEPICTURE",
        _read_file("parse", "remote.rtf", rtf_with_remote_picture),
        needs="libreoffice",
    ),
    CommandCase(
        "doc-60mb",
        2,
        "limit max",
        _read_file(
            "parse", "huge.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * (60 * MB)
        ),
        needs="libreoffice",
    ),
    CommandCase(
        "check-100000-paragraphs",
        2,
        "max_paragraphs",
        _read_file("check", "long.docx", lambda: many_paragraphs(100_000)),
    ),
    CommandCase(
        "assess-100000-paragraphs",
        2,
        "max_paragraphs",
        _read_file("assess", "long.docx", lambda: many_paragraphs(100_000)),
    ),
]
