"""What a Vietnamese shopper means, read the same by both backends (the `backend` fixture): a whole
word before a prefix, place names as phrases (current and former provinces), "N sao" as a star
filter, expired certificates last."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from catalog.models import ProvinceFormerName
from search.backends.base import SearchQuery
from search.facets import facet_choices
from search.forms import SearchForm
from tests.factories import ProductFactory, province

from .helpers import search, titles

pytestmark = pytest.mark.django_db


def former(name: str) -> ProvinceFormerName:
    return ProvinceFormerName.objects.get(name=name)


def form_query(text: str) -> SearchQuery:
    form = SearchForm(QueryDict(mutable=True) | {"q": text}, choices=facet_choices())
    return form.to_query(default_page_size=24)


# ---------------------------------------------------------------- a whole word before a prefix


@pytest.fixture
def tra(backend):
    """A tea (trà) with fewer stars than the pearls (ngọc trai) and the painting (tranh)."""
    ProductFactory(title="Ngọc trai Phú Quốc", stars=5, producer=None)
    ProductFactory(title="Trà Shan tuyết cổ thụ", stars=3, producer=None)
    ProductFactory(title="Tranh Đông Hồ", stars=5, producer=None)
    backend.refresh()


@pytest.mark.parametrize("text", ["tra", "Tra", "trà"])
def test_a_whole_word_ranks_before_words_it_only_begins(backend, tra, text):
    found = titles(search(backend, text=text))

    assert found[0] == "Trà Shan tuyết cổ thụ"
    assert sorted(found[1:]) == ["Ngọc trai Phú Quốc", "Tranh Đông Hồ"]


def test_the_last_word_still_finds_what_it_begins(backend, tra):
    assert titles(search(backend, text="ngoc tra")) == ["Ngọc trai Phú Quốc"]


# ---------------------------------------------------------------- places are phrases


def product_of(title: str, stars: int, code: str, certified_in: str | None = None):
    """A product of today's province `code`, certified in the former province `certified_in`."""
    old = former(certified_in) if certified_in else None
    return ProductFactory(title=title, stars=stars, province=province(code), province_old=old, producer=None)


@pytest.fixture
def places(backend):
    """Products of today's Gia Lai (former Bình Định and Gia Lai), today's Quảng Trị (former
    Quảng Bình and Quảng Trị), and one of Ninh Bình whose title has "Đinh" and "Bình" apart."""
    made = {
        "nem": product_of("Nem chua chợ Huyện", 3, "52", "Bình Định"),
        "coffee": product_of("Cà phê Pleiku", 5, "52", "Gia Lai"),
        "ninh_binh": product_of("Trà Đinh lăng Ninh Bình", 5, "37"),
        "khoai": product_of("Khoai deo", 3, "44", "Quảng Bình"),
        "pepper": product_of("Hồ tiêu Cồn Tiên", 5, "44", "Quảng Trị"),
    }
    backend.refresh()
    return made


@pytest.mark.parametrize("text", ["binh dinh", "Bình Định", "BINH DINH"])
def test_a_former_province_ranks_its_own_goods_first_and_is_not_scattered_over_titles(backend, places, text):
    # Not "Ninh Bình" + "Đinh lăng"; the goods certified in former Bình Định before the rest of Gia Lai.
    assert titles(search(backend, text=text)) == ["Nem chua chợ Huyện", "Cà phê Pleiku"]


def test_a_former_province_merged_into_another_comes_before_the_rest_of_it(backend, places):
    assert titles(search(backend, text="quang binh")) == ["Khoai deo", "Hồ tiêu Cồn Tiên"]


def test_a_current_province_name_finds_all_of_its_goods(backend, places):
    assert sorted(titles(search(backend, text="gia lai"))) == ["Cà phê Pleiku", "Nem chua chợ Huyện"]


def test_a_place_and_words_together(backend, places):
    assert titles(search(backend, text="nem binh dinh")) == ["Nem chua chợ Huyện"]
    assert titles(search(backend, text="ca phe quang binh")) == []


def test_the_former_province_is_in_the_search_text(places):
    assert " quang binh " in places["khoai"].search_text


