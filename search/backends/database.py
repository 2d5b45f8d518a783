"""The database backend: filters, disjunctive facet counts and sorting with the Django ORM.

Text matching and typo tolerance live in db_text, "near me" in db_geo, autocomplete in db_suggest;
a query's total and facet counts, and each page's ids, are kept in the shared cache (db_cache).
A product's price is Product.lowest_price, its lowest stock record price (catalog.prices; none: in
no price band, last in price sorts)."""

from __future__ import annotations

import math
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import reduce
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from oscar.core.loading import get_model

from catalog.querysets import PRODUCER_APPROVED, certificate_status_q

from ..facets import (
    FACETS,
    LISTED,
    facet,
    facet_choices,
    lowest_price_at_least,
    lowest_price_at_most,
)
from .base import FacetValue, ListingHits, SearchQuery, SearchResults, Suggestion
from .db_cache import Page, Summary, cached, keep, page_key, summary_key
from .db_geo import nearest_km, points_within, stocked_at_q
from .db_suggest import suggest
from .db_text import relevance_rank, text_q

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


def listed() -> QuerySet:
    """Product.objects.browsable() (public, no variants, from no producer or an approved one) with
    the producers' approval as an anti-join: from none of the few producers awaiting or
    refused approval (every status but approved, as two ranges of the status index). browsable()
    joins every product to its producer, which makes PostgreSQL sort a whole page query before
    filtering and join 30,000 producers in every count at 100,000 products."""
    unapproved = Partner.objects.filter(Q(status__lt=PRODUCER_APPROVED) | Q(status__gt=PRODUCER_APPROVED))
    return Product.objects.filter(parent=None, is_public=True).exclude(producer__in=unapproved.values("pk"))


def certificate_expired() -> Case:
    """1 when the certificate has expired, else 0 (no expiry date: 0, never NULL), to sort those last."""
    return Case(When(certificate_status_q("expired"), then=Value(1)), default=Value(0))


def _groups(products: QuerySet, names: list[str]) -> Iterator[tuple[tuple[str | None, ...], int]]:
    """The products grouped by their value of each of these facets: (values, products) per group."""
    groupings = [FACETS[name].db_grouping for name in names]
    decoders = [grouping.values() for grouping in groupings]
    by = {f"by_{name}": grouping.expression() for name, grouping in zip(names, groupings, strict=True)}
    for *raw, n in products.order_by().values(**by).annotate(n=Count("pk")).values_list(*by, "n"):
        yield tuple(decode(value) for decode, value in zip(decoders, raw, strict=True)), n


def disjunctive_sums(
    groups: Iterable[tuple[tuple[str | None, ...], int]], names: list[str], selected: dict[str, set[str]]
) -> tuple[dict[str, dict[str, int]], int]:
    """Each facet's counts over the groups meeting the selections of the other facets, and the
    total of those meeting every selection. A group's values are in the order of `names`."""
    wanted = [(i, selected[name]) for i, name in enumerate(names) if name in selected]
    every = range(len(names))
    counts: list[dict[str, int]] = [defaultdict(int) for _ in names]
    total = 0
    for values, n in groups:
        missed = [i for i, values_wanted in wanted if values[i] not in values_wanted]
        if len(missed) > 1:
            continue
        if not missed:
            total += n
        for i in missed or every:
            if values[i] is not None:
                counts[i][values[i]] += n
    return {name: dict(found) for name, found in zip(names, counts, strict=True)}, total


