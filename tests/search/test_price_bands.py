"""Price bands at their edges, the same on both backends (the `backend` fixture): a band includes
its lowest price and excludes its highest, and a product counts by its lowest stock record price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from search.facets import PRICE_BANDS
from tests.factories import PartnerFactory, ProductFactory, StockRecordFactory, sellable_product

from .helpers import counts, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def edges(backend):
    for price in (99_999, 100_000, 199_999, 200_000, 999_999, 1_000_000):
        sellable_product(title=f"Sản phẩm giá {price}", price=price)
    two_offers = sellable_product(title="Hai nơi bán", price=250_000)
    StockRecordFactory(product=two_offers, partner=PartnerFactory(), price=Decimal("90000"))
    ProductFactory(title="Chưa có giá")
    backend.refresh()
    return backend


EXPECTED = {
    "0-100000": 2,  # 99.999 ₫ and the 90.000 ₫ offer of the product also sold at 250.000 ₫
    "100000-200000": 2,
    "200000-500000": 1,
    "500000-1000000": 1,
    "1000000-": 1,
}


def test_each_band_counts_its_lowest_price_and_not_its_highest(edges):
    assert counts(search(edges), "price") == EXPECTED


@pytest.mark.parametrize("band", [value for value, _low, _high in PRICE_BANDS])
def test_a_band_selected_lists_as_many_products_as_it_counts(edges, band):
    results = search(edges, filters={"price": (band,)})

    assert results.total == EXPECTED[band]
    # Disjunctive: the price facet still counts every band with its own selection ignored.
    assert counts(results, "price") == EXPECTED
