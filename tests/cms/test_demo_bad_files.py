"""`ocop_load_demo` refuses a damaged demo file, naming file, row and column, and loads nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import translation
from oscar.core.loading import get_model

from tests.factories.lists import DAMAGES, csv_bytes, damaged_csv_bytes

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

DATA_DIR = Path(__file__).resolve().parents[2] / "catalog" / "data"
FILES = ("ocop-products.csv", "ocop-places.csv")


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def demo_rows(name: str) -> tuple[list[dict[str, str]], list[str]]:
    """The first three rows of a demo file, and its columns."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [next(reader) for _ in range(3)], list(reader.fieldnames or [])


def state() -> dict[str, object]:
    return {
        "products": Product.objects.count(),
        "partners": Partner.objects.count(),
        "stock": StockRecord.objects.count(),
        "points": apps.get_model("displays", "DisplayPoint").objects.count(),
        "fairs": apps.get_model("cms", "FairPage").objects.count(),
        "revisions": apps.get_model("wagtailcore", "Revision").objects.count(),
    }


@pytest.mark.parametrize("bad_file", FILES)
@pytest.mark.parametrize("damage", DAMAGES)
def test_load_demo_refuses_a_damaged_file_naming_file_row_and_column_and_loads_nothing(
    tmp_path, bad_file, damage
):
    for name in FILES:
        rows, columns = demo_rows(name)
        content = damaged_csv_bytes(rows, columns, damage) if name == bad_file else csv_bytes(rows, columns)
        (tmp_path / name).write_bytes(content)
    before = state()

    # The places are read after the products are written: their refusal must undo the products too.
    with pytest.raises(CommandError, match=rf"Nothing was loaded:\n{bad_file}: {DAMAGES[damage]}"):
        call_command("ocop_load_demo", "--no-images", "--data-dir", str(tmp_path), stdout=io.StringIO())

    assert state() == before
