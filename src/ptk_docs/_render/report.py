"""The committee report as a Word document: numbered paragraphs, figures from the register, appendices.

:func:`render_report` fills ``templates/report.docx`` (built by
``scripts/build_report_templates.py``) through ptk's render engine (escaping on, the record
embedded), joins in the appendices that are whole documents (the blank business case and
agreement, or a ``.docx`` the record names) with docxcompose, and writes the package with fixed
timestamps, atomically.
Every figure the report quotes comes from the records: :func:`resolve_figures` replaces
``{listed}``, ``{high}``, ... in the paragraphs and fills ``bullets_from`` lists from the register
before anything is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ptk_docs._errors import DocumentError, RecordError
from ptk_docs._io.docx import open_docx
from ptk_docs._io.files import atomic_write_bytes, check_writable
from ptk_docs._io.libreoffice import write_pdfs
from ptk_docs._io.zipwriter import write_package
from ptk_docs._records.formatting import BLANK_PROMPT, format_date
from ptk_docs._records.profile import CouncilProfile
from ptk_docs._records.register import (
    PartnershipRegister,
    Priority,
)
from ptk_docs._records.report import (
    Appendix,
    AppendixKind,
    CommitteeReport,
    ProgressRow,
    ReportParagraph,
)
from ptk_docs._render.appendices import (
    AppendixSpec,
    ReviewGroups,
    findings_appendix,
    implications_appendix,
    progress_appendix,
    register_appendix,
    reviews_appendix,
)
from ptk_docs._render.documents import blank_bytes, render_docx
from ptk_docs._render.style import ReferenceStyle, apply_reference

#: The appendices ptk makes itself (``_render.appendices``); the others are joined documents.
BUILT_KINDS = frozenset(
    {
        AppendixKind.IMPLICATIONS,
        AppendixKind.REGISTER,
        AppendixKind.PROGRESS,
        AppendixKind.FINDINGS,
        AppendixKind.REVIEWS,
    }
)

#: The packaged template's file name (in ``ptk_docs.templates``).
REPORT_TEMPLATE = "report.docx"


_FIGURE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


# Joined documents keep their outline one level below the appendix heading (Heading 1).
_DEMOTE = {
    "Title": "Heading2",
    "Heading1": "Heading3",
    "Heading2": "Heading4",
    "Heading3": "Heading5",
    "Heading4": "Heading6",
    "Heading5": "Heading7",
}

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---------------------------------------------------------------------------------------------
# Figures: every number in the report comes from the register
# ---------------------------------------------------------------------------------------------


def _substitute(text: str, path: str, figures: dict[str, int] | None) -> str:
    def figure(match: re.Match[str]) -> str:
        name = match.group(1)
        if figures is None:
            raise RecordError(
                f"{path} quotes the figure {{{name}}} but no register was given to compute it "
                "from (give --register REGISTER.json)"
            )
        if name not in figures:
            raise RecordError(
                f"{path} quotes {{{name}}}, which is not a register figure "
                f"(known: {', '.join(figures)})"
            )
        return str(figures[name])

    return _FIGURE.sub(figure, text)


def resolve_figures(
    report: CommitteeReport, register: PartnershipRegister | None
) -> CommitteeReport:
    """A copy of ``report`` with its figures and ``bullets_from`` lists filled from ``register``.

    Pure: neither argument is changed. A paragraph that quotes a figure (or asks for bullets
    from the register) when no register is given is a ``RecordError`` naming the paragraph, as
    is a figure the register does not compute.
    """
    figures = register.figures() if register is not None else None
    resolved = report.model_copy(deep=True)
    for name in ("summary", "recommendations", "reasons", "other_options"):
        setattr(
            resolved,
            name,
            [_substitute(t, f"{name}[{i}]", figures) for i, t in enumerate(getattr(report, name))],
        )
    for s, section in enumerate(resolved.supporting_information):
        paragraphs = []
        for p, paragraph in enumerate(section.paragraphs):
            path = f"supporting_information[{s}].paragraphs[{p}]"
            bullets = [
                _substitute(b, f"{path}.bullets[{i}]", figures)
                for i, b in enumerate(paragraph.bullets)
            ]
            if paragraph.bullets_from is not None:
                if register is None:
                    raise RecordError(
                        f"{path} lists the register's {paragraph.bullets_from.value} partnerships "
                        "but no register was given (give --register REGISTER.json)"
                    )
                bullets += [e.name for e in register.with_status(paragraph.bullets_from)]
            paragraphs.append(
                ReportParagraph(text=_substitute(paragraph.text, path, figures), bullets=bullets)
            )
        section.paragraphs = paragraphs
    for name, _heading, texts in report.implications.headings():
        setattr(
            resolved.implications,
            name,
            [_substitute(t, f"implications.{name}[{i}]", figures) for i, t in enumerate(texts)],
        )
    return resolved


# ---------------------------------------------------------------------------------------------
# The template's context
# ---------------------------------------------------------------------------------------------


def progress_from_register(register: PartnershipRegister) -> list[ProgressRow]:
    """Progress rows for the high and medium partnerships from the register's received dates.

    Used when no parsed returns are given: what came back is known, what it says is not checked.
    """
    return [
        ProgressRow(
            partnership=entry.name,
            priority=entry.priority,
            business_case_returned=entry.business_case_received,
            agreement_returned=entry.agreement_received,
        )
        for priority in (Priority.HIGH, Priority.MEDIUM)
        for entry in register.by_priority(priority)
    ]


def _paragraphs(texts: list[str]) -> list[dict[str, Any]]:
    """Numbered paragraphs; an empty section of a draft shows the prompt, never nothing."""
    return [{"text": text, "bullets": []} for text in texts or [BLANK_PROMPT]]


def _join_marker(appendix: Appendix) -> str:
    return f"[ptk: appendix {appendix.number} is joined here]"


def report_context(
    report: CommitteeReport,
    *,
    register: PartnershipRegister | None = None,
    progress: list[ProgressRow] | None = None,
) -> dict[str, Any]:
    """The docxtpl context for ``report.docx`` (figures already resolved), values as text."""
    kinds = {a.kind for a in report.appendices}
    if AppendixKind.REGISTER in kinds and register is None:
        number = next(a.number for a in report.appendices if a.kind is AppendixKind.REGISTER)
        raise RecordError(
            f"appendices: Appendix {number} is the register but no register was given "
            "(give --register REGISTER.json)"
        )
    if (
        kinds & {AppendixKind.PROGRESS, AppendixKind.FINDINGS}
        and progress is None
        and (register is None)
    ):
        raise RecordError(
            "appendices: the progress appendix needs the register or the checked returns "
            "(give --register REGISTER.json, or --returns DIR)"
        )
    contact = ", ".join(
        part
        for part in (report.contact.name, report.contact.telephone, report.contact.email)
        if part
    )
    meeting_date = format_date(report.meeting_date)
    return {
        # The title block's first line: the neutral wording when the record names no council.
        "council": report.council or "The Council",
        "committee": report.committee,
        "meeting_date": meeting_date,
        "title": report.title,
        "report_of": report.report_of,
        "footer": f"{report.committee}, {meeting_date}: {report.title}",
        "summary": _paragraphs(report.summary),
        "recommendations": _paragraphs(report.recommendations),
        "reasons": _paragraphs(report.reasons),
        "supporting_information": [
            {
                "title": section.title,
                "paragraphs": [
                    {"text": p.text, "bullets": list(p.bullets)} for p in section.paragraphs
                ],
            }
            for section in report.supporting_information
        ],
        "other_options": _paragraphs(report.other_options),
        "approving_officers": [
            {"role": o.role, "name": o.name, "job_title": o.job_title}
            for o in report.approving_officers
        ],
        "contact": contact or "Not given",
        "background_papers": "; ".join(report.background_papers) or "None",
        "appendices": [
            {
                "number": a.number,
                "title": a.title,
                "kind": a.kind.value,
                "join_marker": _join_marker(a),
            }
            for a in report.appendices
        ],
    }


# ---------------------------------------------------------------------------------------------
# Rendering, joining, writing
# ---------------------------------------------------------------------------------------------


def _template_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("ptk_docs.templates").joinpath(REPORT_TEMPLATE)))


def _render_template(
    template: Path, context: dict[str, Any], report: CommitteeReport, workdir: Path
) -> Any:
    """Fill the template through ptk's engine (escaping on, the record embedded); a Document."""
    import docx

    body = render_docx(
        template, context, workdir / "body.docx", record=report, template_name=REPORT_TEMPLATE
    )
    return docx.Document(str(body))


