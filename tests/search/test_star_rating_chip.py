""" "nuoc mam 5 sao" on the listing pages and the API: the rating becomes a removable star filter."""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from search.query_text import star_rating
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
STAR_CHIP = re.compile(r'data-chip="stars" data-chip-value="([^"]*)" href="([^"]*)"')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nuoc mam 5 sao", ("nuoc mam", ("5",))),
        ("Chè 4 SAO", ("Chè", ("4",))),
        ("5*", ("", ("5",))),
        ("mật ong 3★ rừng", ("mật ong rừng", ("3",))),
        ("4 sao 5 sao", ("", ("4", "5"))),
        # Not a rating: another number, a number within a word or a decimal, no "sao".
        ("2 sao", ("2 sao", ())),
        ("15 sao", ("15 sao", ())),
        ("1.5 sao", ("1.5 sao", ())),
        ("sao 5", ("sao 5", ())),
        ("5 saoxyz", ("5 saoxyz", ())),
    ],
)
def test_star_rating_reads_n_sao(text, expected):
    assert star_rating(text) == expected


@pytest.fixture
def sauces():
    ProductFactory(title="Nước mắm Phú Quốc", stars=5, producer=None)
    ProductFactory(title="Nước mắm Cửa Hội", stars=4, producer=None)


def test_the_page_moves_the_rating_to_a_removable_star_chip(client, sauces):
    response = client.get("/search/", {"q": "nuoc mam 5 sao"})

    assert response.status_code == 302
    moved = urlsplit(response["Location"])
    assert parse_qs(moved.query) == {"q": ["nuoc mam"], "stars": ["5"]}

    page = client.get(response["Location"]).content.decode()
    chips = STAR_CHIP.findall(page)
    assert [value for value, _href in chips] == ["5"]
    assert "Nước mắm Phú Quốc" in page
    assert "Nước mắm Cửa Hội" not in page

    removed = client.get("/search/" + html.unescape(chips[0][1]))
    assert removed.status_code == 200
    assert not STAR_CHIP.findall(removed.content.decode())
    assert "Nước mắm Cửa Hội" in removed.content.decode()


def test_the_api_reads_the_rating_and_marks_it_selected(client, sauces):
    response = client.get("/api/search/", {"q": "nước mắm 5 sao"})

    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body["results"]] == ["Nước mắm Phú Quốc"]
    assert [value["value"] for value in body["facets"]["stars"] if value["selected"]] == ["5"]


def test_an_expired_product_card_shows_no_star_badge(client):
    today = timezone.localdate()
    lapsed = today - datetime.timedelta(days=1)
    ProductFactory(title="Mật ong rừng", stars=5, expires_on=lapsed, producer=None)

    page = client.get("/search/", {"q": "mat ong"}).content.decode()

    assert page.count('class="product-card"') == 1
    assert 'class="star-badge' not in page
    assert 'data-certificate="expired"' in page


def test_a_search_with_a_place_and_a_rating_stays_within_the_list_page_queries(
    client, django_assert_max_num_queries
):
    from catalog.models import ProvinceFormerName
    from tests.factories import province, sellable_product

    binh_dinh = ProvinceFormerName.objects.get(name="Bình Định")
    for n in range(50):
        sellable_product(title=f"Nem chua số {n}", stars=5, province=province("52"), province_old=binh_dinh)
    url = "/search/?q=nem+binh+dinh&stars=5"
    client.get(url)  # warm the per-process caches (content types, place names) as on a running site

    for size in (12, 48):
        with django_assert_max_num_queries(16):  # tests/shop/test_queries.py LIST_PAGE_QUERIES
            response = client.get(f"{url}&page_size={size}")
        assert len(response.context["products"]) == size
