"""Limits on untrusted input, set in one place and adjustable by the caller.

Returned documents and workbooks come from outside the council. Before python-docx, pypdf or
openpyxl sees one, :mod:`ptk_docs.safety` checks it against a :class:`Limits`; a file beyond any
limit is refused with a ``LimitExceededError`` (a ``DocumentError``) naming the limit, and the
CLI exits 2.

The defaults are generous for real council documents (an agreement is a few hundred kilobytes, a
register a few hundred rows) and keep a hostile file to well under 2 seconds and 300 MB:

=================================  ===========  =================================================
limit                              default      what it bounds
=================================  ===========  =================================================
``max_file_bytes``                 50 MB        the file on disk (read into memory once)
``max_parts``                      2,000        parts (zip entries) in a .docx or .xlsx
``max_part_bytes``                 32 MB        one part, inflated (images and other media)
``max_xml_part_bytes``             16 MB        one XML part, inflated (``word/document.xml``)
``max_total_uncompressed_bytes``   128 MB       all parts together, inflated
``max_compression_ratio``          200          inflated / compressed size of a part over 1 MB
``max_xml_depth``                  128          element nesting in any XML part
``max_table_nesting``              16           tables inside tables in a Word document
``max_paragraph_chars``            1,000,000    characters in one Word paragraph
``max_pdf_pages``                  1,000        pages in a PDF
``max_pdf_stream_bytes``           32 MB        one PDF stream, decompressed
``max_sheet_rows``                 100,000      rows in one worksheet
``max_sheet_columns``              1,000        cells in one worksheet row
``max_sheet_cells``                1,000,000    cells in one worksheet or CSV file
``max_embedded_record_bytes``      2 MB         a custom XML part of a .docx, or the record ptk
                                                attached to a PDF (JSON read into memory)
``max_seconds``                    3.0          wall-clock time to open (and, for a PDF, read)
``max_template_seconds``           3.0          time to fill one part of a custom template
``max_template_output_bytes``      16 MB        what a custom template writes into one part
``max_template_memory_bytes``      192 MB       memory of the child process filling a custom
                                                template (``RLIMIT_AS``; CPU ``RLIMIT_CPU``)
``max_conversion_bytes``           20 MB        a .doc or .rtf file converted by LibreOffice
``max_conversion_seconds``         8.0          LibreOffice converting it (then killed whole)
``max_paragraphs``                 25,000       paragraphs in one part of a Word document
``max_command_seconds``            8.0          the whole of ``check`` or ``assess`` of a document
=================================  ===========  =================================================

Sizes are measured by inflating, never taken from the zip headers, which a hostile file can
fake. XML is never allowed a DTD: a part that declares one (entity expansion, external entities)
is refused whatever the limits. Macros are refused whatever the limits.

To change a limit, pass a new ``Limits`` (it is a frozen dataclass)::

    from dataclasses import replace
    import ptk_docs

    bigger = replace(ptk_docs.Limits(), max_pdf_pages=5000)
    result = ptk_docs.parse("long-annual-report.pdf", limits=bigger)
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much of an untrusted document ptk will read before refusing it (see module docs)."""

    #: Size of the file itself.
    max_file_bytes: int = 50 * MB
    #: Inflated size of any one part of a .docx/.xlsx package (media included).
    max_part_bytes: int = 32 * MB
    #: Inflated size of all parts together.
    max_total_uncompressed_bytes: int = 128 * MB
    #: Number of parts (zip entries).
    max_parts: int = 2000
    #: Inflated size / compressed size of one part, checked for parts larger than
    #: ``compression_ratio_floor_bytes`` (small parts of repeated XML compress very well).
    max_compression_ratio: float = 200.0
    compression_ratio_floor_bytes: int = 1 * MB
    #: Pages in a PDF.
    max_pdf_pages: int = 1000
    #: Wall-clock seconds to open a document (and, for a PDF, to read its text).
    max_seconds: float = 3.0
    #: Inflated size of any one XML part (what lxml, python-docx and openpyxl parse).
    max_xml_part_bytes: int = 16 * MB
    #: Element nesting depth in any XML part.
    max_xml_depth: int = 128
    #: Tables nested inside tables in a Word document.
    max_table_nesting: int = 16
    #: Characters in one Word paragraph.
    max_paragraph_chars: int = 1_000_000
    #: Decompressed size of one PDF stream (content streams, fonts, images).
    max_pdf_stream_bytes: int = 32 * MB
    #: Rows in one worksheet, and cells in one row.
    max_sheet_rows: int = 100_000
    max_sheet_columns: int = 1000
    #: Cells in one worksheet or CSV file (a register has a few thousand; each costs memory).
    max_sheet_cells: int = 1_000_000
    #: A custom XML part of a .docx (where ptk embeds its record; SharePoint keeps its few
    #: properties there) and the record ptk attaches to a PDF: JSON costs many times its size
    #: in memory once loaded, and a real record is a few kilobytes.
    max_embedded_record_bytes: int = 2 * MB
    #: A custom (sandboxed) template: wall-clock seconds to fill one part, and the size of what
    #: it writes (a template looping for hours or building a gigabyte string is stopped).
    max_template_seconds: float = 3.0
    max_template_output_bytes: int = 16 * MB
    #: Memory a custom template's child process may take on top of what it starts with
    #: (``RLIMIT_AS``): a filter building a gigabyte string is stopped there.
    max_template_memory_bytes: int = 192 * MB
    #: An old Word (.doc) or RTF file converted by LibreOffice before reading: its size, and
    #: the wall-clock seconds LibreOffice may take (then its whole process group is killed).
    max_conversion_bytes: int = 20 * MB
    max_conversion_seconds: float = 8.0
    #: Paragraphs in one part of a Word document (table cells count: each holds one).
    max_paragraphs: int = 25_000
    #: Wall-clock seconds for the whole of ``check`` or ``assess`` of one document: reading
    #: it (as often as the command needs) and judging it, not only opening it.
    max_command_seconds: float = 8.0


DEFAULT_LIMITS = Limits()
