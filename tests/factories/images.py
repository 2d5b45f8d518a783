"""Image files for upload tests: a small real JPEG, and PNGs whose header declares any size."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png_header(width: int, height: int) -> bytes:
    """A small PNG whose header declares width×height (a decompression bomb if large)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "JPEG")
    return buffer.getvalue()
