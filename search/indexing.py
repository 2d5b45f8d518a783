"""Filling the Elasticsearch index: a rebuild into a new versioned index swapped in behind the alias,
and the re-indexing of changed products that search.tasks runs after a commit.

Documents are built from a few big `values_list` queries into plain dicts (search.documents), never
from model instances, and sent with bulk requests; every bulk error is counted and reported."""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk
from oscar.core.loading import get_model

from catalog.importers.base import Progress, no_progress
from catalog.querysets import PRODUCER_APPROVED

from .backends.elasticsearch import es_client
from .catalogue_version import catalogue_version_bump
from .documents import (
    PROVINCE,
    CategoryCard,
    Lookups,
    Names,
    ProductRow,
    category_slugs,
    index_mappings,
    index_settings,
    producer_source,
    product_source,
    province_sources,
    url_builder,
)

Category = get_model("catalogue", "Category")
DisplayPoint = get_model("displays", "DisplayPoint")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger(__name__)

BULK_CHUNK = 500  # documents per bulk request
BULK_THREADS = 2  # bulk requests in flight while the next chunk is built
IDS_PER_QUERY = 1000  # product ids per `pk__in` of a partial re-index
ERRORS_KEPT = 10  # bulk errors quoted in a report
Doc = tuple[str, dict[str, Any]]  # (document id, source)
BulkResult = tuple[bool, dict[str, Any]]  # (indexed, the item of the bulk response)


class IndexingError(Exception):
    """Bulk requests failed for some documents (the message quotes the first ones)."""


# ---------------------------------------------------------------- documents from rows


def product_documents(product_ids: Iterable[int] | None = None) -> Iterator[Doc]:
    """Documents of the browsable products (all, or those of `product_ids`), in a few queries."""
    if product_ids is None:
        yield from _sources(*product_rows_read(None))
        return
    ids = sorted(set(product_ids))
    places: Lookups | None = None  # provinces and categories: read with the first chunk only
    for start in range(0, len(ids), IDS_PER_QUERY):
        rows, places = product_rows_read(ids[start : start + IDS_PER_QUERY], places=places)
        yield from _sources(rows, places)


def product_rows_read(
    ids: list[int] | None, *, places: Lookups | None = None
) -> tuple[list[ProductRow], Lookups]:
    """The rows of the browsable products (all, or of `ids`) and what their documents look up;
    `places` gives the provinces and categories read for an earlier chunk."""
    products = Product.objects.browsable()
    if ids is not None:
        products = products.filter(ids_condition("pk", ids))
    fields = ("pk", "title", "slug", "stars", "expires_on", "date_created", "province_id", "producer_id")
    fields += ("search_text", "province_old__folded")
    url = url_builder("catalogue:detail", "pk", "product_slug")
    rows = [ProductRow(*row, url=url(row[0], row[2])) for row in products.order_by("pk").values_list(*fields)]
    producer_ids = {row.producer_id for row in rows if row.producer_id}
    return rows, lookups_read(ids, producer_ids=producer_ids, places=places)


def ids_condition(field: str, ids: list[int]) -> Q:
    """`field` is one of the sorted `ids`: each run of consecutive ids (the products an import
    created, say) as one range, the others in one `IN` list — a few parameters, not thousands."""
    runs: list[tuple[int, int]] = []
    for pk in ids:
        if runs and pk == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    condition = Q(
        **{f"{field}__in": [pk for first, last in runs if last - first < 2 for pk in range(first, last + 1)]}
    )
    for first, last in runs:
        if last - first >= 2:
            condition |= Q(**{f"{field}__gte": first, f"{field}__lte": last})  # no __range on a key
    return condition


def _sources(rows: list[ProductRow], lookups: Lookups) -> Iterator[Doc]:
    for row in rows:
        yield str(row.pk), product_source(row, lookups)


