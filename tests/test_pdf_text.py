"""PDF text read by PDFium after pypdf's checks: form XObjects, and bombs where PDFium would
meet them (a form's content, an embedded font) refused before PDFium loads the page."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))

from make_corpus import FONT, MB, pdf, stream

from ptk_docs._errors import DocumentError, LimitExceededError
from ptk_docs._io.pdf import read_pdf_text
from ptk_docs._read.extract import extract


def _bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = b" " * MB
    return b"".join(compressor.compress(chunk) for _ in range(size // MB)) + compressor.flush()


def _page(resources: bytes, content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources " + resources + b" >>",
        stream(content),
    ]


def it_reads_text_drawn_inside_a_form_xobject_where_the_form_puts_it(tmp_path: Path) -> None:
    form = stream(
        b"BT /F1 12 Tf 0 0 Td (Exit Strategy) Tj ET",
        b"/Type /XObject /Subtype /Form /BBox [0 0 300 50] /Resources << /Font << /F1 6 0 R >> >> ",
    )
    objects = _page(
        b"<< /XObject << /Fm1 5 0 R >> /Font << /F1 6 0 R >> >>",
        b"BT /F1 12 Tf 72 760 Td (Partnership Agreement) Tj ET q 1 0 0 1 72 700 cm /Fm1 Do Q",
    )
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf([*objects, form, FONT]))
    (page,) = read_pdf_text(path).pages
    runs = {run.text: (round(run.x), round(run.y)) for run in page}
    assert runs == {"Partnership Agreement": (72, 760), "Exit Strategy": (72, 700)}
    assert [b.text for b in extract(path).blocks] == ["Partnership Agreement", "Exit Strategy"]


@pytest.mark.parametrize("where", ["form", "font"])
def it_refuses_a_decompression_bomb_pdfium_would_meet(tmp_path: Path, where: str) -> None:
    bomb = stream(_bomb(200 * MB), b"/Filter /FlateDecode ")
    if where == "form":
        bomb = bomb.replace(
            b"/Filter", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter", 1
        )
        objects = _page(b"<< /XObject << /Fm1 5 0 R >> >>", b"/Fm1 Do")
        objects += [bomb]
    else:
        font = (
            b"<< /Type /Font /Subtype /TrueType /BaseFont /Evil /FirstChar 32 /LastChar 32 "
            b"/Widths [500] /FontDescriptor 6 0 R >>"
        )
        descriptor = (
            b"<< /Type /FontDescriptor /FontName /Evil /Flags 32 /FontBBox [0 0 1000 1000] "
            b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
            b"/FontFile2 7 0 R >>"
        )
        objects = _page(b"<< /Font << /F1 5 0 R >> >>", b"BT /F1 12 Tf 72 720 Td (x) Tj ET")
        objects += [font, descriptor, bomb]
    path = tmp_path / f"{where}-bomb.pdf"
    path.write_bytes(pdf(objects))
    with pytest.raises(LimitExceededError) as caught:
        read_pdf_text(path)
    assert "max_pdf_stream_bytes" in str(caught.value) and path.name in str(caught.value)
    with pytest.raises(DocumentError):
        extract(path)
