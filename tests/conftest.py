"""Shared fixtures: the bundled example records, and the LibreOffice skip-or-fail switch."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def libreoffice_required() -> bool:
    return os.environ.get("PTK_REQUIRE_LIBREOFFICE", "") not in ("", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip LibreOffice tests when soffice is absent, unless CI says they must run."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if libreoffice_required():
        return  # they run and fail loudly: CI must have LibreOffice
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
