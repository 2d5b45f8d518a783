"""URLs the page tree cannot route, included by the project before Wagtail's catch-all."""

from django.urls import path, re_path
from django.views.decorators.cache import cache_page
from wagtail.contrib.sitemaps import views as sitemap_views

from . import views
from .sitemaps import SITEMAPS

# Search engines read the sitemap often; an hour old is fresh enough for them.
SITEMAP_CACHE_SECONDS = 3600

urlpatterns = [
    re_path(r"^(?P<index_path>(?:[\w\-]+/)+)lich\.ics$", views.fairs_calendar, name="cms-fairs-calendar"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
