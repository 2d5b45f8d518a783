"""The database search backend: price bands and range, typo tolerance and relevance, "near me",
suggestions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from search.backends.base import GeoPoint
from search.backends.db_geo import haversine_km
from tests.factories import (
    DisplayPointFactory,
    PartnerFactory,
    ProductFactory,
    StockRecordFactory,
    province,
    sellable_product,
)
from tests.search.helpers import counts, search, titles

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- price bands and range


def test_price_counts_fall_in_bands_and_an_unpriced_product_in_none(backend, priced):
    results = search(backend)

    assert counts(results, "price") == {"0-100000": 2, "100000-200000": 1, "1000000-": 1}
    assert [v.value for v in results.facets["price"]] == [
        "0-100000",
        "100000-200000",
        "200000-500000",
        "500000-1000000",
        "1000000-",
    ]


def test_the_lowest_stock_record_price_is_the_products_price(backend):
    product = sellable_product(title="Hai người bán", price=250000)
    StockRecordFactory(product=product, partner=PartnerFactory(), price=Decimal("95000"))

    results = search(backend, filters={"price": ("0-100000",)})

    assert titles(results) == ["Hai người bán"]
    assert counts(results, "price") == {"0-100000": 1}


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        (("0-100000",), {"Bánh đậu xanh", "Chưa xếp hạng"}),
        (("0-100000", "1000000-"), {"Bánh đậu xanh", "Chưa xếp hạng", "Sâm Ngọc Linh"}),
        (("200000-500000",), set()),
    ],
)
def test_price_bands_are_ored(backend, priced, bands, expected):
    results = search(backend, filters={"price": bands})

    assert set(titles(results)) == expected


def test_a_selected_price_band_keeps_the_other_bands_counts_and_narrows_the_stars(backend, priced):
    results = search(backend, filters={"price": ("0-100000",)})

    assert counts(results, "price") == {"0-100000": 2, "100000-200000": 1, "1000000-": 1}
    assert counts(results, "stars") == {"3": 1}


@pytest.mark.parametrize(
    ("price_min", "price_max", "expected"),
    [
        (45000, 180000, {"Bánh đậu xanh", "Chưa xếp hạng", "Cà phê Buôn Ma Thuột"}),
        (45001, None, {"Chưa xếp hạng", "Cà phê Buôn Ma Thuột", "Sâm Ngọc Linh"}),
        (None, 90000, {"Bánh đậu xanh", "Chưa xếp hạng"}),
        (0, 10**9, {"Bánh đậu xanh", "Chưa xếp hạng", "Cà phê Buôn Ma Thuột", "Sâm Ngọc Linh"}),
    ],
)
def test_a_price_range_is_inclusive_and_leaves_out_unpriced_products(
    backend, priced, price_min, price_max, expected
):
    results = search(backend, price_min=price_min, price_max=price_max)

    assert set(titles(results)) == expected


def test_a_price_range_narrows_every_facet_count(backend, priced):
    results = search(backend, price_min=100000, filters={"price": ("0-100000", "100000-200000")})

    assert titles(results) == ["Cà phê Buôn Ma Thuột"]
    assert counts(results, "price") == {"100000-200000": 1, "1000000-": 1}
    assert counts(results, "stars") == {"4": 1}


# ---------------------------------------------------------------- typos and relevance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nuoc mamm", ["Nước mắm Cần Giờ"]),  # an insertion
        ("nuc mam", []),  # three letters: no typo allowed
        ("mot ong", []),  # three letters: no typo allowed
        ("thia nguyen", ["Chè Thái Nguyên"]),  # a transposition
        ("thai nguyne", ["Chè Thái Nguyên"]),  # a transposition in the last word
        ("nguyen thau", ["Chè Thái Nguyên"]),  # a substitution
        ("hoa nhn", []),  # "nhn" is three letters: only a prefix or exact match
        ("mat ong hoa nhanh", ["Mật ong hoa nhãn"]),  # an insertion at the end
        ("thai ngiyan", []),  # two edits
    ],
)
def test_typos_of_one_edit_are_forgiven_in_words_of_four_letters_or_more(backend, shelf, text, expected):
    assert titles(search(backend, text=text)) == expected


def test_typo_tolerance_knows_words_saved_after_the_vocabulary_was_read(backend, shelf):
    assert search(backend, text="xoai").total == 0

    ProductFactory(title="Xoài cát Hòa Lộc")

    assert titles(search(backend, text="xaoi")) == ["Xoài cát Hòa Lộc"]


def test_an_exact_match_with_accents_ranks_before_folded_and_typo_matches(backend):
    older = timezone.now() - datetime.timedelta(days=5)
    ProductFactory(title="Banh mi Hội An", stars=5)
    ProductFactory(title="Bánh cốm Hà Nội", stars=3)
    ProductFactory(title="Bành trướng", stars=5)
    ProductFactory(title="Bánh pía Sóc Trăng", stars=4)
    Product.objects.filter(title="Bánh pía Sóc Trăng").update(date_created=older)
    ProductFactory(title="Bánh đa cua", stars=4)
    ProductFactory(title="Bình gốm Bát Tràng", stars=5)  # "binh" is one edit from "banh"

    assert titles(search(backend, text="bánh")) == [
        "Bánh đa cua",
        "Bánh pía Sóc Trăng",
        "Bánh cốm Hà Nội",
        "Bành trướng",  # folded matches: 5★, newest first
        "Banh mi Hội An",
        "Bình gốm Bát Tràng",  # a typo match
    ]
    assert titles(search(backend, text="BÁNH PÍA")) == ["Bánh pía Sóc Trăng"]
    assert titles(search(backend, text="banh"))[0] == "Banh mi Hội An"


# ---------------------------------------------------------------- near me

HANOI = GeoPoint(21.0285, 105.8542)


def point(name: str, lat: str | None, lon: str | None, products) -> None:
    DisplayPointFactory(
        name=name,
        latitude=Decimal(lat) if lat else None,
        longitude=Decimal(lon) if lon else None,
        products=products,
    )


@pytest.fixture
def stocked(shelf):
    """The tea 1.0 km from central Hà Nội and 63 km away; rice 5.7 km; honey only at a point
    without coordinates; fish sauce 1,143.5 km away, in Hồ Chí Minh City."""
    point("Hoàn Kiếm", "21.0285", "105.8642", [shelf["tea"]])
    point("Cầu Giấy", "21.0333", "105.8000", [shelf["rice"]])
    point("Thái Nguyên", "21.5942", "105.8482", [shelf["tea"]])
    point("Chưa rõ vị trí", None, None, [shelf["honey"]])
    point("Quận 1", "10.7769", "106.7009", [shelf["fish_sauce"]])
    return shelf


def test_near_me_keeps_products_stocked_within_the_radius(backend, stocked):
    results = search(backend, near=HANOI, radius_km=10)

    assert set(titles(results)) == {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}
    assert results.total == 2
    assert counts(results, "province") == {"01": 1, "15": 1}


def test_the_distance_sort_puts_the_nearest_first_with_the_distance_to_the_nearest_point(backend, stocked):
    results = search(backend, near=HANOI, radius_km=2000, sort="distance")

    assert titles(results) == ["Chè Thái Nguyên", "Gạo nếp cái hoa vàng", "Nước mắm Cần Giờ"]
    tea, rice, fish_sauce = stocked["tea"].pk, stocked["rice"].pk, stocked["fish_sauce"].pk
    assert results.distances == {tea: 1.0, rice: 5.7, fish_sauce: 1143.5}


def test_distances_come_with_any_sort_but_only_for_the_page(backend, stocked):
    results = search(backend, near=HANOI, radius_km=10, sort="newest", page_size=1)

    assert len(results.hits) == 1
    assert set(results.distances) == {results.hits[0].pk}


def test_without_near_the_distance_sort_is_relevance_and_there_are_no_distances(backend, stocked):
    results = search(backend, sort="distance")

    assert titles(results) == titles(search(backend))
    assert results.distances == {}


def test_nothing_is_near_within_a_tiny_radius(backend, stocked):
    results = search(backend, near=GeoPoint(16.05, 108.2), radius_km=5)

    assert (results.total, results.hits, results.distances) == (0, [], {})


def test_haversine_distance_between_hanoi_and_ho_chi_minh_city():
    assert round(haversine_km(GeoPoint(21.0285, 105.8542), GeoPoint(10.7769, 106.7009)), 1) == 1143.5
    assert haversine_km(HANOI, HANOI) == 0


# ---------------------------------------------------------------- suggestions


def suggested(backend, text: str, limit: int = 8) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in backend.suggest(text, limit)]


@pytest.mark.parametrize("text", ["mat on", "Mật ô", "MAT ONG HOA", "ong hoa"])
def test_suggests_product_titles_by_a_prefix_of_their_words(backend, shelf, text):
    assert suggested(backend, text) == [("product", "Mật ong hoa nhãn")]


def test_a_suggestion_carries_the_page_url(backend, shelf):
    honey, producer, province_ = (
        backend.suggest("mat ong")[0],
        backend.suggest("tra shan")[0],
        backend.suggest("thai ng")[-1],
    )

    assert honey.url == shelf["honey"].get_absolute_url()
    assert producer.url == shelf["tea"].producer.get_absolute_url()
    assert (province_.kind, province_.url) == ("province", province("19").get_absolute_url())


def test_products_come_first_then_producers_then_provinces_by_current_name_first(backend, shelf):
    ProductFactory(title="Trà Thái Nguyên", stars=5)
    PartnerFactory(name="HTX Chè Thái Hảo")

    assert suggested(backend, "thai") == [
        ("product", "Trà Thái Nguyên"),
        ("product", "Chè Thái Nguyên"),
        ("producer", "HTX Chè Thái Hảo"),
        ("province", "Thái Nguyên"),
        ("province", "Hưng Yên"),  # Thái Bình merged into it
    ]


def test_a_former_province_name_suggests_the_province_it_merged_into(backend, shelf):
    assert suggested(backend, "binh duo") == [("province", "TP. Hồ Chí Minh")]
    assert suggested(backend, "yen bai") == [("province", "Lào Cai")]


def test_suggestions_keep_a_share_for_each_kind_within_the_limit(backend):
    for n in range(6):
        ProductFactory(title=f"Hà Giang đặc sản {n}", stars=4)
    PartnerFactory(name="HTX Hà Giang Xanh")

    kinds = [kind for kind, _text in suggested(backend, "ha gia", limit=5)]

    assert kinds == ["product", "product", "product", "producer", "province"]
    assert suggested(backend, "ha gia", limit=8)[-1] == ("province", "Tuyên Quang")


def test_one_suggestion_per_title_and_none_for_a_word_in_the_middle_typed_wrongly(backend, shelf):
    ProductFactory(title="Mật ong hoa nhãn")

    assert suggested(backend, "mat") == [("product", "Mật ong hoa nhãn")]
    assert suggested(backend, "ong mat") == []
    assert suggested(backend, "   ") == []


def test_a_producer_saved_after_the_index_was_read_is_suggested(backend, shelf):
    assert suggested(backend, "sao vang") == []

    PartnerFactory(name="Hợp tác xã Sao Vàng")

    assert suggested(backend, "sao vang") == [("producer", "Hợp tác xã Sao Vàng")]
