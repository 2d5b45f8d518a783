"""The product list importer: what a row becomes, errors naming row and field, all or nothing, reruns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation
from oscar.core.loading import get_model

from catalog.importers import DataImportError, products_import
from catalog.importers.product_rows import COLUMNS
from tests.factories.lists import FORMER_NAME, HONEY, UNRATED_UNSOLD, csv_bytes, list_file

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Error texts are asserted in English; staff see them in Vietnamese (see test_vietnamese_*)."""
    with translation.override("en"):
        yield


def write_csv(tmp_path: Path, rows: list[dict[str, str]], columns=COLUMNS, name="list.csv") -> Path:
    return list_file(tmp_path, csv_bytes(rows, columns), name)


def snapshot() -> dict[str, object]:
    """Row counts and every product's last-updated stamp: what a no-op import must leave as is."""
    return {
        "products": sorted(
            Product.objects.values_list("pk", "date_updated", "title", "stars", "certificate_number")
        ),
        "partners": Partner.objects.count(),
        "stock": sorted(StockRecord.objects.values_list("pk", "date_updated", "price", "num_in_stock")),
    }


def test_good_file_imports_products_producers_and_offers(tmp_path):
    summary = products_import(write_csv(tmp_path, [HONEY, UNRATED_UNSOLD, FORMER_NAME]), demo=True)

    honey = Product.objects.get(title=HONEY["name_vi"])
    assert (honey.province.name, honey.stars, honey.recognition_year, honey.source) == (
        "Hưng Yên",
        4,
        2023,
        "example.vn/mat-ong",
    )
    assert [c.code for c in honey.categories.all()] == ["I.2.b"]
    assert (honey.product_class.name, honey.is_public, honey.structure) == (
        "Sản phẩm OCOP",
        True,
        "standalone",
    )
    assert honey.upc.startswith("OCOP-")
    assert (honey.producer.name, honey.producer.kind, honey.producer.province.name) == (
        "Hợp tác xã Nuôi ong Thử Nghiệm",
        "cooperative",
        "Hưng Yên",
    )
    assert "mat ong hoa nhan thu nghiem" in honey.search_text
    assert summary.counts["products"]["created"] == 3
    assert summary.counts["producers"]["created"] == 2


def test_demo_facts_are_plausible_and_marked(tmp_path):
    products_import(write_csv(tmp_path, [HONEY, FORMER_NAME]), demo=True)

    honey = Product.objects.get(title=HONEY["name_vi"])
    offer = honey.stockrecords.get()
    assert offer.partner == honey.producer
    assert offer.price_currency == "VND"
    assert offer.price % 1000 == 0 and Decimal(35_000) <= offer.price <= Decimal(950_000)
    assert 5 <= offer.num_in_stock <= 200
    assert honey.certificate_number.startswith("DEMO-")
    assert honey.certification_level == "province"  # 4★: recognised by the province
    assert honey.certified_on.year == 2023
    assert honey.expires_on == honey.certified_on + relativedelta(months=36)
    assert Product.objects.get(title=FORMER_NAME["name_vi"]).certification_level == "national"


def test_without_demo_no_fact_is_invented(tmp_path):
    products_import(write_csv(tmp_path, [HONEY]))

    honey = Product.objects.get(title=HONEY["name_vi"])
    assert (honey.certificate_number, honey.certification_level, honey.certified_on) == ("", "", None)
    assert not honey.stockrecords.exists()


def test_unrated_product_has_no_stars_and_no_certificate(tmp_path):
    products_import(write_csv(tmp_path, [UNRATED_UNSOLD]), demo=True)

    rice = Product.objects.get(title=UNRATED_UNSOLD["name_vi"])
    assert rice.stars is None
    assert (rice.certificate_number, rice.certified_on, rice.expires_on, rice.score) == ("", None, None, None)


def test_product_without_producer_is_listed_but_not_sold(tmp_path):
    products_import(write_csv(tmp_path, [UNRATED_UNSOLD]), demo=True)

    rice = Product.objects.get(title=UNRATED_UNSOLD["name_vi"])
    assert rice.is_public
    assert rice.producer is None
    assert not rice.stockrecords.exists()
    assert rice.province.name == "Ninh Bình"


def test_former_province_name_resolves_to_the_current_province(tmp_path):
    products_import(write_csv(tmp_path, [FORMER_NAME]))

    assert Product.objects.get(title=FORMER_NAME["name_vi"]).province.name == "Bắc Ninh"


