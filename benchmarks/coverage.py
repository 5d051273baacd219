"""How often `ptk assess` agrees with a careful human reader on real partnership documents.

Reads ``../shared/corpus/real-agreements/`` (texts of real documents, each with the headings a
person judged it to address; see that folder's README), builds Word and PDF versions of each at
run time in a temporary folder, runs :func:`ptk_docs.assess` on every one and compares its
verdicts with the human judgement, heading by heading.

Formats built from each text:

- ``docx-styles``: headings in Word's heading styles;
- ``docx-listpara``: headings as bold "List Paragraph" text numbered by Word ("1.0 Purpose"), the
  way many council documents are written;
- ``pdf-styles`` and ``pdf-listpara``: the same two exported to PDF by LibreOffice (skipped
  when it is not installed).

Every document carries a header repeated on every page ("[IL0: UNCLASSIFIED]").

Agreement counts "partly" as addressed (the alternative, "partly" as not addressed, is printed
too), and the baseline is "a heading is addressed when its first word appears anywhere". No
heading may be called addressed without evidence (a quote and where it is).

Run from the repository root::

    .venv/bin/python benchmarks/coverage.py [--corpus DIR] [--keep DIR] [--no-pdf] [-v]

The corpus is never copied into the repository: it is read where it is, and the built documents
live in a temporary folder unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER_TEXT = "[IL0: UNCLASSIFIED]"
SUBPATH = Path("shared", "corpus", "real-agreements")


def corpus_candidates() -> list[Path]:
    """``../shared/...`` beside the repository, and beside its main checkout for a worktree."""
    candidates = [ROOT.parent / SUBPATH]
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        candidates.append(Path(common).parent.parent / SUBPATH)
    except (OSError, subprocess.CalledProcessError):
        pass
    return candidates


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


@dataclass
class CorpusDocument:
    name: str
    title: str
    #: (heading as the document writes it, its lines)
    sections: list[tuple[str, list[str]]]
    addressed: set[str]
    not_addressed: set[str]


def read_corpus(folder: Path) -> list[CorpusDocument]:
    documents = []
    for path in sorted(folder.glob("*.txt")):
        expected_path = path.with_name(path.stem + ".expected.json")
        if not expected_path.is_file():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        title = ""
        sections: list[tuple[str, list[str]]] = [("", [])]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("SOURCE:") or not line.strip() or line.strip() == "[...]":
                continue
            if line.startswith("TITLE:"):
                title = line.removeprefix("TITLE:").strip()
            elif line.startswith("# "):
                sections.append((line[2:].strip(), []))
            else:
                sections[-1][1].append(line.strip())
        documents.append(
            CorpusDocument(
                path.stem,
                title,
                [s for s in sections if s[0] or s[1]],
                set(expected["addressed"]),
                set(expected["not_addressed"]),
            )
        )
    return documents


# --------------------------------------------------------------------------------------------
# Building the Word documents
# --------------------------------------------------------------------------------------------

_LEADING_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+")
_BULLET = re.compile(r"^[•*\-–]\s*")
_NUMBERED = re.compile(r"^\d+[.)]\s+")


def _add_heading_numbering(document: object) -> int:
    """A Word numbering definition "1.0", "2.0", ... for bold List Paragraph headings."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract_id = 90
    abstract = parse_xml(
        f"<w:abstractNum {nsdecls('w')} w:abstractNumId='{abstract_id}'>"
        "<w:multiLevelType w:val='singleLevel'/>"
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
        "<w:lvlText w:val='%1.0'/><w:lvlJc w:val='left'/>"
        "<w:pPr><w:ind w:left='720' w:hanging='720'/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>"
        "</w:abstractNum>"
    )
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = 90
    numbering.append(
        parse_xml(
            f"<w:num {nsdecls('w')} w:numId='{num_id}'>"
            f"<w:abstractNumId w:val='{abstract_id}'/></w:num>"
        )
    )
    return num_id


def build_docx(document: CorpusDocument, dest: Path, *, list_paragraph_headings: bool) -> Path:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = docx.Document()
    header = word.sections[0].header
    header.paragraphs[0].text = HEADER_TEXT
    num_id = _add_heading_numbering(word) if list_paragraph_headings else 0
    if document.title:
        word.add_paragraph(document.title, style="Title")
    for heading, lines in document.sections:
        if heading:
            if list_paragraph_headings:
                paragraph = word.add_paragraph(style="List Paragraph")
                paragraph.add_run(_LEADING_NUMBER.sub("", heading)).bold = True
                paragraph._p.get_or_add_pPr().append(
                    parse_xml(
                        f"<w:numPr {nsdecls('w')}><w:ilvl w:val='0'/>"
                        f"<w:numId w:val='{num_id}'/></w:numPr>"
                    )
                )
            else:
                word.add_heading(heading, level=1)
        for line in lines:
            if _BULLET.match(line):
                word.add_paragraph(_BULLET.sub("", line), style="List Bullet")
            elif _NUMBERED.match(line) and not list_paragraph_headings:
                word.add_paragraph(_NUMBERED.sub("", line), style="List Number")
            else:
                word.add_paragraph(line)
    word.core_properties.title = document.title or document.name
    word.save(str(dest))
    return dest