def lookups_read(
    product_ids: list[int] | None, producer_ids: set[int], *, places: Lookups | None = None
) -> Lookups:
    """Prices, categories, locations, producers and places of these products (None: all); the
    provinces and category slugs are those of `places` when given."""

    def of_products(queryset: Any) -> Any:
        return queryset if product_ids is None else queryset.filter(ids_condition("product_id", product_ids))

    lookups = Lookups()
    if places is None:
        _places_read(lookups)
    else:
        lookups.provinces, lookups.category_slugs = places.provinces, places.category_slugs
        lookups.province_names, lookups.category_cards = places.province_names, places.category_cards
    partners = Partner.objects.all() if product_ids is None else Partner.objects.filter(pk__in=producer_ids)
    stall = url_builder("partner:stall", "slug")
    for pk, code, name, kind in partners.values_list("pk", "code", "name", "kind"):
        lookups.producers[pk] = (code, Names.of(name), kind)
        lookups.producer_cards[pk] = (name, kind, stall(code))
    # The lowest price and its currency (the first record at that price, as search.cards reads it).
    offers = of_products(StockRecord.objects.filter(price__isnull=False))
    for product_id, price, currency in offers.order_by("-product_id", "-price", "-pk").values_list(
        "product_id", "price", "price_currency"
    ):
        lookups.prices[product_id], lookups.currencies[product_id] = price, currency
    _images_read(lookups, of_products(ProductImage.objects))
    for product_id, category_id in of_products(ProductCategory.objects).values_list(
        "product_id", "category_id"
    ):
        lookups.categories.setdefault(product_id, []).append(category_id)
    stocked = of_products(DisplayPoint.products.through.objects).filter(
        displaypoint__latitude__isnull=False, displaypoint__longitude__isnull=False
    )
    for product_id, lat, lon in stocked.values_list(
        "product_id", "displaypoint__latitude", "displaypoint__longitude"
    ):
        lookups.locations.setdefault(product_id, []).append({"lat": float(lat), "lon": float(lon)})
    return lookups


def _places_read(lookups: Lookups) -> None:
    """Provinces and categories, read once whatever the number of products."""
    former: dict[int, list[str]] = defaultdict(list)
    for province_id, name in ProvinceFormerName.objects.values_list("province_id", "name"):
        former[province_id].append(name)
    for pk, code, name in Province.objects.values_list("pk", "code", "name"):
        lookups.provinces[pk] = (code, Names.of(name, *(n for n in former[pk] if n != name)))
        lookups.province_names[pk] = name
    categories = list(Category.objects.values_list("pk", "depth", "path", "slug", "name", "name_en"))
    lookups.category_slugs = category_slugs(
        [(pk, slug, path) for pk, _, path, slug, *_ in categories], Category.steplen
    )
    lookups.category_cards = {pk: CategoryCard(*card) for pk, *card in categories}


def _images_read(lookups: Lookups, images: Any) -> None:
    """Each product's primary image (Oscar's: the lowest display_order) as its storage's URL."""
    storage = ProductImage._meta.get_field("original").storage
    for product_id, name in images.order_by("-product_id", "-display_order", "-pk").values_list(
        "product_id", "original"
    ):
        if name:
            lookups.images[product_id] = storage.url(name)
        else:
            lookups.images.pop(product_id, None)


def producer_documents(producer_ids: Iterable[int] | None = None) -> Iterator[Doc]:
    """Stalls open to the public; one awaiting approval or refused has no document (or loses it)."""
    partners = Partner.objects.filter(status=PRODUCER_APPROVED)
    if producer_ids is not None:
        partners = partners.filter(pk__in=list(producer_ids))
    stall = url_builder("partner:stall", "slug")
    for pk, code, name in partners.order_by("pk").values_list("pk", "code", "name"):
        yield f"producer-{pk}", producer_source(pk, code, name, stall(code))


def province_documents() -> Iterator[Doc]:
    docs = province_sources(
        Province.objects.values_list("pk", "name", "slug"),
        ProvinceFormerName.objects.values_list("pk", "province_id", "name"),
    )
    yield from docs.items()


# ---------------------------------------------------------------- bulk


@dataclass
class BulkReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # the first ERRORS_KEPT

    def add(self, ok: bool, item: dict[str, Any]) -> None:
        self.sent += 1
        ((action, info),) = item.items()
        if ok or (action == "delete" and info.get("status") == 404):  # already gone
            return
        self.failed += 1
        if len(self.errors) < ERRORS_KEPT:
            error = info.get("error")
            reason = error.get("reason", error) if isinstance(error, dict) else error
            caused = error.get("caused_by", {}).get("reason") if isinstance(error, dict) else None
            detail = f"{reason} ({caused})" if caused else f"{reason}"
            self.errors.append(f"{action} {info.get('_id')}: {info.get('status')} {detail}")


