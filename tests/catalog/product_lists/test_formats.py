"""CSV and XLSX lists as staff save them, and the certificate columns."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.importers import products_import
from catalog.importers.product_rows import COLUMNS
from catalog.importers.products import Outcome, products_check
from catalog.importers.tables import Upload
from tests.catalog.product_lists.helpers import errors_of, state
from tests.factories import province
from tests.factories.lists import (
    CERTIFIED,
    FORMER_NAME,
    HONEY,
    UNRATED_UNSOLD,
    WITH_CERTIFICATE,
    csv_bytes,
    xlsx_bytes,
)

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_csv_and_xlsx_lists_import_the_same_products(make):
    content = make([HONEY, UNRATED_UNSOLD, FORMER_NAME])
    name = "list.csv" if make is csv_bytes else "list.xlsx"

    summary = products_import(Upload(name, content))

    assert dict(summary.counts["products"]) == {"created": 3}
    honey = Product.objects.get(title=HONEY["name_vi"])
    assert (honey.stars, honey.recognition_year, honey.producer.name, honey.province.name) == (
        4,
        2023,
        HONEY["producer"],
        "Hưng Yên",
    )
    assert [c.code for c in honey.categories.all()] == ["I.2.b"]
    assert Product.objects.get(title=FORMER_NAME["name_vi"]).province.name == "Bắc Ninh"


def test_an_xlsx_reimported_as_csv_changes_nothing():
    products_import(Upload("list.xlsx", xlsx_bytes([HONEY, CERTIFIED], WITH_CERTIFICATE)))
    before = state()

    summary = products_import(Upload("list.csv", csv_bytes([HONEY, CERTIFIED], WITH_CERTIFICATE)))

    assert state() == before
    assert dict(summary.counts["products"]) == {"unchanged": 2}


def test_dates_typed_as_excel_dates_are_read_as_dates():
    row = {**CERTIFIED, "decision_date": datetime.date(2025, 3, 14), "expires_on": datetime.date(2028, 1, 31)}

    products_import(Upload("list.xlsx", xlsx_bytes([row], WITH_CERTIFICATE)))

    tea = Product.objects.get(title=CERTIFIED["name_vi"])
    assert (tea.certified_on, tea.expires_on) == (datetime.date(2025, 3, 14), datetime.date(2028, 1, 31))


def test_a_semicolon_separated_csv_as_excel_saves_it_in_vietnamese_is_read():
    products_import(Upload("list.csv", csv_bytes([HONEY], delimiter=";")))

    assert Product.objects.filter(title=HONEY["name_vi"]).exists()


def test_column_order_and_case_do_not_matter_and_optional_columns_may_be_left_out():
    columns = ["Stars", "name_vi", "SUBGROUP", "producer", "province_new"]

    products_import(
        Upload("list.csv", csv_bytes([{**HONEY, "Stars": "4", "SUBGROUP": HONEY["subgroup"]}], columns))
    )

    honey = Product.objects.get(title=HONEY["name_vi"])
    assert (honey.stars, honey.recognition_year, honey.producer.kind) == (4, None, "")


def test_text_typed_as_decomposed_unicode_names_the_same_product():
    products_import(Upload("list.csv", csv_bytes([HONEY])))
    decomposed = {name: unicodedata.normalize("NFD", value) for name, value in HONEY.items()}

    summary = products_import(Upload("list.xlsx", xlsx_bytes([decomposed])))

    assert dict(summary.counts["products"]) == {"unchanged": 1}
    assert Product.objects.count() == 1


def test_a_list_with_only_former_province_names_is_read():
    columns = [c for c in COLUMNS if c != "province_new"]

    products_import(Upload("list.csv", csv_bytes([FORMER_NAME], columns)))

    assert Product.objects.get(title=FORMER_NAME["name_vi"]).province == province("24")


# ---------------------------------------------------------------- certificate columns


def test_certificate_columns_fill_the_certificate_and_expiry_defaults_to_36_months():
    products_import(Upload("list.csv", csv_bytes([CERTIFIED], WITH_CERTIFICATE)))

    tea = Product.objects.get(title=CERTIFIED["name_vi"])
    assert (tea.certificate_number, tea.decision_number, tea.certified_on, tea.score) == (
        "QN-OCOP-2025-0042",
        "1234/QĐ-UBND",
        datetime.date(2025, 3, 14),
        78,
    )
    assert tea.expires_on == datetime.date(2025, 3, 14) + relativedelta(months=36)


def test_empty_certificate_cells_keep_what_staff_entered():
    products_import(Upload("list.csv", csv_bytes([CERTIFIED], WITH_CERTIFICATE)))
    blank = {
        **CERTIFIED,
        **dict.fromkeys(("certificate_number", "decision_number", "decision_date", "score"), ""),
    }

    summary = products_import(Upload("list.csv", csv_bytes([blank], WITH_CERTIFICATE)))

    tea = Product.objects.get(title=CERTIFIED["name_vi"])
    assert (tea.certificate_number, tea.score) == ("QN-OCOP-2025-0042", 78)
    assert dict(summary.counts["products"]) == {"unchanged": 1}


def test_a_renewal_moves_the_decision_and_the_expiry():
    products_import(Upload("list.csv", csv_bytes([CERTIFIED], WITH_CERTIFICATE)))
    decided = timezone.localdate() - datetime.timedelta(days=30)
    renewed = {**CERTIFIED, "stars": "5", "score": "91", "decision_date": f"{decided:%d/%m/%Y}"}
    upload = Upload("list.csv", csv_bytes([renewed], WITH_CERTIFICATE))

    check = products_check(upload)
    products_import(upload)

    assert [(r.outcome, r.changes) for r in check.rows] == [
        (Outcome.UPDATE, ["stars", "decision_date", "score", "expires_on"])
    ]
    tea = Product.objects.get(title=CERTIFIED["name_vi"])
    assert (tea.stars, tea.score, tea.expires_on) == (5, 91, decided + relativedelta(months=36))


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"stars": "4", "score": "65"}, "score", "A 4★ product scores 70–89 points."),
        ({"stars": "3", "score": "92"}, "score", "A 3★ product scores 50–69 points."),
        ({"stars": "5", "score": "89"}, "score", "A 5★ product scores 90–100 points."),
        ({"score": "101"}, "score", "must be a whole number of points from 0 to 100"),
        ({"score": "tám mươi"}, "score", "must be a whole number of points from 0 to 100"),
        ({"decision_date": "31/02/2025"}, "decision_date", "must be a date such as 31/12/2025 or 2025-12-31"),
        ({"expires_on": "01/03/2025"}, "expires_on", "The expiry date must be after the issue date."),
        (
            {"decision_date": "01/01/2999"},
            "decision_date",
            "a recognition decision cannot be dated in the future",
        ),
        ({"certificate_number": "x" * 65}, "certificate_number", "at most 64 characters"),
    ],
)
def test_a_bad_certificate_cell_names_its_row_and_column(changes, column, message):
    errors = errors_of(Upload("list.csv", csv_bytes([HONEY, {**CERTIFIED, **changes}], WITH_CERTIFICATE)))

    assert [(row, field) for row, field, _message in errors] == [(3, column)]
    assert message in errors[0][2]


def test_new_stars_that_contradict_the_score_on_record_are_refused():
    products_import(Upload("list.csv", csv_bytes([CERTIFIED], WITH_CERTIFICATE)))  # 4★, 78 points
    raised = {**CERTIFIED, "stars": "5", "score": ""}

    errors = errors_of(Upload("list.csv", csv_bytes([raised], WITH_CERTIFICATE)))

    assert errors == [(2, "stars", "A 5★ product scores 90–100 points.")]
