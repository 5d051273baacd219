"""Check: findings about records and documents, each with a stable rule id.

Owns the one ``Finding`` type and ``CheckReport`` (``findings``), the toolkit rules and the
public ``check`` (``rules``), the judging of documents by content (``assess``), the
accessibility rules for .docx (``accessibility``) and what a PDF's digital signatures mean
(``signatures``). To add a rule, start in ``rules``.
May import: ``_read`` (to check a document, it is parsed first), ``_io``, ``_toolkit``,
``_records``, ``_errors``; never ``_render``.
"""
