"""The places list: display points (shop.displays) and published fair pages (cms), all or nothing."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.utils import translation

from catalog.importers import DataImportError, products_import
from catalog.importers.places import COLUMNS as PLACE_COLUMNS
from catalog.importers.product_rows import COLUMNS
from cms.importers import places_import
from tests.factories.lists import HONEY, csv_bytes, list_file

pytestmark = pytest.mark.django_db


def write_csv(tmp_path, rows, columns=COLUMNS, name="list.csv"):
    return list_file(tmp_path, csv_bytes(rows, columns), name)


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


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
