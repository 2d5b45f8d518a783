"""The OCOP badge on every product page and card: stars while valid, "certificate expired" after."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import DisplayPointFactory, PartnerFactory, sellable_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods():
    today = timezone.localdate()
    producer = PartnerFactory(name="HTX Chè Suối Giàng")
    valid = sellable_product(
        title="Chè Shan tuyết",
        stars=4,
        producer=producer,
        certified_on=None,
        expires_on=today + datetime.timedelta(days=400),
    )
    expired = sellable_product(
        title="Chè búp khô",
        stars=5,
        producer=producer,
        certified_on=None,
        expires_on=today - datetime.timedelta(days=1),
    )
    point = DisplayPointFactory(products=[valid, expired])
    return {"valid": valid, "expired": expired, "producer": producer, "point": point}


def card_of(html: str, title: str) -> str:
    """The product card holding `title`."""
    start = html.rindex('<article class="product-card"', 0, html.index(title))
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize("page", ["/catalogue/", "/search/?q=che", "stall", "point"])
def test_every_card_shows_stars_while_valid_and_expired_after(client, goods, page):
    url = {"stall": goods["producer"].get_absolute_url(), "point": goods["point"].get_absolute_url()}.get(
        page, page
    )

    html = client.get(url).content.decode()

    valid, expired = card_of(html, "Chè Shan tuyết"), card_of(html, "Chè búp khô")
    assert "star-badge" in valid and 'data-certificate="expired"' not in valid
    assert "star-badge" not in expired and 'data-certificate="expired"' in expired


def test_product_page_of_an_expired_certificate_shows_no_stars(client, goods):
    html = client.get(goods["expired"].get_absolute_url()).content.decode()

    assert 'data-certificate="expired"' in html
    assert "star-badge__stars" not in html.split('id="product-title"')[1].split("</dl>")[0]


def test_listing_puts_the_expired_product_after_the_valid_one(client, goods):
    html = client.get("/catalogue/?sort=stars").content.decode()

    assert html.index("Chè Shan tuyết") < html.index("Chè búp khô")
