"""The OCOP list importers: validation that names file, row and field; all-or-nothing; idempotency."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.utils import translation
from oscar.core.loading import get_model

from catalog.importers import DataImportError, places_import, products_import
from catalog.importers.places import COLUMNS as PLACE_COLUMNS
from catalog.importers.products import COLUMNS as PRODUCT_COLUMNS

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Error texts are asserted in English; staff see them in Vietnamese (see test_vietnamese_*)."""
    with translation.override("en"):
        yield


HONEY = {
    "name_vi": "Mật ong hoa nhãn Thử Nghiệm",
    "producer": "Hợp tác xã Nuôi ong Thử Nghiệm",
    "producer_type": "cooperative",
    "province_old": "Hưng Yên",
    "province_new": "Hưng Yên",
    "stars": "4",
    "group": "Thực phẩm",
    "subgroup": "I.2.b Thực phẩm thô, sơ chế – Mật ong, mật khác và nông sản thực phẩm khác",
    "year": "2023",
    "source": "example.vn/mat-ong",
}
UNRATED_UNSOLD = {
    **HONEY,
    "name_vi": "Gạo sinh thái Thử Nghiệm",
    "producer": "",
    "producer_type": "",
    "province_old": "",
    "province_new": "Ninh Bình",
    "stars": "",
    "subgroup": "I.2.a Thực phẩm thô, sơ chế – Gạo, ngũ cốc, hạt sơ chế khác",
    "year": "",
}
FORMER_NAME = {
    **HONEY,
    "name_vi": "Vải thiều Thử Nghiệm",
    "producer": "Công ty TNHH Vải Thử Nghiệm",
    "producer_type": "enterprise",
    "province_old": "Bắc Giang",
    "province_new": "",
    "stars": "5",
    "subgroup": "I.1.a Thực phẩm tươi sống – Rau, củ, quả, hạt tươi",
    "year": "2021",
}


def write_csv(tmp_path: Path, rows: list[dict[str, str]], columns=PRODUCT_COLUMNS, name="list.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


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
    path = write_csv(tmp_path, [], columns=[c for c in PRODUCT_COLUMNS if c != "stars"])

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


PLACES = [
    {
        "kind": "display_point",
        "name": "Điểm OCOP Thử Nghiệm",
        "province_old": "Hưng Yên",
        "province_new": "Hưng Yên",
        "address": "Số 1 đường Thử",
        "start_date": "(27/9, năm không ghi)",
        "end_date": "",
        "organizer": "UBND",
        "details": "Hàng trăm sản phẩm",
        "source": "example.vn/diem",
    },
    {
        "kind": "fair",
        "name": "Hội chợ OCOP Thử Nghiệm 2025",
        "province_old": "Quảng Ninh",
        "province_new": "Quảng Ninh",
        "address": "Cung Quy hoạch",
        "start_date": "2025-10-28",
        "end_date": "2025-11-03",
        "organizer": "Sở Công Thương",
        "details": "200 gian hàng",
        "source": "qn.vn",
    },
    {
        "kind": "event",
        "name": "Ngày hội OCOP Thử Nghiệm",
        "province_old": "Cà Mau",
        "province_new": "Cà Mau",
        "address": "",
        "start_date": "2021",
        "end_date": "(30/11)",
        "organizer": "",
        "details": "",
        "source": "",
    },
]


def test_places_become_display_points_and_published_fair_pages(tmp_path):
    products_import(write_csv(tmp_path, [HONEY]), demo=True)
    summary = places_import(write_csv(tmp_path, PLACES, PLACE_COLUMNS, "places.csv"), demo=True)

    point = apps.get_model("displays", "DisplayPoint").objects.get(slug="diem-ocop-thu-nghiem")
    assert (point.province.name, point.address, point.organiser, point.opened_on) == (
        "Hưng Yên",
        "Số 1 đường Thử",
        "UBND",
        "(27/9, năm không ghi)",
    )
    assert (point.latitude, point.longitude) == (None, None)
    assert [p.title for p in point.products.all()] == [HONEY["name_vi"]]
    fairs = apps.get_model("cms", "FairPage").objects.live().order_by("title")
    fair, event = fairs.get(slug="hoi-cho-ocop-thu-nghiem-2025"), fairs.get(slug="ngay-hoi-ocop-thu-nghiem")
    assert (fair.start_date, fair.end_date, fair.dates_note, fair.venue) == (
        datetime.date(2025, 10, 28),
        datetime.date(2025, 11, 3),
        "",
        "Cung Quy hoạch",
    )
    assert (event.start_date, event.end_date, event.dates_note) == (None, None, "2021 – (30/11)")
    assert fair.get_parent().specific_class.__name__ == "FairIndexPage"
    assert summary.counts["fairs"]["created"] == 2


def test_second_places_run_changes_nothing(tmp_path):
    path = write_csv(tmp_path, PLACES, PLACE_COLUMNS, "places.csv")
    places_import(path, demo=True)
    Revision = apps.get_model("wagtailcore", "Revision")
    counts = (Revision.objects.count(), apps.get_model("cms", "FairPage").objects.count())

    summary = places_import(path, demo=True)

    assert (Revision.objects.count(), apps.get_model("cms", "FairPage").objects.count()) == counts
    assert dict(summary.counts["fairs"]) == {"unchanged": 2}
    assert dict(summary.counts["display points"]) == {"unchanged": 1}


def test_bad_place_date_names_row_and_field(tmp_path):
    path = write_csv(
        tmp_path, [PLACES[0], {**PLACES[1], "end_date": "2025-02-30"}], PLACE_COLUMNS, "places.csv"
    )

    with pytest.raises(
        DataImportError, match=r'places.csv: row 3, field "end_date": “2025-02-30” is not a valid'
    ):
        places_import(path)

    assert not apps.get_model("displays", "DisplayPoint").objects.filter(slug="diem-ocop-thu-nghiem").exists()
