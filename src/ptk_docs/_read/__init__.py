"""Read: completed documents back into records.

Owns the reader's view of a document (``blocks``), extraction from .docx (``docx_blocks``, with
the stylesheet ``docx_events.xsl`` that flattens a Word part into events),
PDF (``pdf_blocks``) and, through LibreOffice, .doc (``extract``), the structure reader that maps
headings, questions and tables to field paths (``structure``), text into values (``values``),
the comparison with the record that was sent (``diff``), a PDF's digital signatures merged into
the signatories (``signatures``) and the public ``parse`` (``parse``).
May import: ``_io``, ``_toolkit``, ``_records``, ``_errors``; never ``_render``.
"""
