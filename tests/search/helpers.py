"""Helpers of the search tests (behavioural and database-only)."""

from __future__ import annotations

from search.backends.base import SearchQuery, SearchResults
from tests.factories import category


def search(backend, **query) -> SearchResults:
    return backend.search(SearchQuery(**query))


def titles(results) -> list[str]:
    return [product.title for product in results.hits]


def counts(results, facet: str) -> dict[str, int]:
    """Non-zero counts of one facet, by value."""
    return {value.value: value.count for value in results.facets[facet] if value.count}


def slug(code: str) -> str:
    return category(code).slug
