"""Horizontal bar charts drawn as SVG on the server: no script, no outside library.

Bar lengths are percentages of the chart's width and text keeps its pixel size, so a chart stays
readable from a phone to a desktop without scaling its labels down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format

ROW_HEIGHT = 40  # px: a label line, then its bar with the value at the end
BAR_HEIGHT = 14
LONGEST_BAR = 80.0  # % of the width, leaving room for the value after the longest bar
LABEL_CHARS = 48  # longer labels are shortened in the chart; the table keeps them whole

TONES = {
    "default": "#1d6b44",
    "stars": "#a87600",
    "muted": "#56615b",
    "warning": "#b85c00",
    "danger": "#a4231b",
}


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: int
    value_text: str
    width: float  # % of the chart's width
    top: int
    colour: str

    @property
    def label_y(self) -> int:
        return self.top + 14

    @property
    def bar_y(self) -> int:
        return self.top + 20

    @property
    def value_x(self) -> float:
        return round(self.width + 1, 2)

    @property
    def value_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 2


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 4


@dataclass(frozen=True)
class BarSpec:
    label: str
    value: int
    tone: str = "default"


def bar_chart(*, id: str, title: str, bars: Sequence[BarSpec]) -> BarChart:
    """Bars scaled to the largest value; a non-zero value always shows a sliver of bar."""
    largest = max((bar.value for bar in bars), default=0)
    drawn = []
    for row, spec in enumerate(bars):
        width = LONGEST_BAR * spec.value / largest if largest else 0.0
        if spec.value:
            width = max(width, 0.5)
        drawn.append(
            Bar(
                label=_shorten(spec.label),
                full_label=spec.label,
                value=spec.value,
                value_text=number_format(spec.value, force_grouping=True),
                width=round(width, 2),
                top=row * ROW_HEIGHT,
                colour=TONES[spec.tone],
            )
        )
    return BarChart(id=id, title=title, bars=tuple(drawn))


def _shorten(label: str) -> str:
    if len(label) <= LABEL_CHARS:
        return label
    cut = label[: LABEL_CHARS - 1]
    if label[LABEL_CHARS - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]  # no half words
    return cut.rstrip(" ,;") + "…"
