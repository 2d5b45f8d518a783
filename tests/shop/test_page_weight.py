"""What a phone downloads: compressed pages and static files, no jQuery/Bootstrap on our own pages."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import category, sellable_product

pytestmark = pytest.mark.django_db

OSCAR_SCRIPTS = ("jquery.min.js", "bootstrap.bundle.min.js", "oscar/ui.js")


def test_pages_and_static_files_are_sent_compressed_to_browsers_that_accept_it(settings):
    settings.WHITENOISE_USE_FINDERS = True  # static files straight from the apps, as under `make run` (DEBUG)
    client = Client()
    page = client.get(reverse("catalogue:index"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert page["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(page.content)

    css = client.get("/static/oscar/css/styles.css", HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(css.streaming_content) if css.streaming else css.content
    assert css["Content-Encoding"] == "gzip"
    assert len(body) < 60_000 < len(gzip.decompress(body))  # Bootstrap: 283 KB as sent before

    plain = client.get(reverse("catalogue:index"))
    assert "Content-Encoding" not in plain and b"<html" in plain.content


def test_storefront_pages_load_only_our_scripts_and_oscars_own_pages_keep_theirs(client):
    product = sellable_product()
    storefront = [
        reverse("catalogue:index"),
        category("I").get_absolute_url(),
        product.get_absolute_url(),
        product.producer.get_absolute_url(),
        product.province.get_absolute_url(),
    ]
    for url in storefront:
        html = client.get(url).content.decode()
        assert not [script for script in OSCAR_SCRIPTS if script in html], url
        assert "js/ocop.js" in html
    basket = client.get(reverse("basket:summary")).content.decode()
    assert all(script in basket for script in OSCAR_SCRIPTS)
