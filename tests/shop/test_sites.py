"""The sites framework's Site follows SITE_URL after every migrate: no example.com in any email."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sites.models import Site
from django.db.models.signals import post_migrate

pytestmark = pytest.mark.django_db


def migrated() -> None:
    """What `migrate` sends once it has run (the sites framework's receiver, then ours)."""
    sites = apps.get_app_config("sites")
    post_migrate.send(
        sender=sites, app_config=sites, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )


def test_the_migrated_site_is_site_url_and_the_shop_name():
    assert list(Site.objects.values_list("pk", "domain", "name")) == [
        (settings.SITE_ID, urlsplit(settings.SITE_URL).netloc, "Chợ OCOP")
    ]


def test_migrate_moves_the_site_to_a_new_site_url(settings):
    settings.SITE_URL = "https://cho-ocop.vn"
    Site.objects.get_current()  # cached: the move must reach cached copies too

    migrated()

    assert Site.objects.get_current().domain == "cho-ocop.vn"
    assert not Site.objects.filter(domain="example.com").exists()


def test_migrate_replaces_the_sites_framework_default(settings):
    Site.objects.all().delete()
    settings.SITE_URL = "http://127.0.0.1:8000"

    migrated()  # the sites framework creates example.com, then ours turns it into SITE_URL

    assert list(Site.objects.values_list("domain", "name")) == [("127.0.0.1:8000", "Chợ OCOP")]
