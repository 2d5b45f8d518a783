"""The search interface: a query in, hits with a total and facet counts out.

Both backends (database, Elasticsearch) take a SearchQuery and return SearchResults with the
same hits (Product instances, ready for cards), total and facets; the behavioural tests run
against both. A CardSearchBackend also answers with plain ProductCards as hits (the JSON API)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypedDict, overload, runtime_checkable

# The facets (and page scopes such as a stall's producer) are declared in search.facets.FACETS.
SORTS = ("relevance", "price_asc", "price_desc", "stars", "newest", "distance")
# Results reachable by paging, on both backends (the Elasticsearch index's max_result_window):
# a page beyond it is refused before any search, and the last page of a longer list is the
# last one inside it.
MAX_RESULT_WINDOW = 100_000
# The mean Earth radius Elasticsearch uses for arc distances, so both backends agree.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float


def haversine_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance, as Elasticsearch's arc distance computes it."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


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
    # whole đồng, inclusive; a range on top of the price facet
    price_min: int | None = None
    price_max: int | None = None
    # "near me": only products stocked at a display point within radius_km of near
    near: GeoPoint | None = None
    radius_km: float | None = None

    def with_page(self, page: int) -> SearchQuery:
        return replace(self, page=page)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 1


class ListingHits(Sequence[Any]):
    """A page's products for the listing cards, in the search's order, loaded (for_listing, a fixed
    number of queries) only when something reads them: a listing whose grid is already in the
    cache never does. `ids` and truthiness need no query; a product deleted since it was found
    is left out."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = list(ids)
        self._products: list[Any] | None = None

    def _loaded(self) -> list[Any]:
        if self._products is None:
            from oscar.core.loading import get_model

            Product = get_model("catalogue", "Product")
            by_id = Product.objects.for_listing().in_bulk(self.ids)
            self._products = [by_id[pk] for pk in self.ids if pk in by_id]
        return self._products

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __len__(self) -> int:
        return len(self._loaded())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._loaded())

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._loaded()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ListingHits):
            return self._loaded() == other._loaded()
        return self._loaded() == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so as unhashable as they are

    def __repr__(self) -> str:
        return f"ListingHits({self.ids!r})"


@dataclass
class SearchResults:
    hits: list[Any]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]]
    backend: str
    # product id -> km to the nearest stocking display point, when the query had `near`
    distances: dict[int, float] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        reachable = max(1, MAX_RESULT_WINDOW // self.page_size)
        return min(max(1, -(-self.total // self.page_size)), reachable)


@dataclass
class Suggestion:
    text: str
    kind: str  # "product" | "producer" | "province"
    url: str


class ProductCard(TypedDict):
    """What a search result shows of a product, in plain JSON values: stored in each product's
    index document, or read from a model (search.cards.product_card) by the database backend."""

    id: int
    url: str
    title: str
    stars: int | None
    province_code: str | None
    province_name: str | None
    category_slug: str | None  # the deepest category (product set)
    category_name: str | None
    category_name_en: str | None
    producer_name: str | None
    producer_kind: str | None
    producer_url: str | None
    price: int | None  # the lowest stock record price, whole đồng
    currency: str | None
    image: str | None  # the primary image's original, as its storage's URL
    expires_on: str | None  # ISO date: the certificate status is computed when answering


class SearchBackend(Protocol):
    name: str

    def search(self, query: SearchQuery) -> SearchResults: ...

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]: ...


@runtime_checkable
class CardSearchBackend(Protocol):
    """A backend that answers with ProductCards as hits, without model instances."""

    def search_cards(self, query: SearchQuery) -> SearchResults: ...
