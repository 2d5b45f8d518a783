"""The Elasticsearch index: its mapping, and its documents built from plain rows (no model instances).

One index holds three kinds of document: products (searched, filtered, counted, sorted) and the
producer and province names that only autocomplete needs. The cluster may have only core analysis
(no asciifolding), so Vietnamese folding happens here in Python (catalog.utils.fold): every text is
indexed as written and folded, and a query is matched against both."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from elasticsearch_dsl import (
    Byte,
    Completion,
    Date,
    Document,
    Double,
    GeoPoint,
    Integer,
    Keyword,
    Long,
    Object,
    Text,
)

from catalog.utils import fold

from .backends.base import MAX_RESULT_WINDOW, ProductCard

PRODUCT, PRODUCER, PROVINCE = "product", "producer", "province"
# Autocomplete order: places first, then producers, then products (5★ before 3★).
WEIGHTS = {PROVINCE: 100, "former": 90, PRODUCER: 50, PRODUCT: 10}
# Completion matches a prefix of an input: a name is entered from each of its first words on,
# so "ong" suggests "Mật ong hoa nhãn" too.
SUGGEST_WORD_STARTS = 6
SORT_PREFIX_BYTES = 7  # stars_sort: the text's first bytes, below the stars' rank
MAX_STARS = 7  # stars_sort: a rank of 0-8 above the prefix's 56 bits, a positive signed long
INDEX_SORT = ("stars_sort", "sort_key", "pk")  # the stars sort, ascending
PLAIN_URL_VALUE = re.compile(r"[-a-zA-Z0-9_]+")  # characters URL reversing leaves as they are


class CatalogueDocument(Document):
    """Every field of the index; a producer or province document fills only kind, title, ref, suggest."""

    kind = Keyword()
    pk = Integer()
    # Text as written (accents kept, lowercased by the standard analyzer) and folded.
    title = Text()
    title_folded = Text(copy_to="text_folded")
    names = Text()  # the producer's name, the province's current and former names
    names_folded = Text(copy_to="text_folded", index=False)  # searched through text_folded
    # Every folded word: each query word must match here (no phrases, so no positions to index).
    text_folded = Text(index_options="freqs")
    # Product.search_text with positions: a place named in the query is matched as a phrase.
    text_phrase = Text()
    # Facets, scopes and sorts
    stars = Byte()
    province = Keyword()
    province_old = Keyword()  # the folded former province the certificate was issued in
    producer = Keyword()
    producer_type = Keyword()
    category = Keyword()  # the product's categories and all their ancestors (sector → product set)
    price = Double()  # lowest stock record price, whole đồng
    expires_on = Date(format="strict_date")  # certificate status is computed from it at query time
    date_created = Date()
    sort_key = Keyword(index=False)  # Product.search_text: the tie-break of the stars sort
    # The stars sort's first key: the stars (most first, none last) and the first bytes of
    # sort_key in one number, indexed so that the cluster skips the products that cannot reach
    # the page; then sort_key and pk, the order the documents are kept in (INDEX_SORT).
    stars_sort = Long()
    locations = GeoPoint(multi=True)  # display points stocking the product
    # Autocomplete: folded inputs, the display text in `title`, the URL built from `ref`.
    suggest = Completion(analyzer="standard")
    ref = Keyword(index=False)
    url = Keyword(index=False, doc_values=False)  # where a suggestion leads
    # What a result shows (backends.base.ProductCard): kept in _source only, never indexed.
    card = Object(enabled=False)


def index_settings(*, building: bool, replicas: int) -> dict[str, Any]:
    """Index settings; while building: no refresh and no replicas, so bulk requests go fast."""
    return {
        "number_of_shards": 1,
        "number_of_replicas": 0 if building else replicas,
        "refresh_interval": "-1" if building else "1s",
        # Page links reach as far as with the database backend.
        "max_result_window": MAX_RESULT_WINDOW,
        # Documents kept on disk in the stars sort's order: that sort reads the first pages only
        # (its keyword tie-break would otherwise stop the cluster skipping any document), and the
        # documents are no longer in the order products were created, in which every one of them
        # would be newer than the page of the "newest" sort kept so far.
        "sort.field": list(INDEX_SORT),
        "sort.order": ["asc"] * len(INDEX_SORT),
    }


def index_mappings() -> dict[str, Any]:
    return CatalogueDocument._doc_type.mapping.to_dict()


@dataclass(frozen=True)
class Names:
    """Names as written and folded, folded once per producer or province, not once per product."""

    written: tuple[str, ...]
    folded: tuple[str, ...]

    @classmethod
    def of(cls, *names: str) -> Names:
        written = tuple(as_written(name) for name in names if name)
        return cls(written, tuple(fold(name) for name in written))


NO_NAMES = Names((), ())


@dataclass
class Lookups:
    """Everything a product document needs besides its own row, read in a few queries."""

    provinces: dict[int, tuple[str, Names]] = field(default_factory=dict)  # code, current + former names
    producers: dict[int, tuple[str, Names, str]] = field(default_factory=dict)  # code, name, kind
    category_slugs: dict[int, list[str]] = field(default_factory=dict)  # own slug + ancestors'
    prices: dict[int, Decimal] = field(default_factory=dict)
    categories: dict[int, list[int]] = field(default_factory=dict)
    locations: dict[int, list[dict[str, float]]] = field(default_factory=dict)
    # What the cards show besides the product's own row
    province_names: dict[int, str] = field(default_factory=dict)  # as stored
    producer_cards: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # name, kind, URL
    category_cards: dict[int, CategoryCard] = field(default_factory=dict)
    currencies: dict[int, str] = field(default_factory=dict)  # the lowest price's currency
    images: dict[int, str] = field(default_factory=dict)  # the primary image's URL


@dataclass(frozen=True)
class CategoryCard:
    depth: int
    path: str
    slug: str
    name: str
    name_en: str


@dataclass(frozen=True)
class ProductRow:
    pk: int
    title: str
    slug: str
    stars: int | None
    expires_on: datetime.date | None
    date_created: datetime.datetime
    province_id: int | None
    producer_id: int | None
    search_text: str
    province_old: str | None = None  # folded name of the former province (Product.province_old)
    url: str = ""


def as_written(value: str) -> str:
    """Composed Unicode (NFC), so "bánh" typed on any keyboard matches "bánh" as indexed."""
    return unicodedata.normalize("NFC", value)


def suggest_inputs(folded: str, weight: int) -> dict[str, Any]:
    """Completion inputs of a folded name: the whole name and the rest of it from each word on."""
    words = folded.split()
    starts = range(min(len(words), SUGGEST_WORD_STARTS))
    return {"input": list(dict.fromkeys(" ".join(words[start:]) for start in starts)), "weight": weight}


def product_source(row: ProductRow, lookups: Lookups) -> dict[str, Any]:
    """The document of one browsable product."""
    code, places = lookups.provinces.get(row.province_id, ("", NO_NAMES))
    producer_code, maker, producer_kind = lookups.producers.get(row.producer_id, ("", NO_NAMES, ""))
    price = lookups.prices.get(row.pk)
    categories = lookups.categories.get(row.pk, ())
    title = as_written(row.title)
    title_folded = fold(title)
    return {
        "kind": PRODUCT,
        "pk": row.pk,
        "title": title,
        "title_folded": title_folded,
        "names": maker.written + places.written,
        "names_folded": maker.folded + places.folded,
        "stars": row.stars,
        "province": code or None,
        "province_old": row.province_old or None,
        "producer": producer_code or None,
        "producer_type": producer_kind or None,
        "category": sorted({slug for pk in categories for slug in lookups.category_slugs.get(pk, ())}),
        "price": float(price) if price is not None else None,
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        "date_created": row.date_created.isoformat(),
        "sort_key": row.search_text,
        "stars_sort": stars_sort(row.stars, row.search_text),
        "text_phrase": row.search_text,
        "locations": lookups.locations.get(row.pk, []),
        "suggest": suggest_inputs(title_folded, WEIGHTS[PRODUCT] + (row.stars or 0)),
        "ref": row.slug,
        "url": row.url,
        "card": product_card(row, lookups),
    }


def url_builder(name: str, *kwargs: str) -> Callable[..., str]:
    """reverse(name) of the values of `kwargs`, in that order: the pattern is reversed once, not per
    document (reversing costs more than the rest of a document); a value of other characters
    than PLAIN_URL_VALUE's is reversed on its own."""
    marks = [str(918273640 + n) for n in range(len(kwargs))]  # digits: a slug or an int
    template = reverse(name, kwargs=dict(zip(kwargs, marks, strict=True)))

    def url(*values: Any) -> str:
        texts = [str(value) for value in values]
        if all(PLAIN_URL_VALUE.fullmatch(t) and not any(m in t for m in marks) for t in texts):
            built = template
            for mark, text in zip(marks, texts, strict=True):
                built = built.replace(mark, text)
            return built
        return reverse(name, kwargs=dict(zip(kwargs, values, strict=True)))

    return url


