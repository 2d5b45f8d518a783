"""Each product's producer type (Product.producer_kind), copied from its producer.

Listings count and filter products by producer type; with the type on the product row they do so
without joining every product to its producer (30,000 producers at 100,000 products). Product.save
copies it; a producer's save refreshes its products (one UPDATE); a provincial list import, whose
bulk writes send no signals, refreshes the products and producers it wrote (`products_imported`);
the synthetic catalogue sets it as it builds its products."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from oscar.core.loading import get_model

from .signals import products_imported

CHUNK = 1000  # ids per UPDATE


def producer_kinds_refresh(*, product_ids: Iterable[int] = (), producer_ids: Iterable[int] = ()) -> None:
    """Copy the producer type onto these products and onto every product of these producers."""
    Product = get_model("catalogue", "Product")
    Partner = get_model("partner", "Partner")
    kind = Coalesce(
        Subquery(Partner.objects.filter(pk=OuterRef("producer_id")).values("kind")[:1]), Value("")
    )
    for field, ids in (("pk__in", product_ids), ("producer_id__in", producer_ids)):
        ids = sorted({pk for pk in ids if pk is not None})
        for start in range(0, len(ids), CHUNK):
            Product.objects.filter(Q(**{field: ids[start : start + CHUNK]})).update(producer_kind=kind)


def _producer_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        Product = get_model("catalogue", "Product")
        Product.objects.filter(producer=instance).exclude(producer_kind=instance.kind).update(
            producer_kind=instance.kind
        )


def _imported(
    sender: Any, product_ids: Iterable[int] = (), producer_ids: Iterable[int] = (), **kwargs: Any
) -> None:
    producer_kinds_refresh(product_ids=product_ids, producer_ids=producer_ids)


def receivers_connect() -> None:
    """Called from CatalogConfig.ready."""
    post_save.connect(
        _producer_saved, sender=get_model("partner", "Partner"), dispatch_uid="catalog-producer-kind-producer"
    )
    products_imported.connect(_imported, dispatch_uid="catalog-producer-kind-import")
