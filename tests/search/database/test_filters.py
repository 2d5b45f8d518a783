"""The database search backend: facet filters, disjunctive counts, accent-free text, scope, sorts, pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from search.backends.database import listed
from tests.factories import (
    PartnerFactory,
    ProductFactory,
)
from tests.search.helpers import counts, search, slug, titles

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def test_no_query_returns_every_browsable_product(backend, shelf):
    ProductFactory(title="Ẩn", is_public=False)

    results = search(backend)

    assert results.total == 5
    assert sorted(titles(results)) == sorted(p.title for p in shelf.values())
    assert results.backend == "database"


def test_the_products_searched_are_the_browsable_ones(backend, shelf):
    """listed() answers browsable() without joining each product to its producer."""
    for status in ("pending", "rejected", "approved"):
        ProductFactory(title=f"Gian {status}", producer=PartnerFactory(status=status))
    ProductFactory(title="Ẩn", is_public=False)

    assert set(listed()) == set(Product.objects.browsable())
    assert len(Product.objects.browsable()) == 6
    assert "Gian approved" in titles(search(backend))
    assert {"Gian pending", "Gian rejected", "Ẩn"}.isdisjoint(titles(search(backend)))
    assert search(backend).total == 6


@pytest.mark.parametrize(
    ("facet", "values", "expected"),
    [
        ("stars", ("4",), {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}),
        ("stars", ("3",), {"Nước mắm Cần Giờ"}),
        ("province", ("15",), {"Chè Thái Nguyên"}),
        ("province", ("79",), {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}),
        ("producer_type", ("enterprise",), {"Chè Thái Nguyên"}),
        ("producer_type", ("household",), {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}),
        ("status", ("valid",), {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}),
        ("status", ("expiring",), {"Mật ong hoa nhãn"}),
        ("status", ("expired",), {"Nước mắm Cần Giờ"}),
        ("status", ("unknown",), {"Giỏ mây tre đan"}),
    ],
)
def test_a_facet_filter_keeps_only_matching_products(backend, shelf, facet, values, expected):
    results = search(backend, filters={facet: values})

    assert set(titles(results)) == expected
    assert results.total == len(expected)


def test_a_sector_filter_includes_products_of_its_product_sets(backend, shelf):
    results = search(backend, filters={"category": (slug("I"),)})

    assert set(titles(results)) == {"Mật ong hoa nhãn", "Nước mắm Cần Giờ", "Gạo nếp cái hoa vàng"}


def test_a_product_set_filter_keeps_only_that_set(backend, shelf):
    results = search(backend, filters={"category": (slug("I.2.b"),)})

    assert titles(results) == ["Mật ong hoa nhãn"]


def test_an_unknown_category_slug_matches_nothing(backend, shelf):
    results = search(backend, filters={"category": ("khong-co",)})

    assert (results.total, results.hits) == (0, [])


def test_values_of_one_facet_are_ored(backend, shelf):
    results = search(backend, filters={"stars": ("3", "5")})

    assert set(titles(results)) == {"Nước mắm Cần Giờ", "Mật ong hoa nhãn"}


def test_facets_are_anded_with_each_other(backend, shelf):
    results = search(backend, filters={"stars": ("4", "5"), "province": ("01", "15"), "status": ("valid",)})

    assert set(titles(results)) == {"Chè Thái Nguyên", "Gạo nếp cái hoa vàng"}


def test_counts_without_selection_cover_every_value(backend, shelf):
    results = search(backend)

    assert counts(results, "stars") == {"5": 1, "4": 2, "3": 1}
    assert counts(results, "province") == {"01": 2, "15": 1, "79": 2}
    assert counts(results, "producer_type") == {"cooperative": 2, "enterprise": 1, "household": 2}
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


def test_a_selected_facet_keeps_the_counts_of_its_other_values(backend, shelf):
    results = search(backend, filters={"stars": ("4",)})

    assert counts(results, "stars") == {"5": 1, "4": 2, "3": 1}
    assert [(v.value, v.selected) for v in results.facets["stars"]] == [
        ("5", False),
        ("4", True),
        ("3", False),
    ]
    # Every other facet counts only the 4★ products.
    assert counts(results, "province") == {"01": 1, "15": 1}
    assert counts(results, "status") == {"valid": 2}


def test_counts_of_a_facet_honour_the_selections_of_the_others(backend, shelf):
    results = search(backend, filters={"stars": ("4",), "province": ("79",)})

    assert results.total == 0
    assert counts(results, "stars") == {"3": 1}
    assert counts(results, "province") == {"01": 1, "15": 1}


def test_an_unrated_product_is_in_no_star_bucket(backend, shelf):
    results = search(backend, filters={"province": ("79",)})

    assert results.total == 2
    assert counts(results, "stars") == {"3": 1}
    assert sum(v.count for v in results.facets["stars"]) == 1


@pytest.mark.parametrize("text", ["che thai nguyen", "Chè Thái Nguyên", "CHE THAI NGUYEN", "CHÈ", "thái"])
def test_text_search_ignores_accents_and_case(backend, shelf, text):
    results = search(backend, text=text)

    assert titles(results) == ["Chè Thái Nguyên"]


def test_every_word_of_the_query_must_match(backend, shelf):
    assert titles(search(backend, text="mật ong")) == ["Mật ong hoa nhãn"]
    assert search(backend, text="mật cá").total == 0


def test_words_match_whole_words_and_the_last_one_as_a_prefix(backend, shelf):
    assert titles(search(backend, text="mật o")) == ["Mật ong hoa nhãn"]
    assert search(backend, text="ật ong").total == 0
    assert search(backend, text="ba tuy").total == 0  # not "bai" … "tuyet" of the tea


@pytest.mark.parametrize(("text", "expected"), [("yen bai", ["Chè Thái Nguyên"]), ("Bình Dương", None)])
def test_a_former_province_name_finds_products_of_the_province_it_merged_into(backend, shelf, text, expected):
    results = search(backend, text=text)

    # Bình Dương merged into TP. Hồ Chí Minh (79): its two products.
    assert set(titles(results)) == set(expected or ["Nước mắm Cần Giờ", "Giỏ mây tre đan"])


def test_text_search_finds_the_producer_name(backend, shelf):
    assert set(titles(search(backend, text="kinh doanh"))) == {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}


def test_text_and_facets_combine(backend, shelf):
    results = search(backend, text="ho chi minh", filters={"stars": ("3",)})

    assert titles(results) == ["Nước mắm Cần Giờ"]
    assert counts(results, "stars") == {"3": 1}


def test_scope_restricts_the_results_and_every_count(backend, shelf):
    results = search(backend, scope={"province": ("01",)}, filters={"stars": ("5",)})

    assert titles(results) == ["Mật ong hoa nhãn"]
    assert counts(results, "stars") == {"5": 1, "4": 1}
    assert counts(results, "province") == {"01": 1}


def test_scope_by_producer_code(backend, shelf):
    household = shelf["basket"].producer

    results = search(backend, scope={"producer": (household.code,)})

    assert set(titles(results)) == {"Nước mắm Cần Giờ", "Giỏ mây tre đan"}


def test_sort_by_price_ascending_puts_unpriced_last(backend, priced):
    results = search(backend, sort="price_asc")

    assert titles(results) == [
        "Bánh đậu xanh",
        "Chưa xếp hạng",
        "Cà phê Buôn Ma Thuột",
        "Sâm Ngọc Linh",
        "Chưa có giá",
    ]


def test_sort_by_price_descending_puts_unpriced_last(backend, priced):
    results = search(backend, sort="price_desc")

    assert titles(results) == [
        "Sâm Ngọc Linh",
        "Cà phê Buôn Ma Thuột",
        "Chưa xếp hạng",
        "Bánh đậu xanh",
        "Chưa có giá",
    ]


def test_sort_by_stars_puts_unrated_last_and_breaks_ties_by_title(backend, priced):
    results = search(backend, sort="stars")

    assert titles(results) == [
        "Sâm Ngọc Linh",
        "Cà phê Buôn Ma Thuột",
        "Bánh đậu xanh",
        "Chưa có giá",
        "Chưa xếp hạng",
    ]


def test_sort_by_newest(backend, priced):
    start = timezone.now() - datetime.timedelta(days=10)
    for days, product in zip([3, 1, 4, 0, 2], priced, strict=True):
        Product.objects.filter(pk=product.pk).update(date_created=start + datetime.timedelta(days=days))

    results = search(backend, sort="newest")

    assert titles(results) == [
        "Cà phê Buôn Ma Thuột",
        "Bánh đậu xanh",
        "Chưa xếp hạng",
        "Sâm Ngọc Linh",
        "Chưa có giá",
    ]


def test_pages_split_the_results_and_keep_the_total(backend):
    for n in range(7):
        ProductFactory(title=f"Sản phẩm {n}", stars=4)

    pages = [search(backend, sort="newest", page=page, page_size=3) for page in (1, 2, 3)]

    assert [len(page.hits) for page in pages] == [3, 3, 1]
    assert {(page.total, page.num_pages) for page in pages} == {(7, 3)}
    assert [title for page in pages for title in titles(page)] == [f"Sản phẩm {n}" for n in range(6, -1, -1)]
    assert counts(pages[2], "stars") == {"4": 7}


def test_a_page_past_the_end_is_empty_but_keeps_the_total(backend):
    for _ in range(2):
        ProductFactory()

    results = search(backend, page=5, page_size=3)

    assert (results.hits, results.total, results.num_pages) == ([], 2, 1)


def test_an_empty_result_has_one_page(backend):
    results = search(backend, text="không tồn tại")

    assert (results.total, results.num_pages) == (0, 1)
