"""Files in and out, safely: everything that touches bytes from outside or on disk.

Owns the limits (``limits``), the guard on untrusted packages (``guard``: deadline, zip and XML
checks), the openers for .docx, .pdf, .xlsx and .csv (``docx``, ``pdf``, ``sheets``), the zip
writer (``zipwriter``), LibreOffice (``libreoffice``), atomic files and safe names (``files``),
records as JSON/YAML files (``records``), the register as a workbook or CSV
(``register_files``), the digital signatures in a PDF (``signatures``: verify and sign, with
pyHanko), and the envelope: the record embedded in a .docx and in a PDF, written and read by
``envelope`` alone.
May import: ``_toolkit``, ``_records``, ``_errors``.
"""
