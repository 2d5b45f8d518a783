"""Sharing a product from a phone: the phone's own share sheet (Web Share API) and copy link."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.db import connections
from playwright.sync_api import expect

from tests.factories import sellable_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Headless Chromium on Linux has no share sheet: this stands in for the phone's, recording what
# the page asked it to share (the one browser piece this test cannot run for real).
SHARE_SHEET = "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"


def test_a_phone_shares_a_product_through_its_share_sheet_or_copies_its_link(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    product = sellable_product(title="Nước mắm Cửa Khe")
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.add_init_script(SHARE_SHEET)
    page = context.new_page()
    page.goto(product.get_absolute_url())
    url = f"{live_server.url}{product.get_absolute_url()}"
    share = page.locator("[data-share]")

    share.locator("[data-action=share-native]").click()
    assert page.evaluate("window.sharedData") == {"title": "Nước mắm Cửa Khe", "url": url}

    share.locator("[data-action=share-copy]").click()
    expect(share.locator("[data-share-status]")).to_have_text(re.compile(r"\S"))  # "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == url
    # Zalo and Facebook are plain links to the same address.
    zalo = share.get_by_role("link", name="Zalo")
    assert zalo.get_attribute("href") == "https://zalo.me/share?" + urlencode({"url": url})
    context.close()
    connections.close_all()  # Playwright's greenlet had its own connection (see conftest.py)
