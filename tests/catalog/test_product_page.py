"""The product page's choices: more from the producer, similar products (same product set, then
same province), the image gallery and the phone buy bar."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.test.factories import ProductImageFactory

from catalog.selectors import product_neighbours
from tests.factories import PartnerFactory, ProductFactory, category, province, sellable_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey():
    producer = PartnerFactory(name="HTX Mật ong Bắc Hà", province=province("15"))
    return sellable_product(
        title="Mật ong bạc hà", producer=producer, province=province("15"), categories=[category("I.2.b")]
    )


def titles(products) -> list[str]:
    return [product.title for product in products]


def test_more_from_this_producer_lists_its_other_browsable_products_best_rated_first(honey):
    ProductFactory(title="Mật ong 3 sao", producer=honey.producer, stars=3)
    ProductFactory(title="Mật ong 5 sao", producer=honey.producer, stars=5)
    ProductFactory(title="Mật ong ẩn", producer=honey.producer, is_public=False)

    assert titles(product_neighbours(product=honey).from_producer) == ["Mật ong 5 sao", "Mật ong 3 sao"]


def test_similar_products_come_from_the_same_product_set_then_the_same_province(honey):
    other = PartnerFactory(province=province("01"))
    ProductFactory(
        title="Cùng tỉnh",
        producer=PartnerFactory(province=province("15")),
        province=province("15"),
        categories=[category("II.2.a")],
        stars=5,
    )
    ProductFactory(
        title="Cùng bộ", producer=other, province=province("01"), categories=[category("I.2.b")], stars=3
    )
    ProductFactory(title="Khác hẳn", producer=other, province=province("01"), categories=[category("II.2.a")])
    ProductFactory(
        title="Gian chờ duyệt", producer=PartnerFactory(status="pending"), categories=[category("I.2.b")]
    )
    ProductFactory(title="Không công khai", producer=other, categories=[category("I.2.b")], is_public=False)
    ProductFactory(title="Cùng chủ thể", producer=honey.producer, categories=[category("I.2.b")])

    neighbours = product_neighbours(product=honey)

    assert titles(neighbours.similar) == ["Cùng bộ", "Cùng tỉnh"]
    assert titles(neighbours.from_producer) == ["Cùng chủ thể"]


def test_each_row_shows_at_most_four_cards(honey):
    for n in range(6):
        ProductFactory(title=f"Của chủ thể {n}", producer=honey.producer)
        ProductFactory(title=f"Cùng bộ {n}", categories=[category("I.2.b")], province=province("01"))

    neighbours = product_neighbours(product=honey)

    assert (len(neighbours.from_producer), len(neighbours.similar)) == (4, 4)


def test_product_page_shows_both_rows_as_cards(client, honey):
    ProductFactory(title="Sáp ong", producer=honey.producer)
    ProductFactory(title="Mật ong rừng", categories=[category("I.2.b")], province=province("01"))

    html = client.get(honey.get_absolute_url()).content.decode()

    producer_row = html[html.index('id="producer-products"') : html.index('id="similar-products"')]
    assert "Sáp ong" in producer_row and "Mật ong rừng" not in producer_row
    assert "Mật ong rừng" in html[html.index('id="similar-products"') :]


def test_product_page_queries_do_not_grow_with_neighbours_or_reviews(
    client, honey, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(honey.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    ProductFactory(producer=honey.producer)
    ProductFactory(categories=[category("I.2.b")], province=province("01"))
    client.get(honey.get_absolute_url())
    few = count()
    for _ in range(6):
        ProductImageFactory(product=ProductFactory(producer=honey.producer))
        ProductImageFactory(product=ProductFactory(categories=[category("I.2.b")], province=province("01")))

    with django_assert_max_num_queries(few):
        client.get(honey.get_absolute_url())


def test_gallery_shows_every_image_as_a_thumbnail_that_links_to_it(client, honey):
    for caption in ["Hũ 500 g", "Tổ ong", ""]:
        ProductImageFactory(product=honey, caption=caption)

    html = client.get(honey.get_absolute_url()).content.decode()

    thumbs = re.findall(
        r'<a class="gallery-thumb" href="([^"]+)" data-gallery-thumb data-alt="([^"]*)"', html
    )
    assert [alt for _, alt in thumbs] == ["Hũ 500 g", "Tổ ong", "Mật ong bạc hà"]
    assert all(href.startswith("/media/") for href, _ in thumbs)
    assert html.count('aria-current="true"') == 1
    assert 'src="/static/js/gallery.js"' in html


def test_a_single_image_has_no_thumbnails(client, honey):
    ProductImageFactory(product=honey, caption="Hũ 500 g")

    html = client.get(honey.get_absolute_url()).content.decode()

    assert 'alt="Hũ 500 g"' in html
    assert "data-gallery-thumb" not in html


def test_phone_buy_bar_submits_the_buy_box_form(client, honey):
    html = client.get(honey.get_absolute_url()).content.decode()

    add_url = reverse("basket:add", kwargs={"pk": honey.pk})
    assert html.count(f'action="{add_url}"') == 1
    assert 'id="buy-box-form"' in html
    assert re.search(r'<div class="buy-bar" id="buy-bar">.*?form="buy-box-form"', html, re.S)


def test_no_buy_bar_when_the_product_is_not_sold_online(client):
    product = ProductFactory()

    html = client.get(product.get_absolute_url()).content.decode()

    assert 'id="buy-bar"' not in html
