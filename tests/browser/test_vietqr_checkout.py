"""A guest pays a two-producer order by VietQR bank transfer: basket → "Chuyển khoản VietQR" →
the transfer page with its QR code and copyable details → the thank-you page, awaiting the
transfer, then paid once the transfer is recorded. On a phone, the code and details of an awaited
transfer fit the screen."""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from playwright.sync_api import expect

from shop.customer.order_links import order_status_path
from shop.payment.services import order_payment_create
from shop.shipping.methods import Standard
from tests.browser.test_card_and_cash_checkout import ORDER_TOTAL, checkout_as_guest, text
from tests.browser.test_order_status_phone import PHONE
from tests.conftest import VIETQR_TEST_TOKEN
from tests.shop.fulfilment_helpers import place_order
from tests.shop.payment_helpers import two_producer_goods

if TYPE_CHECKING:
    from playwright.sync_api import Page

Order = get_model("order", "Order")
OrderPayment = get_model("payment", "OrderPayment")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def goods() -> dict[str, Any]:
    return two_producer_goods()


def in_vietnamese(message: str) -> str:
    """What the page shows for a msgid (compiled catalogues may lag behind translations-vi.tsv)."""
    with translation.override("vi"):
        return translation.gettext(message)


def transfer_recorded(live_server_url: str, order: Any) -> None:
    """The bank reports the buyer's transfer of the order total with the order's note: one
    notification, with the shared key, POSTed to the live server as the notification service does."""
    body = {
        "id": 92704,
        "gateway": "VietinBank",
        "transactionDate": "2026-11-30 09:15:02",
        "accountNumber": "0011001932418",
        "content": f"MBVCB.3278907687.OCOP{order.number}.CT tu 0123456789",
        "transferType": "in",
        "transferAmount": int(order.total_incl_tax),
        "referenceCode": "MBVCB.3278907687",
    }
    request = urllib.request.Request(
        live_server_url + reverse("checkout:bank-transfer-notify"),
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Apikey {VIETQR_TEST_TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert (response.status, json.load(response)) == (200, {"success": True, "outcome": "recorded"})


def assert_thank_you(page: Page, order: Any, status: str, label: str) -> None:
    page.wait_for_url("**/checkout/thank-you/")
    assert order.number in text(page)
    assert page.locator("#payment-status [data-status]").get_attribute("data-status") == status
    assert label in text(page, "#payment-status")
    assert ORDER_TOTAL in text(page, "#payment-status")


def test_guest_pays_a_two_producer_order_by_vietqr_transfer(page, live_server, goods, vietqr_settings):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    checkout_as_guest(page, goods, payment="bank-transfer")

    page.wait_for_url("**/checkout/transfer/")
    order = Order.objects.get()
    note = f"OCOP{order.number}"
    assert page.locator("#vietqr-code svg").is_visible()
    assert text(page, "#amount-due") == ORDER_TOTAL
    assert text(page, "#vietqr-amount") == ORDER_TOTAL
    assert text(page, "#vietqr-bank").startswith("VietinBank")
    assert text(page, "#vietqr-account") == "0011001932418"
    assert text(page, "#vietqr-name") == "HTX CHO OCOP"
    assert text(page, "#vietqr-note") == note
    assert (order.payment.method, order.payment.status) == ("bank-transfer", "awaiting-transfer")

    copy_note = page.locator(f"#vietqr button[data-copy='{note}']")
    copy_note.click()
    expect(copy_note).to_have_text(copy_note.get_attribute("data-copied"))  # once the clipboard took it
    assert page.evaluate("navigator.clipboard.readText()") == note

    page.locator("#transfer-done").click()
    assert_thank_you(page, order, "awaiting-transfer", in_vietnamese("Awaiting bank transfer"))

    transfer_recorded(live_server.url, order)
    page.reload()

    assert_thank_you(page, order, "paid", "Đã thanh toán")
    payment = OrderPayment.objects.get(order=order)
    assert (payment.status, payment.amount_received) == ("paid", Decimal(345_000))


def test_a_phone_shows_the_code_and_details_of_an_awaited_transfer_without_sideways_scrolling(
    browser, live_server, goods, vietqr_settings
):
    # The longest account a VietQR carries, and a long holder's name.
    vietqr_settings.VIETQR_ACCOUNT_NO = "9" * 19
    vietqr_settings.VIETQR_ACCOUNT_NAME = "HOP TAC XA NONG SAN SACH CHO OCOP VIET NAM"
    order = place_order((goods["honey"], 1), shipping_method=Standard(), guest_email="lan@example.vn")
    order_payment_create(order=order, method="bank-transfer")
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()

    page.goto(order_status_path(order))  # the link of the confirmation email, as a guest

    code = page.locator("#vietqr-code svg").bounding_box()
    assert code is not None and 200 <= code["width"] <= PHONE["width"]
    assert text(page, "#vietqr-account") == "9" * 19
    assert page.locator("#vietqr button[data-copy]").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    connections.close_all()  # Playwright's greenlet had its own connection (see conftest.py)
