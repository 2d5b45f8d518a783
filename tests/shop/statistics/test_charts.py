"""Bar chart geometry and number formatting (no database)."""

from __future__ import annotations

import pytest
from django.utils import translation

from shop.statistics.charts import LONGEST_BAR, BarSpec, bar_chart
from shop.statistics.summary import PRODUCERS, counted


def test_bars_scale_to_the_largest_value_and_a_small_value_stays_visible():
    chart = bar_chart(id="c", title="t", bars=[BarSpec("a", 16_543), BarSpec("b", 10), BarSpec("c", 0)])

    assert [bar.width for bar in chart.bars] == [LONGEST_BAR, 0.5, 0.0]
    assert [bar.top for bar in chart.bars] == [0, 40, 80]
    assert chart.height == 124


def test_an_all_zero_chart_draws_no_bars():
    chart = bar_chart(id="c", title="t", bars=[BarSpec("a", 0), BarSpec("b", 0)])

    assert [bar.width for bar in chart.bars] == [0.0, 0.0]


@pytest.mark.parametrize(("language", "expected"), [("vi", "16.543"), ("en", "16,543")])
def test_numbers_are_grouped_the_way_the_language_writes_them(language, expected):
    with translation.override(language):
        chart = bar_chart(id="c", title="t", bars=[BarSpec("a", 16_543)])
        assert chart.bars[0].value_text == expected


def test_the_report_sentence_groups_thousands_vietnamese_style():
    with translation.override("vi"):
        assert counted(PRODUCERS, 16_543) == "16.543 chủ thể"
    with translation.override("en"):
        assert counted(PRODUCERS, 1) == "1 producer"


def test_long_labels_are_shortened_in_the_chart_but_kept_whole_in_its_title():
    label = "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"

    bar = bar_chart(id="c", title="t", bars=[BarSpec(label, 3)]).bars[0]

    assert bar.label == "Dịch vụ du lịch cộng đồng, du lịch sinh thái và…"
    assert bar.full_label == label
