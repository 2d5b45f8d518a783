"""The Elasticsearch backend: hits, total and disjunctive facet counts from one multi-search request.

Facet semantics follow the database backend: values of one facet are ORed, facets are ANDed, and a
facet's counts ignore its own selection (the selections go in `post_filter`; each facet counts under
a filter aggregation of the other facets' selections). Scope, price range and "near me" are hard
filters on everything. Certificate status is computed from `expires_on` at query time."""

from __future__ import annotations

import dataclasses
import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.exceptions import HTTP_EXCEPTIONS
from elasticsearch.serializer import OrjsonSerializer
from oscar.core.loading import get_model

from catalog.utils import fold
from catalog.utils import words as folded_words

from ..documents import INDEX_SORT, PRODUCT, as_written
from ..facets import FACETS, LISTED, Choices, facet, facet_choices, status_filters
from ..query_text import parse
from .base import FacetValue, GeoPoint, ListingHits, SearchQuery, SearchResults, Suggestion, haversine_km

Product = get_model("catalogue", "Product")
Query = dict[str, Any]  # a clause of the query DSL

# One edit for words of 4 letters or more, none for shorter ones.
FUZZINESS = "AUTO:4,100"
# Added to the score of a product whose certificate has not expired. Text relevance stays far
# below it (a few tens), and float32 keeps ~4 decimals of relevance at this size.
NOT_EXPIRED_BOOST = 10_000.0
# Tiers of relevance above the text's own score, in the database backend's order: a product of
# the former province named gets PLACE_BOOST twice (province_old and province), one of today's
# province once; one whose words all matched whole gets WHOLE_BOOST.
PLACE_BOOST = 2_000.0
WHOLE_BOOST = 500.0
EXPIRED = "expired_hits"  # the counts' aggregation of the expired hits


class IndexOutdated(Exception):
    """The index was built by an older version of its documents (a deploy before its rebuild)."""


def es_client(url: str | None = None, timeout: float | None = None) -> Elasticsearch:
    """A shared client: short timeout, no retry on timeout, so an outage never hangs a page."""
    return _client(url or settings.ELASTICSEARCH_URL, timeout or settings.ELASTICSEARCH_TIMEOUT)


@lru_cache(maxsize=8)
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=1,
        retry_on_timeout=False,
        serializer=OrjsonSerializer(),  # requests and responses: 3-10x faster than the json module
    )


def text_query(text: str) -> Query | None:
    """Every folded word must match (typo-tolerant; the last one also as a prefix, for typing) and
    every place named as a phrase; words as written and the folded phrase add to the score, so
    "bánh" ranks Bánh over Bành. Tiers on top, as the database backend's order: the places named
    (PLACE_BOOST), then every word matched whole (WHOLE_BOOST: "tra" is trà before ngọc trai).

    A plain dict of the query DSL, as every part of a request body here: building it takes a
    fraction of what elasticsearch-dsl objects cost, on every request."""
    parsed = parse(text)
    if not parsed:
        return None
    words = folded_words(text)
    must: list[Query] = [{"match_phrase": {"text_phrase": place.phrase}} for place in parsed.places]
    for position, word in enumerate(parsed.words, start=1):
        clauses: list[Query] = [{"match": {"text_folded": {"query": word, "fuzziness": FUZZINESS}}}]
        if parsed.prefix_last and position == len(parsed.words):
            clauses.append({"prefix": {"text_folded": {"value": word}}})
        must.append({"bool": {"should": clauses, "minimum_should_match": 1}})
    written = as_written(text)
    should: list[Query] = [
        {"match": {"title": {"query": written, "boost": 4}}},
        {"match": {"names": {"query": written, "boost": 2}}},
        {"match_phrase": {"title_folded": {"query": " ".join(words), "boost": 2}}},
    ]
    for place in parsed.places:
        if place.former:
            should.append(_tier({"terms": {"province_old": list(place.former)}}, PLACE_BOOST))
        should.append(_tier({"terms": {"province": list(place.provinces)}}, PLACE_BOOST))
    if parsed.words:
        whole = {"bool": {"filter": [{"term": {"text_folded": word}} for word in parsed.words]}}
        should.append(_tier(whole, WHOLE_BOOST))
    return {"bool": {"must": must, "should": should}}


