"""The search interface: a query in, hits with a total and facet counts out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

FACETS = ("stars", "province", "category", "producer_type", "status")
SORTS = ("relevance", "price_asc", "price_desc", "stars", "newest")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # facet name -> selected values (OR within a facet, AND across facets)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # constraints of the page itself (a province page, a category page, a stall)
    scope: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 24


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 1


@dataclass
class SearchResults:
    hits: list[Any]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]]
    backend: str

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


class SearchBackend(Protocol):
    name: str

    def search(self, query: SearchQuery) -> SearchResults: ...