def test_the_product_keeps_the_former_province_it_was_certified_in(tmp_path):
    products_import(write_csv(tmp_path, [FORMER_NAME, HONEY]))

    product = Product.objects.get(title=FORMER_NAME["name_vi"])
    assert product.province_old.name == "Bắc Giang"
    assert " bac giang " in product.search_text
    honey = Product.objects.get(title=HONEY["name_vi"])
    assert (honey.province_old.name if honey.province_old else "") == HONEY["province_old"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"province_new": "Tỉnh Không Có", "province_old": ""}, "province_new", "not one of the 34"),
        ({"province_new": "Bắc Giang", "province_old": ""}, "province_new", "now part of Bắc Ninh"),
        ({"province_old": "Bắc Giang", "province_new": "Hà Nội"}, "province_old", "became Bắc Ninh"),
        ({"stars": "6"}, "stars", "must be 3, 4 or 5"),
        ({"subgroup": "IX.9 Không có"}, "subgroup", "product set code"),
        ({"subgroup": "I Thực phẩm"}, "subgroup", "product set code"),
        ({"name_vi": ""}, "name_vi", "a product name is required"),
        ({"producer_type": "ngân hàng"}, "producer_type", "must be one of"),
        ({"year": "20x3"}, "year", "must be a year"),
        ({"group": "Đồ uống"}, "group", "is not the sector of I.2.b"),
    ],
)
def test_bad_row_names_file_row_and_field_and_writes_nothing(tmp_path, changes, field, message):
    path = write_csv(tmp_path, [UNRATED_UNSOLD, {**HONEY, **changes}, FORMER_NAME])
    before = snapshot()

    with pytest.raises(DataImportError) as caught:
        products_import(path, demo=True)

    assert [str(error) for error in caught.value.errors][0].startswith(f'list.csv: row 3, field "{field}": ')
    assert message in str(caught.value)
    assert snapshot() == before
    assert not Product.objects.filter(title=UNRATED_UNSOLD["name_vi"]).exists()


def test_vietnamese_staff_read_the_error_in_vietnamese(tmp_path):
    path = write_csv(tmp_path, [{**HONEY, "stars": "6"}])

    with translation.override("vi"), pytest.raises(DataImportError) as caught:
        products_import(path)

    assert str(caught.value.errors[0]).startswith('list.csv: row 2, field "stars": phải là 3, 4 hoặc 5')


def test_every_bad_row_is_reported_at_once(tmp_path):
    path = write_csv(tmp_path, [{**HONEY, "stars": "2"}, UNRATED_UNSOLD, {**FORMER_NAME, "name_vi": ""}])

    with pytest.raises(DataImportError) as caught:
        products_import(path)

    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "stars"), (4, "name_vi")]


def test_duplicate_natural_key_is_an_error(tmp_path):
    with pytest.raises(DataImportError, match=r'row 3, field "name_vi": duplicate of row 2'):
        products_import(write_csv(tmp_path, [HONEY, {**HONEY, "stars": "5"}]))


def test_missing_column_is_reported_on_the_header_row(tmp_path):
    path = write_csv(tmp_path, [], columns=[c for c in COLUMNS if c != "stars"])

    with pytest.raises(DataImportError, match=r'list.csv: row 1, field "stars": column is missing'):
        products_import(path)


def test_second_run_changes_nothing_and_duplicates_nothing(tmp_path):
    path = write_csv(tmp_path, [HONEY, UNRATED_UNSOLD, FORMER_NAME])
    products_import(path, demo=True)
    before = snapshot()

    summary = products_import(path, demo=True)

    assert snapshot() == before
    assert dict(summary.counts["products"]) == {"unchanged": 3}
    assert dict(summary.counts["producers"]) == {"unchanged": 2}


def test_a_changed_row_updates_the_same_product(tmp_path):
    products_import(write_csv(tmp_path, [HONEY]), demo=True)
    honey = Product.objects.get(title=HONEY["name_vi"])

    summary = products_import(write_csv(tmp_path, [{**HONEY, "stars": "5", "source": "new.vn"}]), demo=True)

    honey.refresh_from_db()
    assert (honey.stars, honey.source, Product.objects.count()) == (5, "new.vn", 1)
    assert dict(summary.counts["products"]) == {"updated": 1}


def test_the_garbage_collector_is_paused_during_an_import_and_restored_after_even_on_error(
    tmp_path, monkeypatch
):
    import gc

    from catalog.importers import products as importer

    states = []
    check = importer._check

    def checked(*args, **kwargs):
        states.append(gc.isenabled())
        return check(*args, **kwargs)

    monkeypatch.setattr(importer, "_check", checked)
    path = write_csv(tmp_path, [HONEY])
    assert gc.isenabled()
    products_import(path)
    bad = write_csv(tmp_path, [{**HONEY, "stars": "7"}], name="bad.csv")
    with pytest.raises(DataImportError):
        products_import(bad)
    assert states == [False, False]
    assert gc.isenabled()
    gc.disable()
    try:
        products_import(path)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
