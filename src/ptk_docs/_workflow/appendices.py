"""One committee-report appendix on its own: a document, or a piece for a clerk's own report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ptk_docs._errors import RecordError, TemplateError
from ptk_docs._io.files import atomic_write_bytes, check_writable
from ptk_docs._io.libreoffice import write_pdfs
from ptk_docs._records.register import PartnershipRegister
from ptk_docs._records.report import (
    APPENDIX_TITLES,
    AppendixKind,
    CommitteeReport,
    Implications,
    ProgressRow,
)
from ptk_docs._render.api import style_reference
from ptk_docs._render.appendices import (
    AppendixSpec,
    ReviewGroups,
    appendix_bytes,
    findings_appendix,
    implications_appendix,
    progress_appendix,
    register_appendix,
    reviews_appendix,
)
from ptk_docs._render.style import apply_reference
from ptk_docs._workflow.progress import build_progress
from ptk_docs._workflow.reviews import due_reviews


def _kind(kind: str | AppendixKind) -> AppendixKind:
    try:
        chosen = AppendixKind(kind)
    except ValueError:
        chosen = None
    if chosen is None or chosen not in APPENDIX_TITLES:
        raise RecordError(
            f"ptk makes no '{kind}' appendix on its own "
            f"(it makes: {', '.join(k.value for k in APPENDIX_TITLES)})"
        )
    return chosen


def _spec(
    chosen: AppendixKind,
    number: int,
    title: str | None,
    register: PartnershipRegister | None,
    implications: Implications | CommitteeReport | None,
    council: str | None,
    today: dt.date | None,
    level: int,
) -> AppendixSpec:
    if number < 1:
        raise RecordError(f"an appendix number is 1 or more (got {number})")
    if level < 0 or level > 8:
        raise RecordError(f"the heading level is 0 (a document of its own) to 8 (got {level})")
    if council is None:
        council = (
            register.council
            if register is not None
            else implications.council
            if isinstance(implications, CommitteeReport)
            else ""
        )
    return AppendixSpec(
        number=number,
        title=title or APPENDIX_TITLES[chosen],
        level=level,
        council=council,
        as_at=today or (register.as_at if register is not None else None),
    )


def _build(
    chosen: AppendixKind,
    spec: AppendixSpec,
    *,
    register: PartnershipRegister | None,
    returns: str | Path | None,
    progress: Sequence[ProgressRow] | None,
    implications: Implications | CommitteeReport | None,
    columns: Sequence[str],
    within_days: int,
    today: dt.date | None,
) -> Any:
    if chosen in (AppendixKind.REGISTER, AppendixKind.REVIEWS) and register is None:
        raise RecordError(f"the {chosen.value} appendix needs the register (give --register)")
    if chosen is AppendixKind.REGISTER:
        assert register is not None
        return register_appendix(spec, register, columns)
    if chosen is AppendixKind.REVIEWS:
        assert register is not None
        return reviews_appendix(spec, review_groups(register, today=today, within_days=within_days))
    if chosen is AppendixKind.IMPLICATIONS:
        if isinstance(implications, CommitteeReport):
            implications = implications.implications
        if implications is None:
            raise RecordError(
                "the implications appendix needs the report's implications (give a report)"
            )
        return implications_appendix(spec, implications)
    if progress is None:
        if register is None and returns is None:
            raise RecordError(
                f"the {chosen.value} appendix needs the returns or the register "
                "(give --returns DIR or --register REGISTER.json)"
            )
        progress = build_progress(register, returns, today=today)
    if chosen is AppendixKind.FINDINGS:
        return findings_appendix(spec, progress)
    return progress_appendix(spec, progress)


def appendix_document(
    kind: str | AppendixKind,
    *,
    number: int,
    title: str | None = None,
    register: PartnershipRegister | None = None,
    returns: str | Path | None = None,
    progress: Sequence[ProgressRow] | None = None,
    implications: Implications | CommitteeReport | None = None,
    columns: Sequence[str] = (),
    within_days: int = 60,
    today: dt.date | None = None,
    level: int = 0,
    council: str | None = None,
) -> Any:
    """One appendix as a python-docx ``Document``, to save or to put into a report of your own.

    ``kind``: ``register`` (needs ``register``; ``columns`` from ``REGISTER_COLUMNS``),
    ``progress`` and ``findings`` (the ``returns`` folder, checked as at ``today``, or
    ``progress`` rows already built; without either, the register's received dates),
    ``reviews`` (needs ``register``; reviews overdue or due within ``within_days`` of ``today``),
    ``implications`` (an ``Implications`` or the ``CommitteeReport`` holding them).
    ``level`` 0 makes a document of its own (the appendix title is its Title); 1 makes the
    title a Heading 1 on a new page, for a report whose appendices are Heading 1.
    """
    chosen = _kind(kind)
    spec = _spec(chosen, number, title, register, implications, council, today, level)
    return _build(
        chosen,
        spec,
        register=register,
        returns=returns,
        progress=progress,
        implications=implications,
        columns=columns,
        within_days=within_days,
        today=today,
    )


def render_appendix(
    kind: str | AppendixKind,
    dest: str | Path,
    *,
    number: int,
    title: str | None = None,
    register: PartnershipRegister | None = None,
    returns: str | Path | None = None,
    progress: Sequence[ProgressRow] | None = None,
    implications: Implications | CommitteeReport | None = None,
    columns: Sequence[str] = (),
    within_days: int = 60,
    today: dt.date | None = None,
    level: int = 0,
    council: str | None = None,
    style_from: str | Path | None = None,
    force: bool = False,
) -> Path:
    """Write one appendix to ``dest`` (.docx, or .pdf through LibreOffice); see
    :func:`appendix_document` for the arguments. ``style_from`` is the council's own Word
    template, whose styles the appendix takes. Nothing is written when anything is wrong."""
    dest = Path(dest)
    suffix = dest.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise TemplateError(f"cannot write '{dest.name}': the output must end in .docx or .pdf")
    check_writable(dest, force=force)
    reference = style_reference(style_from)
    chosen = _kind(kind)
    spec = _spec(chosen, number, title, register, implications, council, today, level)
    document = _build(
        chosen,
        spec,
        register=register,
        returns=returns,
        progress=progress,
        implications=implications,
        columns=columns,
        within_days=within_days,
        today=today,
    )
    data = apply_reference(appendix_bytes(document, spec), reference)
    if suffix == ".pdf":
        return write_pdfs([(None, data, dest)], force=force)[0]
    return atomic_write_bytes(dest, data, force=force)


def review_groups(
    register: PartnershipRegister, *, today: dt.date | None = None, within_days: int = 60
) -> ReviewGroups:
    """The reviews falling due (``due_reviews``), grouped as the reviews appendix shows them."""
    due = due_reviews(register, today=today, within_days=within_days)
    return ReviewGroups(
        today=due.today,
        within_days=due.within_days,
        overdue=due.overdue,
        due_soon=due.due_soon,
        no_review_date=due.no_review_date,
        no_agreement=due.no_agreement,
    )
