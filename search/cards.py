"""Product cards: what a search result shows of a product, as plain values (backends.base.ProductCard).

Elasticsearch keeps each product's card in its document (built from rows by search.documents);
the database backend's model instances are turned into the same card here, so the JSON API
answers identically from either backend."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.conf import settings
from oscar.core.loading import get_model

from .backends.base import CardSearchBackend, ProductCard, SearchBackend, SearchQuery, SearchResults

Product = get_model("catalogue", "Product")
Status = Product.CertificateStatus


def product_card(product: Any) -> ProductCard:
    """The card of a product from Product.objects.for_listing() (reads only what it loaded)."""
    offers = [record for record in product.stockrecords.all() if record.price is not None]
    offer = min(offers, key=lambda record: record.price, default=None)
    product_set = max(product.categories.all(), key=lambda c: (c.depth, c.path), default=None)
    image = product.primary_image()
    original = None if isinstance(image, dict) else image.original
    province, producer = product.province, product.producer
    return {
        "id": product.pk,
        "url": product.get_absolute_url(),
        "title": product.get_title(),
        "stars": product.stars,
        "province_code": province.code if province else None,
        "province_name": province.name if province else None,
        "category_slug": product_set.slug if product_set else None,
        "category_name": product_set.name if product_set else None,
        "category_name_en": product_set.name_en if product_set else None,
        "producer_name": producer.name if producer else None,
        "producer_kind": producer.kind if producer else None,
        "producer_url": producer.get_absolute_url() if producer else None,
        "price": int(offer.price) if offer else None,
        "currency": offer.price_currency if offer else None,
        "image": original.url if original else None,
        "expires_on": product.expires_on.isoformat() if product.expires_on else None,
    }


def cards_search(backend: SearchBackend, query: SearchQuery) -> SearchResults:
    """Results whose hits are ProductCards: from the index when the backend keeps them, else
    from the model instances the backend found."""
    if isinstance(backend, CardSearchBackend):
        return backend.search_cards(query)
    results = backend.search(query)
    return replace(results, hits=[product_card(product) for product in results.hits])


def certificate_status(expires_on: str | None, today: datetime.date) -> str:
    """Product.certificate_status_on for a card's ISO date (compared as text: both are ISO)."""
    if not expires_on:
        return Status.UNKNOWN.value
    if expires_on < today.isoformat():
        return Status.EXPIRED.value
    if expires_on <= (today + datetime.timedelta(days=settings.OCOP_EXPIRING_DAYS)).isoformat():
        return Status.EXPIRING.value
    return Status.VALID.value
