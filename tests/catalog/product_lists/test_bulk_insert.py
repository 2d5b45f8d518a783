"""bulk_insert (COPY on PostgreSQL, bulk_create elsewhere) stores what save() stores."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from oscar.core.loading import get_model

from catalog.importers.bulk import bulk_insert
from tests.factories import ProductFactory
from tests.factories.catalog import ProductClassFactory
from tests.factories.partner import PartnerFactory

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

# Unique by design, or the other producer; search_text is Product.save()'s work (the importer
# computes it itself: bulk_insert, like bulk_create, calls no save()).
DIFFERENT = {"id", "upc", "slug", "code", "name", "title", "partner_sku", "date_created", "date_updated"}
DIFFERENT |= {"producer_id", "search_text"}
PRODUCER = {"phone": "0912 345 678", "address": "Thôn 3, xã An Bình", "email": "htx@example.vn"}


def stored(instance: models.Model) -> dict[str, Any]:
    """The row as read back, without the columns that differ between two rows by design."""
    instance.refresh_from_db()
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in DIFFERENT
    }


def pair(**fields: Any) -> tuple[Any, Any]:
    """Two unsaved products, alike but for their unique columns, each of a new producer."""
    kind = ProductClassFactory()
    return tuple(
        ProductFactory.build(
            product_class=kind, producer=PartnerFactory.build(**PRODUCER), categories=[], **fields
        )
        for _ in range(2)
    )


def test_a_product_inserted_in_bulk_reads_back_as_one_saved():
    saved, bulk = pair(
        stars=5,
        score=92,
        expires_on=datetime.date(2028, 6, 30),
        description="Mật ong hoa nhãn, thu hoạch tháng 3",
        certificate_number="",
    )
    saved.producer.save()
    saved.save()

    bulk_insert(Partner, [bulk.producer], batch_size=10)
    bulk_insert(Product, [bulk], batch_size=10)

    assert bulk.pk is not None and bulk.producer_id == bulk.producer.pk  # the new producer's id copied
    assert stored(bulk) == stored(saved)
    assert stored(bulk.producer) == stored(saved.producer)
    assert Product.objects.get(pk=bulk.pk).date_created is not None


def test_empty_texts_of_null_char_fields_are_stored_as_null_as_save_does():
    saved, bulk = pair(upc="")
    saved.producer.save()
    saved.save()
    bulk_insert(Partner, [bulk.producer], batch_size=10)
    bulk_insert(Product, [bulk], batch_size=10)

    assert Product.objects.filter(pk__in=[saved.pk, bulk.pk], upc__isnull=True).count() == 2


def test_many_rows_get_distinct_ids_and_keep_their_prices():
    products = [ProductFactory(categories=[]) for _ in range(3)]
    offers = [
        StockRecord(
            product=p, partner=p.producer, partner_sku=f"SKU-{i}", price=Decimal(125_000 + i), num_in_stock=i
        )
        for i, p in enumerate(products)
    ]

    bulk_insert(StockRecord, offers, batch_size=2)

    assert len({offer.pk for offer in offers}) == 3
    assert [
        (r.product_id, r.price, r.num_in_stock)
        for r in StockRecord.objects.filter(pk__in=[o.pk for o in offers]).order_by("pk")
    ] == [(p.pk, Decimal(125_000 + i), i) for i, p in enumerate(products)]
