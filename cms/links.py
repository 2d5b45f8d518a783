"""Absolute addresses on the public site (SITE_URL): calendars, JSON-LD and feeds leave the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Page

from catalog.links import absolute_url, site_url

__all__ = ["absolute_url", "page_absolute_url", "site_host", "site_url"]


def site_host() -> str:
    return urlsplit(site_url()).hostname or "localhost"


def page_absolute_url(page: Page, subpath: str = "") -> str:
    """The page's public address (the site's root path stripped, as Wagtail serves it) + `subpath`."""
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    return absolute_url(path + subpath)
