"""Reads of the statistics: the figures of the nation or one province, in a fixed number of queries.

The figures are plain numbers keyed by stable values (stars, sector code, producer kind, status,
province code), cached under the catalogue version and today's date (certificate status moves
with the calendar); labels and links are added per request (shop.statistics.tables)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.querysets import certificate_status_q

from .cache import CACHE_SECONDS, catalogue_version

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
Province = get_model("catalogue", "Province")
Partner = get_model("partner", "Partner")
DisplayPoint = get_model("displays", "DisplayPoint")

STARS = (5, 4, 3)
STATUSES = tuple(Product.CertificateStatus.values)


@dataclass(frozen=True)
class ProvinceRef:
    pk: int
    code: str
    slug: str
    name: str


@dataclass(frozen=True)
class Sector:
    code: str
    slug: str
    name: str
    name_en: str
    products: int


@dataclass(frozen=True)
class ProducerKindCount:
    kind: str  # a Partner.Kind value, or "" when not recorded
    producers: int
    products: int


@dataclass(frozen=True)
class ProvinceRow:
    province: ProvinceRef
    products: int
    rated: int
    producers: int
    display_points: int


@dataclass(frozen=True)
class Figures:
    """What one page reports: listed (browsable) products of the nation or one province."""

    products: int
    stars: dict[int, int]  # 5, 4, 3 -> products
    unrated: int
    statuses: dict[str, int]  # certificate status -> products
    sectors: list[Sector]
    producer_kinds: list[ProducerKindCount]
    display_points: int
    provinces: list[ProvinceRow] = field(default_factory=list)  # national page only

    @property
    def rated(self) -> int:
        """Products of 3 stars or more: only a published rating counts (Decision 148/QĐ-TTg)."""
        return sum(self.stars.values())

    @property
    def producers(self) -> int:
        return sum(row.producers for row in self.producer_kinds)


def _cached(name: str, compute):
    key = f"ocop-statistics:{catalogue_version()}:{timezone.localdate().isoformat()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def province_refs() -> list[ProvinceRef]:
    """The 34 provinces in Vietnamese alphabetical order (Đ after D), cached."""

    def compute() -> list[ProvinceRef]:
        return [ProvinceRef(*row) for row in Province.objects.values_list("pk", "code", "slug", "name")]

    return _cached("provinces", compute)


def statistics_figures(*, province: ProvinceRef | None = None) -> Figures:
    """The figures of one province, or of the nation with a row per province; cached."""
    if province is not None:
        return _cached(f"province:{province.code}", lambda: _compute(province.pk))
    return _cached("national", lambda: _compute(None))


def _compute(province_pk: int | None) -> Figures:
    products = Product.objects.browsable()
    points = DisplayPoint.objects.all()
    if province_pk is not None:
        products = products.filter(province_id=province_pk)
        points = points.filter(province_id=province_pk)
    counts = _product_counts(products)
    points_by_province = dict(points.order_by().values_list("province_id").annotate(n=Count("pk")))
    return Figures(
        products=counts["total"],
        stars={stars: counts[f"stars_{stars}"] for stars in STARS},
        unrated=counts["unrated"],
        statuses={status: counts[f"status_{status}"] for status in STATUSES},
        sectors=_sectors(products),
        producer_kinds=_producer_kinds(products),
        display_points=sum(points_by_province.values()),
        provinces=_provinces(products, points_by_province) if province_pk is None else [],
    )


def _product_counts(products: QuerySet) -> dict[str, int]:
    """Totals by stars and by certificate status in one aggregate query."""
    today = timezone.localdate()
    aggregates = {
        "total": Count("pk"),
        "unrated": Count("pk", filter=Q(stars__isnull=True)),
        **{f"stars_{stars}": Count("pk", filter=Q(stars=stars)) for stars in STARS},
        # The rule of Product.certificate_status, in SQL (expiring: within OCOP_EXPIRING_DAYS).
        **{
            f"status_{status}": Count("pk", filter=certificate_status_q(status, today)) for status in STATUSES
        },
    }
    return products.aggregate(**aggregates)


def _sectors(products: QuerySet) -> list[Sector]:
    """Products per OCOP sector (a category root): a product counts once per sector it is in,
    as the catalogue's `category=<sector>` filter finds it."""
    sectors = (
        Category.get_root_nodes()
        .filter(is_public=True)
        .values_list("code", "slug", "name", "name_en", "path")
    )
    rows = (
        ProductCategory.objects.filter(product__in=products.values("pk"))
        .annotate(sector=Substr("category__path", 1, Category.steplen))
        .values("sector")
        .annotate(n=Count("product_id", distinct=True))
        .values_list("sector", "n")
    )
    counts = dict(rows)
    return [
        Sector(code or "", slug, name, name_en, counts.get(path, 0))
        for code, slug, name, name_en, path in sectors
    ]


def _producer_kinds(products: QuerySet) -> list[ProducerKindCount]:
    """Producers of the listed products and their products, by type; unrecorded types last."""
    grouped = (
        products.filter(producer__isnull=False)
        .order_by()
        .values("producer__kind")
        .annotate(producers=Count("producer", distinct=True), n=Count("pk"))
        .values_list("producer__kind", "producers", "n")
    )
    rows = {kind or "": (producers, n) for kind, producers, n in grouped}
    result = [ProducerKindCount(kind, *rows.get(kind, (0, 0))) for kind in Partner.Kind.values]
    if "" in rows:
        result.append(ProducerKindCount("", *rows[""]))
    return result


def _provinces(products: QuerySet, points_by_province: dict[int, int]) -> list[ProvinceRow]:
    """One row per province (all 34, none left out for having no products yet)."""
    rows = {
        province_id: (total, rated, producers)
        for province_id, total, rated, producers in products.order_by()
        .values("province_id")
        .annotate(
            total=Count("pk"),
            rated=Count("pk", filter=Q(stars__isnull=False)),
            producers=Count("producer", distinct=True),
        )
        .values_list("province_id", "total", "rated", "producers")
    }
    return [
        ProvinceRow(ref, *rows.get(ref.pk, (0, 0, 0)), points_by_province.get(ref.pk, 0))
        for ref in province_refs()
    ]
