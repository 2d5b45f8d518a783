"""The demo commands: the real demo data, the synthetic catalogue, generated images, the demo user."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from catalog.images import producer_logos_ensure, product_images_ensure
from catalog.importers import products_import

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Error texts are asserted in English; staff see them in Vietnamese (see test_vietnamese_*)."""
    with translation.override("en"):
        yield


DATA_DIR = Path(__file__).resolve().parents[2] / "catalog" / "data"


def data_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def state() -> dict[str, object]:
    return {
        "products": sorted(Product.objects.values_list("pk", "date_updated")),
        "stock": sorted(StockRecord.objects.values_list("pk", "date_updated", "price", "num_in_stock")),
        "partners": Partner.objects.count(),
        "points": apps.get_model("displays", "DisplayPoint").objects.count(),
        "fairs": apps.get_model("cms", "FairPage").objects.count(),
        "revisions": apps.get_model("wagtailcore", "Revision").objects.count(),
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def test_load_demo_loads_every_product_and_place_then_changes_nothing_on_rerun():
    products, places = data_rows("ocop-products.csv"), data_rows("ocop-places.csv")
    run("ocop_load_demo", "--no-images")
    first = state()

    output = run("ocop_load_demo", "--no-images")

    assert (len(products), len(places)) == (484, 42)
    assert Product.objects.count() == len(products)
    assert first["points"] + first["fairs"] == len(places)
    assert first["points"] == sum(row["kind"] == "display_point" for row in places)
    assert StockRecord.objects.count() == sum(bool(row["producer"]) for row in products)
    assert Product.objects.filter(stars=None).count() == sum(not row["stars"] for row in products)
    assert state() == first
    assert "products: 0 created, 0 updated, 484 unchanged" in output
    assert not ProductImage.objects.exists()


def test_load_demo_bad_file_raises_command_error_naming_the_row_and_loads_nothing(tmp_path):
    rows = data_rows("ocop-products.csv")[:3]
    rows[1]["stars"] = "6"
    for name, data in (("ocop-products.csv", rows), ("ocop-places.csv", data_rows("ocop-places.csv"))):
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(data[0]))
            writer.writeheader()
            writer.writerows(data)

    with pytest.raises(CommandError, match=r'ocop-products.csv: row 3, field "stars": must be 3, 4 or 5'):
        run("ocop_load_demo", "--no-images", "--data-dir", str(tmp_path))

    assert not Product.objects.exists()
    assert not apps.get_model("displays", "DisplayPoint").objects.exists()


def test_generate_catalog_adds_products_spread_over_provinces_sets_stars_and_kinds():
    run("ocop_generate_catalog", "--products", "200", "--seed", "7")

    products = Product.objects.filter(upc__startswith="SYN-")
    assert products.count() == 200
    assert products.values("province").distinct().count() == 34
    assert products.values("categories").distinct().count() == 26
    assert set(products.values_list("stars", flat=True)) == {None, 3, 4, 5}
    assert set(products.values_list("producer__kind", flat=True)) == {
        "cooperative",
        "enterprise",
        "household",
        "cooperative_group",
    }
    assert not products.exclude(producer_kind=F("producer__kind")).exists()  # copied by bulk_create too
    assert StockRecord.objects.filter(product__in=products, price_currency="VND").count() == 200
    assert ProductImage.objects.filter(product__in=products).values("original").distinct().count() == 26
    sample = products.exclude(stars=None).first()
    assert sample.search_text and sample.expires_on and sample.certificate_number.startswith("DEMO-")
    assert sample.source.startswith("Dữ liệu mô phỏng")


def test_generate_catalog_rerun_adds_more_with_new_upcs_even_after_a_deletion():
    run("ocop_generate_catalog", "--products", "50", "--no-images")
    Product.objects.get(upc="SYN-0000001").delete()

    run("ocop_generate_catalog", "--products", "50", "--no-images")

    upcs = list(Product.objects.filter(upc__startswith="SYN-").values_list("upc", flat=True))
    assert len(upcs) == len(set(upcs)) == 99
    assert max(upcs) == "SYN-0000100"


def test_generate_catalog_is_deterministic_for_a_seed():
    run("ocop_generate_catalog", "--products", "40", "--seed", "3", "--no-images")
    first = list(Product.objects.order_by("upc").values_list("upc", "title", "stars", "province__code"))
    Product.objects.filter(upc__startswith="SYN-").delete()
    Partner.objects.filter(code__startswith="syn-").delete()

    run("ocop_generate_catalog", "--products", "40", "--seed", "3", "--no-images")

    assert (
        list(Product.objects.order_by("upc").values_list("upc", "title", "stars", "province__code")) == first
    )


def test_images_are_generated_once_with_stable_names(tmp_path, media_root):
    rows = data_rows("ocop-products.csv")[:2]
    with open(tmp_path / "two.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    products_import(tmp_path / "two.csv", demo=True)

    first = product_images_ensure(Product.objects.all())
    again = product_images_ensure(Product.objects.all())
    logos = producer_logos_ensure(Partner.objects.all())

    image = ProductImage.objects.select_related("product").first()
    assert image.original.name == f"images/products/ocop/{image.product.upc.lower()}.jpg"
    assert Image.open(media_root / image.original.name).size == (800, 800)
    assert (dict(first.counts["product images"]), dict(again.counts["product images"])) == (
        {"created": 2},
        {"unchanged": 2},
    )
    assert logos.counts["producer logos"]["created"] == Partner.objects.count()
    assert all((media_root / p.logo.name).exists() for p in Partner.objects.all())


def test_demo_superuser_refuses_without_debug_then_is_idempotent_with_force(settings):
    settings.DEBUG = False
    User = get_user_model()

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("ocop_demo_superuser", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()

    call_command("ocop_demo_superuser", "--force", stdout=io.StringIO())
    out = io.StringIO()
    call_command("ocop_demo_superuser", "--force", stdout=out)

    user = User.objects.get(username="admin")
    assert (user.email, user.is_superuser, user.is_staff) == ("admin@cho-ocop.local", True, True)
    assert user.check_password("ocop-demo-2025")
    assert "unchanged" in out.getvalue()
