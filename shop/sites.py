"""The sites framework's Site follows SITE_URL, so Oscar's emails never say example.com."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import router


def site_sync_from_settings(*, using: str = "default") -> Site | None:
    """Set Site(SITE_ID) to SITE_URL's host (and port) and the shop's name; create it if missing.

    Oscar builds the links in its emails from `site.domain` (with OSCAR_URL_SCHEMA, SITE_URL's
    scheme) and signs them "The {{ site.name }} team". Runs after every `migrate`, right after
    the sites framework created its default `example.com`.
    """
    if not router.allow_migrate_model(using, Site):
        return None
    domain = urlsplit(settings.SITE_URL).netloc
    site, _created = Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.OSCAR_SHOP_NAME}
    )
    Site.objects.clear_cache()
    return site
