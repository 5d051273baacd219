"""A .docx opened for reading only: the zip checked against the limits, parts parsed safely.

The reader needs a handful of parts (the body, styles, numbering, comments, headers and footers,
the custom XML that carries ptk's record). Opening the whole package with python-docx costs as
much again as reading them, so the reader opens the zip itself, with the same limits as
:mod:`ptk_docs.safety`: the file size, the number of parts, each part's size, the total
uncompressed size and the compression ratio are checked before anything is inflated, and XML is
parsed without resolving entities, without the network and without huge trees.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from .errors import DocumentError, LimitExceededError
from .limits import Limits

__all__ = ["DocxPackage"]

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)


class DocxPackage:
    """The parts of a Word package, by name, and the main document's relationships."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        name = path.name
        try:
            size = path.stat().st_size
        except OSError as error:
            raise DocumentError(f"{name}: cannot be opened ({error.strerror})") from None
        if size > limits.max_file_bytes:
            raise LimitExceededError(
                f"{name} is {size:,} bytes, more than the {limits.max_file_bytes:,} ptk reads"
            )
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise DocumentError(f"{name} is not a Word document (.docx)") from None
        infos = self.zip.infolist()
        if len(infos) > limits.max_parts:
            raise LimitExceededError(f"{name} has {len(infos)} parts, more than {limits.max_parts}")
        total = 0
        for info in infos:
            if info.file_size > limits.max_part_bytes:
                raise LimitExceededError(f"{name}: part {info.filename} is too large to read")
            if (
                info.compress_size
                and info.file_size / info.compress_size > (limits.max_compression_ratio)
                and info.file_size > 1_000_000
            ):
                raise LimitExceededError(
                    f"{name}: part {info.filename} expands too far (a zip bomb?)"
                )
            total += info.file_size
        if total > limits.max_total_uncompressed_bytes:
            raise LimitExceededError(f"{name} expands to {total:,} bytes, more than ptk reads")
        self.names = {info.filename for info in infos}
        self.main = self._main_part()
        self.rels = self._relationships(self.main)

    def close(self) -> None:
        self.zip.close()

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise DocumentError(f"{self.path.name}: part {name} cannot be read ({error})") from None
        except Exception as error:  # zlib errors on a damaged part
            raise DocumentError(f"{self.path.name}: part {name} is damaged ({error})") from None

    def xml(self, name: str) -> Any:
        """The root element of an XML part, or None when the part is absent."""
        if name not in self.names:
            return None
        try:
            return etree.fromstring(self.read(name), _PARSER)
        except etree.XMLSyntaxError as error:
            raise DocumentError(
                f"{self.path.name}: part {name} is not valid XML ({error})"
            ) from None

    def _main_part(self) -> str:
        root = self.xml("_rels/.rels")
        if root is not None:
            for rel in root.iter(_REL):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.names:
                        return str(target)
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise DocumentError(f"{self.path.name} is not a Word document (.docx): it has no body")

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type's last word, part name) for the internal relationships of ``part``."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        rels: dict[str, tuple[str, str]] = {}
        if root is None:
            return rels
        for rel in root.iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            rels[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
        return rels

    def related(self, kind: str) -> list[str]:
        """Names of the parts the main document relates to with this type ("styles", ...)."""
        return [name for t, name in self.rels.values() if t == kind]