class DatabaseBackend:
    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        page, facets = self._found(query)
        return self._results(query, page, facets, ListingHits(page["ids"]))

    def search_cards(self, query: SearchQuery) -> SearchResults:
        """Hits as ProductCards, kept in the cache with the page's ids: a repeated request loads
        no product (the catalogue version in the key covers everything a card shows)."""
        from ..cards import product_card

        page, facets = self._found(query)
        key = page_key(summary_key(query), query) + ":cards"
        cards = cached(key)
        if cards is None:
            by_id = {p.pk: p for p in Product.objects.for_listing().filter(pk__in=page["ids"])}
            cards = [product_card(by_id[pk]) for pk in page["ids"] if pk in by_id]
            keep(key, cards)
        return self._results(query, page, facets, cards)

    def _found(self, query: SearchQuery) -> tuple[Page, dict[str, list[FacetValue]]]:
        """The query's summary and page (from the cache, else counted and kept), and its facets."""
        choices = facet_choices()
        key = summary_key(query)
        summary: Summary | None = cached(key)
        page: Page | None = cached(page_key(key, query))
        if summary is None or page is None:
            summary, page = self._computed(query, key, summary, page)
        facets = {}
        for name in LISTED:
            selected = set(query.filters.get(name, ()))
            facets[name] = [
                FacetValue(value, label, summary["counts"][name].get(value, 0), value in selected, depth)
                for value, label, depth in choices[name]
            ]
        return page, facets

    def _results(
        self, query: SearchQuery, page: Page, facets: dict[str, list[FacetValue]], hits: list[Any]
    ) -> SearchResults:
        return SearchResults(
            hits=hits,
            total=page["total"],
            page=query.page,
            page_size=query.page_size,
            facets=facets,
            backend=self.name,
            distances=page["distances"],
        )

    def _computed(
        self, query: SearchQuery, key: str, summary: Summary | None, page: Page | None
    ) -> tuple[Summary, Page]:
        """The summary and the page the cache lacks, counted now and kept."""
        # Display point id -> km, for the points within the radius of `near` (all without a radius:
        # then `near` only measures and sorts, it filters nothing).
        places = points_within(query.near, query.radius_km) if query.near else None
        base = self._base(query, places)
        conditions = {name: facet(name).db(values) for name, values in query.filters.items() if values}
        # The summary first: the pass that counts the facets counts the total too.
        total = summary["total"] if summary else None
        if summary is None:
            counts, total = self._counts(base, query.filters, conditions)
        if page is None:
            matching = base.filter(*conditions.values())
            ids, total, nearest = self._page(matching, query, places, total)
            distances = {pk: round(nearest[pk], 1) for pk in ids if pk in nearest}
            page = {"ids": ids, "total": total, "distances": distances}
            keep(page_key(key, query), page)
        if summary is None:
            summary = {"total": page["total"], "counts": counts}
            keep(key, summary)
        return summary, page

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        return suggest(text, limit)

    def _base(self, query: SearchQuery, places: dict[int, float] | None) -> QuerySet:
        """Products within the page's scope, the text, the price range and the radius: the set
        every facet counts in."""
        products = listed()
        for name, values in query.scope.items():
            products = products.filter(facet(name).db(values))
        if query.text.strip():
            products = products.filter(text_q(query.text))
        if query.price_min is not None:
            products = products.filter(lowest_price_at_least(query.price_min))
        if query.price_max is not None:
            products = products.filter(lowest_price_at_most(query.price_max))
        if places is not None and query.radius_km is not None:
            products = products.filter(stocked_at_q(places))
        return products

    def _page(
        self, matching: QuerySet, query: SearchQuery, places: dict[int, float] | None, total: int | None
    ) -> tuple[list[int], int, dict[int, float]]:
        """This page's product ids, the total (counted unless known), and km to the nearest
        stocking point by product id."""
        start, end = (query.page - 1) * query.page_size, query.page * query.page_size
        if places is not None and query.sort == "distance":
            # Unexpired first, then nearest (a product stocked nowhere near last), ties by id as in
            # Elasticsearch.
            nearest = nearest_km(places)
            rows = matching.annotate(expired=certificate_expired()).values_list("pk", "expired")
            ordered = [
                pk for pk, expired in sorted(rows, key=lambda r: (r[1], nearest.get(r[0], math.inf), r[0]))
            ]
            return ordered[start:end], len(ordered), nearest
        if total is None:
            total = matching.count()
        ids = list(self._sorted(matching, query.text, query.sort).values_list("pk", flat=True)[start:end])
        return ids, total, nearest_km(places, ids) if places is not None and ids else {}

    def _counts(
        self, base: QuerySet, filters: dict[str, tuple[str, ...]], conditions: dict[str, Q]
    ) -> tuple[dict[str, dict[str, int]], int]:
        """Disjunctive counts (a facet's counts ignore its own selection, honour every other) and
        the total, in one grouped pass whatever the selections: the products of `base` grouped
        by their value of every facet with a `db_grouping` (a few thousand groups at 100,000
        products), each group then added, in Python, to the counts of the facets whose other
        selections it meets. The selections of the facets counted apart (`db_counts`: a category
        is a join) apply to the whole pass instead; such a facet counts over the products
        matching every other selection."""
        grouped = [name for name in LISTED if FACETS[name].db_grouping is not None]
        selected = {name: set(values) for name, values in filters.items() if values and name in grouped}
        products = base.filter(*(q for name, q in conditions.items() if name not in grouped))
        if len(selected) > 1:
            # Only products matching all selections but one count anywhere: read only those.
            wanted = [Q(*(conditions[other] for other in selected if other != name)) for name in selected]
            products = products.filter(reduce(operator.or_, wanted))
        counts, total = disjunctive_sums(_groups(products, grouped), grouped, selected)
        for name in LISTED:
            if count := FACETS[name].db_counts:
                others = [q for other, q in conditions.items() if other != name]
                counts[name] = count(base.filter(*others))
        return counts, total

    def _sorted(self, products: QuerySet, text: str, sort: str) -> QuerySet:
        # Whatever the sort, a product whose certificate has expired comes after the others (it
        # keeps its page but loses its badge, DESIGN.md §1): `expired` is the first key.
        products = products.annotate(expired=certificate_expired())
        if sort in ("price_asc", "price_desc"):
            price = F("lowest_price")
            price = price.asc(nulls_last=True) if sort == "price_asc" else price.desc(nulls_last=True)
            return products.order_by("expired", price, "pk")
        if sort == "stars":
            return products.order_by("expired", F("stars").desc(nulls_last=True), "search_text", "pk")
        if sort == "newest":
            return products.order_by("expired", "-date_created", "-pk")
        # Relevance (and "distance" without a place): products of the places the query names,
        # matches of whole words ("tra" = trà before "trai"), titles containing the query as typed,
        # accents included ("bánh" before "banh"), then matches without a typo, then stars, newest.
        ranked = relevance_rank(products, text)
        return ranked.order_by(
            "expired",
            "-place",
            "-whole",
            "-exact",
            "-plain",
            F("stars").desc(nulls_last=True),
            "-date_created",
            "-pk",
        )
