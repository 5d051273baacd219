"""``python -m ptk_docs``: the same as the ``ptk`` command."""

from ptk_docs.cli import main

raise SystemExit(main())
