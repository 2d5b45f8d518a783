"""Search backends behind one interface; the database one is the embedded default."""

from __future__ import annotations

from .base import FacetValue, SearchBackend, SearchQuery, SearchResults


def get_backend() -> SearchBackend:
    from .database import DatabaseBackend

    return DatabaseBackend()


__all__ = ["FacetValue", "SearchBackend", "SearchQuery", "SearchResults", "get_backend"]
