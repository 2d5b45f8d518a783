"""Listing fragments kept in the cache: the filter sidebar (per address, language and facet counts),
the grid of cards (per page of products, language and catalogue version) and each product card (per
catalogue version, language and position)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import sellable_product

pytestmark = pytest.mark.django_db

SIDEBAR = "components/facets.html"


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def sidebar(response) -> str:
    html = response.content.decode()
    return html[html.index('<aside class="listing__sidebar"') : html.index("</aside>")]


def five_star_count(response) -> int:
    return next(value.count for value in response.context["facets"]["stars"] if value.value == "5")


def test_the_same_listing_reuses_its_sidebar_and_a_new_product_renders_it_again(client):
    sellable_product(title="Mật ong hoa nhãn", stars=5)
    first = client.get("/catalogue/")
    again = client.get("/catalogue/")
    sellable_product(title="Chè Shan tuyết", stars=5)
    after = client.get("/catalogue/")

    assert (SIDEBAR in rendered(first), SIDEBAR in rendered(again), SIDEBAR in rendered(after)) == (
        True,
        False,
        True,
    )
    assert sidebar(again) == sidebar(first)  # the page's nonce differs, the sidebar does not
    assert (five_star_count(first), five_star_count(after)) == (1, 2)
    assert 'name="stars" value="5"' in after.content.decode()


def test_each_language_and_each_address_has_its_own_sidebar(client):
    sellable_product(title="Mật ong hoa nhãn", stars=5)
    vietnamese = client.get("/catalogue/").content.decode()
    english = client.get("/catalogue/?lang=en").content.decode()
    filtered = client.get("/catalogue/?stars=5").content.decode()

    assert "Lọc sản phẩm" in vietnamese and "Filter products" not in vietnamese
    assert "Filter products" in english
    assert 'name="stars" value="5" checked' in filtered
    assert 'value="5" checked' not in vietnamese


def test_product_cards_are_kept_until_the_product_changes(client):
    honey = sellable_product(title="Mật ong hoa nhãn", stars=5)
    first = client.get("/catalogue/")
    again = client.get("/catalogue/")
    honey.title = "Mật ong hoa nhãn Khoái Châu"
    honey.save()
    after = client.get("/catalogue/")

    badge = "components/ocop_badge.html"
    assert (badge in rendered(first), badge in rendered(again), badge in rendered(after)) == (
        True,
        False,
        True,
    )
    assert "Mật ong hoa nhãn Khoái Châu" in after.content.decode()
    assert 'loading="eager" fetchpriority="high"' in again.content.decode()


def product_queries(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if '"catalogue_product"' in query["sql"]]


def test_a_listing_whose_grid_is_kept_loads_no_product(client):
    for title in ("Mật ong hoa nhãn", "Chè Shan tuyết", "Nước mắm Phú Quốc"):
        sellable_product(title=title, stars=4)
    client.get("/catalogue/")
    with CaptureQueriesContext(connection) as again:
        page = client.get("/catalogue/").content.decode()

    assert product_queries(again) == []
    titles = ("Mật ong hoa nhãn", "Chè Shan tuyết", "Nước mắm Phú Quốc")
    assert [title in page for title in titles] == [True] * 3


def test_each_page_and_each_language_has_its_own_grid_and_a_price_change_renders_it_again(client, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 1
    honey = sellable_product(title="Mật ong hoa nhãn", stars=5, price=125_000)
    sellable_product(title="Chè Shan tuyết", stars=4)
    first_page = client.get("/catalogue/?sort=stars").content.decode()
    second_page = client.get("/catalogue/?sort=stars&page=2").content.decode()
    english = client.get("/catalogue/?sort=stars&lang=en").content.decode()
    record = honey.stockrecords.get()
    record.price = 99_000
    record.save()
    after = client.get("/catalogue/?sort=stars").content.decode()

    assert ("Mật ong hoa nhãn" in first_page, "Chè Shan tuyết" in first_page) == (True, False)
    assert ("Mật ong hoa nhãn" in second_page, "Chè Shan tuyết" in second_page) == (False, True)
    assert ("<dt>Producer</dt>" in english, "<dt>Producer</dt>" in first_page) == (True, False)
    assert ("125.000" in first_page, "125.000" in after, "99.000" in after) == (True, False, True)
