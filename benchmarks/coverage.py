"""How often `ptk assess` agrees with a careful human reader on real partnership documents.

Reads folders of real documents (each a ``.txt`` with the headings a person judged it to address
in ``.expected.json``; see the shared corpus's README): ``../shared/corpus/real-agreements/``
beside the repository, the folders listed in ``$PTK_EVAL_CORPUS`` (separated like ``PATH``), or
those given with ``--corpus DIR`` (as often as needed). It builds Word and PDF versions of each at
run time in a temporary folder, reads each once and judges it heading by heading.

Formats built from each text:

- ``docx-styles``: headings in Word's heading styles;
- ``docx-listpara``: headings as bold "List Paragraph" text numbered by Word ("1.0 Purpose"), the
  way many council documents are written;
- ``pdf-styles`` and ``pdf-listpara``: the same two exported to PDF by LibreOffice (skipped
  when it is not installed).

Every document carries a header repeated on every page ("[IL0: UNCLASSIFIED]").

What is tuned is the thresholds (one factor on all four, and the title bonus; see
``FACTORS``/``BONUSES``). Printed: the shipped settings' agreement (in sample: the vocabulary and
thresholds were written with these documents in view), the best settings on all documents, and
**leave-one-document-out**: for each document, the settings that agree best on all the *other*
documents, scored on it. Per document, per heading and per format, beside the baseline "not
addressed everywhere". Agreement counts "partly" as addressed ("partly" as not addressed is
printed too). No heading may be called addressed without evidence (a quote and where it is).

Run from the repository root::

    PTK_EVAL_CORPUS=/path/to/more .venv/bin/python benchmarks/coverage.py [--corpus DIR ...]
        [--keep DIR] [--no-pdf] [-v]

The corpora are never copied into the repository: they are read where they are, and the built
documents live in a temporary folder unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
# Scoring, in sample and leave-one-document-out
# --------------------------------------------------------------------------------------------

#: What is tuned: every threshold scaled by one factor, and the title bonus. The shipped values
#: are factor 1.0 and bonus 2.0 (listed first, so that ties keep them).
FACTORS = (1.0, 0.7, 0.8, 0.9, 1.1, 1.25, 1.4)
BONUSES = (2.0, 1.0, 3.0)


@dataclass
class Judged:
    """One built file of one corpus document, read once, judged under every setting."""

    fmt: str
    document: CorpusDocument
    #: setting -> heading -> (addressed or partly, fully addressed, has evidence, verdict)
    verdicts: dict[tuple[float, float], dict[str, Any]]


def judge_file(path: Path, document: CorpusDocument, fmt: str) -> Judged:
    from ptk_docs._check.assess import DEFAULT_THRESHOLDS, assess_blocks
    from ptk_docs._read.extract import extract

    blocks = extract(path).blocks
    verdicts: dict[tuple[float, float], dict[str, Any]] = {}
    for factor in FACTORS:
        for bonus in BONUSES:
            limits = DEFAULT_THRESHOLDS.scaled(factor, bonus)
            assessment = assess_blocks(blocks, source=str(path), limits=limits)
            verdicts[(factor, bonus)] = {v.heading: v for v in assessment.verdicts}
    return Judged(fmt, document, verdicts)


@dataclass
class Tally:
    agree: int = 0
    agree_strict: int = 0
    nothing: int = 0
    total: int = 0
    found: int = 0
    positives: int = 0
    unsupported: int = 0

    def add(self, judged: Judged, setting: tuple[float, float], headings: Iterable[str]) -> None:
        verdicts = judged.verdicts[setting]
        for heading in headings:
            if heading not in judged.document.addressed | judged.document.not_addressed:
                continue  # a heading the reader did not judge
            v = verdicts[heading]
            human = heading in judged.document.addressed
            self.total += 1
            self.agree += human == v.addressed
            self.agree_strict += human == (v.verdict == "addressed")
            self.nothing += not human
            self.positives += human
            self.found += human and v.addressed
            if v.addressed and not (v.quote and v.location):
                self.unsupported += 1

    @staticmethod
    def pct(n: int, total: int) -> str:
        return f"{n:4}/{total:<4} {n / total:6.1%}" if total else "-"


def best_setting(judged: list[Judged], headings: list[str]) -> tuple[float, float]:
    """The setting that agrees most with the reader on ``judged`` (ties keep the earlier one)."""
    best: tuple[float, float] | None = None
    best_agree = -1
    for factor in FACTORS:
        for bonus in BONUSES:
            tally = Tally()
            for j in judged:
                tally.add(j, (factor, bonus), headings)
            if tally.agree > best_agree:
                best, best_agree = (factor, bonus), tally.agree
    assert best is not None
    return best


def report(judged: list[Judged], verbose: bool) -> None:
    headings = list(next(iter(judged[0].verdicts.values())))
    default = (FACTORS[0], BONUSES[0])
    names = list(dict.fromkeys(j.document.name for j in judged))
    in_sample_best = best_setting(judged, headings)
    # Leave one document out: the setting is chosen on every other document (all formats).
    loo_setting = {
        name: best_setting([j for j in judged if j.document.name != name], headings)
        for name in names
    }

    def tallies(select: Any) -> tuple[Tally, Tally, Tally]:
        shipped, tuned, loo = Tally(), Tally(), Tally()
        for j in judged:
            for heading in headings:
                if select(j, heading):
                    shipped.add(j, default, [heading])
                    tuned.add(j, in_sample_best, [heading])
                    loo.add(j, loo_setting[j.document.name], [heading])
        return shipped, tuned, loo

    formats = sorted({j.fmt for j in judged})
    print(
        f"Settings (threshold factor, title bonus): shipped {default}, "
        f"best in sample {in_sample_best}; leave-one-out picks per document below."
    )
    print(f"Formats: {', '.join(formats)}; partly counts as addressed.\n")
    print(
        f"{'document':48} {'shipped (in sample)':>20} {'leave-one-out':>20} "
        f"{'nothing addressed':>20} {'found/addressed':>16}  LOO setting"
    )
    for name in names:
        shipped, _, loo = tallies(lambda j, h, n=name: j.document.name == n)
        print(
            f"{name[:48]:48} {Tally.pct(shipped.agree, shipped.total):>20} "
            f"{Tally.pct(loo.agree, loo.total):>20} {Tally.pct(loo.nothing, loo.total):>20} "
            f"{loo.found:>7}/{loo.positives:<8}  {loo_setting[name]}"
        )
    print(
        f"\n{'heading':48} {'shipped (in sample)':>20} {'leave-one-out':>20} "
        f"{'nothing addressed':>20} {'found/addressed':>16}"
    )
    for heading in headings:
        shipped, _, loo = tallies(lambda j, h, x=heading: h == x)
        print(
            f"{heading:48} {Tally.pct(shipped.agree, shipped.total):>20} "
            f"{Tally.pct(loo.agree, loo.total):>20} {Tally.pct(loo.nothing, loo.total):>20} "
            f"{loo.found:>7}/{loo.positives:<8}"
        )
    print()
    for fmt in formats:
        shipped, _, loo = tallies(lambda j, h, f=fmt: j.fmt == f)
        print(
            f"{'format ' + fmt:48} {Tally.pct(shipped.agree, shipped.total):>20} "
            f"{Tally.pct(loo.agree, loo.total):>20} {Tally.pct(loo.nothing, loo.total):>20}"
        )
    shipped, tuned, loo = tallies(lambda j, h: True)
    print(f"\nALL {len(names)} documents x {len(formats)} formats:")
    print(
        f"  shipped settings (in sample):   {Tally.pct(shipped.agree, shipped.total)}"
        f"   (partly as not: {Tally.pct(shipped.agree_strict, shipped.total)})"
    )
    print(f"  best settings (in sample):      {Tally.pct(tuned.agree, tuned.total)}")
    print(
        f"  leave-one-document-out:         {Tally.pct(loo.agree, loo.total)}"
        f"   (partly as not: {Tally.pct(loo.agree_strict, loo.total)})"
    )
    print(f"  'not addressed' everywhere:     {Tally.pct(loo.nothing, loo.total)}")
    print(f"  headings the reader found addressed that assess found: {loo.found}/{loo.positives}")
    print(f"  addressed or partly without a quote and its place: {loo.unsupported}")
    if verbose:
        print("\nDisagreements (leave-one-out settings):")
        for j in judged:
            setting = loo_setting[j.document.name]
            for heading in headings:
                v = j.verdicts[setting][heading]
                doc = j.document
                if heading not in doc.addressed | doc.not_addressed:
                    continue
                human = heading in doc.addressed
                if human != v.addressed:
                    said = "addressed" if human else "not addressed"
                    print(
                        f"  {j.fmt:13} {doc.name[:34]:34} {heading}: {v.verdict} ({v.score}, "
                        f"“{v.section_title[:40]}”, {', '.join(v.matched_terms)}) "
                        f"reader: {said}"
                        + (f"\n{'':16}“{v.quote}” ({v.location})" if v.addressed else "")
                    )


def default_corpora() -> list[Path]:
    """The shared corpus beside the repository, and ``$PTK_EVAL_CORPUS`` when it is set."""
    found = [c for c in corpus_candidates() if c.is_dir()][:1]
    extra = os.environ.get("PTK_EVAL_CORPUS", "")
    found += [Path(p) for p in extra.split(os.pathsep) if p and Path(p).is_dir()]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, action="append",
        help="folder of *.txt + *.expected.json (may be given more than once; default: the "
        "shared corpus and $PTK_EVAL_CORPUS)",
    )  # fmt: skip
    parser.add_argument("--keep", type=Path, help="write the built documents here")
    parser.add_argument("--no-pdf", action="store_true", help="Word documents only")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)

    folders = args.corpus or default_corpora()
    documents = [d for folder in folders if folder.is_dir() for d in read_corpus(folder)]
    if not documents:
        print(
            f"coverage: no corpus found (looked for ../{SUBPATH.as_posix()} and "
            "$PTK_EVAL_CORPUS, or give --corpus DIR); skipped"
        )
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

        print("Corpora: " + ", ".join(f"{f} " for f in folders) + f"({len(documents)} documents)")
        judged = [judge_file(path, doc, fmt) for fmt, pairs in built.items() for path, doc in pairs]
        report(judged, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
