"""Each page's language versions for search engines: the Vietnamese page is its bare address, the
English one the same address with ?lang=en; pages name both (hreflang) and so does the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from shop.sites import site_sync_from_settings
from tests.factories import sellable_product
from tests.page_meta import page_meta

pytestmark = pytest.mark.django_db

SITE = "https://cho-ocop.vn"


@pytest.fixture
def product(settings):
    settings.SITE_URL = SITE
    site_sync_from_settings()
    return sellable_product(title="Mật ong hoa nhãn")


def test_a_page_names_its_vietnamese_and_english_versions(client, product):
    url = f"{SITE}{product.get_absolute_url()}"
    meta = page_meta(client.get(product.get_absolute_url()))
    assert meta.links["canonical"] == [url]
    assert meta.hreflang == {"vi": url, "en": f"{url}?lang=en", "x-default": url}


def test_the_english_version_is_english_for_that_request_only_with_its_own_canonical_address(client, product):
    url = f"{SITE}{product.get_absolute_url()}"
    english = client.get(product.get_absolute_url(), {"lang": "en", "utm_source": "zalo"})
    assert '<html lang="en"' in english.content.decode()
    meta = page_meta(english)
    assert meta.links["canonical"] == [f"{url}?lang=en"]
    assert meta.hreflang == {"vi": url, "en": f"{url}?lang=en", "x-default": url}
    assert "django_language" not in english.cookies  # the visitor's own choice is unchanged

    assert '<html lang="vi"' in client.get(product.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert '<html lang="vi"' in client.get(product.get_absolute_url(), {"lang": "vi"}).content.decode()


@pytest.mark.parametrize("asked", ["xx", "", "EN", "en-us"])
def test_an_unknown_language_in_the_address_is_ignored(client, product, asked):
    response = client.get(product.get_absolute_url(), {"lang": asked})
    assert '<html lang="vi"' in response.content.decode()
    assert page_meta(response).links["canonical"] == [f"{SITE}{product.get_absolute_url()}"]


def test_a_listing_page_keeps_its_page_number_in_each_version(client, product, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 1
    sellable_product(title="Chè Shan tuyết")
    meta = page_meta(client.get("/catalogue/", {"page": "2", "sort": "price-asc"}))
    assert meta.hreflang == {
        "vi": f"{SITE}/catalogue/?page=2",
        "en": f"{SITE}/catalogue/?page=2&lang=en",
        "x-default": f"{SITE}/catalogue/?page=2",
    }


def test_the_sitemap_lists_each_address_with_its_language_versions(client, product):
    root = ET.fromstring(client.get("/sitemap-products.xml").content)
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    url = f"{SITE}{product.get_absolute_url()}"
    (entry,) = [e for e in root.iterfind("sm:url", ns) if e.findtext("sm:loc", namespaces=ns) == url]
    versions = {link.get("hreflang"): link.get("href") for link in entry.iterfind("xhtml:link", ns)}
    assert versions == {"vi": url, "en": f"{url}?lang=en", "x-default": url}
    pages = ET.fromstring(client.get("/sitemap-pages.xml").content)
    home = pages.find("sm:url", ns)
    assert {link.get("hreflang") for link in home.iterfind("xhtml:link", ns)} == {"vi", "en", "x-default"}
