"""Render: records into Word documents (and PDFs through LibreOffice).

Owns the public ``render``/``render_many``/``blank`` (``api``), one record into .docx bytes
(``documents``), the compiled docxtpl engine (``engine``), the values a template sees
(``context``), the linter for councils' own templates (``lint``) and the committee report with
its appendices (``report``).
May import: ``_io``, ``_toolkit``, ``_records``, ``_errors``; never ``_read`` or ``_check``.
"""
