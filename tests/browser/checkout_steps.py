"""The guest checkout steps in the browser, from the basket to the placed order."""

from __future__ import annotations

from playwright.sync_api import Page


def checkout_from_basket(
    page: Page, *, payment: str = "cash-on-delivery", shipping: str = "standard"
) -> None:
    """Email, Vietnamese address, `shipping` method, `payment` method, then place the order."""
    page.goto("/checkout/")
    page.locator("input[name=username]").fill("lan@example.vn")
    page.locator("input[name=options][value=anonymous]").check()
    page.locator("form:has(input[name=username]) [type=submit]").first.click()

    page.wait_for_url("**/checkout/shipping-address/")
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
    page.locator("form:has(input[name=action][value=place_order]) [type=submit]").click()
