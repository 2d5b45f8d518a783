"""Sitemap sections of the catalogue: products, categories and provinces, addressed from SITE_URL.

Each address lists its language versions (hreflang vi, en and x-default): the Vietnamese page is the
bare address, the English one the same with ?lang=en (catalog.links.language_alternates)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse
from oscar.core.loading import get_model

from .links import language_alternates, site_netloc, site_scheme

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Province = get_model("catalogue", "Province")


class PublicSitemap(Sitemap):
    """Every address on SITE_URL's scheme and host, whatever host the sitemap was asked on."""

    @property
    def protocol(self) -> str:  # read by Django's index view for the sections' addresses
        return site_scheme()

    def get_protocol(self, protocol: str | None = None) -> str:
        return site_scheme()

    def get_domain(self, site: Any = None) -> str:
        return site_netloc()

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        return with_language_versions(super()._urls(page, protocol, domain))


def with_language_versions(urls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Django's sitemap entries with their hreflang alternates (rendered by its sitemap.xml)."""
    for url in urls:
        versions = language_alternates(url["location"])
        url["alternates"] = [{"lang_code": code, "location": href} for code, href in versions]
    return urls


class ProductSitemap(PublicSitemap):
    """Every browsable product (public, of an open stall), oldest first so pages stay stable."""

    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Product.objects.browsable().only("id", "slug", "date_updated").order_by("pk")

    def lastmod(self, product: Any) -> datetime.datetime | None:
        return product.date_updated

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # One aggregate instead of Django's default of reading every product.
        return self.items().aggregate(latest=Max("date_updated"))["latest"]


class CategorySitemap(PublicSitemap):
    """The OCOP sectors and product sets shown to shoppers."""

    changefreq = "weekly"

    def items(self) -> list[Any]:
        # Category URLs hold the slugs of every ancestor: build them from the rows read in tree
        # order (parents first) instead of one look-up per ancestor.
        full_slugs: dict[str, str] = {}
        categories = list(Category.objects.browsable().order_by("path"))
        for category in categories:
            parent_slug = full_slugs.get(category.path[: -category.steplen])
            full_slugs[category.path] = category.get_full_slug(parent_slug=parent_slug)
            category.sitemap_location = reverse(
                "catalogue:category",
                kwargs={"category_slug": full_slugs[category.path], "pk": category.pk},
            )
        return categories

    def location(self, category: Any) -> str:
        return category.sitemap_location


class ProvinceSitemap(PublicSitemap):
    """The 34 provinces' pages: their products, producers and display points."""

    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Province.objects.only("id", "slug").order_by("code")
