"""A .docx opened for reading only: checked by the guard, its parts parsed once as plain XML.

The reader needs a handful of parts (the body, styles, numbering, comments, headers and footers,
the custom XML that carries ptk's record). python-docx would build an object for every element of
every part on top of the safety checks; plain lxml trees of the parts needed are several times
quicker to walk. The guard inflates and checks every part once; an XML part is parsed (without a
DTD, entities or the network) and checked as a tree the first time the reader asks for it, and
never when nobody does (Word's stylesWithEffects.xml, the theme, web settings).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ptk_docs._errors import DocumentError
from ptk_docs._io.guard import (
    check_package,
    deadline,
    library_errors,
    part_tree,
    read_bounded_file,
    report_noticed,
)
from ptk_docs._io.limits import DEFAULT_LIMITS, Limits

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class DocxPackage:
    """The parts of a Word package, by name, and the main document's relationships.

    The package is checked by :mod:`ptk_docs.safety` exactly as :func:`~ptk_docs.safety.open_docx`
    checks it (size, parts, streamed expansion, no DTD or entities, nesting, macros, a Word main
    part), so a hostile file is refused with the same error; only python-docx is left out.
    """

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        #: What the checks noticed and recovered from, for the parser's warnings.
        self.warnings: list[str] = []
        noticed: list[str] = []
        with deadline(limits.max_seconds, path.name):
            data = read_bounded_file(path, limits)
            checked = check_package(data, path.name, "docx", limits, noticed, lazy=True)
        report_noticed(noticed, self.warnings)
        self._checked = checked
        self.zip = checked.zip
        #: The XML parts the checks inflated (part name -> bytes), each parsed and checked the
        #: first time :meth:`xml` is asked for it and shared from then on.
        self.blobs: dict[str, bytes] = checked.blobs
        self.names = set(self.zip.namelist())
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
        tree = part_tree(self._checked, name, self.path.name, self.limits)
        if tree is not None:
            return tree
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


# -- public openers ---------------------------------------------------------------------------


def open_docx(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, *, warnings: list[str] | None = None
) -> Any:
    """A python-docx ``Document`` for ``path``, checked first; or ``DocumentError``.

    Refused: a file that is not a zip package, a truncated or damaged one, one beyond the
    limits (size, parts, expansion, nesting, paragraph length), one with a DTD or entities in
    any XML part, invalid UTF-8, macros, and one with no ``word/document.xml``.
    """
    import docx

    path = Path(path)
    noticed: list[str] = []
    with deadline(limits.max_seconds, path.name):
        data = read_bounded_file(path, limits)
        check_package(data, path.name, "docx", limits, noticed)
        with library_errors(path.name, "a Word document", noticed):
            document = docx.Document(io.BytesIO(data))
    report_noticed(noticed, warnings)
    return document


def open_docx_zip(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, *, warnings: list[str] | None = None
) -> zipfile.ZipFile:
    """The .docx at ``path`` as a ``zipfile.ZipFile`` over its checked bytes, for a reader that
    reads the parts itself instead of through python-docx.

    Every check of :func:`open_docx` is made (sizes measured by inflating, no DTD in any XML
    part, nesting, macros, a main document part); only python-docx is skipped. The archive is
    in memory: reading a part from it cannot meet anything the checks did not see.
    """
    path = Path(path)
    noticed: list[str] = []
    with deadline(limits.max_seconds, path.name):
        data = read_bounded_file(path, limits)
        package = check_package(data, path.name, "docx", limits, noticed)
    report_noticed(noticed, warnings)
    return package.zip
