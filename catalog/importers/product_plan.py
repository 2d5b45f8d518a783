"""Planning and writing a checked product list: a few reads up front, bulk writes at the end.

The plan decides, row by row, whether its product (and producer) is created, updated or left as
it is — the dry-run report shows exactly that — and `apply` writes it with bulk queries. Bulk
writes send no `post_save`, so `apply` ends by sending `catalog.signals.products_imported` with
every id it wrote: the search app re-indexes them once, after the commit.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone
from oscar.checks import use_productcategory_materialised_view
from oscar.core.loading import get_model

from ..services import product_place_names, product_search_text
from ..signals import products_imported
from ..utils import slugify
from .base import ImportSummary, Progress, RowErrors, no_progress
from .bulk import bulk_insert
from .demo import demo_certificate, demo_price, demo_stock, key_random, product_upc

if TYPE_CHECKING:
    from oscar.apps.partner.abstract_models import AbstractPartner as PartnerModel

    from ..models import Category as CategoryModel
    from ..models import Product as ProductModel
    from .product_rows import ProductRow

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
Province = get_model("catalogue", "Province")
StockRecord = get_model("partner", "StockRecord")

BATCH = 1000  # rows per bulk query, and names or ids per `__in` lookup
CODE_LENGTH = 120  # of a producer's code (Oscar allows 128): room for a "-2" suffix
# The column a changed field came from, as the dry-run report names it.
FIELD_COLUMNS = {
    "title": "name_vi",
    "province": "province_new",
    "producer": "producer",
    "stars": "stars",
    "recognition_year": "year",
    "source": "source",
    "certificate_number": "certificate_number",
    "decision_number": "decision_number",
    "certified_on": "decision_date",
    "score": "score",
    "expires_on": "expires_on",
    "category": "subgroup",
}
PAST = {"create": "created", "update": "updated", "unchanged": "unchanged"}


def ocop_product_class() -> Any:
    """The single product type of the catalogue: shipped, stock tracked."""
    product_class, _created = ProductClass.objects.get_or_create(
        slug="san-pham-ocop",
        defaults={"name": "Sản phẩm OCOP", "requires_shipping": True, "track_stock": True},
    )
    return product_class


@dataclass
class Step:
    """The plan for one row: its product's outcome and the columns an update changes."""

    outcome: str  # "create", "update" or "unchanged"
    changes: list[str] = field(default_factory=list)
    new_producer: str = ""  # the name, when this row creates its producer


@dataclass
class Writes:
    """Everything `apply` writes, gathered while planning."""

    producers_new: list[PartnerModel] = field(default_factory=list)
    producers_changed: list[PartnerModel] = field(default_factory=list)
    products_new: list[ProductModel] = field(default_factory=list)
    products_changed: list[ProductModel] = field(default_factory=list)
    product_fields: set[str] = field(default_factory=set)
    links_stale: list[int] = field(default_factory=list)
    links_new: list[tuple[ProductModel, CategoryModel]] = field(default_factory=list)
    offers_new: list[tuple[ProductModel, PartnerModel, ProductRow]] = field(default_factory=list)