def _blank_document(kind: str, workdir: Path, profile: CouncilProfile | None) -> Any:
    import docx

    path = workdir / f"{kind}.docx"
    path.write_bytes(blank_bytes(kind, profile))
    return docx.Document(str(path))


def _source_document(source: str) -> Any:

    path = Path(source)
    if path.suffix.lower() != ".docx":
        raise DocumentError(f"{source}: only a Word document (.docx) can be joined as an appendix")
    if not path.is_file():
        raise DocumentError(f"{source}: the appendix document does not exist")
    return open_docx(path)


def _demote(document: Any, *, new_page: bool) -> Any:
    """Move a joined document's title and headings one level below the appendix heading."""
    body = document.element.body
    first = True
    for paragraph in body.iter(f"{_W}p"):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and style.get(f"{_W}val") in _DEMOTE:
            style.set(f"{_W}val", _DEMOTE[style.get(f"{_W}val")])
        if first and new_page:
            # python-docx puts the element where the schema wants it (Word is strict on order).
            paragraph.get_or_add_pPr().get_or_add_pageBreakBefore()
        first = False
    return document


def _paragraph_text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))


def _built_appendix(
    appendix: Appendix,
    report: CommitteeReport,
    register: PartnershipRegister | None,
    progress: list[ProgressRow] | None,
    reviews: ReviewGroups | None,
) -> Any:
    """An appendix ptk makes, as a document whose title is the report's Heading 1."""
    spec = AppendixSpec(
        number=appendix.number,
        title=appendix.title,
        level=1,
        council=report.council,
        as_at=report.meeting_date,
    )
    if appendix.kind is AppendixKind.IMPLICATIONS:
        return implications_appendix(spec, report.implications)
    if appendix.kind is AppendixKind.REGISTER:
        assert register is not None
        return register_appendix(spec, register, appendix.columns)
    if appendix.kind is AppendixKind.REVIEWS:
        if reviews is None:
            raise RecordError(
                f"appendices: Appendix {appendix.number} lists reviews falling due but none "
                "were given (give --register REGISTER.json)"
            )
        return reviews_appendix(spec, reviews)
    rows = progress if progress is not None else progress_from_register(register)  # type: ignore[arg-type]
    if appendix.kind is AppendixKind.FINDINGS:
        return findings_appendix(spec, rows)
    return progress_appendix(spec, rows)


