"""The committee report built from its record, the register and the returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ptk_docs._io.files import check_writable
from ptk_docs._records.profile import CouncilProfile
from ptk_docs._records.register import PartnershipRegister
from ptk_docs._records.report import AppendixKind, CommitteeReport
from ptk_docs._render.api import style_reference
from ptk_docs._render.report import render_report
from ptk_docs._workflow.appendices import review_groups
from ptk_docs._workflow.progress import build_progress


def build_report(
    report: CommitteeReport,
    dest: str | Path,
    *,
    register: PartnershipRegister | None = None,
    returns: str | Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
    within_days: int = 60,
    style_from: str | Path | None = None,
    trust: Sequence[str | Path] | None = None,
    profile: CouncilProfile | None = None,
) -> Path:
    """The committee report, its figures and appendices computed from the register and returns.

    Returns are checked, and reviews falling due listed, as at ``today``, by default the date
    of the meeting. ``style_from`` is the council's own Word template, whose styles it takes.
    Digital signatures on returned PDFs are verified against the roots in ``trust`` (see
    ``check``). ``profile`` gives the templates appendix the council's own words.
    """
    dest = Path(dest)
    check_writable(dest, force=force)
    # Without returns the report's own reading of the register's received dates stands in.
    # Returns are checked as at the meeting: that is when the committee reads the findings.
    today = today or report.meeting_date
    rows = (
        build_progress(register, returns, today=today, trust=trust) if returns is not None else None
    )
    reviews = None
    if register is not None and any(a.kind is AppendixKind.REVIEWS for a in report.appendices):
        reviews = review_groups(register, today=today, within_days=within_days)
    return render_report(
        report,
        dest,
        register=register,
        progress=rows,
        force=force,
        reviews=reviews,
        style_from=style_reference(style_from),
        profile=profile,
    )
