"""Listing pages' answers from Elasticsearch kept in Django's cache (Redis with CACHE_URL), so the
most visited lists (the catalogue, a sector, a province, a popular search) cost one cache read.

The key is the database backend's (search.backends.db_cache: the normalised query, the catalogue
version, today's date and OCOP_EXPIRING_DAYS) with the page, the sort and the language (the facet
labels). The version is bumped by every write the index reflects, and again once the index has
taken it (search.indexing: after each update is visible and after a rebuild's alias swap), so an
answer read from the index between the write and its re-indexing is never kept past it. The hits
are kept as product ids (ListingHits): the products load only if the page's grid is not cached."""

from __future__ import annotations

from dataclasses import replace

from django.core.cache import cache
from django.utils.translation import get_language

from .base import ListingHits, SearchQuery, SearchResults
from .db_cache import CACHE_SECONDS, page_key, summary_key


def listing_key(query: SearchQuery) -> str:
    """Take it before asking the index: a change committed meanwhile bumps the version past it."""
    return f"{page_key(summary_key(query), query)}:{get_language()}:listing"


def kept(key: str) -> SearchResults | None:
    results = cache.get(key)
    if results is None:
        return None
    return replace(results, hits=ListingHits(results.hits))


def keep(key: str, results: SearchResults) -> None:
    ids = results.hits.ids if isinstance(results.hits, ListingHits) else [hit.pk for hit in results.hits]
    cache.set(key, replace(results, hits=ids), CACHE_SECONDS)
