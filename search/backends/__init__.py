"""Search backends behind one interface: Elasticsearch when ELASTICSEARCH_URL is set, the database
otherwise, and the database whenever Elasticsearch cannot answer (a shopper never sees a 500)."""

from __future__ import annotations

import logging
import time
from typing import ClassVar

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError

from . import listing_cache
from .base import FacetValue, SearchBackend, SearchQuery, SearchResults, Suggestion
from .elasticsearch import IndexOutdated

logger = logging.getLogger(__name__)


class FallbackBackend:
    """Ask `primary`; on a cluster error (or an index older than its documents) answer from
    `fallback` and log a warning.

    After a connection error or timeout the primary is skipped for `retry_after` seconds, so an
    outage costs one timeout, not one per page."""

    # primary's address -> monotonic time until which it is not asked
    _resting: ClassVar[dict[str, float]] = {}

    def __init__(self, primary: SearchBackend, fallback: SearchBackend, *, retry_after: float = 30.0) -> None:
        self.primary = primary
        self.fallback = fallback
        self.retry_after = retry_after
        self.key = str(getattr(primary, "url", id(primary)))

    @property
    def name(self) -> str:
        return self.primary.name

    def search(self, query: SearchQuery) -> SearchResults:
        """The primary's answer, kept for the listing pages (listing_cache); the fallback keeps its own."""
        if self._available():
            key = listing_cache.listing_key(query)
            if (results := listing_cache.kept(key)) is not None:
                return results
            try:
                results = self.primary.search(query)
            except (ApiError, TransportError, IndexOutdated) as error:
                self._failed("search", error)
            else:
                listing_cache.keep(key, results)
                return results
        return self.fallback.search(query)

    def search_cards(self, query: SearchQuery) -> SearchResults:
        from ..cards import cards_search

        if self._available():
            try:
                return cards_search(self.primary, query)
            except (ApiError, TransportError, IndexOutdated) as error:
                self._failed("search", error)
        return cards_search(self.fallback, query)

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        if self._available():
            try:
                return self.primary.suggest(text, limit)
            except (ApiError, TransportError, IndexOutdated) as error:
                self._failed("suggest", error)
        return self.fallback.suggest(text, limit)

    def _available(self) -> bool:
        return self._resting.get(self.key, 0.0) <= time.monotonic()

    def _failed(self, action: str, error: Exception) -> None:
        if isinstance(error, TransportError):  # unreachable or too slow: let it rest
            self._resting[self.key] = time.monotonic() + self.retry_after
        logger.warning(
            "%s %s failed (%s: %s); answering from %s",
            self.primary.name,
            action,
            type(error).__name__,
            error,
            self.fallback.name,
        )


def get_backend() -> SearchBackend:
    from .database import DatabaseBackend

    if not settings.ELASTICSEARCH_URL:
        return DatabaseBackend()
    from .elasticsearch import ElasticsearchBackend

    return FallbackBackend(
        ElasticsearchBackend(), DatabaseBackend(), retry_after=settings.ELASTICSEARCH_RETRY_AFTER
    )


__all__ = [
    "FacetValue",
    "FallbackBackend",
    "SearchBackend",
    "SearchQuery",
    "SearchResults",
    "Suggestion",
    "get_backend",
]