def _tier(condition: Query, boost: float) -> Query:
    return {"constant_score": {"filter": condition, "boost": boost}}


def sorts_by_relevance(query: SearchQuery) -> bool:
    """Relevance, or the distance sort without a place (which falls back to relevance)."""
    if query.sort == "distance":
        return query.near is None
    return query.sort not in ("price_asc", "price_desc", "stars", "newest")


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, *, url: str | None = None, index: str | None = None) -> None:
        self.url = url or settings.ELASTICSEARCH_URL
        self.index = index or settings.ELASTICSEARCH_INDEX
        self.client = es_client(self.url)

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits as Product instances for the listing cards, loaded when first read (ListingHits)."""
        results, ids = self._execute(query, source=[])
        results.hits = ListingHits(ids)
        return results

    def search_cards(self, query: SearchQuery) -> SearchResults:
        """Hits as the ProductCards kept in the documents: no database query, no model instance."""
        results, _ids = self._execute(query, source=["card"])
        return results

    def request_bodies(self, query: SearchQuery, *, source: list[str] | None = None) -> list[dict[str, Any]]:
        """The multi-search request's bodies (an empty header before each): the page of hits, and
        the total with the facet counts. `source`: the document fields each hit returns (none by
        default; "near me" adds the display point locations).

        The counts go in a search of size 0, which the cluster's shard request cache answers until
        the index next changes: every page and every sort of the same selection share it. The
        hits' search counts nothing, so a sort may skip the documents that cannot reach the page."""
        hits, counts = self._bodies(query, source or [], facet_choices())
        return [{}, hits, {}, counts]

    def _bodies(
        self, query: SearchQuery, source: list[str], choices: Choices
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        selected = self._selected(query)
        filters, text = self._hard_filters(query)
        matching = {"bool": {"filter": filters, "must": [text]} if text else {"filter": filters}}
        hits = self._hits_body(query, source, selected, filters, text, expired=False)
        aggregations: dict[str, Any] = {}
        for name, counted in count_aggregations(choices).items():
            # Disjunctive: a facet counts under every other facet's selection, never its own.
            others = [condition for other, condition in selected.items() if other != name]
            aggregations[name] = {"filter": {"bool": {"filter": others} if others else {}}, "aggs": counted}
        if not text:
            # How many of the hits have expired, for the page that runs past the others.
            aggregations[EXPIRED] = {"filter": {"bool": {"filter": [*selected.values(), self._expired()]}}}
        counts = {"query": matching, "size": 0, "track_total_hits": True, "aggs": aggregations}
        if selected:
            counts["post_filter"] = {"bool": {"filter": list(selected.values())}}
        return hits, counts

    def _selected(self, query: SearchQuery) -> dict[str, Query]:
        return {name: facet(name).es(values).to_dict() for name, values in query.filters.items() if values}

    def _hits_body(
        self,
        query: SearchQuery,
        source: list[str],
        selected: dict[str, Query],
        filters: list[Query],
        text: Query | None,
        *,
        expired: bool,
    ) -> dict[str, Any]:
        """The search of a page of hits, sorted as the database backend sorts: certificates not
        expired first. With a text sorted by relevance the score carries that flag on top of the
        text's relevance. Any other order is on fields alone, so the cluster may skip the documents
        that cannot reach the page: the not expired hits are searched first, and the expired ones
        (`expired`) only for a page past them. `filters` and `text`: from _hard_filters."""
        fields = [*source, *(["locations"] if query.near else [])]
        if text:
            flag = {"constant_score": {"filter": self._not_expired(), "boost": NOT_EXPIRED_BOOST}}
            matching = {"bool": {"filter": filters, "must": [text], "should": [flag]}}
            sort = [{"_score": "desc"}, *self._sort(query)]
        else:
            condition = self._expired() if expired else self._not_expired()
            matching = {"bool": {"filter": [*filters, condition]}}
            sort = self._sort(query)
        body = {
            "query": matching,
            "sort": sort,
            "_source": fields or False,
            "track_total_hits": False,
            "from": (query.page - 1) * query.page_size,
            "size": query.page_size,
        }
        if selected:
            body["post_filter"] = {"bool": {"filter": list(selected.values())}}
        return body

    def _execute(self, query: SearchQuery, *, source: list[str]) -> tuple[SearchResults, list[int]]:
        """Results whose hits are the documents' `source` fields, and the hits' product ids."""
        choices = facet_choices()
        hits_body, counts_body = self._bodies(query, source, choices)
        response = self.client.msearch(index=self.index, searches=[{}, hits_body, {}, counts_body])
        found, counted = response.body["responses"]
        for answer in (found, counted):
            if "error" in answer:  # a multi-search answers each search's error in its place
                status = answer.get("status", 500)
                meta = dataclasses.replace(response.meta, status=status)
                error = answer["error"]
                reason = error.get("reason", error) if isinstance(error, dict) else error
                raise HTTP_EXCEPTIONS.get(status, ApiError)(str(reason), meta=meta, body=answer)
        hits = found["hits"]["hits"]
        total = counted["hits"]["total"]["value"]
        if EXPIRED in counted["aggregations"]:
            hits += self._expired_hits(query, source, len(hits), total, counted["aggregations"][EXPIRED])
        if "card" in source and any("card" not in hit.get("_source", {}) for hit in hits):
            raise IndexOutdated("documents without a card: run search_rebuild_index")
        results = SearchResults(
            hits=[hit["_source"]["card"] for hit in hits] if "card" in source else [],
            total=total,
            page=query.page,
            page_size=query.page_size,
            facets=self._facets(counted["aggregations"], query, choices),
            backend=self.name,
            distances=self._distances(hits, query.near) if query.near else {},
        )
        return results, [int(hit["_id"]) for hit in hits]

    def _expired_hits(
        self, query: SearchQuery, source: list[str], found: int, total: int, expired: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The expired hits that complete a page whose not expired hits ran out (none when the
        page is full or is the last): a second search, for the one page where both meet and after."""
        offset = (query.page - 1) * query.page_size
        if found >= query.page_size or offset + found >= total:
            return []
        not_expired = total - expired["doc_count"]
        body = self._hits_body(query, source, self._selected(query), *self._hard_filters(query), expired=True)
        body["from"] = max(0, offset - not_expired)
        body["size"] = query.page_size - found
        return self.client.search(index=self.index, body=body).body["hits"]["hits"]

    def _hard_filters(self, query: SearchQuery) -> tuple[list[Query], Query | None]:
        """The filters every hit and count meets, and the text query that scores the hits when
        they are sorted by relevance (otherwise the text is one of the filters)."""
        filters: list[Query] = [{"term": {"kind": PRODUCT}}]
        filters += [facet(name).es(values).to_dict() for name, values in query.scope.items()]
        if query.price_min is not None or query.price_max is not None:
            bounds = {"gte": query.price_min, "lte": query.price_max}
            filters.append(
                {"range": {"price": {key: value for key, value in bounds.items() if value is not None}}}
            )
        if query.near is not None and query.radius_km is not None:
            point = {"lat": query.near.lat, "lon": query.near.lon}
            filters.append({"geo_distance": {"distance": f"{query.radius_km}km", "locations": point}})
        text = text_query(query.text)
        if text is not None and not sorts_by_relevance(query):
            filters.append(text)
            text = None
        return filters, text

    def _expired(self) -> Query:
        return status_dicts(timezone.localdate(), settings.OCOP_EXPIRING_DAYS)["expired"]

    def _not_expired(self) -> Query:
        return {"bool": {"must_not": [self._expired()]}}

    def _sort(self, query: SearchQuery) -> list[Any]:
        """The sort keys after "not expired first" (see _hits_body)."""
        stars = {"stars": {"order": "desc", "missing": "_last"}}
        if query.sort in ("price_asc", "price_desc"):
            order = "asc" if query.sort == "price_asc" else "desc"
            return [{"price": {"order": order, "missing": "_last"}}, {"pk": "asc"}]
        if query.sort == "stars":
            # The order the index keeps its documents in (documents.INDEX_SORT). No unmapped_type:
            # an index built before stars_sort existed fails, and the database answers, rather
            # than sorting on nothing.
            return [{name: "asc"} for name in INDEX_SORT]
        if query.sort == "newest":
            return [{"date_created": "desc"}, {"pk": "desc"}]
        if query.sort == "distance" and query.near is not None:
            point = {"lat": query.near.lat, "lon": query.near.lon}
            geo = {"locations": point, "order": "asc", "unit": "km", "mode": "min", "ignore_unmapped": True}
            return [{"_geo_distance": geo}, {"pk": "asc"}]
        # Relevance: after the text's score, if any.
        return [stars, {"date_created": "desc"}, {"pk": "desc"}]

    def _facets(
        self, aggregations: dict[str, Any], query: SearchQuery, choices: Choices
    ) -> dict[str, list[FacetValue]]:
        facets = {}
        for name in LISTED:
            buckets = aggregations[name]["values"]["buckets"]
            if FACETS[name].es_field:
                counts = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
            else:
                counts = {value: bucket["doc_count"] for value, bucket in buckets.items()}
                if missing := aggregations[name].get("missing"):
                    counts[missing["meta"]["value"]] = missing["doc_count"]
            chosen = set(query.filters.get(name, ()))
            facets[name] = [
                FacetValue(value, label, counts.get(value, 0), value in chosen, depth)
                for value, label, depth in choices[name]
            ]
        return facets

    def _distances(self, hits: list[dict[str, Any]], near: GeoPoint) -> dict[int, float]:
        """Km from `near` to the nearest display point stocking each hit, to 100 m as the database's."""
        distances = {}
        for hit in hits:
            points = hit.get("_source", {}).get("locations") or []
            if points:
                nearest = min(haversine_km(near, GeoPoint(point["lat"], point["lon"])) for point in points)
                distances[int(hit["_id"])] = round(nearest, 1)
        return distances

    def suggest_request(self, text: str, limit: int) -> dict[str, Any] | None:
        """The search request of suggest() (the client's keyword arguments); None for no text."""
        prefix = " ".join(fold(text).split())
        if not prefix or limit < 1:
            return None
        completion = {"field": "suggest", "size": limit * 3, "skip_duplicates": True}
        return {
            "size": 0,
            "suggest": {"names": {"prefix": prefix, "completion": completion}},
            "source": ["kind", "title", "url"],
            "filter_path": ["suggest.names.options._source"],
        }

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Product titles, producer names and province names (current and former) starting with
        the folded text; a former name leads to the province it merged into."""
        request = self.suggest_request(text, limit)
        if request is None:
            return []
        response = self.client.search(index=self.index, **request)
        # filter_path leaves out what is empty: no suggestion may leave no "suggest" at all.
        entries = response.body.get("suggest", {}).get("names", [])
        options = [option for entry in entries for option in entry.get("options", [])]
        suggestions: list[Suggestion] = []
        seen = set()
        for option in options:
            source = option["_source"]
            if "url" not in source:
                raise IndexOutdated("suggestions without a url: run search_rebuild_index")
            key = (source["kind"], source["title"])
            if key not in seen and len(suggestions) < limit:
                seen.add(key)
                suggestions.append(Suggestion(source["title"], source["kind"], source["url"]))
        return suggestions


def status_dicts(today: datetime.date, expiring_days: int) -> dict[str, Query]:
    """facets.status_filters as plain dicts, built once a day."""
    return _status_dicts(today, expiring_days)


@lru_cache(maxsize=4)
def _status_dicts(today: datetime.date, expiring_days: int) -> dict[str, Query]:
    return {value: condition.to_dict() for value, condition in status_filters(today).items()}


def count_aggregations(choices: Choices) -> dict[str, dict[str, Any]]:
    """The aggregations counting each listed facet's values (under the facet's filter bucket):
    a terms aggregation on its field, else one range aggregation (and the "missing" filter) or
    one named filter per value. Built once per vocabulary and day, shared by every request:
    never change what this returns."""
    values = tuple(
        tuple(value for value, _label, _depth in choices[name]) if FACETS[name].es_field else ()
        for name in LISTED
    )
    return _count_aggregations(values, timezone.localdate(), settings.OCOP_EXPIRING_DAYS)


@lru_cache(maxsize=8)
def _count_aggregations(
    values: tuple[tuple[str, ...], ...], today: datetime.date, expiring_days: int
) -> dict[str, dict[str, Any]]:
    aggregations = {}
    for name, known in zip(LISTED, values, strict=True):
        declared = FACETS[name]
        if declared.es_field:
            include = {"include": list(known)} if declared.es_include else {}
            terms = {"field": declared.es_field, "size": max(len(known), 1), **include}
            aggregations[name] = {"values": {"terms": terms}}
        elif declared.es_filters:
            filters = declared.es_filters()
            if ranges := range_counts(filters):
                kind, ranged, missing = ranges
                aggregations[name] = {"values": {kind: ranged}}
                if missing:
                    absent = {"missing": {"field": ranged["field"]}, "meta": {"value": missing}}
                    aggregations[name]["missing"] = absent
            else:
                named = {value: condition.to_dict() for value, condition in filters.items()}
                aggregations[name] = {"values": {"filters": {"filters": named}}}
    return aggregations


def range_counts(filters: dict[str, Query]) -> tuple[str, dict[str, Any], str | None] | None:
    """Named filters that are ranges of one field (price bands, certificate dates), as one keyed
    range aggregation (its type and parameters) and the name of the "field missing" filter if any:
    one pass over the field's doc values instead of one query per filter, with the same counts.
    None when they are not such ranges.

    A bucket runs from `from` (included) to `to` (excluded): `gt`/`lte` bounds convert only on
    dates, whose values are whole days (`strict_date`)."""
    field = missing = missing_field = None
    ranges = []
    for value, query in filters.items():
        spec = query.to_dict()
        if absent := _absent_field(spec):
            if missing:
                return None
            missing, missing_field = value, absent
            continue
        if list(spec) != ["range"] or len(spec["range"]) != 1:
            return None
        [(on, bounds)] = spec["range"].items()
        if field not in (None, on) or (bucket := _range_bucket(bounds)) is None:
            return None
        field = on
        ranges.append({"key": value, **bucket})
    if field is None or (missing and missing_field != field):
        return None
    dates = any(isinstance(bound, str) for key, bound in ranges[0].items() if key != "key")
    kind = "date_range" if dates else "range"
    return kind, {"field": field, "keyed": True, "ranges": ranges}, missing


def _absent_field(spec: dict[str, Any]) -> str | None:
    """The field of a `NOT exists` query, else None."""
    if list(spec) != ["bool"] or list(spec["bool"]) != ["must_not"] or len(spec["bool"]["must_not"]) != 1:
        return None
    [condition] = spec["bool"]["must_not"]
    return condition["exists"].get("field") if list(condition) == ["exists"] else None


def _range_bucket(bounds: dict[str, Any]) -> dict[str, Any] | None:
    bucket = {}
    for bound, value in bounds.items():
        if bound in ("gte", "lt"):
            bucket["from" if bound == "gte" else "to"] = value
        elif bound in ("gt", "lte") and isinstance(value, str):
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                return None
            bucket["from" if bound == "gt" else "to"] = (day + datetime.timedelta(days=1)).isoformat()
        else:
            return None
    return bucket
