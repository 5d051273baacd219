"""The Partnership Register from and to workbooks (.xlsx), CSV and JSON."""

from __future__ import annotations

from pathlib import Path

from .models import PartnershipRegister

__all__ = ["export_register", "import_register"]


def import_register(source: str | Path) -> PartnershipRegister:
    raise NotImplementedError("register import: issue 5")


def export_register(
    register: PartnershipRegister, dest: str | Path, *, force: bool = False
) -> Path:
    raise NotImplementedError("register export: issue 5")
