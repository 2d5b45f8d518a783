"""Product.lowest_price follows the product's stock records (catalog.prices)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.signals import products_imported
from tests.factories import ProductFactory, StockRecordFactory

pytestmark = pytest.mark.django_db


def lowest(product) -> Decimal | None:
    product.refresh_from_db(fields=["lowest_price"])
    return product.lowest_price


def test_each_stock_record_write_keeps_the_lowest_price():
    product = ProductFactory()
    assert lowest(product) is None

    dear = StockRecordFactory(product=product, price=Decimal(250000))
    assert lowest(product) == 250000
    cheap = StockRecordFactory(product=product, price=Decimal(95000))
    assert lowest(product) == 95000
    StockRecordFactory(product=product, price=None)
    assert lowest(product) == 95000
    cheap.price = Decimal(300000)
    cheap.save()
    assert lowest(product) == 250000
    dear.delete()
    assert lowest(product) == 300000


def test_saving_a_product_read_before_a_price_change_keeps_the_new_price():
    product = ProductFactory()
    stale = type(product).objects.get(pk=product.pk)
    StockRecordFactory(product=product, price=Decimal(120000))

    stale.title = "Mật ong hoa nhãn"
    stale.save()

    assert lowest(product) == 120000


def test_a_bulk_import_refreshes_the_products_it_names():
    product = ProductFactory()
    record = StockRecordFactory(product=product, price=Decimal(120000))
    type(record).objects.filter(pk=record.pk).update(price=Decimal(80000))  # no signal
    assert lowest(product) == 120000

    products_imported.send(sender=type(product), product_ids=[product.pk], producer_ids=[])

    assert lowest(product) == 80000
