"""The figures: exact counts of a known catalogue, for a province and for the nation."""

from __future__ import annotations

import pytest

from shop.statistics.selectors import province_refs, statistics_figures

pytestmark = pytest.mark.django_db


def ref(code: str):
    return next(p for p in province_refs() if p.code == code)


def test_province_figures_count_listed_products_by_stars_status_sector_and_producer(catalogue):
    figures = statistics_figures(province=ref("15"))

    assert figures.products == 6
    assert figures.stars == {5: 1, 4: 1, 3: 2}
    assert figures.rated == 4
    assert figures.unrated == 2
    assert figures.statuses == {"valid": 2, "expiring": 1, "expired": 1, "unknown": 2}
    assert [(s.code, s.products) for s in figures.sectors] == [
        ("I", 4),
        ("II", 2),
        ("III", 1),
        ("IV", 0),
        ("V", 0),
        ("VI", 0),
    ]
    assert [(k.kind, k.producers, k.products) for k in figures.producer_kinds] == [
        ("cooperative", 2, 3),
        ("enterprise", 1, 1),
        ("household", 1, 2),
        ("cooperative_group", 0, 0),
    ]
    assert figures.producers == 4
    assert figures.display_points == 2
    assert figures.provinces == []


def test_national_figures_add_up_every_province_with_a_row_for_each_of_the_34(catalogue):
    figures = statistics_figures()

    assert figures.products == 7
    assert figures.stars == {5: 1, 4: 2, 3: 2}
    assert figures.statuses == {"valid": 3, "expiring": 1, "expired": 1, "unknown": 2}
    assert figures.producers == 5
    assert figures.display_points == 3
    assert len(figures.provinces) == 34
    rows = {row.province.code: row for row in figures.provinces}
    assert (rows["15"].products, rows["15"].rated, rows["15"].producers, rows["15"].display_points) == (
        6,
        4,
        4,
        2,
    )
    assert (rows["01"].products, rows["01"].rated, rows["01"].producers, rows["01"].display_points) == (
        1,
        1,
        1,
        1,
    )
    assert sum(row.products for row in figures.provinces) == 7


def test_a_province_without_products_has_zeros_everywhere(catalogue):
    figures = statistics_figures(province=ref("04"))

    assert (figures.products, figures.rated, figures.unrated, figures.producers, figures.display_points) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert set(figures.statuses.values()) == {0}
    assert all(sector.products == 0 for sector in figures.sectors)


def test_provinces_are_in_vietnamese_alphabetical_order():
    names = [p.name for p in province_refs()]

    assert len(names) == 34
    # Đ sorts with D, not after Z.
    assert names.index("Đà Nẵng") < names.index("Gia Lai") < names.index("Hà Nội")