def bulk_send(
    client: Elasticsearch,
    actions: Iterable[dict[str, Any]],
    *,
    total: int,
    progress: Progress = no_progress,
    **bulk_options: Any,
) -> BulkReport:
    """Send `actions` in chunks of BULK_CHUNK, up to BULK_THREADS requests in flight while this
    thread builds the next chunk: the actions are consumed here, in the caller's thread and
    transaction, so building them may query the database. Every failure is counted, never raised
    mid-way nor dropped."""
    client = client.options(request_timeout=settings.ELASTICSEARCH_BULK_TIMEOUT)
    report = BulkReport()

    def send(chunk: list[dict[str, Any]]) -> list[BulkResult]:
        options = {"raise_on_error": False, "raise_on_exception": False, **bulk_options}
        return list(streaming_bulk(client, chunk, chunk_size=len(chunk), **options))

    def results() -> Iterator[BulkResult]:
        pending = iter(actions)
        chunks = iter(lambda: list(itertools.islice(pending, BULK_CHUNK)), [])
        with ThreadPoolExecutor(BULK_THREADS) as pool:
            in_flight: deque[Future[list[BulkResult]]] = deque()
            for chunk in chunks:
                in_flight.append(pool.submit(send, chunk))
                if len(in_flight) > BULK_THREADS:
                    yield from in_flight.popleft().result()
            while in_flight:
                yield from in_flight.popleft().result()

    for ok, item in progress(results(), total=total, desc="search index"):
        report.add(ok, item)
    return report


def _index_actions(index: str, docs: Iterable[Doc]) -> Iterator[dict[str, Any]]:
    for doc_id, source in docs:
        yield {"_index": index, "_id": doc_id, "_source": source}


# ---------------------------------------------------------------- rebuild


@dataclass
class RebuildReport:
    alias: str
    index: str
    documents: dict[str, int]  # kind -> documents sent
    bulk: BulkReport
    seconds: float
    swapped: bool = False
    removed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        products = self.documents.get("product", 0)
        rate = products / self.seconds if self.seconds else 0.0
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.documents.items()))
        indexed = self.bulk.sent - self.bulk.failed
        lines = [
            f"{self.bulk.sent} documents ({kinds}) sent to {self.index} in {self.seconds:.1f}s "
            f"({rate:,.0f} products/s): {indexed} indexed, {self.bulk.failed} errors"
        ]
        if self.swapped:
            removed = f"; deleted {', '.join(self.removed)}" if self.removed else ""
            lines.append(f"alias {self.alias} -> {self.index}{removed}")
        else:
            lines.append(f"alias {self.alias} unchanged and {self.index} deleted; first errors:")
            lines += [f"  {error}" for error in self.bulk.errors]
        return lines


def index_rebuild(
    *, client: Elasticsearch | None = None, alias: str | None = None, progress: Progress = no_progress
) -> RebuildReport:
    """Fill a new versioned index (`<alias>-<timestamp>`), then swap the alias to it in one atomic
    request and delete the older versions: searches use the old index until the swap.

    On any bulk error the new index is deleted and the alias left as it was."""
    started = time.monotonic()
    client = (client or es_client()).options(request_timeout=settings.ELASTICSEARCH_BULK_TIMEOUT)
    alias = alias or settings.ELASTICSEARCH_INDEX
    name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
    replicas = settings.ELASTICSEARCH_REPLICAS
    client.indices.create(
        index=name, settings=index_settings(building=True, replicas=replicas), mappings=index_mappings()
    )
    rows, lookups = product_rows_read(None)
    producers, places = list(producer_documents()), list(province_documents())
    counts = {"product": len(rows), "producer": len(producers), "province": len(places)}
    # Product documents are built while earlier chunks are being indexed.
    docs = itertools.chain(_sources(rows, lookups), producers, places)
    bulk = bulk_send(client, _index_actions(name, docs), total=sum(counts.values()), progress=progress)
    report = RebuildReport(alias=alias, index=name, documents=counts, bulk=bulk, seconds=0.0)
    if bulk.failed:
        client.indices.delete(index=name)
    else:
        live = index_settings(building=False, replicas=replicas)
        client.indices.put_settings(
            index=name, settings={key: live[key] for key in ("number_of_replicas", "refresh_interval")}
        )
        client.indices.refresh(index=name)
        report.removed = alias_swap(client, alias, name)
        report.swapped = True
        catalogue_version_bump()  # listings kept from the old index (search.backends.listing_cache)
    report.seconds = time.monotonic() - started
    return report


