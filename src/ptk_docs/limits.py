"""Limits on untrusted input, set in one place and adjustable by the caller."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    """How much of an untrusted document ptk will read before refusing it."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_part_bytes: int = 64 * 1024 * 1024
    max_total_uncompressed_bytes: int = 256 * 1024 * 1024
    max_parts: int = 2000
    max_compression_ratio: float = 200.0
    max_pdf_pages: int = 2000
    max_seconds: float = 4.0


DEFAULT_LIMITS = Limits()
