"""Absolute addresses on the public site (SITE_URL): sitemaps, JSON-LD, share cards leave the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """The public origin, e.g. `https://cho-ocop.vn`, without a trailing slash."""
    origin = getattr(settings, "SITE_URL", None) or settings.WAGTAILADMIN_BASE_URL
    return origin.rstrip("/")


def site_scheme() -> str:
    return urlsplit(site_url()).scheme or "https"


def site_netloc() -> str:
    """Host and port of the public origin (`cho-ocop.vn`, `127.0.0.1:8000`)."""
    return urlsplit(site_url()).netloc


def absolute_url(path: str) -> str:
    """`/hoi-cho/` → `https://cho-ocop.vn/hoi-cho/`; an absolute address is returned as it is."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")