def convert_to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Export every file to PDF with one LibreOffice call (its own profile)."""
    if not files or (shutil.which("soffice") is None and shutil.which("libreoffice") is None):
        return []
    from ptk_docs._io.libreoffice import convert_files

    return convert_files(files, outdir, "pdf", timeout=600)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


@dataclass
class Score:
    agree: int = 0
    agree_strict: int = 0
    baseline: int = 0
    nothing: int = 0
    total: int = 0
    unsupported: int = 0

    def add(self, other: Score) -> None:
        for name in ("agree", "agree_strict", "baseline", "nothing", "total", "unsupported"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        def pct(n: int) -> str:
            return f"{n}/{self.total} = {n / self.total:6.1%}" if self.total else "-"

        return (
            f"assess {pct(self.agree)}  (partly as not: {pct(self.agree_strict)})  "
            f"baseline first-word {pct(self.baseline)}  nothing-addressed {pct(self.nothing)}  "
            f"addressed without evidence: {self.unsupported}"
        )


def first_word_baseline(text: str, headings: Iterable[str]) -> set[str]:
    """Headings whose first word appears anywhere in the text."""
    return {
        h for h in headings if re.search(rf"\b{re.escape(h.split()[0])}\b", text, re.IGNORECASE)
    }


def score_file(path: Path, document: CorpusDocument, verbose: bool) -> Score:
    import ptk_docs
    from ptk_docs._read.extract import extract

    assessment = ptk_docs.assess(path)
    text = extract(path).text()
    headings = [v.heading for v in assessment.verdicts]
    baseline = first_word_baseline(text, headings)
    score = Score()
    for v in assessment.verdicts:
        human = v.heading in document.addressed
        if v.heading not in document.addressed | document.not_addressed:
            continue  # a heading the reader did not judge
        score.total += 1
        score.agree += human == v.addressed
        score.agree_strict += human == (v.verdict == "addressed")
        score.baseline += human == (v.heading in baseline)
        score.nothing += not human
        if v.addressed and not (v.quote and v.location):
            score.unsupported += 1
        if verbose and human != v.addressed:
            said = "addressed" if human else "not addressed"
            print(
                f"      {v.heading}: assess says {v.verdict} ({v.score}, "
                f"“{v.section_title}”, {', '.join(v.matched_terms)}); the reader says {said}"
            )
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="folder of *.txt + *.expected.json")
    parser.add_argument("--keep", type=Path, help="write the built documents here")
    parser.add_argument("--no-pdf", action="store_true", help="Word documents only")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)

    folder = args.corpus or next((c for c in corpus_candidates() if c.is_dir()), None)
    if folder is None or not folder.is_dir():
        print(f"coverage: corpus not found (looked for ../{SUBPATH.as_posix()}); skipped")
        return 0
    documents = read_corpus(folder)
    if not documents:
        print(f"coverage: no documents with judgements in {folder}; skipped")
        return 0

    with tempfile.TemporaryDirectory(prefix="ptk-coverage-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        built: dict[str, list[tuple[Path, CorpusDocument]]] = {}
        for document in documents:
            for variant, listpara in (("styles", False), ("listpara", True)):
                path = build_docx(
                    document,
                    work / f"{document.name}.{variant}.docx",
                    list_paragraph_headings=listpara,
                )
                built.setdefault(f"docx-{variant}", []).append((path, document))
        if not args.no_pdf:
            for variant in ("styles", "listpara"):
                sources = [p for p, _ in built[f"docx-{variant}"]]
                pdfs = convert_to_pdf(sources, work)
                by_stem = {p.stem: p for p in pdfs}
                pairs = [
                    (by_stem[p.stem], d) for p, d in built[f"docx-{variant}"] if p.stem in by_stem
                ]
                if pairs:
                    built[f"pdf-{variant}"] = pairs
            if not any(k.startswith("pdf") for k in built):
                print("coverage: LibreOffice is not installed; PDF versions skipped")

        print(f"Corpus: {folder} ({len(documents)} documents)\n")
        overall = Score()
        for fmt, pairs in built.items():
            total = Score()
            print(fmt)
            for path, document in pairs:
                score = score_file(path, document, args.verbose)
                print(f"  {document.name:40} {score.line()}")
                total.add(score)
            print(f"  {'ALL':40} {total.line()}\n")
            overall.add(total)
        print(f"Overall ({len(built)} formats): {overall.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
