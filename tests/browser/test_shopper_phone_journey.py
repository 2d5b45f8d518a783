"""A shopper on a 390×844 phone: "nuoc mam 5 sao" → the star chip → a product → the share sheet →
a basket from two producers, each parcel with its delivery fee → checkout with one full-name
field → the order status page from the confirmation email, without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connections
from oscar.core.loading import get_model
from playwright.sync_api import expect

from shop.customer.order_links import order_status_url
from tests.browser.checkout_steps import checkout_from_basket
from tests.factories import PartnerFactory, sellable_product

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
# Headless Chromium on Linux has no share sheet: this records what the page asked the phone's to share.
SHARE_SHEET = "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_phone_shopper_searches_by_stars_shares_and_buys_from_two_producers(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    cua_khe = PartnerFactory(name="HTX Nước mắm Cửa Khe")
    tan_cuong = PartnerFactory(name="HTX Chè Tân Cương")
    five_star = sellable_product(title="Nước mắm cá cơm Cửa Khe", stars=5, producer=cua_khe, price=185000)
    sellable_product(title="Nước mắm Nam Ô", stars=4, price=95000)
    tea = sellable_product(title="Chè búp Tân Cương", stars=4, producer=tan_cuong, price=150000)
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.add_init_script(SHARE_SHEET)
    page = context.new_page()

    # Search in the header's box: "5 sao" becomes a removable star filter, not words to match.
    page.goto("/")
    page.locator("#site-search-q").fill("nuoc mam 5 sao")
    page.locator("#site-search-q").press("Enter")
    chip = page.locator('[data-chip="stars"]')
    expect(chip).to_be_visible()
    cards = page.locator(".product-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Nước mắm cá cơm Cửa Khe")
    assert scroll_width(page) <= 390

    # The product, shared through the phone's share sheet.
    cards.first.get_by_role("link", name=re.compile("Nước mắm cá cơm Cửa Khe")).first.click()
    page.wait_for_url(f"**{five_star.get_absolute_url()}")
    page.locator("[data-share] [data-action=share-native]").click()
    assert page.evaluate("window.sharedData")["url"] == f"{live_server.url}{five_star.get_absolute_url()}"
    assert scroll_width(page) <= 390

    # A basket from two producers: two parcels, each with its delivery fee and what free delivery needs.
    for product in (five_star, tea):
        page.goto(product.get_absolute_url())
        with page.expect_navigation():
            page.locator("form[action*='/basket/add/'] [type=submit]").first.click()
    page.goto("/basket/")
    parcels = page.locator("#basket_formset .basket-parcel")
    expect(parcels).to_have_count(2)
    for n in range(2):
        expect(parcels.nth(n).locator(".basket-parcel__fee")).to_contain_text("₫")
        expect(parcels.nth(n).locator(".basket-parcel__free")).to_be_visible()
    assert scroll_width(page) <= 390

    # Checkout as a guest with one "Họ và tên" field, shown as written.
    def one_name_field(page) -> None:
        assert page.locator("input[name=full_name]").count() == 1
        assert page.locator("input[name=first_name], input[name=last_name]").count() == 0

    def name_as_written(page) -> None:
        expect(page.locator("body")).to_contain_text("Nguyễn Thị Lan")

    checkout_from_basket(page, on_address=one_name_field, on_preview=name_as_written)
    page.wait_for_url("**/checkout/thank-you/")

    # The confirmation email's link opens the guest's status page: no email to retype, no sideways scroll.
    order = Order.objects.get()
    link = order_status_url(order)
    confirmation = next(message for message in mail.outbox if "lan@example.vn" in message.to)
    assert link.startswith(live_server.url) and link in confirmation.body
    page.goto(link)
    expect(page.locator("#order-status")).to_be_visible()
    expect(page.locator("#order-address")).to_contain_text("Nguyễn Thị Lan")
    expect(page.locator("#order-payment")).to_be_visible()
    assert scroll_width(page) <= 390
    context.close()
    connections.close_all()  # Playwright's greenlet had its own connection (see conftest.py)
