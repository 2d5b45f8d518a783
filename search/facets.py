"""Facet vocabularies: the values each facet can take and their labels, cached per language.

Provinces and the OCOP category tree change rarely; every list page needs them, so they are
read once and kept in Django's cache until a province or category is saved or deleted (the
receivers below clear them). With CACHE_URL (Redis) that cache is shared by every app server, so
the next request to any of them reads the change; CACHE_SECONDS bounds writes without signals."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")
Category = get_model("catalogue", "Category")

CACHE_SECONDS = 300
Choices = dict[str, list[tuple[str, str, int]]]

# Price bands in whole đồng: (value, lowest included, highest excluded or None).
PRICE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-100000", 0, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-1000000", 500_000, 1_000_000),
    ("1000000-", 1_000_000, None),
]


def price_band_label(low: int, high: int | None) -> str:
    from oscar.templatetags.currency_filters import currency

    if low == 0:
        return _("Under %(high)s") % {"high": currency(high)}
    if high is None:
        return _("%(low)s and more") % {"low": currency(low)}
    return _("%(low)s – %(high)s") % {"low": currency(low), "high": currency(high)}


def _cache_keys() -> list[str]:
    return ["search:category-paths"] + [f"search:facet-choices:{code}" for code, _name in settings.LANGUAGES]


def facet_choices() -> Choices:
    """Every facet's (value, label, depth) in display order."""
    key = f"search:facet-choices:{get_language() or settings.LANGUAGE_CODE}"
    choices = cache.get(key)
    if choices is None:
        categories = Category.objects.filter(is_public=True).order_by("path")
        choices = {
            "stars": [(str(n), _("%(stars)s stars") % {"stars": n}, 1) for n in (5, 4, 3)],
            "province": [(p.code, p.name, 1) for p in Province.objects.order_by("sort_key")],
            "category": [(c.slug, c.display_name, c.depth) for c in categories],
            "producer_type": [(value, str(label), 1) for value, label in Partner.Kind.choices],
            "price": [(value, price_band_label(low, high), 1) for value, low, high in PRICE_BANDS],
            "status": [(value, str(label), 1) for value, label in Product.CertificateStatus.choices],
        }
        cache.set(key, choices, CACHE_SECONDS)
    return choices


def category_paths() -> dict[str, str]:
    """Tree path of every category by slug (a sector's path prefixes its product sets')."""
    paths = cache.get("search:category-paths")
    if paths is None:
        paths = dict(Category.objects.values_list("slug", "path"))
        cache.set("search:category-paths", paths, CACHE_SECONDS)
    return paths


def facet_vocabulary_clear() -> None:
    cache.delete_many(_cache_keys())


def facet_vocabulary_changed(**kwargs) -> None:
    """Clear now, and again after the transaction commits: a request that read the old rows in
    between (on this server or another) must not keep them cached."""
    facet_vocabulary_clear()
    transaction.on_commit(facet_vocabulary_clear)


def receivers_connect() -> None:
    """Called from SearchConfig.ready (search.receivers.connect)."""
    for model in (Province, Category):
        post_save.connect(
            facet_vocabulary_changed, sender=model, dispatch_uid=f"facets-{model.__name__}-save"
        )
        post_delete.connect(
            facet_vocabulary_changed, sender=model, dispatch_uid=f"facets-{model.__name__}-del"
        )
