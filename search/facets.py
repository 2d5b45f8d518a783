"""The facet registry, and each facet's vocabulary (values and labels), cached per language.

Each facet is declared once, as a `Facet` (in the spirit of Oscar's OSCAR_SEARCH_FACETS): its URL
parameter and label, its values, the database condition and the Elasticsearch filter of a selection,
and how each backend counts it. The form, both backends, the facet counts and the API read FACETS.

Provinces and the OCOP category tree change rarely; every list page needs them, so they are
read once and kept in Django's cache until a province or category is saved or deleted (the
receivers below clear them). With CACHE_URL (Redis) that cache is shared by every app server, so
the next request to any of them reads the change; CACHE_SECONDS bounds writes without signals.
Each process holds what it read while a token in that cache stays the same: a request reads the
short token once, not the vocabularies (see vocabulary())."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from elasticsearch_dsl import Q as EsQ
from elasticsearch_dsl.query import Query
from oscar.core.loading import get_model

from catalog.querysets import certificate_status_q

from .tokens import shared_token

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")
Category = get_model("catalogue", "Category")

CACHE_SECONDS = 300
TOKEN_KEY = "search:vocabulary-token"  # names the vocabularies in the shared cache (see vocabulary())
PLACES_KEY = "search:places"  # the province names a query may contain (search.query_text)
Choices = dict[str, list[tuple[str, str, int]]]
T = TypeVar("T")

# Price bands in whole đồng: (value, lowest included, highest excluded or None).
PRICE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-100000", 0, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-1000000", 500_000, 1_000_000),
    ("1000000-", 1_000_000, None),
]
BANDS = {value: (low, high) for value, low, high in PRICE_BANDS}


# ---------------------------------------------------------------- database conditions


# Conditions on the lowest price: Product.lowest_price, kept from the stock records (catalog.prices).
def lowest_price_at_least(amount: int) -> Q:
    return Q(lowest_price__gte=amount)


def lowest_price_at_most(amount: int) -> Q:
    return Q(lowest_price__lte=amount)


def _any_q(conditions: list[Q]) -> Q:
    """The conditions ORed; none matches nothing."""
    found = Q(pk__in=[])
    for condition in conditions:
        found |= condition
    return found


def _price_q(values: tuple[str, ...]) -> Q:
    bands = [BANDS[value] for value in values if value in BANDS]
    return _any_q(
        [
            lowest_price_at_least(low) & (Q(lowest_price__lt=high) if high is not None else Q())
            for low, high in bands
        ]
    )


def _status_q(values: tuple[str, ...]) -> Q:
    statuses = set(Product.CertificateStatus.values)
    return _any_q([certificate_status_q(value) for value in values if value in statuses])


def _cases(conditions: dict[str, Q]) -> Case:
    """The value whose condition a product meets (the conditions exclude each other), else NULL."""
    whens = [When(condition, then=Value(value)) for value, condition in conditions.items()]
    return Case(*whens, default=None, output_field=CharField())


def _price_band() -> Case:
    return _cases({value: _price_q((value,)) for value, _low, _high in PRICE_BANDS})


def _certificate_status() -> Case:
    return _cases({value: certificate_status_q(value) for value in Product.CertificateStatus.values})


def _category_q(values: tuple[str, ...]) -> Q:
    known = category_paths()
    subtree = _any_q([Q(category__path__startswith=known[slug]) for slug in values if slug in known])
    return Q(Exists(ProductCategory.objects.filter(subtree, product=OuterRef("pk"))))


# ---------------------------------------------------------------- Elasticsearch filters


def any_of(queries: list[Query]) -> Query:
    return EsQ("bool", should=queries, minimum_should_match=1) if queries else EsQ("match_none")


def status_filters(today: datetime.date | None = None) -> dict[str, Query]:
    """The certificate status as date ranges (catalog.querysets.certificate_status_q's twin)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.OCOP_EXPIRING_DAYS)
    return {
        "valid": EsQ("range", expires_on={"gt": soon.isoformat()}),
        "expiring": EsQ("range", expires_on={"gte": today.isoformat(), "lte": soon.isoformat()}),
        "expired": EsQ("range", expires_on={"lt": today.isoformat()}),
        "unknown": ~EsQ("exists", field="expires_on"),
    }


def price_band_filters() -> dict[str, Query]:
    return {
        value: EsQ("range", price={"gte": low} if high is None else {"gte": low, "lt": high})
        for value, low, high in PRICE_BANDS
    }


def _named_filters(filters: Callable[[], dict[str, Query]]) -> Callable[[tuple[str, ...]], Query]:
    def selected(values: tuple[str, ...]) -> Query:
        known = filters()
        return any_of([known[value] for value in values if value in known])

    return selected


def _terms(field: str, convert: Callable[[str], Any] = str) -> Callable[[tuple[str, ...]], Query]:
    return lambda values: EsQ("terms", **{field: [convert(value) for value in values]})


def _field_in(lookup: str, convert: Callable[[str], Any] = str) -> Callable[[tuple[str, ...]], Q]:
    return lambda values: Q(**{lookup: [convert(value) for value in values]})


# ---------------------------------------------------------------- the registry


def _as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_text_values() -> Callable[[Any], str | None]:
    return _as_text


@dataclass(frozen=True)
class Grouping:
    """How the database counts a facet by grouping products: the product's value of the facet as
    one SQL expression, and what turns a grouped value into the facet's value (None: in no value)."""

    expression: Callable[[], Any]
    values: Callable[[], Callable[[Any], str | None]] = _as_text_values


@dataclass(frozen=True)
class Facet:
    """One filter of the listings and the API, declared once.

    `db` and `es` turn the selected values (ORed) into a database condition and an Elasticsearch
    filter. A facet is counted either per value with a terms aggregation on `es_field` (and
    conditional counts in the database), or with one named filter per value (`es_filters`);
    `db_counts` counts it in the database from a queryset of products when a conditional count
    per value would cost too much. `listed` is False for a page scope (a stall's producer) that
    is no filter of the sidebar."""

    name: str
    label: str | Promise
    choices: Callable[[], list[tuple[str, str, int]]]
    db: Callable[[tuple[str, ...]], Q]
    es: Callable[[tuple[str, ...]], Query]
    es_field: str | None = None
    es_filters: Callable[[], dict[str, Query]] | None = None
    es_include: bool = True  # restrict the terms aggregation to the known values
    db_grouping: Grouping | None = None
    db_counts: Callable[[QuerySet], dict[str, int]] | None = None
    listed: bool = True


def _category_choices() -> list[tuple[str, str, int]]:
    categories = Category.objects.filter(is_public=True).order_by("path")
    return [(c.slug, c.display_name, c.depth) for c in categories]


def _category_counts(products: QuerySet) -> dict[str, int]:
    """Products per category; a product counts towards its product set and every ancestor sector."""
    rows = (
        ProductCategory.objects.filter(product__in=products.values("pk"))
        .order_by()
        .values_list("category_id")  # by id: no join to the categories
        .annotate(n=Count("pk"))  # one row per product and category (unique together): no DISTINCT
    )
    slug_by_path = {path: slug for slug, path in category_paths().items()}
    path_by_id = category_path_ids()
    counts: dict[str, int] = {}
    for category_id, n in rows:
        path = path_by_id.get(category_id, "")
        for end in range(Category.steplen, len(path) + 1, Category.steplen):
            if slug := slug_by_path.get(path[:end]):
                counts[slug] = counts.get(slug, 0) + n
    return counts


def _no_choices() -> list[tuple[str, str, int]]:
    return []


FACET_LIST: tuple[Facet, ...] = (
    Facet(
        name="stars",
        label=gettext_lazy("OCOP stars"),
        choices=lambda: [(str(n), _("%(stars)s stars") % {"stars": n}, 1) for n in (5, 4, 3)],
        db=_field_in("stars__in", int),
        es=_terms("stars", int),
        es_field="stars",
        es_include=False,
        db_grouping=Grouping(lambda: F("stars")),
    ),
    Facet(
        name="province",
        label=gettext_lazy("Province"),
        choices=lambda: [(p.code, p.name, 1) for p in Province.objects.order_by("sort_key")],
        db=_field_in("province__code__in"),
        es=_terms("province"),
        es_field="province",
        # By id, not code: no join to the provinces.
        db_grouping=Grouping(lambda: F("province_id"), lambda: province_codes().get),
    ),
    Facet(
        name="category",
        label=gettext_lazy("Category"),
        choices=_category_choices,
        db=_category_q,
        es=_terms("category"),
        es_field="category",
        db_counts=_category_counts,
    ),
    Facet(
        name="producer_type",
        label=gettext_lazy("Producer type"),
        choices=lambda: [(value, str(label), 1) for value, label in Partner.Kind.choices],
        db=_field_in("producer_kind__in"),  # copied onto the product (catalog.producer_kinds)
        es=_terms("producer_type"),
        es_field="producer_type",
        db_grouping=Grouping(lambda: F("producer_kind")),
    ),
    Facet(
        name="price",
        label=gettext_lazy("Price"),
        choices=lambda: [(value, price_band_label(low, high), 1) for value, low, high in PRICE_BANDS],
        db=_price_q,
        es=_named_filters(price_band_filters),
        es_filters=price_band_filters,
        db_grouping=Grouping(_price_band),
    ),
    Facet(
        name="status",
        label=gettext_lazy("Certificate"),
        choices=lambda: [(value, str(label), 1) for value, label in Product.CertificateStatus.choices],
        db=_status_q,
        es=_named_filters(status_filters),
        es_filters=status_filters,
        db_grouping=Grouping(_certificate_status),
    ),
    Facet(
        name="producer",
        label=gettext_lazy("Producer"),
        choices=_no_choices,
        db=_field_in("producer__code__in"),
        es=_terms("producer"),
        listed=False,
    ),
)
# Every facet and scope by URL parameter; LISTED: the sidebar's and the API's facets, in display order.
FACETS: dict[str, Facet] = {facet.name: facet for facet in FACET_LIST}
LISTED: tuple[str, ...] = tuple(facet.name for facet in FACET_LIST if facet.listed)


def facet(name: str) -> Facet:
    try:
        return FACETS[name]
    except KeyError:
        raise ValueError(f"Unknown facet {name!r}") from None


def price_band_label(low: int, high: int | None) -> str:
    from oscar.templatetags.currency_filters import currency

    if low == 0:
        return _("Under %(high)s") % {"high": currency(high)}
    if high is None:
        return _("%(low)s and more") % {"low": currency(low)}
    return _("%(low)s – %(high)s") % {"low": currency(low), "high": currency(high)}


def _cache_keys() -> list[str]:
    languages = [f"search:facet-choices:{code}" for code, _name in settings.LANGUAGES]
    return [
        "search:category-paths",
        "search:category-path-ids",
        "search:province-codes",
        PLACES_KEY,
        *languages,
    ]


# What this process read from the shared cache, by key, and the token it was read under.
_held: tuple[str | None, dict[str, Any]] = (None, {})
# In a request: its first read of the token (one round trip a request, however many vocabularies).
_request_token: ContextVar[list[str] | None] = ContextVar("vocabulary_token", default=None)


def vocabulary(key: str, read: Callable[[], T]) -> T:
    """A vocabulary (choices, place names, paths) under `key`: held in this process while the
    shared cache's token is the one it was read under, else read from the shared cache, else
    from the database (`read`, then kept there). A change replaces the token (facet_vocabulary_clear),
    so the next request to any server reads the vocabularies again; the token is all a request
    fetches (~0.1 ms less than a vocabulary, and one round trip for all of them)."""
    global _held
    token = _token()
    if token is None:  # a cache that keeps nothing (DummyCache): hold nothing either
        return read()
    held = _held
    if held[0] != token:
        held = _held = (token, {})
    values = held[1]
    if key not in values:
        found = cache.get(key)
        if found is None:
            found = read()
            cache.set(key, found, CACHE_SECONDS)
        values[key] = found
    return values[key]


def _token() -> str | None:
    asked = _request_token.get()
    if asked:
        return asked[0]
    token = shared_token(TOKEN_KEY, CACHE_SECONDS)
    if asked is not None and token is not None:
        asked.append(token)
    return token


def _request_began(**kwargs: Any) -> None:
    _request_token.set([])


def _request_ended(**kwargs: Any) -> None:
    _request_token.set(None)


def facet_choices() -> Choices:
    """Every listed facet's (value, label, depth) in display order."""
    return vocabulary(
        f"search:facet-choices:{get_language() or settings.LANGUAGE_CODE}",
        lambda: {name: FACETS[name].choices() for name in LISTED},
    )


def category_paths() -> dict[str, str]:
    """Tree path of every category by slug (a sector's path prefixes its product sets')."""
    return vocabulary("search:category-paths", lambda: dict(Category.objects.values_list("slug", "path")))


def category_path_ids() -> dict[int, str]:
    """Tree path of every category by id."""
    return vocabulary("search:category-path-ids", lambda: dict(Category.objects.values_list("pk", "path")))


def province_codes() -> dict[int, str]:
    """Province code by id."""
    return vocabulary("search:province-codes", lambda: dict(Province.objects.values_list("pk", "code")))


def facet_vocabulary_clear() -> None:
    global _held
    _held = (None, {})
    if asked := _request_token.get():
        asked.clear()  # this request reads the new token too
    cache.delete_many([TOKEN_KEY, *_cache_keys()])


def facet_vocabulary_changed(**kwargs) -> None:
    """Clear now, and again after the transaction commits: a request that read the old rows in
    between (on this server or another) must not keep them cached."""
    facet_vocabulary_clear()
    transaction.on_commit(facet_vocabulary_clear)


def receivers_connect() -> None:
    """Called from SearchConfig.ready (search.receivers.connect)."""
    request_started.connect(_request_began, dispatch_uid="facets-vocabulary-request-started")
    request_finished.connect(_request_ended, dispatch_uid="facets-vocabulary-request-finished")
    for model in (Province, get_model("catalogue", "ProvinceFormerName"), Category):
        post_save.connect(
            facet_vocabulary_changed, sender=model, dispatch_uid=f"facets-{model.__name__}-save"
        )
        post_delete.connect(
            facet_vocabulary_changed, sender=model, dispatch_uid=f"facets-{model.__name__}-del"
        )
