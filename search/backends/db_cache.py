"""The database backend's results kept in Django's cache (shared with CACHE_URL): a query's summary
(total and facet counts) and the product ids of each page asked for.

A summary depends on what a query asks (text, filters, page scope, price range, place and radius),
not on its page or sort, and on the catalogue: the key names the normalised query, the catalogue
version (search.catalogue_version, bumped by every write to what the facets count), today's
date and OCOP_EXPIRING_DAYS (a certificate's status moves from valid to expiring to expired with
the calendar). They hold values, never labels, so every language shares them."""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypedDict

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ..catalogue_version import catalogue_version
from .base import SearchQuery

Counts = dict[str, dict[str, int]]


class Summary(TypedDict):
    """What a query's pages share: the number of matches and the facet counts."""

    total: int
    counts: Counts


class Page(TypedDict):
    """One page of a query: its product ids in order, and km to the nearest stocking point."""

    ids: list[int]
    total: int
    distances: dict[int, float]


# A backstop for writes without signals (QuerySet.update); signalled changes show at once.
CACHE_SECONDS = 10 * 60


def _selection(selected: dict[str, tuple[str, ...]]) -> list[tuple[str, list[str]]]:
    """Facets in name order, values sorted and deduplicated, empty selections dropped."""
    return [(name, sorted(set(values))) for name, values in sorted(selected.items()) if values]


def summary_key(query: SearchQuery) -> str:
    """The cache key of `query`'s summary: equal for queries that match and count the same products.
    Take it before counting: a change committed meanwhile bumps the version past it."""
    near = [query.near.lat, query.near.lon] if query.near else None
    normalised = [
        " ".join(query.text.split()),
        _selection(query.filters),
        _selection(query.scope),
        query.price_min,
        query.price_max,
        near,
        query.radius_km if near else None,
    ]
    digest = hashlib.sha256(json.dumps(normalised, ensure_ascii=False).encode()).hexdigest()[:32]
    # The certificate statuses' edges: today, and today + OCOP_EXPIRING_DAYS.
    statuses = f"{timezone.localdate().isoformat()}+{settings.OCOP_EXPIRING_DAYS}"
    return f"search:results:{catalogue_version()}:{statuses}:{digest}"


def page_key(key: str, query: SearchQuery) -> str:
    """The cache key of one page of the query whose summary is under `key`."""
    return f"{key}:{query.sort}:{query.page}:{query.page_size}"


def cached(key: str) -> Any:
    return cache.get(key)


def keep(key: str, value: Summary | Page) -> None:
    cache.set(key, value, CACHE_SECONDS)
