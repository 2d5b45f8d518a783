"""The database backend's total, facet counts and pages come from the shared cache until the
catalogue changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from catalog.signals import products_imported
from search.backends.base import GeoPoint, SearchQuery
from search.backends.db_cache import summary_key
from search.catalogue_version import catalogue_version
from search.receivers import search_updates_paused
from tests.factories import PartnerFactory, category, province, sellable_product

from ..helpers import counts, search, slug

Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def stall():
    """One enterprise's tea (4 stars, Thái Nguyên, 150.000 ₫) and honey (5 stars, Hà Nội, 95.000 ₫)."""
    producer = PartnerFactory(kind="enterprise", province=province("15"))
    tea = sellable_product(
        title="Chè Thái Nguyên",
        price=150000,
        stars=4,
        province=province("15"),
        producer=producer,
        categories=[category("II.2.a")],
    )
    honey = sellable_product(
        title="Mật ong hoa nhãn",
        price=95000,
        stars=5,
        province=province("01"),
        producer=producer,
        categories=[category("I.2.b")],
    )
    return {"producer": producer, "tea": tea, "honey": honey}


def queries_of(backend, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        search(backend, **query)
    return len(captured)


def test_a_second_request_reads_the_counts_from_the_cache(backend, stall):
    cold = queries_of(backend, filters={"stars": ("4",)})
    warm = queries_of(backend, filters={"stars": ("4",)})

    # The total and the counts (the shared conditional counts, categories, price bands) come cached.
    assert cold - warm >= 4
    assert counts(search(backend, filters={"stars": ("4",)}), "stars") == {"4": 1, "5": 1}


def test_another_page_of_the_same_query_reuses_its_total_and_counts(backend, stall):
    first = queries_of(backend, page_size=1)
    second = queries_of(backend, page_size=1, page=2)
    results = search(backend, page_size=1, page=2)

    assert first - second >= 3
    assert (results.total, counts(results, "stars")) == (2, {"4": 1, "5": 1})
    assert [p.title for p in results.hits] == ["Chè Thái Nguyên"]  # relevance: stars, then newest


def test_page_sort_and_the_order_of_values_share_one_summary(stall):
    first = SearchQuery(text="chè  ", filters={"stars": ("5", "4")}, sort="price_asc", page=1)
    second = SearchQuery(text=" chè", filters={"stars": ("4", "5", "4"), "province": ()}, page=3)

    assert summary_key(first) == summary_key(second)


@pytest.mark.parametrize(
    "other",
    [
        SearchQuery(text="mật"),
        SearchQuery(filters={"stars": ("5",)}),
        SearchQuery(scope={"producer": ("X",)}),
        SearchQuery(price_min=100000),
        SearchQuery(price_max=100000),
        SearchQuery(near=GeoPoint(21.0, 105.8)),
        SearchQuery(near=GeoPoint(21.0, 105.8), radius_km=10),
    ],
)
def test_what_the_counts_depend_on_is_in_the_key(other):
    assert summary_key(SearchQuery()) != summary_key(other)


def test_a_product_saved_shows_in_the_next_counts(backend, stall):
    assert counts(search(backend), "stars") == {"4": 1, "5": 1}
    stall["tea"].stars = 5
    stall["tea"].save()

    assert counts(search(backend), "stars") == {"5": 2}


def test_a_stock_record_price_changed_shows_in_the_next_counts(backend, stall):
    assert counts(search(backend), "price") == {"0-100000": 1, "100000-200000": 1}
    record = StockRecord.objects.get(product=stall["tea"])
    record.price = Decimal("99999")
    record.save()

    assert counts(search(backend), "price") == {"0-100000": 2}


def test_a_category_link_added_shows_in_the_next_counts(backend, stall):
    assert counts(search(backend), "category").get(slug("I.2.b")) == 1
    stall["tea"].categories.add(category("I.2.b"))

    assert counts(search(backend), "category").get(slug("I.2.b")) == 2


def test_a_producer_changed_shows_in_the_next_counts(backend, stall):
    assert counts(search(backend), "producer_type") == {"enterprise": 2}
    stall["producer"].kind = "household"
    stall["producer"].save()
    assert counts(search(backend), "producer_type") == {"household": 2}

    stall["producer"].status = "pending"  # a stall awaiting approval lists nothing
    stall["producer"].save()
    assert counts(search(backend), "producer_type") == {}


def test_a_province_saved_bumps_the_version(stall):
    before = catalogue_version()
    Province.objects.get(code="15").save()

    assert catalogue_version() != before


def test_a_product_moved_to_another_province_shows_in_the_next_counts(backend, stall):
    assert counts(search(backend), "province") == {"01": 1, "15": 1}
    stall["tea"].province = province("01")
    stall["tea"].save()

    assert counts(search(backend), "province") == {"01": 2}


def test_a_bulk_load_bumps_the_version_when_it_ends():
    before = catalogue_version()
    with search_updates_paused():
        Product.objects.update(stars=3)  # bulk writes send no signals

    assert catalogue_version() != before


def test_an_import_bumps_the_version_after_its_writes(backend, stall):
    assert counts(search(backend), "stars") == {"4": 1, "5": 1}
    Product.objects.filter(pk=stall["tea"].pk).update(stars=3)  # as an importer's bulk_update
    products_imported.send(sender=Product, product_ids=[stall["tea"].pk], producer_ids=[])

    assert counts(search(backend), "stars") == {"3": 1, "5": 1}
