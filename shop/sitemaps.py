"""Sitemap section of the storefront's fixed pages, and the robots.txt that points at the sitemap."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from catalog.links import absolute_url
from catalog.sitemaps import PublicSitemap

# The back offices and a shopper's own pages (basket, checkout, account): nothing to index there.
ROBOTS_DISALLOWED = ("/dashboard/", "/cms/", "/django-admin/", "/basket/", "/checkout/", "/accounts/")


class StorefrontSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["catalogue:index", "partner:producer-list", "displays:list", "ocop-statistics:index"]

    def location(self, url_name: str) -> str:
        return reverse(url_name)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the storefront and its content, not the back offices or a basket."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED),
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
