"""The guest checkout steps in the browser, from the basket to the placed order."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

Step = Callable[[Page], None]


def checkout_from_basket(
    page: Page,
    *,
    payment: str = "cash-on-delivery",
    shipping: str = "standard",
    on_address: Step | None = None,
    on_preview: Step | None = None,
) -> None:
    """Email, Vietnamese address, `shipping` method, `payment` method, then place the order.

    `on_address` and `on_preview` look at the address form and the preview before they are sent."""
    page.goto("/checkout/")
    page.locator("input[name=username]").fill("lan@example.vn")
    page.locator("input[name=options][value=anonymous]").check()
    page.locator("form:has(input[name=username]) [type=submit]").first.click()

    page.wait_for_url("**/checkout/shipping-address/")
    if on_address:
        on_address(page)
    page.fill("input[name=full_name]", "Nguyễn Thị Lan")
    page.fill("input[name=phone_number]", "0912345678")
    page.select_option("select[name=state]", "Hà Nội")
    page.fill("input[name=line4]", "Phường Hoàn Kiếm")
    page.fill("input[name=line1]", "Số 12 Hàng Bạc")
    page.locator("form:has(input[name=line1]) [type=submit]").first.click()

    page.wait_for_url("**/checkout/shipping-method/")
    page.locator(f"form:has(input[name=method_code][value={shipping}]) [type=submit]").click()
    page.wait_for_url("**/checkout/payment-details/")
    page.locator(f"input[name=method][value={payment}]").check()
    page.locator("form[action$='/checkout/preview/'] [type=submit]").click()
    page.wait_for_url("**/checkout/preview/")
    if on_preview:
        on_preview(page)
    page.locator("form:has(input[name=action][value=place_order]) [type=submit]").click()