class ProductPlan:
    """What importing these rows does; rows found contradictory with the database add to `errors`."""

    def __init__(self, rows: Sequence[ProductRow], *, demo: bool, errors: RowErrors) -> None:
        self.rows = rows
        self.demo = demo
        self.errors = errors
        self.summary = ImportSummary()
        self.steps: dict[int, Step] = {}
        self.writes = Writes()
        self.product_class = ocop_product_class()
        self.producers: dict[tuple[str, int], PartnerModel] = {}

    # ------------------------------------------------------------ reads

    def build(self, progress: Progress = no_progress) -> None:
        self._read()
        for row in progress(self.rows, total=len(self.rows), desc="planning"):
            self._row_plan(row)

    def _read(self) -> None:
        """Everything the rows are compared with, in a few queries."""
        self.partners: dict[str, list[PartnerModel]] = defaultdict(list)
        names = sorted({row.producer for row in self.rows if row.producer})
        for chunk in _chunks(names):
            for partner in Partner.objects.filter(name__in=chunk).order_by("pk"):
                self.partners[partner.name].append(partner)
        self.products: dict[tuple[str, str, int], ProductModel] = {}
        for chunk in _chunks(sorted({row.title for row in self.rows})):
            for product in Product.objects.filter(title__in=chunk, parent=None).order_by("pk"):
                self.products.setdefault(_product_key(product), product)
        ids = sorted(product.pk for product in self.products.values())
        self.links: dict[int, list[tuple[int, int, str | None]]] = defaultdict(list)
        self.offers: set[tuple[int, int]] = set()
        for chunk in _chunks(ids):
            links = ProductCategory.objects.filter(product_id__in=chunk)
            for pk, product_id, category_id, code in links.values_list(
                "pk", "product_id", "category_id", "category__code"
            ):
                self.links[product_id].append((pk, category_id, code))
            if self.demo:
                offers = StockRecord.objects.filter(product_id__in=chunk)
                self.offers.update(offers.values_list("product_id", "partner_id"))
        provinces = Province.objects.prefetch_related("former_names")
        self.province_names = {province.pk: province.search_names() for province in provinces}
        self.upcs = self._upcs_taken()
        self.codes = _codes_taken({_code_base(name) for name in names})
        self.codes_read: set[str] = set()  # bases whose suffixed codes ("-2", "-3"…) were read

    def _upcs_taken(self) -> dict[str, int]:
        wanted = sorted({product_upc("OCOP", *row.key) for row in self.rows})
        taken: dict[str, int] = {}
        for chunk in _chunks(wanted):
            taken.update(Product.objects.filter(upc__in=chunk).values_list("upc", "pk"))
        return taken

    # ------------------------------------------------------------ decisions

    def _row_plan(self, row: ProductRow) -> None:
        errors_before = len(self.errors.errors)
        producer, new_producer = self._producer(row)
        product = self.products.get(_row_key(row, producer)) if producer is None or producer.pk else None
        created = product is None
        if product is None:
            # By id: assigning a related instance costs three times as much (5,000 rows: 0.35 s).
            product = Product(product_class_id=self.product_class.pk, structure=Product.STANDALONE)
        changed = self._product_fields(row, product, producer)
        self._certificate_check(row, product)
        if len(self.errors.errors) > errors_before:
            return
        links = self.links.get(product.pk or 0, [])
        stale = [pk for pk, category_id, code in links if code and category_id != row.category.pk]
        linked = any(category_id == row.category.pk for _pk, category_id, _code in links)
        if stale or not linked:
            changed.append("category")
            self.writes.links_stale.extend(stale)
            if not linked:
                self.writes.links_new.append((product, row.category))
        if created:
            self.writes.products_new.append(product)
        elif changed:
            self.writes.products_changed.append(product)
            self.writes.product_fields.update(name for name in changed if name != "category")
        outcome = "create" if created else "update" if changed else "unchanged"
        self.summary.add("products", PAST[outcome])
        if producer is not None and self.demo:
            self._offer(row, product, producer, created)
        columns = [] if created else list(dict.fromkeys(FIELD_COLUMNS.get(name, name) for name in changed))
        self.steps[row.row] = Step(outcome, columns, new_producer)

    def _producer(self, row: ProductRow) -> tuple[PartnerModel | None, str]:
        """The producer of this name in this province (or of this name with no province yet, which
        then gets it); else a new one. Type and province are only ever filled where empty."""
        if not row.producer:
            return None, ""
        key = (row.producer, row.province.pk)
        if key in self.producers:
            return self.producers[key], ""
        candidates = self.partners.get(row.producer, [])
        partner = next((p for p in candidates if p.province_id == row.province.pk), None) or next(
            (p for p in candidates if p.province_id is None), None
        )
        if partner is None:
            partner = Partner(
                name=row.producer,
                code=self._code(row.producer),
                kind=row.producer_kind,
                province_id=row.province.pk,
            )
            self.writes.producers_new.append(partner)
            self.summary.add("producers", "created")
            self.producers[key] = partner
            return partner, row.producer
        changed = _fill(partner, {"kind": row.producer_kind, "province_id": row.province.pk})
        if changed:
            self.writes.producers_changed.append(partner)
        self.summary.add("producers", "updated" if changed else "unchanged")
        self.producers[key] = partner
        return partner, ""

    def _code(self, name: str) -> str:
        """A unique code (the stall's address) for a new producer, as Oscar's AutoSlugField makes it."""
        base = _code_base(name)
        if base in self.codes and base not in self.codes_read:  # the same name in another province
            self.codes.update(
                Partner.objects.filter(code__startswith=f"{base}-").values_list("code", flat=True)
            )
            self.codes_read.add(base)
        code, suffix = base, 2
        while code in self.codes:
            code, suffix = f"{base}-{suffix}", suffix + 1
        self.codes.add(code)
        return code

    def _product_fields(
        self, row: ProductRow, product: ProductModel, producer: PartnerModel | None
    ) -> list[str]:
        """Set the row's values on the product; the names of the fields that changed."""
        values: dict[str, Any] = {
            "title": row.title,
            "province_id": row.province.pk,
            "province_old_id": row.province_old.pk if row.province_old else None,
            "stars": row.stars,
            "recognition_year": row.year,
            "source": row.source,
            "is_public": True,
        }
        # Certificate facts overwrite only when the list gives them: an empty cell keeps what
        # staff entered in the dashboard. A new decision date without expiry means 36 months.
        given = {
            "certificate_number": row.certificate_number,
            "decision_number": row.decision_number,
            "certified_on": row.certified_on,
            "score": row.score,
            "expires_on": row.expires_on or (_default_expiry(row.certified_on) if row.certified_on else None),
        }
        values.update({name: value for name, value in given.items() if value not in (None, "")})
        changed = _assign(product, values)
        if producer is not None and (product.pk is None or product.producer_id != producer.pk):
            if producer.pk:
                product.producer_id = producer.pk
            else:  # created by this list: bulk_create gives the product its id once it has one
                product.producer = producer
            changed.append("producer_id")
        if not product.upc:
            changed += _assign(product, {"upc": self._upc(row)})
        if self.demo and row.stars:
            certificate = demo_certificate(
                key_random("certificate", *row.key), stars=row.stars, year=row.year
            )
            changed += _fill(
                product,
                {
                    "certificate_number": certificate.number,
                    "certification_level": certificate.level,
                    "certified_on": certificate.certified_on,
                },
            )
        if product.certified_on and not product.expires_on:  # as Product.save does
            changed += _assign(product, {"expires_on": _default_expiry(product.certified_on)})
        if not product.slug:
            changed += _assign(product, {"slug": slugify(row.title)[:255]})
        search_text = product_search_text(
            title=row.title,
            producer_name=producer.name if producer else "",
            province_names=product_place_names(
                self.province_names.get(row.province.pk, ()),
                row.province_old.name if row.province_old else "",
            ),
        )
        changed += _assign(product, {"search_text": search_text})
        return [_field_name(name) for name in dict.fromkeys(changed)]

    def _upc(self, row: ProductRow) -> str:
        """The stable UPC of the row's key, suffixed in the rare case another product holds it."""
        base = upc = product_upc("OCOP", *row.key)
        if base in self.upcs:
            self.upcs.update(Product.objects.filter(upc__startswith=f"{base}-").values_list("upc", "pk"))
        suffix = 2
        while upc in self.upcs:
            upc, suffix = f"{base}-{suffix}", suffix + 1
        self.upcs[upc] = 0  # taken by a product of this list
        return upc

    def _certificate_check(self, row: ProductRow, product: ProductModel) -> None:
        """The product as it will be must still obey the model's rules (a score recorded earlier
        against new stars, say); the column to fix is the one the list gave, else the stars."""
        problem = Product.score_problem(stars=product.stars, score=product.score)
        if problem:
            self.errors.add(row.row, "score" if row.score is not None else "stars", problem)
        problem = Product.expiry_problem(certified_on=product.certified_on, expires_on=product.expires_on)
        if problem:
            self.errors.add(row.row, "expires_on" if row.expires_on else "decision_date", problem)

    def _offer(self, row: ProductRow, product: ProductModel, producer: PartnerModel, created: bool) -> None:
        """A demo offer from the producer; an existing one (maybe edited since) is kept as is."""
        if not created and producer.pk and (product.pk, producer.pk) in self.offers:
            self.summary.add("stock records", "unchanged")
            return
        self.writes.offers_new.append((product, producer, row))
        self.summary.add("stock records", "created")

    # ------------------------------------------------------------ writes

    def apply(self) -> None:
        """Write the plan with bulk queries (inside the caller's transaction), then announce it."""
        writes = self.writes
        bulk_insert(Partner, writes.producers_new, batch_size=BATCH)
        if writes.producers_changed:
            Partner.objects.bulk_update(writes.producers_changed, ["kind", "province"], batch_size=BATCH)
        # A new product's new producer has its id now: bulk_insert copies it to producer_id.
        bulk_insert(Product, writes.products_new, batch_size=BATCH)
        if writes.products_changed:
            now = timezone.now()
            for product in writes.products_changed:
                product.date_updated = now
            fields = sorted(writes.product_fields | {"date_updated"})
            Product.objects.bulk_update(writes.products_changed, fields, batch_size=BATCH)
        self._links_write()
        self._offers_write()
        offered = [product for product, _producer, _row in writes.offers_new]  # a new price to index
        product_ids = sorted({p.pk for p in (*writes.products_new, *writes.products_changed, *offered)})
        producer_ids = sorted(p.pk for p in (*writes.producers_new, *writes.producers_changed))
        if product_ids or producer_ids:
            products_imported.send(sender=Product, product_ids=product_ids, producer_ids=producer_ids)

    def _links_write(self) -> None:
        writes = self.writes
        if writes.links_stale:
            ProductCategory.objects.filter(pk__in=writes.links_stale).delete()
        bulk_insert(
            ProductCategory,
            [
                ProductCategory(product_id=product.pk, category_id=category.pk)
                for product, category in writes.links_new
            ],
            batch_size=BATCH,
        )
        if (writes.links_stale or writes.links_new) and use_productcategory_materialised_view():
            # Oscar refreshes this view on each ProductCategory save; bulk_insert sends no signals.
            with connection.cursor() as cursor:
                cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY catalogue_product_category_hierarchy;")

    def _offers_write(self) -> None:
        offers = []
        for product, producer, row in self.writes.offers_new:
            rng = key_random("offer", *row.key)
            offers.append(
                StockRecord(
                    product=product,
                    partner=producer,
                    partner_sku=product.upc,
                    price_currency="VND",
                    price=demo_price(rng, row.category.code, row.stars),
                    num_in_stock=demo_stock(rng),
                )
            )
        bulk_insert(StockRecord, offers, batch_size=BATCH)


