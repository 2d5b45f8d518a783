"""Query counts per page: a list page costs the same number of queries whatever its length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.test.factories import ProductImageFactory

from tests.factories import (
    DisplayPointFactory,
    PartnerFactory,
    ProductFactory,
    category,
    province,
    sellable_product,
)

pytestmark = pytest.mark.django_db

# The most queries any list page may take (the province page takes the most: its producers and
# display points besides the listing). Every list page asserts this same bound for 12 and for
# 48 items, and that both counts are equal: no query per item.
LIST_PAGE_QUERIES = 16
# The product page: its own, its reviews (one query when there are none) and the two rows of
# neighbouring products (one query and the card prefetches).
PRODUCT_PAGE_QUERIES = 17


@pytest.fixture
def shelf():
    """60 products of 4 producers in 2 provinces and 3 product sets; every other one with an image."""
    producers = [
        PartnerFactory(name=f"HTX số {n}", kind=kind, province=province(code))
        for n, (kind, code) in enumerate(
            [("cooperative", "01"), ("enterprise", "01"), ("household", "15"), ("cooperative_group", "15")]
        )
    ]
    sets = [category("I.2.b"), category("I.4.a"), category("II.2.a")]
    products = []
    for n in range(60):
        producer = producers[0] if n < 50 else producers[n % 4]
        product = sellable_product(
            title=f"Chè đặc sản số {n}",
            price=50000 + 1000 * n,
            stars=(3, 4, 5)[n % 3],
            producer=producer,
            province=producer.province,
            categories=[sets[n % 3], sets[(n + 1) % 3]],
        )
        if n % 2:
            ProductImageFactory(product=product)
        products.append(product)
    return {"producers": producers, "products": products}


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, url: str, bound: int) -> None:
    separator = "&" if "?" in url else "?"
    client.get(url)  # Warm per-process caches (content types, category paths) like a running site.
    with django_assert_max_num_queries(bound):
        small = client.get(f"{url}{separator}page_size=12")
    with django_assert_max_num_queries(bound):
        large = client.get(f"{url}{separator}page_size=48")
    assert (small.status_code, large.status_code) == (200, 200)
    assert (len(small.context["products"]), len(large.context["products"])) == (12, 48)
    assert queries_for(client, f"{url}{separator}page_size=12") == queries_for(
        client, f"{url}{separator}page_size=48"
    )


def test_catalogue_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries, shelf):
    assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, "/catalogue/", LIST_PAGE_QUERIES)


def test_filtered_catalogue_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries, shelf):
    url = "/catalogue/?stars=3&stars=4&stars=5&province=01&province=15&status=valid&sort=price_desc"
    assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, url, LIST_PAGE_QUERIES)


def test_category_page_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries, shelf):
    url = category("I").get_absolute_url()
    assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, url, LIST_PAGE_QUERIES)


def test_province_page_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries, shelf):
    DisplayPointFactory(province=province("01"))
    url = "/catalogue/provinces/ha-noi/"
    assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, url, LIST_PAGE_QUERIES)


def test_stall_page_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries, shelf):
    url = shelf["producers"][0].get_absolute_url()
    assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, url, LIST_PAGE_QUERIES)


def test_search_page_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries, shelf):
    url = "/search/?q=che+dac+san"
    assert_same_queries_for_12_and_48(client, django_assert_max_num_queries, url, LIST_PAGE_QUERIES)


def test_display_point_list_queries_do_not_grow_with_the_number_of_points(
    client, django_assert_max_num_queries
):
    for n in range(5):
        DisplayPointFactory(province=province(("01", "15", "79")[n % 3]))
    client.get("/display-points/")
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        few = queries_for(client, "/display-points/")

    for n in range(40):
        DisplayPointFactory(province=province(("01", "15", "79", "48")[n % 4]))
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        many = queries_for(client, "/display-points/")

    assert few == many


def test_display_point_page_queries_do_not_grow_with_its_products(
    client, django_assert_max_num_queries, shelf
):
    few = DisplayPointFactory(products=shelf["products"][:3])
    many = DisplayPointFactory(products=shelf["products"][:48])
    client.get(few.get_absolute_url())

    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        few_count = queries_for(client, few.get_absolute_url())
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        many_count = queries_for(client, many.get_absolute_url())

    assert few_count == many_count


def test_product_page_queries_are_bounded(client, django_assert_max_num_queries, shelf):
    product = shelf["products"][1]
    for _ in range(3):
        ProductImageFactory(product=product)
    DisplayPointFactory.create_batch(4, products=[product])
    client.get(product.get_absolute_url())

    with django_assert_max_num_queries(PRODUCT_PAGE_QUERIES):
        response = client.get(product.get_absolute_url())

    assert response.status_code == 200


def test_home_page_queries_do_not_grow_with_featured_products(client, django_assert_max_num_queries):
    for n in range(3):
        sellable_product(title=f"Năm sao {n}", stars=5)
    client.get("/")
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        few = queries_for(client, "/")

    for n in range(10):
        product = ProductFactory(title=f"Năm sao thêm {n}", stars=5)
        ProductImageFactory(product=product)
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        many = queries_for(client, "/")

    assert few == many
