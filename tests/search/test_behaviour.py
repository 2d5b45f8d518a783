"""What a shopper gets from search, whichever backend answers: each test runs against the database
and against Elasticsearch (the `backend` fixture), which must agree. Text, facets, scope and price."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from search.facets import facet_choices
from tests.factories import ProductFactory, province

from .helpers import counts, search, slug, titles

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- text


def test_no_text_finds_every_browsable_product(backend, shelf):
    ProductFactory(title="Sản phẩm ẩn", is_public=False)
    backend.refresh()

    results = search(backend)

    assert results.total == 5
    assert sorted(titles(results)) == sorted(product.title for product in shelf.values())


@pytest.mark.parametrize(
    "text", ["che thai nguyen", "Chè Thái Nguyên", "CHÈ THÁI NGUYÊN", "CHE THAI NGUYEN", "chè THAI"]
)
def test_text_ignores_accents_and_case(backend, shelf, text):
    assert titles(search(backend, text=text)) == ["Chè Thái Nguyên"]


def test_every_word_of_the_text_must_match(backend, shelf):
    assert titles(search(backend, text="mật ong")) == ["Mật ong hoa nhãn"]
    assert search(backend, text="mật cá").total == 0


@pytest.mark.parametrize(
    ("text", "expected"), [("mật o", "Mật ong hoa nhãn"), ("nuoc m", "Nước mắm Cần Giờ")]
)
def test_the_last_word_also_matches_as_a_prefix(backend, shelf, text, expected):
    assert titles(search(backend, text=text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kinh doanh", {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}),
        ("Trà Shan Tuyết", {"Chè Thái Nguyên"}),
        ("hà nội", {"Mật ong hoa nhãn", "Gạo nếp cái hoa vàng"}),
    ],
)
def test_text_finds_producer_and_province_names(backend, shelf, text, expected):
    assert set(titles(search(backend, text=text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yen bai", {"Chè Thái Nguyên"}),  # Yên Bái merged into Lào Cai (15)
        ("Bình Dương", {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}),  # into TP. Hồ Chí Minh (79)
        ("Bắc Giang", {"Vải thiều Lục Ngạn"}),  # into Bắc Ninh (24)
    ],
)
def test_a_former_province_name_finds_products_of_the_province_it_merged_into(backend, shelf, text, expected):
    ProductFactory(title="Vải thiều Lục Ngạn", province=province("24"))
    backend.refresh()

    assert set(titles(search(backend, text=text))) == expected


@pytest.mark.parametrize(("text", "first"), [("bánh", "Bánh gai Ninh Giang"), ("bành", "Chè lam bà Bành")])
def test_a_match_with_the_accents_as_typed_ranks_first(backend, text, first):
    # The other product has more stars and is newer: only the accents can put `first` first.
    ProductFactory(title="Bánh gai Ninh Giang", stars=3)
    ProductFactory(title="Chè lam bà Bành", stars=5)
    backend.refresh()

    results = search(backend, text=text)

    assert results.total == 2
    assert titles(results)[0] == first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thai nguyem", ["Chè Thái Nguyên"]),  # one letter replaced
        ("che thai ngyen", ["Chè Thái Nguyên"]),  # one letter missing
        ("gao nep cai hoa vangg", ["Gạo nếp cái hoa vàng"]),  # one letter too many
        ("mat ong hoa nham", ["Mật ong hoa nhãn"]),  # a 4-letter word takes one edit
        ("thai nguxxn", []),  # two edits are too many
        ("mot ong", []),  # a 3-letter word takes none
        ("mật onh", []),
    ],
)
def test_one_typo_is_forgiven_in_words_of_four_letters_or_more(backend, shelf, text, expected):
    assert titles(search(backend, text=text)) == expected


def test_no_match_is_an_empty_first_page(backend, shelf):
    results = search(backend, text="không tồn tại")

    assert (results.hits, results.total, results.num_pages) == ([], 0, 1)


# ---------------------------------------------------------------- facets


def test_every_facet_counts_every_value_in_vocabulary_order(backend, shelf):
    results = search(backend)

    choices = facet_choices()
    for name, values in results.facets.items():
        assert [(v.value, v.label, v.depth) for v in values] == choices[name]
        assert not any(v.selected for v in values)
    assert counts(results, "stars") == {"5": 1, "4": 2, "3": 1}
    assert counts(results, "province") == {"01": 2, "15": 1, "79": 2}
    assert counts(results, "producer_type") == {"cooperative": 2, "enterprise": 1, "household": 2}
    assert counts(results, "price") == {"0-100000": 1, "100000-200000": 2, "500000-1000000": 1}
    assert counts(results, "status") == {"valid": 2, "expiring": 1, "expired": 1, "unknown": 1}
    assert counts(results, "category") == {
        slug("I"): 3,
        slug("I.2.a"): 1,
        slug("I.2.b"): 1,
        slug("I.4.a"): 1,
        slug("II"): 1,
        slug("II.2.a"): 1,
        slug("IV"): 1,
        slug("IV.1"): 1,
    }


@pytest.mark.parametrize(
    ("facet", "values", "expected"),
    [
        ("stars", ("4",), {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}),
        ("province", ("79",), {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}),
        ("producer_type", ("enterprise",), {"Chè Thái Nguyên"}),
        ("category", ("I",), {"Mật ong hoa nhãn", "Nước mắm Cần Giờ", "Gạo nếp cái hoa vàng"}),
        ("category", ("I.2.b",), {"Mật ong hoa nhãn"}),
        ("category", ("khong-co",), set()),
        ("price", ("0-100000",), {"Mật ong hoa nhãn"}),
        ("price", ("100000-200000",), {"Chè Thái Nguyên", "Nước mắm Cần Giờ"}),  # 100.000 ₫ is in
        ("price", ("1000000-",), set()),
        ("status", ("valid",), {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}),
        ("status", ("expiring",), {"Mật ong hoa nhãn"}),
        ("status", ("expired",), {"Nước mắm Cần Giờ"}),
        ("status", ("unknown",), {"Giỏ mây tre đan"}),
    ],
)
def test_a_facet_value_keeps_only_its_products(backend, shelf, facet, values, expected):
    if facet == "category":
        values = tuple(slug(code) if code != "khong-co" else code for code in values)

    results = search(backend, filters={facet: values})

    assert set(titles(results)) == expected
    assert results.total == len(expected)


@pytest.mark.parametrize(
    ("facet", "values", "expected"),
    [
        ("stars", ("3", "5"), {"Nước mắm Cần Giờ", "Mật ong hoa nhãn"}),
        ("price", ("0-100000", "500000-1000000"), {"Mật ong hoa nhãn", "Gạo nếp cái hoa vàng"}),
        ("status", ("expired", "unknown"), {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}),
    ],
)
def test_values_of_one_facet_are_ored(backend, shelf, facet, values, expected):
    assert set(titles(search(backend, filters={facet: values}))) == expected


def test_facets_are_anded(backend, shelf):
    results = search(backend, filters={"stars": ("4", "5"), "province": ("01", "15"), "status": ("valid",)})

    assert set(titles(results)) == {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}


def test_a_multi_selected_facet_keeps_its_own_counts_and_narrows_the_others(backend, shelf):
    results = search(backend, filters={"stars": ("4", "5")})

    assert results.total == 3
    assert counts(results, "stars") == {"5": 1, "4": 2, "3": 1}
    assert [(v.value, v.selected) for v in results.facets["stars"]] == [
        ("5", True),
        ("4", True),
        ("3", False),
    ]
    assert counts(results, "province") == {"01": 2, "15": 1}
    assert counts(results, "price") == {"0-100000": 1, "100000-200000": 1, "500000-1000000": 1}
    assert counts(results, "status") == {"valid": 2, "expiring": 1}
    assert counts(results, "category") == {
        slug("I"): 2,
        slug("I.2.a"): 1,
        slug("I.2.b"): 1,
        slug("II"): 1,
        slug("II.2.a"): 1,
    }


def test_each_selected_facet_counts_under_the_others_selections(backend, shelf):
    results = search(backend, filters={"stars": ("3",), "price": ("100000-200000",)})

    assert titles(results) == ["Nước mắm Cần Giờ"]
    assert counts(results, "stars") == {"4": 1, "3": 1}  # the 100–200k products
    assert counts(results, "price") == {"100000-200000": 1}  # the 3★ products with a price
    assert counts(results, "province") == {"79": 1}


def test_no_product_matches_both_selections_but_counts_remain(backend, shelf):
    results = search(backend, filters={"stars": ("4",), "province": ("79",)})

    assert (results.total, results.hits) == (0, [])
    assert counts(results, "stars") == {"3": 1}
    assert counts(results, "province") == {"01": 1, "15": 1}


def test_a_product_without_price_is_in_no_price_band(backend, shelf):
    results = search(backend, filters={"province": ("79",)})

    assert counts(results, "price") == {"100000-200000": 1}


def test_the_certificate_status_is_computed_when_searching(backend, settings):
    today = timezone.localdate()
    for title, days in [("Hết hạn hôm qua", -1), ("Hết hạn hôm nay", 0), ("Còn 90 ngày", 90), ("Còn 91", 91)]:
        ProductFactory(title=title, certified_on=None, expires_on=today + datetime.timedelta(days=days))
    backend.refresh()

    assert counts(search(backend), "status") == {"expired": 1, "expiring": 2, "valid": 1}
    settings.OCOP_EXPIRING_DAYS = 30  # no re-index: the status is not stored
    assert counts(search(backend), "status") == {"expired": 1, "expiring": 1, "valid": 2}
    assert titles(search(backend, filters={"status": ("expiring",)})) == ["Hết hạn hôm nay"]


# ---------------------------------------------------------------- scope and price range


def test_scope_restricts_the_results_and_every_count(backend, shelf):
    results = search(backend, scope={"province": ("01",)}, filters={"stars": ("5",)})

    assert titles(results) == ["Mật ong hoa nhãn"]
    assert counts(results, "stars") == {"5": 1, "4": 1}
    assert counts(results, "province") == {"01": 1}


def test_scope_by_sector_and_by_producer(backend, shelf):
    by_sector = search(backend, scope={"category": (slug("I"),)})
    by_producer = search(backend, scope={"producer": (shelf["basket"].producer.code,)})

    assert set(titles(by_sector)) == {"Mật ong hoa nhãn", "Nước mắm Cần Giờ", "Gạo nếp cái hoa vàng"}
    assert counts(by_sector, "category") == {
        slug("I"): 3,
        slug("I.2.a"): 1,
        slug("I.2.b"): 1,
        slug("I.4.a"): 1,
    }
    assert set(titles(by_producer)) == {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}


@pytest.mark.parametrize(
    ("price_min", "price_max", "expected"),
    [
        (100000, 150000, {"Chè Thái Nguyên", "Nước mắm Cần Giờ"}),  # bounds included
        (150001, None, {"Gạo nếp cái hoa vàng"}),
        (None, 99999, {"Mật ong hoa nhãn"}),
        (700000, None, set()),
    ],
)
def test_a_price_range_keeps_priced_products_inside_it(backend, shelf, price_min, price_max, expected):
    results = search(backend, price_min=price_min, price_max=price_max)

    assert set(titles(results)) == expected
    assert results.total == len(expected)


def test_a_price_range_narrows_every_count(backend, shelf):
    results = search(backend, price_min=100000, price_max=200000)

    assert counts(results, "stars") == {"4": 1, "3": 1}
    assert counts(results, "price") == {"100000-200000": 2}


def test_a_price_range_combines_with_the_price_facet(backend, shelf):
    results = search(backend, price_min=120000, filters={"price": ("100000-200000", "500000-1000000")})

    assert set(titles(results)) == {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}


# ---------------------------------------------------------------- renames


def test_a_renamed_producer_is_found_by_its_new_name_only(backend, shelf, django_capture_on_commit_callbacks):
    producer = shelf["tea"].producer
    with django_capture_on_commit_callbacks(execute=True):
        producer.name = "HTX Omega Bravo"
        producer.save()
    backend.refresh()

    assert titles(search(backend, text="omega bravo")) == ["Chè Thái Nguyên"]
    assert search(backend, text="shan tuyet").total == 0


def test_a_province_s_new_former_name_finds_its_products(backend, shelf, django_capture_on_commit_callbacks):
    from oscar.core.loading import get_model

    with django_capture_on_commit_callbacks(execute=True):
        get_model("catalogue", "ProvinceFormerName").objects.create(province=province("01"), name="Kẻ Chợ")
    backend.refresh()

    assert sorted(titles(search(backend, text="ke cho"))) == ["Gạo nếp cái hoa vàng", "Mật ong hoa nhãn"]