@lru_cache(maxsize=4096)
def _default_expiry(certified_on: datetime.date) -> datetime.date:
    """Product.default_expiry, once per decision date: a list's rows share a few dates."""
    return Product.default_expiry(certified_on)


@lru_cache(maxsize=4096)
def _code_base(name: str) -> str:
    """A producer's code as Oscar's AutoSlugField makes it from the name, before any "-2" suffix."""
    return slugify(name)[:CODE_LENGTH] or "producer"


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _product_key(product: ProductModel) -> tuple[str, str, int]:
    if product.producer_id:
        return (product.title, "producer", product.producer_id)
    return (product.title, "province", product.province_id or 0)


def _row_key(row: ProductRow, producer: PartnerModel | None) -> tuple[str, str, int]:
    if producer is not None:
        return (row.title, "producer", producer.pk)
    return (row.title, "province", row.province.pk)


def _codes_taken(bases: set[str]) -> set[str]:
    """The existing producer codes equal to the codes new producers of these names would get."""
    taken: set[str] = set()
    for chunk in _chunks(sorted(bases)):
        taken.update(Partner.objects.filter(code__in=chunk).values_list("code", flat=True))
    return taken


def _field_name(name: str) -> str:
    return name.removesuffix("_id")


def _assign(instance: Any, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _fill(instance: Any, values: dict[str, Any]) -> list[str]:
    """Set only the fields that are still empty: generated or secondary facts never overwrite."""
    return _assign(
        instance,
        {
            name: value
            for name, value in values.items()
            if value not in (None, "") and getattr(instance, name) in (None, "")
        },
    )
