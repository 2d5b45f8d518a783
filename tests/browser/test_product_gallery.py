"""A phone shopper on a product page: thumbnails switch the large image, and the sticky bar at
the bottom adds the product to the basket through the page's one basket form, moving nothing."""

from __future__ import annotations

import pytest
from django.db import connections
from oscar.core.loading import get_model
from oscar.test.factories import ProductImageFactory
from playwright.sync_api import expect

from tests.factories import sellable_product

BasketLine = get_model("basket", "Line")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Sums the page's layout shifts (Cumulative Layout Shift, without the session windows).
LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


def test_thumbnails_switch_the_image_and_the_phone_bar_adds_to_the_basket(browser, live_server):
    product = sellable_product(title="Mật ong bạc hà")
    for caption in ["Hũ 500 g", "Tổ ong", "Hoa bạc hà"]:
        ProductImageFactory(product=product, caption=caption)
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    page.goto(product.get_absolute_url())
    main = page.locator("[data-gallery-main]")
    thumbs = page.locator("[data-gallery-thumb]")
    expect(main).to_have_attribute("alt", "Hũ 500 g")

    thumbs.nth(1).click()

    expect(main).to_have_attribute("alt", "Tổ ong")
    assert main.get_attribute("src") == thumbs.nth(1).get_attribute("href")
    expect(thumbs.nth(1)).to_have_attribute("aria-current", "true")
    expect(thumbs.nth(0)).not_to_have_attribute("aria-current", "true")
    assert page.url.endswith(product.get_absolute_url())  # the link was not followed

    bar = page.locator("#buy-bar")
    expect(bar).to_be_visible()
    assert page.evaluate("window.layoutShift") < 0.05
    with page.expect_navigation():
        bar.get_by_role("button").click()
    assert list(BasketLine.objects.values_list("product__title", "quantity")) == [("Mật ong bạc hà", 1)]
    context.close()
    connections.close_all()  # Playwright's greenlet had its own connection (see conftest.py)
