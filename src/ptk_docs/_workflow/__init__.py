"""Workflow: the yearly cycle built from render, read and check.

Owns drafts for a register's partnerships (``drafts``), progress from a folder of returns
(``progress``), reviews falling due (``reviews``) and the committee report built from its record,
the register and the returns (``report``).
May import: every layer below (``_render``, ``_read``, ``_check``, ``_io``, ``_toolkit``,
``_records``, ``_errors``); never ``_cli``.
"""
