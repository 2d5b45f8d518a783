"""The catalogue version that keys every cached statistic, and the receivers that bump it.

Any save or delete of what the figures count (products and their categories, stock records,
producers, display points, categories, provinces), and a provincial list import (its bulk writes
send `catalog.signals.products_imported` instead), replaces the version after the transaction
commits, so the next request in every process computes afresh. Other writes without signals
(`bulk_create`, `QuerySet.update`): the cache timeout bounds how long their figures can lag."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model

from catalog.signals import products_imported

VERSION_KEY = "ocop-statistics:catalogue-version"
# The backstop for writes without signals; a signalled change shows on the next request.
CACHE_SECONDS = 15 * 60


def catalogue_version() -> str:
    """The current version token; a new one when the cache has none (first use, eviction)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def catalogue_version_bump() -> None:
    """A new random token: every entry keyed by the old one is never read again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def catalogue_changed(**kwargs) -> None:
    # After the commit: a request that read the old rows meanwhile caches them under the old
    # version, which is dropped here. Outside a transaction this runs at once.
    transaction.on_commit(catalogue_version_bump)


def watched_models() -> list[type]:
    return [
        get_model("catalogue", "Product"),
        get_model("catalogue", "ProductCategory"),
        get_model("catalogue", "Category"),
        get_model("catalogue", "Province"),
        get_model("partner", "Partner"),
        get_model("partner", "StockRecord"),
        get_model("displays", "DisplayPoint"),
    ]


def connect_receivers() -> None:
    for model in watched_models():
        uid = f"ocop-statistics-{model._meta.label_lower}"
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"{uid}-delete")
    # product.categories.add()/remove() write the through rows without post_save.
    through = get_model("catalogue", "Product").categories.through
    m2m_changed.connect(catalogue_changed, sender=through, dispatch_uid="ocop-statistics-product-categories")
    products_imported.connect(catalogue_changed, dispatch_uid="ocop-statistics-products-imported")
