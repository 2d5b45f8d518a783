"""The drawn shapes of the generated pictures: one motif per OCOP sector."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import ImageDraw

Point = tuple[float, float]


@dataclass(frozen=True)
class SectorStyle:
    light: tuple[int, int, int]
    deep: tuple[int, int, int]
    motif: Callable[[ImageDraw.ImageDraw, float, float, float], None]


def _lens(x0: float, y0: float, length: float, width: float, angle: float) -> list[Point]:
    """A leaf/petal shape from (x0, y0) along `angle` (radians)."""
    steps = 24
    top = [(length * t / steps, width * math.sin(math.pi * t / steps)) for t in range(steps + 1)]
    outline = top + [(x, -y) for x, y in reversed(top)]
    cos, sin = math.cos(angle), math.sin(angle)
    return [(x0 + x * cos - y * sin, y0 + x * sin + y * cos) for x, y in outline]


def _leaf(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    angle = -math.pi / 4
    x0, y0 = cx - s * 0.42, cy + s * 0.42
    draw.polygon(_lens(x0, y0, s * 1.2, s * 0.32, angle), fill=(255, 255, 255, 235))
    end = (x0 + s * 1.12 * math.cos(angle), y0 + s * 1.12 * math.sin(angle))
    vein = (0, 0, 0, 0)
    draw.line([(x0 - s * 0.12, y0 + s * 0.12), end], fill=vein, width=int(s * 0.035))
    for t in (0.3, 0.5, 0.7):
        bx, by = x0 + s * 1.2 * t * math.cos(angle), y0 + s * 1.2 * t * math.sin(angle)
        for side in (-1, 1):
            tip = angle + side * math.pi / 4
            draw.line(
                [(bx, by), (bx + s * 0.2 * math.cos(tip), by + s * 0.2 * math.sin(tip))],
                fill=vein,
                width=int(s * 0.022),
            )


def _cup(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    white = (255, 255, 255, 235)
    top, bottom = cy - s * 0.1, cy + s * 0.45
    draw.ellipse([cx - s * 0.75, bottom - s * 0.04, cx + s * 0.75, bottom + s * 0.16], fill=white)
    draw.ellipse(
        [cx + s * 0.28, top + s * 0.05, cx + s * 0.72, top + s * 0.42], outline=white, width=int(s * 0.08)
    )
    draw.polygon(
        [(cx - s * 0.5, top), (cx + s * 0.5, top), (cx + s * 0.36, bottom), (cx - s * 0.36, bottom)],
        fill=white,
    )
    draw.ellipse([cx - s * 0.36, bottom - s * 0.08, cx + s * 0.36, bottom + s * 0.06], fill=white)
    for dx in (-0.22, 0.0, 0.22):
        wave = [(cx + s * dx + s * 0.05 * math.sin(i / 3), top - s * 0.12 - i * s * 0.025) for i in range(16)]
        draw.line(wave, fill=(255, 255, 255, 200), width=int(s * 0.04), joint="curve")


def _sprig(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    white = (255, 255, 255, 235)
    stem = [
        (cx - s * 0.1 + s * 0.12 * math.sin(t * 2.2), cy + s * 0.62 - t * s * 1.25)
        for t in (i / 30 for i in range(31))
    ]
    draw.line(stem, fill=white, width=int(s * 0.05), joint="curve")
    for i, index in enumerate(range(4, 29, 5)):
        x, y = stem[index]
        side = -1 if i % 2 else 1
        angle = -math.pi / 2 + side * math.pi / 3.2
        draw.polygon(_lens(x, y, s * (0.5 - i * 0.05), s * 0.15, angle), fill=white)
    draw.polygon(_lens(*stem[-1], s * 0.3, s * 0.1, -math.pi / 2), fill=white)


def _vase(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    white = (255, 255, 255, 235)

    def radius(t: float) -> float:  # t: 0 at the lip, 1 at the foot
        return s * (
            0.2 + 0.04 * math.cos(t * 9) if t < 0.25 else 0.18 + 0.34 * math.sin((t - 0.2) * math.pi / 0.85)
        )

    ts = [i / 40 for i in range(41)]
    top, height = cy - s * 0.7, s * 1.3
    right = [(cx + max(radius(t), s * 0.16), top + t * height) for t in ts]
    left = [(2 * cx - x, y) for x, y in reversed(right)]
    draw.polygon(right + left, fill=white)
    draw.ellipse([cx - s * 0.24, top - s * 0.05, cx + s * 0.24, top + s * 0.07], fill=white)
    band_y = top + height * 0.55
    draw.line([(cx - s * 0.45, band_y), (cx + s * 0.45, band_y)], fill=(0, 0, 0, 0), width=int(s * 0.05))
    draw.line(
        [(cx - s * 0.42, band_y + s * 0.1), (cx + s * 0.42, band_y + s * 0.1)],
        fill=(0, 0, 0, 0),
        width=int(s * 0.02),
    )


def _flower(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    white = (255, 255, 255, 235)
    head_y = cy - s * 0.2
    draw.line([(cx, head_y), (cx + s * 0.05, cy + s * 0.75)], fill=white, width=int(s * 0.06))
    draw.polygon(_lens(cx + s * 0.03, cy + s * 0.45, s * 0.45, s * 0.13, -math.pi / 5), fill=white)
    for i in range(6):
        angle = i * math.pi / 3
        draw.polygon(_lens(cx, head_y, s * 0.55, s * 0.2, angle), fill=white)
    draw.ellipse([cx - s * 0.13, head_y - s * 0.13, cx + s * 0.13, head_y + s * 0.13], fill=(0, 0, 0, 0))
    draw.ellipse([cx - s * 0.07, head_y - s * 0.07, cx + s * 0.07, head_y + s * 0.07], fill=white)


def _mountain(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    white = (255, 255, 255, 235)
    base = cy + s * 0.5
    draw.ellipse([cx + s * 0.25, cy - s * 0.75, cx + s * 0.6, cy - s * 0.4], fill=white)
    draw.polygon(
        [(cx - s * 0.9, base), (cx - s * 0.25, cy - s * 0.5), (cx + s * 0.35, base)],
        fill=(255, 255, 255, 170),
    )
    draw.polygon([(cx - s * 0.3, base), (cx + s * 0.3, cy - s * 0.25), (cx + s * 0.9, base)], fill=white)
    cap = [
        (cx - s * 0.25, cy - s * 0.5),
        (cx - s * 0.4, cy - s * 0.29),
        (cx - s * 0.3, cy - s * 0.32),
        (cx - s * 0.22, cy - s * 0.25),
        (cx - s * 0.12, cy - s * 0.31),
    ]
    draw.polygon(cap, fill=(255, 255, 255, 255))
    snow = [
        (cx + s * 0.17, cy - s * 0.07),
        (cx + s * 0.23, cy - s * 0.02),
        (cx + s * 0.3, cy - s * 0.08),
        (cx + s * 0.37, cy - s * 0.02),
        (cx + s * 0.43, cy - s * 0.07),
    ]
    draw.line(snow, fill=(0, 0, 0, 0), width=int(s * 0.035), joint="curve")
    wave = [(cx - s * 0.9 + i * s * 0.06, base + s * 0.14 + s * 0.03 * math.sin(i * 0.9)) for i in range(31)]
    draw.line(wave, fill=white, width=int(s * 0.04), joint="curve")


SECTORS: dict[str, SectorStyle] = {
    "I": SectorStyle((255, 236, 204), (230, 111, 0), _leaf),
    "II": SectorStyle((209, 242, 240), (0, 121, 130), _cup),
    "III": SectorStyle((222, 242, 214), (46, 125, 50), _sprig),
    "IV": SectorStyle((250, 226, 214), (150, 75, 40), _vase),
    "V": SectorStyle((252, 224, 236), (194, 24, 91), _flower),
    "VI": SectorStyle((220, 234, 252), (21, 101, 192), _mountain),
}
