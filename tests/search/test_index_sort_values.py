"""Values prepared at index time for sorting and counting give the order and counts of what they
replace: the text prefixes sort as the text, the range aggregations count as the named filters."""

from __future__ import annotations

import datetime

import pytest
from elasticsearch_dsl import Q

from search.backends.elasticsearch import range_counts
from search.documents import sort_prefix, stars_sort
from search.facets import price_band_filters, status_filters

TEXTS = [
    "",
    "a",
    "mat ong",
    "mat ong hoa nhan",
    "mat ong hoa nhan 2",
    "mat ong rung",
    "mật",
    "tra",
    "tra shan",
    "z" * 40,
]


def test_sort_prefix_orders_texts_as_their_bytes():
    by_prefixes = sorted(TEXTS, key=lambda text: (sort_prefix(text), text.encode()))

    assert by_prefixes == sorted(TEXTS, key=str.encode)


def test_price_bands_count_as_one_range_aggregation():
    kind, ranged, missing = range_counts(price_band_filters())

    assert (kind, missing, ranged["field"]) == ("range", None, "price")
    assert ranged["ranges"][0] == {"key": "0-100000", "from": 0, "to": 100_000}
    assert ranged["ranges"][-1] == {"key": "1000000-", "from": 1_000_000}


def test_certificate_statuses_count_as_date_ranges_and_a_missing_count(settings):
    settings.OCOP_EXPIRING_DAYS = 90
    today = datetime.date(2026, 3, 1)

    kind, ranged, missing = range_counts(status_filters(today))

    assert (kind, missing, ranged["field"]) == ("date_range", "unknown", "expires_on")
    assert ranged["ranges"] == [
        {"key": "valid", "from": "2026-05-31"},  # after the last expiring day, 30 May
        {"key": "expiring", "from": "2026-03-01", "to": "2026-05-31"},
        {"key": "expired", "to": "2026-03-01"},
    ]


@pytest.mark.parametrize(
    "filters",
    [
        {"a": Q("range", price={"gte": 1}), "b": Q("term", stars=5)},
        {"a": Q("range", price={"gt": 1})},  # not whole days: no exclusive bound to convert
        {"a": Q("range", price={"gte": 1}), "b": Q("range", stars={"gte": 1})},
    ],
)
def test_other_filters_are_counted_one_by_one(filters):
    assert range_counts(filters) is None


def test_stars_sort_orders_by_stars_then_text_with_products_without_stars_last():
    products = [(stars, text) for stars in (5, 3, None, 4) for text in TEXTS]
    by_key = sorted(products, key=lambda p: (stars_sort(p[0], p[1]), p[1].encode()))

    assert by_key == sorted(products, key=lambda p: (p[0] is None, -(p[0] or 0), p[1].encode()))
    assert 0 < stars_sort(None, "\U0010ffff" * 10) < 2**63  # a positive signed long
