"""Absolute addresses on the public site (SITE_URL): sitemaps, JSON-LD, share cards leave the site."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


# A page's English version is its address with ?lang=en (shop.middleware reads it for that request):
# the language is otherwise a cookie, and search engines send none, so this names each version.
LANGUAGE_PARAMETER = "lang"


def without_language(url: str) -> str:
    """The address with any `lang` parameter removed: the default (Vietnamese) version."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(name, value) for name, value in pairs if name != LANGUAGE_PARAMETER]
    return urlunsplit(parts._replace(query=urlencode(query)))


def in_language(url: str, language: str) -> str:
    """The address of this page in `language` (the default language needs no parameter)."""
    base = without_language(url)
    if language == settings.LANGUAGE_CODE:
        return base
    parts = urlsplit(base)
    query = "&".join(part for part in (parts.query, urlencode({LANGUAGE_PARAMETER: language})) if part)
    return urlunsplit(parts._replace(query=query))


def language_alternates(url: str) -> list[tuple[str, str]]:
    """(hreflang, address) of every language version of a page, and x-default (Vietnamese)."""
    versions = [(code, in_language(url, code)) for code, _name in settings.LANGUAGES]
    return [*versions, ("x-default", without_language(url))]
