"""Reads of the catalogue: product cards, provinces with counts, a product's neighbourhood."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from oscar.core.loading import get_model

from .querysets import PRODUCER_APPROVED

Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")


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