def sort_prefix(text: str) -> int:
    """The first SORT_PREFIX_BYTES bytes of `text` in UTF-8 as a number, ordered as the bytes are."""
    return int.from_bytes(text.encode()[:SORT_PREFIX_BYTES].ljust(SORT_PREFIX_BYTES, b"\0"), "big")


def stars_sort(stars: int | None, text: str) -> int:
    """The stars (most first, none last) and the first bytes of `text` as one number, ordered as
    the stars then the text (same order: keywords sort by bytes)."""
    rank = MAX_STARS - stars if stars is not None and 0 <= stars <= MAX_STARS else MAX_STARS + 1
    return rank << (8 * SORT_PREFIX_BYTES) | sort_prefix(text)


def product_card(row: ProductRow, lookups: Lookups) -> ProductCard:
    """The card of a product row, as search.cards.product_card reads it from a model."""
    code = lookups.provinces.get(row.province_id, ("", NO_NAMES))[0] if row.province_id else None
    producer = lookups.producer_cards.get(row.producer_id) if row.producer_id else None
    shown = (lookups.category_cards.get(pk) for pk in lookups.categories.get(row.pk, ()))
    product_set = max((c for c in shown if c), key=lambda c: (c.depth, c.path), default=None)
    price = lookups.prices.get(row.pk)
    return {
        "id": row.pk,
        "url": row.url,
        "title": row.title,
        "stars": row.stars,
        "province_code": code,
        "province_name": lookups.province_names.get(row.province_id) if row.province_id else None,
        "category_slug": product_set.slug if product_set else None,
        "category_name": product_set.name if product_set else None,
        "category_name_en": product_set.name_en if product_set else None,
        "producer_name": producer[0] if producer else None,
        "producer_kind": producer[1] if producer else None,
        "producer_url": producer[2] if producer else None,
        "price": int(price) if price is not None else None,
        "currency": lookups.currencies.get(row.pk) if price is not None else None,
        "image": lookups.images.get(row.pk),
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
    }


