"""The places list is read as every list is: a damaged file is refused by row and column."""

from __future__ import annotations

import pytest
from django.utils import translation

from catalog.importers import DataImportError, places_validate
from catalog.importers.places import COLUMNS
from tests.factories.lists import DAMAGES, csv_bytes, damaged_csv_bytes, list_file

pytestmark = pytest.mark.django_db

PLACE = {
    "kind": "display_point",
    "name": "Điểm OCOP Thử Nghiệm",
    "province_old": "Hưng Yên",
    "province_new": "Hưng Yên",
    "address": "Số 1 đường Thử",
    "start_date": "",
    "end_date": "",
    "organizer": "UBND",
    "details": "",
    "source": "example.vn/diem",
}
PLACES = [PLACE, {**PLACE, "name": "Điểm OCOP Thử Nghiệm 2"}]


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def test_a_sound_places_list_is_read_with_its_rows(tmp_path):
    rows = places_validate(list_file(tmp_path, csv_bytes(PLACES, COLUMNS), "places.csv"))

    assert [(row.row, row.name, row.province.name) for row in rows] == [
        (2, "Điểm OCOP Thử Nghiệm", "Hưng Yên"),
        (3, "Điểm OCOP Thử Nghiệm 2", "Hưng Yên"),
    ]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_places_list_is_refused_naming_file_row_and_column(tmp_path, damage):
    path = list_file(tmp_path, damaged_csv_bytes(PLACES, COLUMNS, damage), "places.csv")

    with pytest.raises(DataImportError, match=rf"^places.csv: {DAMAGES[damage]}") as caught:
        places_validate(path)

    assert len(caught.value.errors) == 1
