"""Receivers that note which search documents a write changes; nothing else happens in a receiver.

Ids are noted in one outbox row per transaction (catalog.outbox, search.models.IndexOutbox),
written in that transaction; once it commits, ONE search task re-indexes them all and deletes the
row (search.tasks), so a crash in between leaves the row for the next task or
`search_outbox_drain`. Without ELASTICSEARCH_URL there is no index, and the receivers do nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from oscar.core.loading import get_model

from catalog import signals as catalog_signals
from catalog.outbox import TransactionOutbox

from .catalogue_version import catalogue_changed
from .models import IndexOutbox


def _index_update_enqueue() -> None:
    from .tasks import search_index_update

    search_index_update.enqueue()


outbox = TransactionOutbox(IndexOutbox, after_commit=_index_update_enqueue)


_paused: ContextVar[bool] = ContextVar("search_updates_paused", default=False)


@contextmanager
def search_updates_paused() -> Iterator[None]:
    """Note no changes inside: for bulk loads that end with a full `search_rebuild_index`.
    Their bulk writes send no signals, so the facet counts' catalogue version is bumped at the end."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
        catalogue_changed()


def search_changed(
    *, products: Iterable[int] = (), producers: Iterable[int] = (), provinces: bool = False
) -> None:
    """Re-index these after the current transaction commits (at once outside a transaction)."""
    if not settings.ELASTICSEARCH_URL or _paused.get():
        return
    outbox.note(
        products=[pk for pk in products if pk is not None], producers=list(producers), provinces=provinces
    )


def product_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    search_changed(products=[instance.pk])


def product_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A stock record, a product's category link or image (the card shows the primary one)."""
    search_changed(products=[instance.product_id])


def category_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not settings.ELASTICSEARCH_URL:
        return
    ProductCategory = get_model("catalogue", "ProductCategory")
    links = ProductCategory.objects.filter(category__path__startswith=instance.path)
    search_changed(products=list(links.values_list("product_id", flat=True)))


def producer_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Saved, or about to be deleted (its products lose it without a signal of their own)."""
    if not settings.ELASTICSEARCH_URL:
        return
    products = get_model("catalogue", "Product").objects.filter(producer_id=instance.pk)
    search_changed(products=list(products.values_list("pk", flat=True)), producers=[instance.pk])


def display_point_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Saved (it may have moved), or about to be deleted."""
    if settings.ELASTICSEARCH_URL:
        search_changed(products=list(instance.products.values_list("pk", flat=True)))


def display_point_stock_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if not settings.ELASTICSEARCH_URL:
        return
    if action in ("post_add", "post_remove"):
        search_changed(products=[instance.pk] if reverse else pk_set or ())
    elif action == "pre_clear":
        search_changed(
            products=[instance.pk] if reverse else list(instance.products.values_list("pk", flat=True))
        )


def products_imported(sender: Any, product_ids: list[int], producer_ids: list[int], **kwargs: Any) -> None:
    """A product list was imported with bulk writes (catalog.signals): one batch for all of it."""
    search_changed(products=product_ids, producers=producer_ids)


def province_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A province or one of its former names: its products' place names and the suggestions."""
    if not settings.ELASTICSEARCH_URL:
        return
    province_id = getattr(instance, "province_id", instance.pk)
    products = get_model("catalogue", "Product").objects.filter(province_id=province_id)
    search_changed(products=list(products.values_list("pk", flat=True)), provinces=True)


def connect() -> None:
    """Connect every receiver (from SearchConfig.ready)."""
    Product = get_model("catalogue", "Product")
    DisplayPoint = get_model("displays", "DisplayPoint")
    saved_or_deleted = [
        (Product, product_changed),
        (get_model("partner", "StockRecord"), product_row_changed),
        (get_model("catalogue", "ProductCategory"), product_row_changed),
        (get_model("catalogue", "ProductImage"), product_row_changed),
        (get_model("catalogue", "Province"), province_changed),
        (get_model("catalogue", "ProvinceFormerName"), province_changed),
    ]
    for model, receiver in saved_or_deleted:
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
    # Deleting a category deletes its product links, whose own receiver queues the products.
    Category = get_model("catalogue", "Category")
    post_save.connect(category_saved, sender=Category, dispatch_uid="search-save-category")
    for model, receiver in [
        (get_model("partner", "Partner"), producer_changed),
        (DisplayPoint, display_point_changed),
    ]:
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        pre_delete.connect(receiver, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
    m2m_changed.connect(
        display_point_stock_changed, sender=DisplayPoint.products.through, dispatch_uid="search-display-stock"
    )
    catalog_signals.products_imported.connect(products_imported, dispatch_uid="search-products-imported")
    # The database backend's and the facets' caches, cleared when their rows change.
    from . import facets
    from .backends import db_suggest, db_text

    for module in (db_text, db_suggest, facets):
        module.receivers_connect()
    # The catalogue version keying the database backend's cached facet counts.
    from . import catalogue_version

    catalogue_version.receivers_connect()
