"""The dry run, and producers matched by name and province."""

from __future__ import annotations

import pytest
from oscar.core.loading import get_model

from catalog.importers import products_import
from catalog.importers.products import Outcome, products_check
from catalog.importers.tables import Upload
from tests.catalog.product_lists.helpers import state
from tests.factories import PartnerFactory, ProductFactory, category, province
from tests.factories.lists import (
    CERTIFIED,
    FORMER_NAME,
    HONEY,
    UNRATED_UNSOLD,
    WITH_CERTIFICATE,
    csv_bytes,
)

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the dry run


def test_the_dry_run_reports_each_row_and_writes_nothing():
    ProductFactory(
        title=HONEY["name_vi"],
        producer=PartnerFactory(name=HONEY["producer"], province=province("33")),
        province=province("33"),
        province_old=ProvinceFormerName.objects.get(name=HONEY["province_old"]),
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
