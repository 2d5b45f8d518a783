"""Reference data after `migrate`: the 34 provinces with the old 63 names, the OCOP category tree."""

from __future__ import annotations

import os

import pytest
from oscar.core.loading import get_model

from catalog.reference import reference_data_load
from catalog.selectors import province_resolve
from catalog.utils import collation_key
from tests.factories import CategoryFactory, ProvinceFactory, category

Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")

pytestmark = pytest.mark.django_db


def test_34_provinces_exist_after_migrate():
    assert Province.objects.count() == 34
    assert Province.objects.filter(code="01").values_list("name", "slug").get() == ("Hà Nội", "ha-noi")
    assert Province.objects.get(code="79").slug == "tp-ho-chi-minh"


def test_the_63_former_provinces_each_belong_to_one_current_province():
    assert ProvinceFormerName.objects.count() == 63
    assert ProvinceFormerName.objects.values("province").distinct().count() == 34
    yen_bai = ProvinceFormerName.objects.get(name="Yên Bái")
    assert (yen_bai.province.name, yen_bai.folded, yen_bai.old_code) == ("Lào Cai", "yen bai", "15")


def test_former_names_of_a_merged_province():
    assert Province.objects.get(code="79").search_names() == [
        "TP. Hồ Chí Minh",
        "Bà Rịa - Vũng Tàu",
        "Bình Dương",
    ]


def test_category_tree_has_6_sectors_and_26_product_sets():
    sectors = Category.get_root_nodes()

    assert list(sectors.values_list("code", flat=True)) == ["I", "II", "III", "IV", "V", "VI"]
    assert Category.objects.filter(depth=2).count() == 26
    assert Category.objects.count() == 32
    honey = Category.objects.get(code="I.2.b")
    assert (honey.get_parent().code, honey.name_en) == (
        "I",
        "Raw and semi-processed – honey, other syrups, other farm foods",
    )


def test_reference_data_load_is_idempotent():
    reference_data_load()

    assert (Province.objects.count(), ProvinceFormerName.objects.count(), Category.objects.count()) == (
        34,
        63,
        32,
    )
    assert Country.objects.filter(iso_3166_1_a2="VN", is_shipping_country=True).count() == 1


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Yên Bái", "15"),
        ("yen bai", "15"),
        ("YÊN BÁI", "15"),
        ("  Yên   Bái ", "15"),
        ("Lào Cai", "15"),
        ("Bắc Giang", "24"),
        ("bac giang", "24"),
        ("TP. Hồ Chí Minh", "79"),
        ("Bình Dương", "79"),
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Thừa Thiên Huế", "46"),
        ("Huế", "46"),
        ("Quảng Nam", "48"),
    ],
)
def test_province_resolve_finds_the_current_province_for_any_name(name, code):
    assert province_resolve(name=name).code == code


@pytest.mark.parametrize("name", ["Atlantis", "", "Yên"])
def test_province_resolve_returns_none_for_an_unknown_name(name):
    assert province_resolve(name=name) is None


def test_reference_data_is_on_the_configured_database(is_postgres):
    # CI runs the suite twice; this proves the second run really is on PostgreSQL.
    assert is_postgres is os.environ.get("DATABASE_URL", "").startswith("postgres")
    assert Province.objects.count() == 34


def test_province_factory_returns_the_reference_row_for_a_known_code():
    lao_cai = ProvinceFactory(code="15")

    assert (lao_cai.name, Province.objects.count()) == ("Lào Cai", 34)


def test_province_factory_creates_an_unknown_code():
    ProvinceFactory(code="99", name="Tỉnh thử", slug="tinh-thu")

    assert Province.objects.count() == 35
    assert Province.objects.get(code="99").name == "Tỉnh thử"


def test_category_factory_returns_the_reference_row_or_adds_to_the_tree():
    assert CategoryFactory(code="I.2.b") == category("I.2.b")

    child = CategoryFactory(code="I.9.z", name="Nhóm mới", parent=category("I"))

    assert (child.get_parent(), child.depth, child.slug) == (category("I"), 2, "nhom-moi")
    assert category("I").get_children().count() == 14


def test_provinces_are_in_vietnamese_dictionary_order():
    names = list(Province.objects.values_list("name", flat=True))
    # Đ after the D- names (none today) and before G; Hà Nội before Huế; Cà Mau, Cao Bằng, Cần Thơ.
    assert names.index("Đà Nẵng") > names.index("Cần Thơ")
    assert names.index("Đồng Tháp") < names.index("Gia Lai")
    assert names.index("Hà Nội") < names.index("Hà Tĩnh") < names.index("Hải Phòng") < names.index("Huế")
    assert names.index("Huế") < names.index("Hưng Yên")
    assert names.index("Cà Mau") < names.index("Cao Bằng") < names.index("Cần Thơ")
    assert names.index("Lạng Sơn") < names.index("Lào Cai") < names.index("Lâm Đồng")
    assert names == sorted(names, key=collation_key)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("Dak Mil", "Đà Lạt"),  # Đ is its own letter after D
        ("Đồng Xoài", "Em"),
        ("An", "Ăn"),  # A, Ă, Â
        ("Ăn", "Ân"),
        ("Uống", "Ưng"),  # U before Ư
        ("Ha", "Hà"),  # tones only decide between the same letters
        ("Cà Mau", "Cà Mau Mới"),  # a name before the longer names it begins
        ("TP. Hồ Chí Minh", "Tuyên Quang"),  # punctuation does not count
    ],
)
def test_the_collation_key_orders_letters_then_tones(earlier, later):
    assert collation_key(earlier) < collation_key(later)


def test_a_renamed_province_moves_to_its_place():
    province = ProvinceFactory(code="99", name="Ăn Thử", slug="an-thu")
    names = list(Province.objects.values_list("name", flat=True))
    assert names.index("An Giang") < names.index(province.name) < names.index("Bắc Ninh")
