"""Cached figures: a second request is served from the cache, and any change to what the
figures count shows on the next request."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.signals import products_imported
from shop.statistics.cache import catalogue_version
from tests.factories import DisplayPointFactory, PartnerFactory, ProductFactory, StockRecordFactory, province

from .helpers import page_tables

pytestmark = pytest.mark.django_db


def stars_of(client, url: str) -> dict[str, str]:
    table = page_tables(client.get(url).content.decode())["Sản phẩm theo số sao OCOP"]
    return {label: cells[0][0] for label, cells in table.items()}


def test_a_second_request_reads_no_product_rows(client, catalogue):
    client.get("/thong-ke/lao-cai/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/thong-ke/lao-cai/")

    assert not [q for q in queries.captured_queries if "catalogue_product" in q["sql"]]


def test_a_new_product_shows_on_the_next_request(client, catalogue, django_capture_on_commit_callbacks):
    assert stars_of(client, "/thong-ke/lao-cai/")["5 sao"] == "1"

    with django_capture_on_commit_callbacks(execute=True):
        ProductFactory(province=province("15"), stars=5)

    assert stars_of(client, "/thong-ke/lao-cai/")["5 sao"] == "2"
    assert stars_of(client, "/thong-ke/")["5 sao"] == "2"


def test_a_changed_certificate_shows_on_the_next_request(
    client, catalogue, django_capture_on_commit_callbacks
):
    client.get("/thong-ke/lao-cai/summary.csv")
    tea = catalogue["tea"]

    with django_capture_on_commit_callbacks(execute=True):
        tea.expires_on = timezone.localdate() - datetime.timedelta(days=1)
        tea.save()

    body = client.get("/thong-ke/lao-cai/summary.csv").content.decode("utf-8-sig")
    assert "expired,Giấy chứng nhận hết hạn,2" in body


def test_nothing_changed_nothing_invalidated(client, catalogue, django_capture_on_commit_callbacks):
    before = catalogue_version()

    with django_capture_on_commit_callbacks(execute=True):
        pass

    assert catalogue_version() == before


def change_product(catalogue):
    catalogue["tea"].save()


def delete_product(catalogue):
    catalogue["wine"].delete()


def change_producer(catalogue):
    producer = catalogue["tea"].producer
    producer.kind = "enterprise"
    producer.save()


def add_stock(catalogue):
    StockRecordFactory(product=catalogue["tea"])


def add_display_point(catalogue):
    DisplayPointFactory(province=province("15"))


def rename_province(catalogue):
    lao_cai = province("15")
    lao_cai.name = "Lào Cai (mới)"
    lao_cai.save()


def rename_category(catalogue):
    sector = catalogue["tea"].categories.first().get_root()
    sector.name_en = "Drinks"
    sector.save()


def recategorise(catalogue):
    catalogue["tea"].categories.add(catalogue["honey"].categories.first())


def add_producer(catalogue):
    PartnerFactory(province=province("15"))


def import_list(catalogue):
    # A provincial list import writes in bulk (no post_save) and says so once.
    product = catalogue["tea"]
    products_imported.send(sender=type(product), product_ids=[product.pk], producer_ids=[])


@pytest.mark.parametrize(
    "change",
    [
        change_product,
        delete_product,
        change_producer,
        add_producer,
        add_stock,
        add_display_point,
        rename_province,
        rename_category,
        recategorise,
        import_list,
    ],
)
def test_every_counted_model_bumps_the_catalogue_version_again_after_commit(
    catalogue, change, django_capture_on_commit_callbacks
):
    before = catalogue_version()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change(catalogue)
        during = catalogue_version()
    for callback in callbacks:
        callback()

    # A request that read the old rows before the commit cached them under `during`: dropped too.
    assert len({before, during, catalogue_version()}) == 3


def test_a_renamed_province_shows_its_new_name(client, catalogue, django_capture_on_commit_callbacks):
    client.get("/thong-ke/lao-cai/")

    with django_capture_on_commit_callbacks(execute=True):
        rename_province(catalogue)

    assert "<h1>Thống kê OCOP — Lào Cai (mới)</h1>" in client.get("/thong-ke/lao-cai/").content.decode()
