"""Listing helpers for search results: distances to the shopper and the "near me" query string."""

from __future__ import annotations

import hashlib
from typing import Any

from django import template
from django.http import HttpRequest

register = template.Library()

PLACE_PARAMETERS = ("near", "radius_km", "page")


@register.filter
def distance_km(results: Any, product: Any) -> float | None:
    """Km from the shopper to the nearest display point stocking `product`, when the search had a place."""
    distances = getattr(results, "distances", None) or {}
    return distances.get(getattr(product, "pk", None))


@register.filter
def facets_digest(facets: dict[str, list[Any]] | None) -> str:
    """A digest of every facet value's label, count and state: what the sidebar shows besides the
    address (its fragment cache key, with the address and the language)."""
    shown = [
        (name, [(v.value, str(v.label), v.count, v.selected, v.depth) for v in values])
        for name, values in sorted((facets or {}).items())
    ]
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


@register.filter
def hits_key(results: Any) -> str:
    """What a listing's grid of cards shows besides the language and the catalogue version: the
    page's products in order, each with its distance to the shopper (its fragment cache key)."""
    ids = getattr(results.hits, "ids", None) or [getattr(hit, "pk", None) for hit in results.hits]
    distances = getattr(results, "distances", None) or {}
    return ",".join(f"{pk}@{distances[pk]:.1f}" if pk in distances else str(pk) for pk in ids)


@register.simple_tag
def query_without_place(request: HttpRequest) -> str:
    """This listing's URL without the place, its radius and the sort by distance that needs it."""
    params = request.GET.copy()
    for name in PLACE_PARAMETERS:
        params.pop(name, None)
    if params.get("sort") == "distance":
        params.pop("sort")
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
