"""Every bad file or row is named by row and column, and nothing is written."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from catalog.importers import DataImportError, products_import
from catalog.importers.product_rows import COLUMNS
from catalog.importers.tables import Upload
from tests.catalog.product_lists.helpers import errors_of
from tests.factories.lists import (
    FORMER_NAME,
    HONEY,
    UNRATED_UNSOLD,
    csv_bytes,
    xlsx_bytes,
)

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- bad files: row and column, nothing written


def test_a_file_that_is_not_utf8_names_the_row_and_column_of_the_first_bad_byte():
    content = csv_bytes([HONEY, {**FORMER_NAME, "source": "Báo Bắc Giang"}])
    legacy = content.replace("Báo".encode(), "B\xe1o".encode("latin-1"))  # as a Windows code page writes it

    errors = errors_of(Upload("list.csv", legacy))

    assert errors == [(3, "source", "is not UTF-8 text (byte 0xE1): save the file as CSV UTF-8")]


def test_a_utf16_file_is_refused_with_the_way_out():
    content = csv_bytes([HONEY]).decode("utf-8").encode("utf-16")

    assert errors_of(Upload("list.csv", content)) == [(1, "", "is UTF-16 text: save it as CSV UTF-8")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"%PDF-1.7 not a list", "is not a CSV or XLSX file (the name ends in “.pdf”)"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "is an old Excel workbook (.xls)"),
        ("list.xlsx", b"name_vi,producer\n", "is not a readable XLSX workbook"),
        ("list.xlsx", b"PK\x03\x04 broken zip", "is not a readable XLSX workbook"),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(name, content, message):
    errors = errors_of(Upload(name, content))

    assert len(errors) == 1 and errors[0][:2] == (1, "")
    assert errors[0][2].startswith(message)


@pytest.mark.parametrize(
    ("content", "row", "message"),
    [
        (b"", 1, "the file is empty: the first row must name the columns"),
        (b"\xef\xbb\xbf\r\n", 1, "the file is empty: the first row must name the columns"),
        (b"\n\nname_vi,producer\n", 1, "the first row is empty: it must name the columns"),
        (csv_bytes([]), 2, "there are no rows under the header"),
        (csv_bytes([]) + b",,,,,,,,,\n,,,,,,,,,\n", 2, "there are no rows under the header"),
    ],
)
def test_an_empty_list_is_refused(content, row, message):
    errors = errors_of(Upload("list.csv", content))

    assert errors[-1] == (row, "", message)


def test_an_empty_workbook_is_refused():
    from openpyxl import Workbook

    handle = io.BytesIO()
    Workbook().save(handle)

    assert errors_of(Upload("list.xlsx", handle.getvalue())) == [
        (1, "", "the file is empty: the first row must name the columns")
    ]


@pytest.mark.parametrize("missing", ["name_vi", "producer", "stars", "subgroup"])
def test_a_missing_required_column_is_named_on_the_header_row(missing):
    columns = [c for c in COLUMNS if c != missing]

    assert errors_of(Upload("list.csv", csv_bytes([HONEY], columns))) == [(1, missing, "column is missing")]


def test_a_list_without_any_province_column_is_refused():
    columns = [c for c in COLUMNS if not c.startswith("province")]

    assert errors_of(Upload("list.xlsx", xlsx_bytes([HONEY], columns))) == [
        (1, "province_new", "column is missing (give province_new or province_old)")
    ]


def test_unknown_and_repeated_columns_are_named_on_the_header_row():
    header = [*COLUMNS, "gia_ban", "stars"]

    errors = errors_of(Upload("list.xlsx", xlsx_bytes([HONEY], [*COLUMNS, "x", "y"], header=header)))

    assert [(row, field) for row, field, _message in errors] == [(1, "gia_ban"), (1, "stars")]
    assert errors[0][2].startswith("unknown column; the columns are: name_vi, producer, stars, subgroup")
    assert errors[1][2] == "this column appears twice"


def test_a_value_in_a_column_without_a_header_is_refused():
    content = csv_bytes([HONEY]).replace(b"example.vn/mat-ong", b"example.vn/mat-ong,150000")

    assert errors_of(Upload("list.csv", content)) == [
        (2, "column K", "this cell has a value but its column has no name")
    ]


def test_a_nul_byte_is_named_by_row_and_column():
    content = csv_bytes([HONEY, FORMER_NAME]).replace("Vải thiều".encode(), "Vải\x00thiều".encode())

    assert errors_of(Upload("list.csv", content)) == [
        (3, "name_vi", "contains a NUL character: the file is damaged or not text")
    ]


def test_a_duplicated_row_names_the_first_one():
    errors = errors_of(Upload("list.csv", csv_bytes([HONEY, UNRATED_UNSOLD, {**HONEY, "year": "2024"}])))

    assert errors == [(4, "name_vi", "duplicate of row 2")]


@pytest.mark.parametrize("stars", ["2", "6", "0", "4.5", "bốn"])
def test_stars_outside_3_to_5_are_refused(stars):
    errors = errors_of(Upload("list.xlsx", xlsx_bytes([{**HONEY, "stars": stars}])))

    assert errors == [
        (2, "stars", f"must be 3, 4 or 5, or empty when no rating is published (got “{stars}”)")
    ]


def test_an_unknown_province_is_refused_and_a_former_name_in_the_current_column_says_where_it_went():
    rows = [
        {**HONEY, "province_new": "Tỉnh Không Có", "province_old": ""},
        {**FORMER_NAME, "province_new": "Hà Tây"},
    ]

    errors = errors_of(Upload("list.csv", csv_bytes(rows)))

    assert errors == [
        (2, "province_new", "“Tỉnh Không Có” is not one of the 34 current provinces"),
        (3, "province_new", "“Hà Tây” is not one of the 34 current provinces"),
    ]


def test_one_bad_row_among_many_writes_nothing_and_every_error_is_listed():
    rows = [{**HONEY, "name_vi": f"Mật ong số {n}"} for n in range(50)]
    rows[10]["stars"] = "7"
    rows[40]["subgroup"] = "Z.9"

    errors = errors_of(Upload("list.csv", csv_bytes(rows)))

    assert [(row, field) for row, field, _message in errors] == [(12, "stars"), (42, "subgroup")]
    assert not Partner.objects.filter(name=HONEY["producer"]).exists()


def test_vietnamese_staff_read_file_errors_in_vietnamese():
    with translation.override("vi"), pytest.raises(DataImportError) as caught:
        products_import(Upload("list.csv", csv_bytes([HONEY], [c for c in COLUMNS if c != "stars"])))

    assert str(caught.value.errors[0]) == 'list.csv: row 1, field "stars": thiếu cột'