def alias_swap(client: Elasticsearch, alias: str, index: str) -> list[str]:
    """Point `alias` at `index` alone, atomically; delete the versions older than `index`."""
    actions: list[dict[str, Any]] = [{"add": {"index": index, "alias": alias}}]
    if client.indices.exists_alias(name=alias):
        actions += [
            {"remove": {"index": old, "alias": alias}} for old in client.indices.get_alias(name=alias)
        ]
    elif client.indices.exists(index=alias):
        # A concrete index squatting the alias name (a write before the first rebuild created it).
        actions.append({"remove_index": {"index": alias}})
    client.indices.update_aliases(actions=actions)
    version = re.compile(re.escape(alias) + r"-\d{20}")
    older = sorted(
        name for name in client.indices.get(index=f"{alias}-*") if version.fullmatch(name) and name < index
    )
    if older:
        client.indices.delete(index=",".join(older))
    return older


# ---------------------------------------------------------------- re-index after a change


def index_update(
    *,
    product_ids: Iterable[int] = (),
    producer_ids: Iterable[int] = (),
    provinces: bool = False,
    client: Elasticsearch | None = None,
    alias: str | None = None,
) -> BulkReport:
    """Re-index these products, producers and (all) province names from the database; documents of
    rows gone or no longer browsable are deleted. Raises IndexingError on any bulk error."""
    client = client or es_client()
    alias = alias or settings.ELASTICSEARCH_INDEX
    if not client.indices.exists_alias(name=alias):
        logger.warning("Search index %s does not exist: run `manage.py search_rebuild_index`", alias)
        return BulkReport()
    product_ids, producer_ids = sorted(set(product_ids)), sorted(set(producer_ids))
    actions = _update_actions(client, alias, product_ids, producer_ids, provinces)
    total = len(product_ids) + len(producer_ids)  # and the provinces' few, when asked
    report = bulk_send(client, actions, total=total, require_alias=True)
    if report.failed:
        raise IndexingError(f"{report.failed} of {report.sent} documents failed: " + "; ".join(report.errors))
    if report.sent:
        # Listings answered from the index before it took these (search.backends.listing_cache)
        # were kept under the version the write bumped: searchable now, they are asked again.
        client.indices.refresh(index=alias)
        catalogue_version_bump()
    return report


def _update_actions(
    client: Elasticsearch, alias: str, product_ids: list[int], producer_ids: list[int], provinces: bool
) -> Iterator[dict[str, Any]]:
    if product_ids:
        yield from _product_upsert_actions(alias, product_ids)
    if producer_ids:
        yield from _upsert_actions(
            alias, [f"producer-{pk}" for pk in producer_ids], dict(producer_documents(producer_ids))
        )
    if provinces:
        docs = dict(province_documents())
        indexed = client.search(
            index=alias, query={"term": {"kind": PROVINCE}}, size=10_000, source=False, sort=["_doc"]
        )
        yield from _upsert_actions(alias, [*docs, *(hit["_id"] for hit in indexed["hits"]["hits"])], docs)


def _product_upsert_actions(alias: str, product_ids: list[int]) -> Iterator[dict[str, Any]]:
    """Index or delete each of the sorted `product_ids`, streaming: product_documents yields in id
    order, so a chunk goes to the cluster while the next chunk's rows are read."""
    docs = product_documents(product_ids)
    upcoming = next(docs, None)
    for pk in product_ids:
        if upcoming is not None and upcoming[0] == str(pk):
            yield {"_index": alias, "_id": upcoming[0], "_source": upcoming[1]}
            upcoming = next(docs, None)
        else:  # gone, or no longer browsable
            yield {"_op_type": "delete", "_index": alias, "_id": str(pk)}


def _upsert_actions(
    alias: str, doc_ids: Iterable[str], docs: dict[str, dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    for doc_id in dict.fromkeys(doc_ids):
        if doc_id in docs:
            yield {"_index": alias, "_id": doc_id, "_source": docs[doc_id]}
        else:
            yield {"_op_type": "delete", "_index": alias, "_id": doc_id}