def _landscape_between(body: Any, before: Any, after: Any) -> None:
    """Put what lies between ``before`` and ``after`` (a joined appendix) in a landscape section.

    The report's own section properties are copied (so its footer stays): the section before
    ends at ``before`` (a paragraph-level sectPr), the landscape one at the appendix's last
    paragraph, or at the end of the document when nothing follows it.
    """
    import copy

    final = body.find(f"{_W}sectPr")
    if final is None or before is None or before.tag != f"{_W}p":
        return
    first = before.getnext()
    last = after.getprevious() if after is not None else None
    if first is None or last is None or last.tag != f"{_W}p":
        return
    landscape = copy.deepcopy(final)
    size = landscape.find(f"{_W}pgSz")
    if size is None:
        return
    width, height = size.get(f"{_W}w"), size.get(f"{_W}h")
    size.set(f"{_W}w", height)
    size.set(f"{_W}h", width)
    size.set(f"{_W}orient", "landscape")
    before.get_or_add_pPr().append(copy.deepcopy(final))
    # The section break already starts a new page.
    title_ppr = first.find(f"{_W}pPr")
    if title_ppr is not None:
        for element in title_ppr.findall(f"{_W}pageBreakBefore"):
            title_ppr.remove(element)
    if after is final:
        body.replace(final, landscape)
    else:
        last.get_or_add_pPr().append(landscape)


def _join_appendices(
    master: Any,
    report: CommitteeReport,
    workdir: Path,
    *,
    register: PartnershipRegister | None = None,
    progress: list[ProgressRow] | None = None,
    reviews: ReviewGroups | None = None,
    profile: CouncilProfile | None = None,
) -> None:
    from docxcompose.composer import Composer

    body = master.element.body
    composer: Composer | None = None
    for appendix in report.appendices:
        if appendix.kind in BUILT_KINDS:
            marker = next(
                (
                    p
                    for p in body.iter(f"{_W}p")
                    if _paragraph_text(p).strip() == _join_marker(appendix)
                ),
                None,
            )
            if marker is None:
                continue
            if composer is None:
                composer = Composer(master)
            built = _built_appendix(appendix, report, register, progress, reviews)
            size = built.element.body.find(f"{_W}sectPr/{_W}pgSz")
            before, after = marker.getprevious(), marker.getnext()
            composer.insert(body.index(marker), built)
            body.remove(marker)
            if size is not None and size.get(f"{_W}orient") == "landscape":
                _landscape_between(body, before, after)
            continue
        if appendix.kind is AppendixKind.TEMPLATES:
            documents: list[Callable[[], Any]] = [
                partial(_blank_document, "business-case", workdir, profile),
                partial(_blank_document, "agreement", workdir, profile),
            ]
        else:
            documents = [partial(_source_document, appendix.source)]
        marker_text = _join_marker(appendix)
        marker = next(
            (p for p in body.iter(f"{_W}p") if _paragraph_text(p).strip() == marker_text), None
        )
        if marker is None:  # the template lost its marker paragraph: join at the end
            marker = body.makeelement(f"{_W}p", {})
            body.insert(len(body) - 1 if body[-1].tag == f"{_W}sectPr" else len(body), marker)
        if composer is None:
            composer = Composer(master)
        for position, load in enumerate(documents):
            joined = _demote(load(), new_page=position > 0)
            try:
                composer.insert(body.index(marker), joined)
            except Exception as error:  # docxcompose fails in many ways on odd documents
                raise DocumentError(
                    f"Appendix {appendix.number} ({appendix.title}) cannot be joined to the "
                    f"report: {error}"
                ) from None
        body.remove(marker)


