"""A guest buys from two producers by card or cash on delivery; each producer then sees its part.

The browser cannot reach Stripe: this sandbox and CI have no internet (and the test blocks
js.stripe.com, so it runs the same where there is), so Stripe.js never loads from
https://js.stripe.com/v3/ and the card page shows its load-error message instead of the Payment
Element. The PaymentIntent itself is real: the server creates it on stripe-mock when the order is
placed. The card test then does what Stripe does once a customer has paid: it POSTs the
signed `payment_intent.succeeded` webhook to the live server and sends the browser to the return
URL with `payment_intent=<id>&redirect_status=succeeded`.
"""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.core.loading import get_model

from shop.groups import PRODUCERS, staff_groups_ensure
from tests.browser.checkout_steps import checkout_from_basket
from tests.shop.payment_helpers import HONEY, RICE, intent_object, two_producer_goods
from tests.shop.stripe_helpers import signed_event

if TYPE_CHECKING:
    from playwright.sync_api import Page

Order = get_model("order", "Order")
OrderPayment = get_model("payment", "OrderPayment")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-123456789"
# 1 × 125.000 ₫ of honey + 2 × 80.000 ₫ of rice + standard delivery of two parcels (2 × 30.000 ₫).
ORDER_TOTAL = "345.000 ₫"
HONEY_SUBTOTAL = "125.000 ₫"
RICE_SUBTOTAL = "160.000 ₫"


@pytest.fixture
def goods() -> dict[str, Any]:
    return two_producer_goods()


def text(page: Page, selector: str = "main") -> str:
    """Visible text, with the currency format's non-breaking spaces made plain."""
    return page.locator(selector).inner_text().replace("\xa0", " ")


def add_to_basket(page: Page, product, quantity: int) -> None:
    page.goto(product.get_absolute_url())
    page.locator("form.buy-box__form input[name=quantity]").fill(str(quantity))
    page.locator("form.buy-box__form [type=submit]").click()
    page.wait_for_load_state()


def checkout_as_guest(page: Page, goods: dict[str, Any], *, payment: str) -> None:
    """Basket of 1 honey and 2 rice, then email, address, standard delivery, `payment`, place order."""
    add_to_basket(page, goods["honey"], 1)
    add_to_basket(page, goods["rice"], 2)
    checkout_from_basket(page, payment=payment)


def stripe_delivers(
    live_server_url: str, event_type: str, obj: dict[str, Any], *, event_id: str
) -> dict[str, str]:
    """POST one signed webhook event to the live server, from outside the browser, as Stripe
    does; the endpoint's answer."""
    body, signature = signed_event(event_type, obj, event_id=event_id)
    request = urllib.request.Request(
        f"{live_server_url}/checkout/stripe/webhook/",
        data=body.encode(),
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.load(response)


def assert_thank_you(page: Page, order, status: str, label: str) -> None:
    page.wait_for_url("**/checkout/thank-you/")
    assert order.number in text(page)
    assert page.locator("#payment-status [data-status]").get_attribute("data-status") == status
    assert label in text(page, "#payment-status")
    assert ORDER_TOTAL in text(page, "#payment-status")


def producer(username: str, partner) -> Any:
    staff_groups_ensure()
    user = get_user_model().objects.create_user(username, f"{username}@cho-ocop.local", PASSWORD)
    user.groups.add(Group.objects.get(name=PRODUCERS))
    partner.users.add(user)
    return user


def dashboard_order_as(page: Page, user, order) -> tuple[str, str]:
    """Sign in with the login form (a fresh session), open the order's dashboard page: the subtotal
    shown and the page's whole HTML (hidden tabs included), spaces made plain."""
    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next=/dashboard/orders/{order.number}/")
    page.fill("input[name=login-username]", user.email)
    page.fill("input[name=login-password]", PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.wait_for_url(f"**/dashboard/orders/{order.number}/")
    html = page.content().replace("&nbsp;", " ").replace("\xa0", " ")
    return text(page, "#partner-subtotal"), html


def test_guest_pays_a_two_producer_order_by_card_as_stripe_confirms_it(
    page, live_server, goods, stripe_settings
):
    page.route("https://js.stripe.com/**", lambda route: route.abort("internetdisconnected"))
    checkout_as_guest(page, goods, payment="card")

    page.wait_for_url("**/checkout/card/")
    assert text(page, "#amount-due") == ORDER_TOTAL
    load_error = page.locator("#card-payment-form").get_attribute("data-load-error")
    page.wait_for_function("document.querySelector('#card-errors').textContent.length > 0")
    assert text(page, "#card-errors") == load_error
    assert page.locator("#card-submit").is_disabled()
    payment = OrderPayment.objects.get()
    assert (payment.method, payment.status) == ("card", "awaiting")
    assert payment.payment_intent_id.startswith("pi_")

    answer = stripe_delivers(
        live_server.url,
        "payment_intent.succeeded",
        intent_object(payment.payment_intent_id),
        event_id="evt_browser_paid",
    )
    page.goto(f"/checkout/card/return/?payment_intent={payment.payment_intent_id}&redirect_status=succeeded")

    assert answer == {"outcome": "paid"}
    assert_thank_you(page, payment.order, "paid", "Đã thanh toán")
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_guest_pays_a_two_producer_order_cash_on_delivery(page, goods, stripe_settings):
    checkout_as_guest(page, goods, payment="cash-on-delivery")
    page.wait_for_url("**/checkout/thank-you/")

    order = Order.objects.get()
    assert_thank_you(page, order, "to-collect", "Thu tiền khi giao hàng")
    assert (order.payment.method, order.payment.status) == ("cash-on-delivery", "to-collect")
    assert {line.title: line.quantity for line in order.lines.all()} == {HONEY: 1, RICE: 2}


def test_each_producer_sees_only_its_lines_and_subtotal_of_a_browser_order(page, goods):
    checkout_as_guest(page, goods, payment="cash-on-delivery")
    page.wait_for_url("**/checkout/thank-you/")
    order = Order.objects.get()
    honey_producer = producer("honey-producer", goods["honey_farm"])
    rice_producer = producer("rice-producer", goods["rice_farm"])

    honey_subtotal, honey_view = dashboard_order_as(page, honey_producer, order)
    rice_subtotal, rice_view = dashboard_order_as(page, rice_producer, order)

    assert (honey_subtotal, rice_subtotal) == (HONEY_SUBTOTAL, RICE_SUBTOTAL)
    assert HONEY in honey_view and RICE not in honey_view
    assert RICE in rice_view and HONEY not in rice_view
    assert ORDER_TOTAL not in honey_view and ORDER_TOTAL not in rice_view
