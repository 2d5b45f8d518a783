"""Each product's lowest price (Product.lowest_price), kept from its stock records.

A stock record's save or delete and a product's save refresh it for that product (one UPDATE);
bulk writes that send no signals refresh it for the products they touched: a provincial list
import (`products_imported`) and the synthetic catalogue call `lowest_prices_refresh` themselves.
A product without a priced stock record has none: in no price band, last in price sorts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Min, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from .signals import products_imported

CHUNK = 1000  # product ids per UPDATE


def lowest_prices_refresh(product_ids: Iterable[int] | None = None) -> None:
    """Recompute the lowest price of these products (all of them with None) in SQL."""
    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    lowest = Subquery(
        StockRecord.objects.filter(product=OuterRef("pk"), price__isnull=False)
        .order_by()
        .values("product")
        .annotate(lowest=Min("price"))
        .values("lowest")
    )
    if product_ids is None:
        Product.objects.update(lowest_price=lowest)
        return
    ids = sorted({pk for pk in product_ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        Product.objects.filter(pk__in=ids[start : start + CHUNK]).update(lowest_price=lowest)


def _offer_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        lowest_prices_refresh([instance.product_id])


def _product_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    # The saved instance may carry a value read before its stock records last changed.
    if not raw:
        lowest_prices_refresh([instance.pk])


def _imported(sender: Any, product_ids: Iterable[int] = (), **kwargs: Any) -> None:
    lowest_prices_refresh(product_ids)


def receivers_connect() -> None:
    """Called from CatalogConfig.ready."""
    StockRecord = get_model("partner", "StockRecord")
    post_save.connect(_offer_changed, sender=StockRecord, dispatch_uid="catalog-lowest-price-offer-save")
    post_delete.connect(_offer_changed, sender=StockRecord, dispatch_uid="catalog-lowest-price-offer-delete")
    post_save.connect(
        _product_saved, sender=get_model("catalogue", "Product"), dispatch_uid="catalog-lowest-price-product"
    )
    products_imported.connect(_imported, dispatch_uid="catalog-lowest-price-import")
