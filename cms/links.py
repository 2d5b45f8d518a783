"""Absolute addresses on the public site (SITE_URL): calendars, JSON-LD and feeds leave the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page


def site_url() -> str:
    """The public origin, e.g. `https://cho-ocop.vn`, without a trailing slash."""
    origin = getattr(settings, "SITE_URL", None) or settings.WAGTAILADMIN_BASE_URL
    return origin.rstrip("/")


def site_host() -> str:
    return urlsplit(site_url()).hostname or "localhost"


def absolute_url(path: str) -> str:
    """`/hoi-cho/` → `https://cho-ocop.vn/hoi-cho/`; an absolute address is returned as it is."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")


def page_absolute_url(page: Page, subpath: str = "") -> str:
    """The page's public address (the site's root path stripped, as Wagtail serves it) + `subpath`."""
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    return absolute_url(path + subpath)
