"""Provincial lists as staff upload them: CSV or XLSX, certificate columns, every bad file named by row
and column with nothing written, the dry run, producers matched by name and province, the command."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from oscar.core.loading import get_model

from catalog.importers import DataImportError, products_import
from catalog.importers.product_rows import COLUMNS
from catalog.importers.products import Outcome, products_check
from catalog.importers.tables import Upload
from tests.factories import PartnerFactory, ProductFactory, category, province
from tests.factories.lists import (
    CERTIFIED,
    FORMER_NAME,
    HONEY,
    UNRATED_UNSOLD,
    WITH_CERTIFICATE,
    csv_bytes,
    list_file,
    xlsx_bytes,
)

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Error texts are asserted in English; staff read them in Vietnamese (test_vietnamese_*)."""
    with translation.override("en"):
        yield


def state() -> dict[str, object]:
    """Everything an import may write: what a refused or repeated import must leave exactly as is."""
    return {
        "products": sorted(Product.objects.values_list("pk", "date_updated", "title", "stars", "score")),
        "partners": sorted(Partner.objects.values_list("pk", "name", "kind", "province_id")),
        "links": sorted(ProductCategory.objects.values_list("product_id", "category_id")),
        "stock": StockRecord.objects.count(),
    }


def errors_of(upload: Upload) -> list[tuple[int, str, str]]:
    """(row, column, message) of each error; asserts the import wrote nothing."""
    before = state()
    with pytest.raises(DataImportError) as caught:
        products_import(upload)
    assert state() == before
    return [(error.row, error.field, error.message) for error in caught.value.errors]


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


# ---------------------------------------------------------------- the dry run


def test_the_dry_run_reports_each_row_and_writes_nothing():
    ProductFactory(
        title=HONEY["name_vi"],
        producer=PartnerFactory(name=HONEY["producer"], province=province("33")),
        province=province("33"),
        stars=3,
        recognition_year=2023,
        source=HONEY["source"],
        categories=[category("I.2.b")],
    )
    products_import(Upload("list.csv", csv_bytes([UNRATED_UNSOLD])))
    before = state()
    rows = [HONEY, UNRATED_UNSOLD, FORMER_NAME, {**CERTIFIED, "stars": "9"}]

    check = products_check(Upload("list.csv", csv_bytes(rows, WITH_CERTIFICATE)))

    assert state() == before
    assert [(r.row, r.outcome, r.changes, r.new_producer) for r in check.rows] == [
        (2, Outcome.UPDATE, ["stars"], ""),
        (3, Outcome.UNCHANGED, [], ""),
        (4, Outcome.CREATE, [], FORMER_NAME["producer"]),
        (5, Outcome.ERROR, [], ""),
    ]
    assert [(e.row, e.field) for e in check.rows[3].errors] == [(5, "stars")]
    assert not check.ok


def test_the_dry_run_counts_what_the_import_then_does():
    upload = Upload("list.csv", csv_bytes([HONEY, UNRATED_UNSOLD, FORMER_NAME]))

    check = products_check(upload)
    summary = products_import(upload)

    assert check.ok
    assert check.summary.lines() == summary.lines()
    assert summary.lines() == [
        "producers: 2 created, 0 updated, 0 unchanged",
        "products: 3 created, 0 updated, 0 unchanged",
    ]


# ---------------------------------------------------------------- producers


def test_a_producer_is_matched_by_name_and_province():
    hung_yen = PartnerFactory(name=HONEY["producer"], province=province("33"), kind="")
    elsewhere = PartnerFactory(name=HONEY["producer"], province=province("01"))

    summary = products_import(Upload("list.csv", csv_bytes([HONEY])))

    assert Product.objects.get(title=HONEY["name_vi"]).producer == hung_yen
    hung_yen.refresh_from_db()
    assert hung_yen.kind == "cooperative"  # an empty type is filled in
    assert Partner.objects.filter(name=HONEY["producer"]).count() == 2
    assert dict(summary.counts["producers"]) == {"updated": 1}
    assert elsewhere.products.count() == 0


def test_a_producer_of_the_same_name_in_another_province_is_a_new_producer():
    PartnerFactory(name=HONEY["producer"], province=province("01"), code="htx-ha-noi")

    products_import(Upload("list.csv", csv_bytes([HONEY])))

    producer = Product.objects.get(title=HONEY["name_vi"]).producer
    assert (producer.province, producer.code) == (province("33"), "hop-tac-xa-nuoi-ong-thu-nghiem")


def test_new_producers_get_unique_codes_for_their_stall_pages():
    PartnerFactory(name="Khác", code="hop-tac-xa-nuoi-ong-thu-nghiem")
    rows = [HONEY, {**HONEY, "name_vi": "Sáp ong", "province_new": "Hà Nội", "province_old": ""}]

    products_import(Upload("list.csv", csv_bytes(rows)))

    codes = sorted(Partner.objects.filter(name=HONEY["producer"]).values_list("code", flat=True))
    assert codes == ["hop-tac-xa-nuoi-ong-thu-nghiem-2", "hop-tac-xa-nuoi-ong-thu-nghiem-3"]


def test_a_producer_without_province_gets_the_lists_province():
    undecided = PartnerFactory(name=HONEY["producer"], province=None)

    products_import(Upload("list.csv", csv_bytes([HONEY])))

    undecided.refresh_from_db()
    assert undecided.province == province("33")
    assert Product.objects.get(title=HONEY["name_vi"]).producer == undecided


# ---------------------------------------------------------------- the command


def run(*args: str, verbosity: int = 0) -> str:
    out = io.StringIO()
    call_command("ocop_import_products", *args, stdout=out, verbosity=verbosity)
    return out.getvalue()


def test_the_command_imports_a_list_and_a_rerun_reports_unchanged(tmp_path):
    path = list_file(tmp_path, xlsx_bytes([HONEY, CERTIFIED], WITH_CERTIFICATE), "quyet-dinh.xlsx")

    first = run(str(path))
    again = run(str(path))

    assert "products: 2 created, 0 updated, 0 unchanged" in first
    assert "products: 0 created, 0 updated, 2 unchanged" in again
    assert "producers: 0 created, 0 updated, 2 unchanged" in again


def test_the_command_dry_run_writes_nothing_and_lists_rows_at_verbosity_2(tmp_path):
    path = list_file(tmp_path, csv_bytes([HONEY, FORMER_NAME]))

    output = run(str(path), "--dry-run", verbosity=2)

    assert not Product.objects.exists() and not Partner.objects.exists()
    assert f"row 2: create {HONEY['name_vi']} (new producer {HONEY['producer']})" in output
    assert "products: 2 created, 0 updated, 0 unchanged" in output
    assert "dry run: nothing was written" in output


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_command_names_row_and_column_of_each_error(tmp_path, dry_run):
    path = list_file(tmp_path, csv_bytes([HONEY, {**FORMER_NAME, "stars": "6"}]))

    with pytest.raises(CommandError) as caught:
        run(str(path), *(["--dry-run"] if dry_run else []))

    assert str(caught.value).startswith(
        'Nothing was imported:\nlist.csv: row 3, field "stars": must be 3, 4 or 5'
    )
    assert not Product.objects.exists()


def test_the_command_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Nothing was imported: .*No such file"):
        run(str(tmp_path / "missing.xlsx"))
