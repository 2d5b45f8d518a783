"""Site navigation shared by every page: the six OCOP sectors."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")

NAV_KEY = "catalog:nav-sectors"
NAV_SECONDS = 60 * 60


class NavSector(NamedTuple):
    url: str
    name: str


def nav_sectors() -> list[NavSector]:
    """The public top-level categories in tree order, kept in the cache per language (every page
    shows them); a category's save or delete drops them (nav_sectors_changed)."""
    key = f"{NAV_KEY}:{get_language()}"
    sectors = cache.get(key)
    if sectors is None:
        roots = Category.get_root_nodes().filter(is_public=True)
        sectors = [NavSector(sector.get_absolute_url(), sector.display_name) for sector in roots]
        cache.set(key, sectors, NAV_SECONDS)
    return sectors


def nav_sectors_changed(**kwargs: Any) -> None:
    cache.delete_many([f"{NAV_KEY}:{code}" for code, _name in settings.LANGUAGES])


def receivers_connect() -> None:
    """Called from CatalogConfig.ready."""
    post_save.connect(nav_sectors_changed, sender=Category, dispatch_uid="catalog-nav-sectors-save")
    post_delete.connect(nav_sectors_changed, sender=Category, dispatch_uid="catalog-nav-sectors-delete")


def navigation(request: HttpRequest) -> dict:
    # Lazy: pages that do not render the menu (JSON, redirects) read nothing.
    return {"nav_sectors": SimpleLazyObject(nav_sectors)}
