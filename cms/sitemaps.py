"""The site's sitemap: the shop's and the catalogue's sections, and Wagtail's pages."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from catalog.sitemaps import (
    CategorySitemap,
    ProductSitemap,
    ProvinceSitemap,
    PublicSitemap,
    with_language_versions,
)
from shop.displays.sitemaps import DisplayPointSitemap
from shop.partner.sitemaps import StallSitemap
from shop.sitemaps import StorefrontSitemap


class PageSitemap(PublicSitemap, WagtailSitemap):
    """Wagtail's live, public pages (home, fairs, stories and news) on SITE_URL.

    Wagtail would address them from its Site row (the host the admin was set up on, `localhost`
    after migrate), so the location is the page's path and the origin SITE_URL's."""

    def location(self, page: Any) -> str:
        parts = page.get_url_parts(self.request)
        return parts[2] if parts else page.url_path

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        # Django's: one address per page from location(), on SITE_URL's origin, with its languages.
        return with_language_versions(DjangoSitemap._urls(self, page, protocol, domain))


# The sections of /sitemap.xml, each its own /sitemap-<section>.xml (paged by 50,000 addresses).
SITEMAPS: dict[str, Any] = {
    "pages": PageSitemap,
    "storefront": StorefrontSitemap,
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "provinces": ProvinceSitemap,
    "stalls": StallSitemap,
    "display-points": DisplayPointSitemap,
}