# ---------------------------------------------------------------- "N sao" is a star rating


@pytest.fixture
def sauces(backend):
    ProductFactory(title="Nước mắm Phú Quốc", stars=5, producer=None)
    ProductFactory(title="Nước mắm Cửa Hội", stars=4, producer=None)
    ProductFactory(title="Chè búp Tân Cương", stars=4, producer=None)
    ProductFactory(title="Chè xanh", stars=3, producer=None)
    backend.refresh()


@pytest.mark.parametrize(
    ("text", "stars", "expected"),
    [
        ("nuoc mam 5 sao", ("5",), ["Nước mắm Phú Quốc"]),
        ("nước mắm 5*", ("5",), ["Nước mắm Phú Quốc"]),
        ("5 sao nuoc mam", ("5",), ["Nước mắm Phú Quốc"]),
        ("nuoc mam 4sao", ("4",), ["Nước mắm Cửa Hội"]),
        ("chè 4 sao", ("4",), ["Chè búp Tân Cương"]),
        ("5 sao", ("5",), ["Nước mắm Phú Quốc"]),
        ("5★", ("5",), ["Nước mắm Phú Quốc"]),
    ],
)
def test_n_sao_is_a_star_filter_on_the_rest_of_the_text(backend, sauces, text, stars, expected):
    query = form_query(text)
    results = backend.search(query)

    assert query.filters["stars"] == stars
    assert titles(results) == expected
    assert [v.value for v in results.facets["stars"] if v.selected] == list(stars)


# ---------------------------------------------------------------- expired certificates last


def test_an_expired_certificate_ranks_after_valid_ones_whatever_the_sort(backend):
    today = timezone.localdate()
    lapsed, valid = today - datetime.timedelta(days=1), today + datetime.timedelta(days=500)
    ProductFactory(title="Mật ong rừng", stars=5, expires_on=lapsed, producer=None)
    ProductFactory(title="Mật ong bạc hà", stars=3, expires_on=valid, producer=None)
    backend.refresh()

    for sort in ("relevance", "stars", "newest"):
        assert titles(search(backend, text="mat ong", sort=sort)) == ["Mật ong bạc hà", "Mật ong rừng"], sort
    assert titles(search(backend, text="mat ong rung")) == ["Mật ong rừng"]


# ---------------------------------------------------------------- the same facet counts


def test_both_backends_count_the_same_facets(db, search_alias):
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.indexing import index_rebuild
    from tests.factories import category, sellable_product

    today = timezone.localdate()
    for title, stars, code, set_code, price, days in [
        ("Trà Shan tuyết", 4, "08", "II.2.a", 150000, 400),
        ("Nước mắm Phú Quốc", 5, "91", "I.4.a", 95000, 30),
        ("Nước mắm Cửa Hội", 3, "40", "I.4.a", 120000, -3),
        ("Nem chua chợ Huyện", 3, "52", "I.3.a", 60000, 900),
        ("Mật ong bạc hà", 4, "08", "I.2.b", 650000, None),
        ("Ngọc trai Phú Quốc", 5, "91", "IV.1", 1500000, 200),
    ]:
        sellable_product(
            title=title,
            stars=stars,
            province=province(code),
            categories=[category(set_code)],
            price=price,
            expires_on=today + datetime.timedelta(days=days) if days is not None else None,
            certified_on=None,
        )
    assert index_rebuild(alias=search_alias).bulk.failed == 0
    database, elasticsearch = DatabaseBackend(), ElasticsearchBackend(index=search_alias)
    queries = [
        SearchQuery(),
        SearchQuery(text="nuoc mam"),
        SearchQuery(text="phu quoc"),
        SearchQuery(text="tra"),
        SearchQuery(text="binh dinh"),
        SearchQuery(filters={"stars": ("5", "4")}),
        SearchQuery(text="nuoc", filters={"price": ("0-100000",), "status": ("expired", "valid")}),
        form_query("nuoc mam 5 sao"),
    ]
    for query in queries:
        expected, got = database.search(query), elasticsearch.search(query)
        assert (got.total, got.facets) == (expected.total, expected.facets), query
