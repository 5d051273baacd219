"""The text of a PDF as blocks: lines re-joined across wraps and pages, page furniture removed."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ._docx_blocks import _looks_like_heading, _number_depth
from .errors import DocumentError, LimitExceededError
from .extract import Block, BlockKind, ExtractedDocument
from .layout import PDF_ATTACHMENT_NAME
from .limits import Limits
from .safety import open_pdf

_BULLET = re.compile(r"^\s*(?:[\uf0a7\uf0b7\uf0d8\uf076•●▪■◦‣∙]\s*|[·\-–*o]\s+)")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)
_SENTENCE_END = (".", "?", "!", ":", ";")


def read_pdf(path: Path, limits: Limits) -> ExtractedDocument:
    reader = open_pdf(path, limits)
    started = time.monotonic()
    try:
        pages = reader.pages
        count = len(pages)
    except Exception as error:
        raise DocumentError(f"{path.name} is a corrupt PDF: {error}") from None
    if count > limits.max_pdf_pages:
        raise LimitExceededError(
            f"{path.name} has {count} pages, more than the {limits.max_pdf_pages} ptk reads"
        )
    result = ExtractedDocument(str(path), "pdf")
    result.embedded = _attachment(reader)
    texts: list[list[str]] = []
    for number in range(count):
        try:
            text = pages[number].extract_text() or ""
        except Exception as error:
            raise DocumentError(
                f"{path.name} is a corrupt PDF (page {number + 1}): {error}"
            ) from None
        texts.append([line.strip() for line in text.replace("\r", "\n").split("\n")])
        if time.monotonic() - started > limits.max_seconds:
            raise LimitExceededError(
                f"{path.name}: reading its text took longer than {limits.max_seconds:g} s"
            )
    if not any(line for page in texts for line in page) and result.embedded is None:
        raise DocumentError(
            f"{path.name} has no text layer (a scanned image?): ask for the Word document "
            "or a PDF saved from Word"
        )
    result.form_fields = _form_fields(reader)
    furniture = _furniture(texts)
    result.furniture = sorted(furniture)
    result.blocks = _join(texts, furniture)
    return result


def _attachment(reader: Any) -> dict[str, Any] | None:
    try:
        attachments = reader.attachments
        payloads = attachments.get(PDF_ATTACHMENT_NAME) if attachments else None
    except Exception:  # a broken name tree: read the text instead
        return None
    if not payloads:
        return None
    try:
        data = json.loads(payloads[0])
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    if "record" in data and isinstance(data["record"], dict):
        return {
            "kind": str(data.get("kind", "")),
            "record": data["record"],
            "attributes": {k: v for k, v in data.items() if k != "record"},
        }
    return {"kind": "", "record": data, "attributes": {}}


def _form_fields(reader: Any) -> dict[str, str]:
    try:
        fields = reader.get_form_text_fields() or {}
    except Exception:
        return {}
    return {str(k): str(v) for k, v in fields.items() if v not in (None, "")}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _furniture(pages: list[list[str]]) -> set[str]:
    """Line shapes repeated at the top or bottom of most pages (running headers, page numbers)."""
    if len(pages) < 2:
        return {
            _shape(line)
            for page in pages
            for line in (page[:1] + page[-1:])
            if _PAGE_NUMBER.match(line)
        }
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page if line]
        seen = {_shape(line) for line in lines[:3] + lines[-3:]}
        edges.update(seen)
    threshold = max(2, (len(pages) * 6 + 9) // 10)
    repeated = {shape for shape, n in edges.items() if n >= threshold}
    for page in pages:
        lines = [line for line in page if line]
        for line in lines[:1] + lines[-1:]:
            if _PAGE_NUMBER.match(line):
                repeated.add(_shape(line))
    return repeated


def _join(pages: list[list[str]], furniture: set[str]) -> list[Block]:
    lengths = sorted(len(line) for page in pages for line in page if line)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 80
    blocks: list[Block] = []
    current: list[str] = []
    current_kind: BlockKind = "paragraph"
    current_page = 1
    last_full = False

    def flush() -> None:
        nonlocal current
        if current:
            text = " ".join(current).strip()
            if text:
                blocks.append(Block(text, current_kind, 0, "", f"page {current_page}"))
        current = []

    for page_number, page in enumerate(pages, start=1):
        lines = [line for line in page if line]
        edge = set(range(min(3, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))
        for index, line in enumerate(lines):
            if index in edge and _shape(line) in furniture:
                continue
            line = " ".join(line.split())
            bullet = _BULLET.match(line)
            starts_new = not current or not last_full or bullet is not None
            if (
                bullet is None
                and current
                and last_full
                and line[:1].isupper()
                and current[-1].endswith(_SENTENCE_END)
            ):
                # A full line that ends a sentence, followed by a capital: usually a new paragraph
                # only when the next line is itself heading-shaped or a question.
                starts_new = _looks_like_heading(line, loose=False)
            if not starts_new:
                current.append(line)
                last_full = len(line) >= full * 0.8
                continue
            flush()
            current_page = page_number
            if bullet:
                current_kind = "list-item"
                current = [line[bullet.end() :]]
            elif _looks_like_heading(line, loose=False) and not line.endswith(("?", ":")):
                blocks.append(
                    Block(line, "heading", _number_depth(line), "", f"page {page_number}")
                )
                current = []
                last_full = False
                continue
            else:
                current_kind = "paragraph"
                current = [line]
            last_full = len(line) >= full * 0.8
    flush()
    # A first line shaped like a heading, not numbered, is the document's title.
    if blocks and blocks[0].kind == "heading" and _number_depth(blocks[0].text) == 1:
        first = blocks[0]
        if not first.text[:1].isdigit():
            blocks[0] = Block(first.text, "title", 0, "", first.location)
    return blocks
