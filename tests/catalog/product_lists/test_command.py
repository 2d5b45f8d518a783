"""`manage.py ocop_import_products`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from tests.factories.lists import (
    CERTIFIED,
    FORMER_NAME,
    HONEY,
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
