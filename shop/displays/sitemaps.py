"""Sitemap section of the display points' pages."""

from __future__ import annotations

from django.db.models import QuerySet

from catalog.sitemaps import PublicSitemap

from .models import DisplayPoint


class DisplayPointSitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet:
        return DisplayPoint.objects.only("id", "slug").order_by("pk")
