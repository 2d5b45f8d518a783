"""The storefront on a 390×844 phone: products in the first screen, nothing moves after the first
paint, no sideways scrolling, sub-categories in one sideways row, filters in a drawer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import category, sellable_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}

# Sums the layout shifts of the page so far (as Lighthouse's CLS does, without user input).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    yield context.new_page()
    context.close()


def test_a_phone_sees_products_first_with_nothing_moving_and_filters_in_a_drawer(phone):
    food = category("I")
    products = [sellable_product(title=f"Nước mắm Cửa Khe {n}", stars=5) for n in range(4)]
    page = phone

    page.goto("/")
    first_card = page.locator(".product-card").first
    expect(first_card).to_be_visible()
    assert first_card.bounding_box()["y"] < 844, "the home page's first screen reaches the products"
    assert page.evaluate(LAYOUT_SHIFT) < 0.05
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The menu is collapsed from the first paint (no shift) and opens from its button.
    menu = page.locator("#site-nav-list")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_visible()

    # A stall and a product: their share row and logo keep their place while the page loads.
    for url in (products[0].producer.get_absolute_url(), products[0].get_absolute_url()):
        page.goto(url)
        assert page.evaluate(LAYOUT_SHIFT) < 0.05, url
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url

    page.goto(food.get_absolute_url())
    assert page.evaluate(LAYOUT_SHIFT) < 0.05
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chips = page.locator(".subcategories .chip")
    assert chips.count() > 3
    tops = {round(box["y"]) for box in (chips.nth(i).bounding_box() for i in range(chips.count()))}
    assert len(tops) == 1, "sub-categories scroll sideways in one row"

    # Filters: a drawer over the listing, closed by its × (or Escape); the grid stays behind it.
    page.locator(".filters__toggle").click()
    drawer = page.locator(".filters__form")
    expect(drawer).to_be_visible()
    box = drawer.bounding_box()
    assert box["x"] > 0 and box["height"] >= 800, "a full-height panel from the right edge"
    expect(drawer.get_by_role("button", name="Áp dụng bộ lọc")).to_be_in_viewport()
    drawer.locator("[data-filters-close]").click()
    expect(drawer).to_be_hidden()
    page.locator(".filters__toggle").click()
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(page.locator(".filters__toggle")).to_be_focused()
