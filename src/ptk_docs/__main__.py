"""``python -m ptk_docs``: the same as the ``ptk`` command."""

from ptk_docs._cli import main

raise SystemExit(main())
