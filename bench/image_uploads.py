"""Memory an upload check costs: a real 20000×20000 PNG decompression bomb (1.2 GB of pixels in a
small file) and a 9000×9000 PNG, checked by `catalog.uploads.validate_image_upload`, against what
decoding them would cost. Each case runs in a fresh process; figures are that process's peak RSS.

    .venv/bin/python bench/image_uploads.py
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def png(width: int, height: int) -> bytes:
    """A valid PNG of black pixels: rows of zeros, compressed (a bomb when large)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\0" * (1 + 3 * width)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


CASE = """
import io, os, resource, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.dev")
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from catalog.uploads import validate_image_upload
content = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
outcome = "accepted"
if {decode!r}:
    Image.MAX_IMAGE_PIXELS = None
    Image.open(io.BytesIO(content)).load()
    outcome = "decoded"
else:
    try:
        validate_image_upload(SimpleUploadedFile("x.png", content, "image/png"))
    except ValidationError as error:
        outcome = "refused: " + error.messages[0]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{(after - before) / 1024:.1f}}|{{outcome}}")
"""


def main() -> None:
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    for width, height, decode in [(20000, 20000, False), (9000, 9000, False), (9000, 9000, True)]:
        path = cache / f"bench-{width}x{height}.png"
        if not path.exists():
            path.write_bytes(png(width, height))
        script = CASE.format(root=str(ROOT), path=str(path), decode=decode)
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        grown, outcome = result.stdout.strip().splitlines()[-1].split("|", 1)
        action = "decoding it" if decode else "the upload check"
        print(
            f"{width}×{height} PNG ({path.stat().st_size / 1e6:.1f} MB file), {action}: "
            f"peak memory +{grown} MB; {outcome}"
        )


if __name__ == "__main__":
    main()
