"""The catalogue version: a token that every write to what the facets count replaces.

The database backend caches its facet counts in Django's cache (Redis with CACHE_URL, shared by
every app server) under a key naming this version, so the next request after a change, on any
server, counts afresh. Products, stock records, product images, category links, categories,
producers, provinces and display points (the "near me" radius) bump it on save and delete; a provincial
list import (`catalog.signals.products_imported`) and bulk loads (`search_updates_paused`) too.
Other writes without signals (`QuerySet.update`): the cache timeout bounds how long counts lag."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model

from catalog.signals import products_imported

from .tokens import shared_token

VERSION_KEY = "search:catalogue-version"


def catalogue_version() -> str:
    """The current token; a new one when the cache has none (first use, eviction)."""
    return shared_token(VERSION_KEY, None)


def catalogue_version_bump() -> None:
    """A new random token: entries keyed by the old one are never read again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def catalogue_changed(**kwargs: Any) -> None:
    """Bump now, and again after the transaction commits: a request that counted the old rows in
    between (on this server or another) cached them under the first new token, dropped here."""
    catalogue_version_bump()
    transaction.on_commit(catalogue_version_bump)


def receivers_connect() -> None:
    """Called from SearchConfig.ready (search.receivers.connect)."""
    Product = get_model("catalogue", "Product")
    DisplayPoint = get_model("displays", "DisplayPoint")
    models = [
        Product,
        get_model("catalogue", "ProductCategory"),
        get_model("catalogue", "Category"),
        get_model("catalogue", "Province"),
        get_model("partner", "Partner"),
        get_model("partner", "StockRecord"),
        get_model("catalogue", "ProductImage"),  # the image on a cached card
        DisplayPoint,
    ]
    for model in models:
        uid = f"search-catalogue-version-{model._meta.label_lower}"
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"{uid}-delete")
    # product.categories.add()/remove() and a display point's stock write through rows without post_save.
    for through in (Product.categories.through, DisplayPoint.products.through):
        uid = f"search-catalogue-version-{through._meta.label_lower}-m2m"
        m2m_changed.connect(catalogue_changed, sender=through, dispatch_uid=uid)
    products_imported.connect(catalogue_changed, dispatch_uid="search-catalogue-version-import")
