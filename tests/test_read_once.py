"""One read per document: the checks' inflated parts are the reader's, a command reads a file
once, LibreOffice converts a folder in one run with ptk's own kept profile."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest

import ptk_docs
import ptk_docs._check.rules
import ptk_docs._read.extract
from ptk_docs._check.rules import check
from ptk_docs._errors import DocumentError
from ptk_docs._io.docx import DocxPackage
from ptk_docs._io.libreoffice import _kept_profile, convert_files
from ptk_docs._io.limits import DEFAULT_LIMITS
from ptk_docs._read.docx_blocks import _read
from ptk_docs._read.extract import extract, extract_many

AGREEMENT = Path(__file__).resolve().parents[1] / "examples" / "derby-2011" / "agreement.json"


def _own_words_agreement(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Town Centre Partnership Agreement", style="Title")
    document.add_heading("Purpose", level=1)
    document.add_paragraph("The partnership exists to keep the town centre busy and safe.")
    document.add_heading("Membership", level=1)
    document.add_paragraph("The Board has six members and a quorum is four.")
    document.save(str(path))
    return path


def it_parses_each_part_once_and_only_the_parts_it_reads(tmp_path: Path) -> None:
    # python-docx's own template, as Word's: stylesWithEffects, a theme, web settings, fonts.
    path = _own_words_agreement(tmp_path / "agreement.docx")
    package = DocxPackage(path, DEFAULT_LIMITS)
    try:
        parsed = package._checked.trees
        assert package.main not in parsed  # inflated and checked, not yet parsed
        body = package.xml(package.main)
        assert package.xml(package.main) is body  # parsed once, then shared
        _read(package, path)
        assert {"word/styles.xml", "word/numbering.xml", package.main} <= set(parsed)
        unread = {"word/stylesWithEffects.xml", "word/theme/theme1.xml", "word/webSettings.xml"}
        assert unread <= set(package.blobs)
        assert not unread & set(parsed)
    finally:
        package.close()


def it_refuses_a_damaged_part_when_the_reader_comes_to_it(tmp_path: Path) -> None:
    path = _own_words_agreement(tmp_path / "agreement.docx")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", b"<w:style>")
            target.writestr(info, data)
    with pytest.raises(DocumentError, match=r"word/styles\.xml is not well-formed XML"):
        extract(damaged)


def it_reads_a_document_once_to_check_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _own_words_agreement(tmp_path / "agreement.docx")
    reads: list[Path] = []

    def counting(source: Path, *args: object) -> object:
        reads.append(Path(source))
        return extract(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ptk_docs._check.rules, "extract", counting)
    report = check(path, kind="agreement")
    assert reads == [path]
    # The content assessment ran on that one reading: Membership is judged by its text.
    assert "Membership" not in {
        f.heading for f in report.findings if f.rule == "heading-not-addressed"
    }


def it_keeps_its_libreoffice_profile_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTK_CACHE_DIR", str(tmp_path / "cache"))
    kept = _kept_profile()
    assert kept is not None and kept.parent == tmp_path / "cache"
    assert kept.stat().st_mode & 0o777 == 0o700
    os.chmod(kept, 0o770)  # someone else could write to it: not used
    assert _kept_profile() is None
    os.chmod(kept, 0o700)
    os.chmod(tmp_path / "cache", 0o777)
    assert _kept_profile() is None
    monkeypatch.setenv("PTK_CACHE_DIR", "off")
    assert _kept_profile() is None


@pytest.mark.libreoffice
def it_converts_a_folder_of_old_word_files_in_one_libreoffice_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTK_CACHE_DIR", str(tmp_path / "cache"))
    made = ptk_docs.render(ptk_docs.load_record(AGREEMENT), tmp_path / "made" / "a.docx")
    other = _own_words_agreement(tmp_path / "made" / "b.docx")
    docs = convert_files([made, other], tmp_path / "returns", "doc:MS Word 97")
    runs: list[int] = []

    def counting(documents: list[Path], *args: object, **kwargs: object) -> list[Path]:
        runs.append(len(documents))
        return convert_files(documents, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ptk_docs._read.extract, "convert_files", counting)
    read = dict(extract_many([*docs, tmp_path / "returns" / "missing.doc"]))
    assert runs == [2]
    first = read[docs[0]]
    assert not isinstance(first, Exception) and first.source == str(docs[0])
    assert any("Community Safety" in b.text for b in first.blocks)
    assert isinstance(read[tmp_path / "returns" / "missing.doc"], ptk_docs.DocumentError)
