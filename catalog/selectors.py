"""Reads of the catalogue: product cards, provinces with counts, a product's neighbourhood."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, When, Window
from django.db.models.functions import RowNumber
from oscar.core.loading import get_model

from .querysets import PRODUCER_APPROVED

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Province = get_model("catalogue", "Province")

RELATED_SHOWN = 4


def product_list_for_cards(
    *, ids: Sequence[int] | None = None, stars: int | None = None, limit: int = 8
) -> list:
    """Browsable products ready for cards; `ids` keeps the given order (curated lists)."""
    products = Product.objects.for_listing()
    if ids is not None:
        by_id = {p.pk: p for p in products.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]
    if stars is not None:
        products = products.filter(stars=stars)
    return list(products.order_by("-date_created", "-pk")[:limit])


def province_list_with_counts() -> list:
    """All 34 provinces with the number of browsable products from each."""
    # The rule of OcopProductQuerySet.browsable, seen from the province.
    browsable = Q(products__is_public=True, products__parent__isnull=True) & (
        Q(products__producer=None) | Q(products__producer__status=PRODUCER_APPROVED)
    )
    counted = Province.objects.annotate(product_count=Count("products", filter=browsable))
    return list(counted.order_by("sort_key"))


def province_resolve(*, name: str):
    """The current province for a current or former name, accents optional ("yen bai" → Lào Cai)."""
    from .utils import fold

    folded = fold(name)
    for province in Province.objects.all():
        if fold(province.name) == folded:
            return province
    former = Province.objects.filter(former_names__folded=folded).first()
    return former


@dataclass(frozen=True)
class Neighbours:
    """The product page's two rows of cards."""

    from_producer: list
    similar: list


def product_neighbours(*, product, limit: int = RELATED_SHOWN) -> Neighbours:
    """Browsable products near `product`, ready for cards, best rated first: more of its producer's,
    and other producers' of the same product set (category), then of the same province. One query
    (each group cut at `limit` by a window function) and the card prefetches, whatever the product."""
    category_ids = [category.pk for category in product.categories.all()]
    same_producer = Q(producer_id=product.producer_id) if product.producer_id else Q(pk__in=[])
    same_set = Q(pk__in=ProductCategory.objects.filter(category_id__in=category_ids).values("product_id"))
    same_province = Q(province_id=product.province_id) if product.province_id else Q(pk__in=[])
    group = Case(When(same_producer, then=0), When(same_set, then=1), default=2)
    best_first = [F("stars").desc(nulls_last=True), F("pk").desc()]
    nearby = (
        Product.objects.for_listing()
        .exclude(pk=product.pk)
        .filter(same_producer | same_set | same_province)
        .annotate(group=group, rank=Window(RowNumber(), partition_by=[group], order_by=best_first))
        .filter(rank__lte=limit)
        .order_by("group", "rank")
    )
    groups: dict[int, list] = {0: [], 1: [], 2: []}
    for item in nearby:
        groups[item.group].append(item)
    return Neighbours(from_producer=groups[0], similar=(groups[1] + groups[2])[:limit])
