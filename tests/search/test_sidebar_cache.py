"""Listing fragments kept in the cache: the filter sidebar (per address, language and facet counts)
and each product card (per catalogue version, language and position)."""

from __future__ import annotations

import pytest

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
