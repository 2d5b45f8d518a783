"""The OCOP product list importer: the demo data and the provincial lists staff upload.

Columns are those of `catalog/data/ocop-products.csv`. Every row is validated before anything is
written; one bad row means nothing is written. Natural key: title + producer, or title + province
for a product without a producer. `demo=True` adds made-up prices, stock and certificate numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from ..utils import fold, slugify
from .base import DataImportError, ImportSummary, Progress, ProvinceResolver, RowErrors, csv_rows, no_progress
from .demo import demo_certificate, demo_price, demo_stock, key_random, product_upc

if TYPE_CHECKING:
    from shop.partner.models import Partner as PartnerModel

    from ..models import Category as CategoryModel
    from ..models import Product as ProductModel
    from ..models import Province
    from .base import Report

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

COLUMNS = (
    "name_vi",
    "producer",
    "producer_type",
    "province_old",
    "province_new",
    "stars",
    "group",
    "subgroup",
    "year",
    "source",
)
LIMITS = {"name_vi": 255, "producer": 128, "source": 500}
FIRST_YEAR = 2013  # Quảng Ninh started the OCOP programme in 2013, before the national one (2018)
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class ProductRow:
    row: int
    title: str
    producer: str
    producer_kind: str
    province: Province
    stars: int | None
    category: CategoryModel  # an OCOP product set
    year: int | None
    source: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.title, self.producer or f"province:{self.province.code}")


def ocop_product_class() -> Any:
    """The single product type of the catalogue: shipped, stock tracked."""
    product_class, _created = ProductClass.objects.get_or_create(
        slug="san-pham-ocop",
        defaults={"name": "Sản phẩm OCOP", "requires_shipping": True, "track_stock": True},
    )
    return product_class


def products_validate(path: Path) -> list[ProductRow]:
    """Every row checked; raises DataImportError listing each bad cell as file, row and field."""
    errors = RowErrors(path.name)
    provinces = ProvinceResolver()
    categories = {c.code: c for c in Category.objects.exclude(code=None).exclude(code="")}
    rows: list[ProductRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in csv_rows(path, COLUMNS):
        parsed = _row_parse(number, values, errors, provinces, categories)
        if parsed is None:
            continue
        if parsed.key in seen:
            errors.add(number, "name_vi", _("duplicate of row %(row)d") % {"row": seen[parsed.key]})
        seen.setdefault(parsed.key, number)
        rows.append(parsed)
    errors.raise_if_any()
    return rows


def _row_parse(
    number: int,
    values: dict[str, str],
    errors: RowErrors,
    provinces: ProvinceResolver,
    categories: dict[str, CategoryModel],
) -> ProductRow | None:
    before = len(errors.errors)

    def report(field_name: str, message: str) -> None:
        errors.add(number, field_name, message)

    errors.check_length(number, values, LIMITS)
    if not values["name_vi"]:
        report("name_vi", _("a product name is required"))
    kind = values["producer_type"]
    if kind and kind not in Partner.Kind.values:
        report("producer_type", _("must be one of %(kinds)s") % {"kinds": ", ".join(Partner.Kind.values)})
    elif kind and not values["producer"]:
        report("producer_type", _("given without a producer"))
    province = provinces.resolve(new=values["province_new"], old=values["province_old"], report=report)
    stars = _stars(values["stars"], report)
    category = _category(values["subgroup"], values["group"], categories, report)
    year = _year(values["year"], report)
    if len(errors.errors) > before:
        return None
    return ProductRow(
        number, values["name_vi"], values["producer"], kind, province, stars, category, year, values["source"]
    )


def _stars(value: str, report: Report) -> int | None:
    # Decision 148/QĐ-TTg: only 3★ to 5★ products are certified; empty = not published.
    if not value:
        return None
    if value not in {"3", "4", "5"}:
        report(
            "stars",
            _("must be 3, 4 or 5, or empty when no rating is published (got “%(value)s”)") % {"value": value},
        )
        return None
    return int(value)


def _category(
    value: str, group: str, categories: dict[str, CategoryModel], report: Report
) -> CategoryModel | None:
    code = value.split(maxsplit=1)[0] if value else ""
    category = categories.get(code)
    if category is None or category.depth < 2:  # a product set ("I.2.b"), not a whole sector ("I")
        report(
            "subgroup",
            _("must start with an OCOP product set code such as “I.2.b” (got “%(value)s”)")
            % {"value": value},
        )
        return None
    sector = categories.get(code.split(".")[0])
    if group and sector is not None and fold(group) != fold(sector.name):
        report(
            "group",
            _("“%(group)s” is not the sector of %(code)s (%(sector)s)")
            % {"group": group, "code": code, "sector": sector.name},
        )
    return category


def _year(value: str, report: Report) -> int | None:
    if not value:
        return None
    last = timezone.localdate().year + 1
    if not _YEAR.match(value) or not FIRST_YEAR <= int(value) <= last:
        report(
            "year", _("must be a year between %(first)d and %(last)d") % {"first": FIRST_YEAR, "last": last}
        )
        return None
    return int(value)


def products_import(path: Path, *, demo: bool = False, progress: Progress = no_progress) -> ImportSummary:
    """Validate the whole file, then create or update its products in one transaction."""
    rows = products_validate(path)
    summary = ImportSummary()
    with transaction.atomic():
        writer = ProductWriter(demo=demo, summary=summary, file=path.name)
        for row in progress(rows, total=len(rows), desc="products"):
            writer.write(row)
    return summary


class ProductWriter:
    """Writes validated rows; counts what was created, updated or left unchanged."""

    def __init__(self, *, demo: bool, summary: ImportSummary, file: str) -> None:
        self.demo = demo
        self.summary = summary
        self.file = file
        self.product_class = ocop_product_class()
        self.producers: dict[str, PartnerModel] = {}

    def write(self, row: ProductRow) -> None:
        try:
            producer = self.producer(row) if row.producer else None
            product = self.product(row, producer)
        except ValidationError as error:
            # The rows were checked up front; this is the model's own rule catching something new.
            errors = RowErrors(self.file)
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    errors.add(row.row, field_name, message)
            raise DataImportError(errors.errors) from error
        if producer is not None and self.demo:
            self.stock(row, product, producer)

    def producer(self, row: ProductRow) -> PartnerModel:
        """Get the producer by name; fill its type and province only where they are empty."""
        if row.producer in self.producers:
            return self.producers[row.producer]
        partner = Partner.objects.filter(name=row.producer).order_by("pk").first()
        if partner is None:
            partner = Partner.objects.create(name=row.producer, kind=row.producer_kind, province=row.province)
            self.summary.add("producers", "created")
        else:
            changed = _fill(partner, {"kind": row.producer_kind, "province_id": row.province.pk})
            if changed:
                partner.save()
            self.summary.add("producers", "updated" if changed else "unchanged")
        self.producers[row.producer] = partner
        return partner

    def product(self, row: ProductRow, producer: PartnerModel | None) -> ProductModel:
        product = _product_find(row, producer)
        created = product is None
        if created:
            product = Product(product_class=self.product_class, structure=Product.STANDALONE)
        changed = _assign(
            product,
            {
                "title": row.title,
                "province_id": row.province.pk,
                "producer_id": producer.pk if producer else None,
                "stars": row.stars,
                "recognition_year": row.year,
                "source": row.source,
                "is_public": True,
            },
        )
        changed |= _fill(product, {"upc": product_upc("OCOP", *row.key)})
        if self.demo and row.stars:
            changed |= self.certificate(row, product)
        if changed:
            product.slug = product.slug or slugify(row.title)[:255]
            product.full_clean(validate_unique=created)
            product.save()
        changed |= _category_link(product, row.category)
        self.summary.add("products", "created" if created else "updated" if changed else "unchanged")
        return product

    def certificate(self, row: ProductRow, product: ProductModel) -> bool:
        certificate = demo_certificate(key_random("certificate", *row.key), stars=row.stars, year=row.year)
        # expires_on is left to Product.save: 36 months after the decision.
        return _fill(
            product,
            {
                "certificate_number": certificate.number,
                "certification_level": certificate.level,
                "certified_on": certificate.certified_on,
            },
        )

    def stock(self, row: ProductRow, product: ProductModel, producer: PartnerModel) -> None:
        """A sellable offer from the producer; an existing one (maybe edited since) is kept as is."""
        if StockRecord.objects.filter(product=product, partner=producer).exists():
            self.summary.add("stock records", "unchanged")
            return
        rng = key_random("offer", *row.key)
        StockRecord.objects.create(
            product=product,
            partner=producer,
            partner_sku=product.upc,
            price_currency="VND",
            price=demo_price(rng, row.category.code, row.stars),
            num_in_stock=demo_stock(rng),
        )
        self.summary.add("stock records", "created")


def _product_find(row: ProductRow, producer: PartnerModel | None) -> ProductModel | None:
    products = Product.objects.filter(title=row.title, parent=None)
    if producer is not None:
        return products.filter(producer=producer).order_by("pk").first()
    return products.filter(producer=None, province=row.province).order_by("pk").first()


def _assign(instance: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _fill(instance: Any, values: dict[str, Any]) -> bool:
    """Set only the fields that are still empty: generated or secondary facts never overwrite."""
    return _assign(
        instance,
        {
            name: value
            for name, value in values.items()
            if value not in (None, "") and getattr(instance, name) in (None, "")
        },
    )


def _category_link(product: ProductModel, category: CategoryModel) -> bool:
    """The product sits in exactly one OCOP product set; other, non-OCOP categories are kept."""
    links = ProductCategory.objects.filter(product=product)
    stale = links.exclude(category=category).exclude(category__code=None).exclude(category__code="")
    removed, _details = stale.delete()
    _link, created = ProductCategory.objects.get_or_create(product=product, category=category)
    return bool(removed or created)