def _set_properties(document: Any, report: CommitteeReport) -> None:
    core = document.core_properties
    core.title = f"{report.title}: {report.committee}, {format_date(report.meeting_date)}"
    # A report that does not name its council is the committee's.
    core.author = report.council or report.committee
    core.last_modified_by = report.council or report.committee
    core.subject = f"Report to {report.committee}"
    core.keywords = "committee report; Partnership Toolkit"
    core.comments = ""
    core.category = "Committee report"
    core.language = "en-GB"
    moment = dt.datetime.combine(report.meeting_date, dt.time(), tzinfo=dt.UTC)
    core.created = moment
    core.modified = moment
    core.revision = 1


def _deterministic(data: bytes) -> bytes:
    """The same package through the one zip writer (fixed order and timestamps), so the same
    record gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return write_package((info.filename, source.read(info)) for info in source.infolist())


#: The title of the progress appendix ptk adds when returns were checked and none is listed.
PROGRESS_APPENDIX_TITLE = "Progress of the high and medium priority partnerships"


def with_progress_appendix(
    report: CommitteeReport, progress: list[ProgressRow] | None
) -> CommitteeReport:
    """``report`` with a progress appendix added at the end when ``progress`` is given (returns
    were checked) and the report lists none; otherwise ``report`` itself."""
    if progress is None or any(a.kind is AppendixKind.PROGRESS for a in report.appendices):
        return report
    appendix = Appendix(
        number=max((a.number for a in report.appendices), default=0) + 1,
        title=PROGRESS_APPENDIX_TITLE,
        kind=AppendixKind.PROGRESS,
    )
    return report.model_copy(update={"appendices": [*report.appendices, appendix]})


def render_report(
    report: CommitteeReport,
    dest: str | Path,
    *,
    register: PartnershipRegister | None = None,
    progress: list[ProgressRow] | None = None,
    force: bool = False,
    reviews: ReviewGroups | None = None,
    style_from: ReferenceStyle | None = None,
    profile: CouncilProfile | None = None,
) -> Path:
    """Write the committee report with its appendices to ``dest`` (.docx, or .pdf).

    ``profile`` gives the blank templates of the templates appendix the council's own words.

    Figures and the register and progress appendices come from ``register`` and ``progress``
    (when ``progress`` is None the register's received dates stand in). When ``progress`` is
    given and the report lists no progress appendix, one is added as the last appendix. Nothing is written
    when anything is wrong; an existing ``dest`` is replaced only with ``force``.
    """
    dest = Path(dest)
    suffix = dest.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise RecordError(f"{dest.name}: the report is written as .docx or .pdf")
    check_writable(dest, force=force)
    resolved = with_progress_appendix(resolve_figures(report, register), progress)
    context = report_context(resolved, register=register, progress=progress)
    with tempfile.TemporaryDirectory(prefix="ptk-report-") as tmp:
        workdir = Path(tmp)
        document = _render_template(_template_path(), context, report, workdir)
        _join_appendices(
            document,
            resolved,
            workdir,
            register=register,
            progress=progress,
            reviews=reviews,
            profile=profile,
        )
        _set_properties(document, report)
        buffer = io.BytesIO()
        document.save(buffer)
        data = apply_reference(_deterministic(buffer.getvalue()), style_from)
    if suffix == ".pdf":
        return write_pdfs([(report, data, dest)], force=force)[0]
    return atomic_write_bytes(dest, data, force=force)
