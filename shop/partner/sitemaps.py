"""Sitemap section of the producers' stall pages (approved stalls only)."""

from __future__ import annotations

from django.db.models import QuerySet
from oscar.core.loading import get_model

from catalog.sitemaps import PublicSitemap

Partner = get_model("partner", "Partner")


class StallSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        # A stall awaiting approval, or refused, does not exist for the public (StallDetailView).
        return Partner.objects.filter(status=Partner.Status.APPROVED).only("id", "code").order_by("pk")
