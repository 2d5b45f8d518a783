"""Product.producer_kind follows its producer's type (catalog.producer_kinds): the database
search backend counts and filters producer types on the product row."""

from __future__ import annotations

import pytest
from oscar.core.loading import get_model

from catalog.importers import products_import
from catalog.importers.tables import Upload
from catalog.signals import products_imported
from tests.factories import PartnerFactory, ProductFactory, province
from tests.factories.lists import HONEY, csv_bytes

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def kind_of(product) -> str:
    product.refresh_from_db(fields=["producer_kind"])
    return product.producer_kind


def test_a_saved_product_copies_its_producers_type():
    cooperative = PartnerFactory(kind="cooperative")
    product = ProductFactory(producer=cooperative)
    assert kind_of(product) == "cooperative"

    product.producer = PartnerFactory(kind="household")
    product.save()
    assert kind_of(product) == "household"

    product.producer = None
    product.save()
    assert kind_of(product) == ""


def test_a_producer_changing_type_changes_its_products_only():
    producer, other = PartnerFactory(kind="household"), PartnerFactory(kind="household")
    mine, theirs = ProductFactory(producer=producer), ProductFactory(producer=other)

    producer.kind = "enterprise"
    producer.save()

    assert (kind_of(mine), kind_of(theirs)) == ("enterprise", "household")


def test_a_bulk_write_announced_as_an_import_refreshes_its_producers_products():
    producer = PartnerFactory(kind="household")
    product = ProductFactory(producer=producer)
    Partner.objects.filter(pk=producer.pk).update(kind="cooperative_group")  # no signal
    assert kind_of(product) == "household"

    products_imported.send(sender=Product, product_ids=[], producer_ids=[producer.pk])

    assert kind_of(product) == "cooperative_group"


def test_a_provincial_list_filling_in_a_producers_type_reaches_its_other_products():
    producer = PartnerFactory(name=HONEY["producer"], province=province("33"), kind="")
    earlier = ProductFactory(producer=producer, title="Mật ong bạc hà")

    products_import(Upload("list.csv", csv_bytes([HONEY])))

    imported = Product.objects.get(title=HONEY["name_vi"])
    assert (kind_of(imported), kind_of(earlier)) == ("cooperative", "cooperative")