def producer_source(pk: int, code: str, name: str, url: str) -> dict[str, Any]:
    return {
        "kind": PRODUCER,
        "pk": pk,
        "title": as_written(name),
        "suggest": suggest_inputs(fold(name), WEIGHTS[PRODUCER]),
        "ref": code,
        "url": url,
    }


def province_sources(
    provinces: Iterable[tuple[int, str, str]], former: Iterable[tuple[int, int, str]]
) -> dict[str, dict[str, Any]]:
    """Suggestion documents by id: each province (pk, name, slug), and each former name (pk,
    province pk, name) that differs from its province's, suggesting the current province."""
    docs: dict[str, dict[str, Any]] = {}
    current = {}
    for pk, name, slug in provinces:
        current[pk] = (name, slug)
        docs[f"province-{pk}"] = _place(pk, name, slug, typed=name, weight=WEIGHTS[PROVINCE])
    for pk, province_pk, name in former:
        if province_pk in current and fold(current[province_pk][0]) != fold(name):
            now, slug = current[province_pk]
            docs[f"former-{pk}"] = _place(province_pk, now, slug, typed=name, weight=WEIGHTS["former"])
    return docs


def _place(pk: int, name: str, slug: str, *, typed: str, weight: int) -> dict[str, Any]:
    """A province suggested as `name` when what is typed starts like `typed`."""
    return {
        "kind": PROVINCE,
        "pk": pk,
        "title": as_written(name),
        "suggest": suggest_inputs(fold(typed), weight),
        "ref": slug,
        "url": reverse("catalogue:province", kwargs={"slug": slug}),
    }


def category_slugs(categories: Iterable[tuple[int, str, str]], steplen: int) -> dict[int, list[str]]:
    """Each category's slug with its ancestors' (tree paths of `steplen` characters per level)."""
    rows = list(categories)
    slug_by_path = {path: slug for _pk, slug, path in rows}
    return {
        pk: [
            slug_by_path[path[:end]]
            for end in range(steplen, len(path) + 1, steplen)
            if path[:end] in slug_by_path
        ]
        for pk, _slug, path in rows
    }
