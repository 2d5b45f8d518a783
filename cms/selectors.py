"""Reads for the content pages: what the home page and the fair index list."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors

Category = get_model("catalogue", "Category")
Province = get_model("catalogue", "Province")


def fairs_split(*, today: datetime.date) -> tuple[list, list]:
    """Live fairs that have not ended (soonest first) and past ones (latest first)."""
    from .models import FairPage

    fairs = FairPage.objects.live().select_related("province")
    current = Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    upcoming = list(fairs.filter(current).order_by("start_date"))
    past = list(fairs.exclude(current).order_by("-start_date"))
    return upcoming, past


def home_sections(*, page) -> dict[str, Any]:
    """Featured products (curated, else the newest 5★), sectors, provinces and upcoming fairs."""
    from django.utils import timezone

    curated = [row.product_id for row in page.featured.all()]
    featured = (
        catalog_selectors.product_list_for_cards(ids=curated)
        if curated
        else (catalog_selectors.product_list_for_cards(stars=5, limit=8))
    )
    upcoming, _past = fairs_split(today=timezone.localdate())
    return {
        "featured_products": featured,
        "sectors": list(Category.get_root_nodes().filter(is_public=True)),
        "provinces": catalog_selectors.province_list_with_counts(),
        "upcoming_fairs": upcoming[:4],
    }
