"""The committee report built from its record, the register and the returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ptk_docs._io.files import check_writable
from ptk_docs._records.register import PartnershipRegister
from ptk_docs._records.report import CommitteeReport
from ptk_docs._render.report import render_report
from ptk_docs._workflow.progress import build_progress


def build_report(
    report: CommitteeReport,
    dest: str | Path,
    *,
    register: PartnershipRegister | None = None,
    returns: str | Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """The committee report, its figures and appendices computed from the register and returns.

    Returns are checked as at ``today``, by default the date of the meeting.
    """
    dest = Path(dest)
    check_writable(dest, force=force)
    # Without returns the report's own reading of the register's received dates stands in.
    # Returns are checked as at the meeting: that is when the committee reads the findings.
    today = today or report.meeting_date
    rows = build_progress(register, returns, today=today) if returns is not None else None
    return render_report(report, dest, register=register, progress=rows, force=force)
