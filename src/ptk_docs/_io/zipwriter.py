"""The .docx zip package as ptk writes it: fixed order, fixed timestamps, reusable compressed parts.

Python's ``zipfile`` cannot write bytes that are already deflated, and deflating every part of a
document again for each render is most of what docxtpl's save costs. This writer takes each part
either as plain bytes (deflated here) or as a :class:`StoredPart` deflated once and reused, and
writes the local headers, data and central directory itself. Every entry carries the same DOS
timestamp (1 January 1980) and the order is the caller's, so the same parts give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

# 1980-01-01 00:00:00, the earliest DOS date: what every entry says it was modified.
_DOS_TIME = 0

_DOS_DATE = (0 << 9) | (1 << 5) | 1

_DEFLATED = 8

_VERSION = 20

# Bit 11: names are UTF-8.
_FLAGS = 0x0800

#: zlib level for parts deflated at every render: level 1 is six times faster than the default
#: and only a fifth larger on Word XML. Parts deflated once per template use level 9.
LEVEL = 1

STATIC_LEVEL = 9


@dataclass(frozen=True)
class StoredPart:
    """One part, deflated: ``data`` is the raw deflate stream of ``size`` bytes with ``crc``."""

    name: str
    data: bytes
    crc: int
    size: int


def deflate_part(name: str, content: bytes, level: int = LEVEL) -> StoredPart:
    """Deflate ``content`` once, to be written many times."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return StoredPart(name, data, zlib.crc32(content) & 0xFFFFFFFF, len(content))


def write_package(parts: Iterable[StoredPart | tuple[str, bytes]]) -> bytes:
    """The zip bytes of ``parts`` in the given order (``(name, bytes)`` pairs are deflated here)."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for item in parts:
        part = item if isinstance(item, StoredPart) else deflate_part(*item)
        name = part.name.encode("utf-8")
        header = struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            _VERSION,
            _FLAGS,
            _DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            part.crc,
            len(part.data),
            part.size,
            len(name),
            0,
        )
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                _VERSION,
                _VERSION,
                _FLAGS,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                part.crc,
                len(part.data),
                part.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        chunks += (header, name, part.data)
        offset += len(header) + len(name) + len(part.data)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(chunks) + directory + end
