"""VietQR bank transfer checkout, the buyer's side: the method offered when the account is
configured, the order placed with its stock held and its emails waiting, the transfer page (this
browser's order only) with the QR code and copyable details, and "pay cash on delivery instead"."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from shop.customer.order_links import order_status_path
from shop.payment.references import transfer_reference
from shop.payment.vietqr import vietqr_payload, vietqr_png
from tests.conftest import VIETQR_TEST_ACCOUNT
from tests.factories import sellable_product
from tests.shop.payment_helpers import (
    ORDER_TOTAL,
    fill_basket,
    stock,
    transfer_checkout,
)
from tests.shop.test_checkout import ADDRESS, add_to_basket, checkout_as_guest, guest_to_payment_step
from tests.shop.test_content_security_policy import inline_problems

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderPayment = get_model("payment", "OrderPayment")
PaymentEvent = get_model("order", "PaymentEvent")

pytestmark = pytest.mark.django_db

TRANSFER_PAGE = "/checkout/transfer/"


def expected_payload(order, amount: int = ORDER_TOTAL) -> str:
    return vietqr_payload(
        bank_bin=VIETQR_TEST_ACCOUNT["bin"],
        account_no=VIETQR_TEST_ACCOUNT["account_no"],
        amount=amount,
        note=transfer_reference(order.number),
    )


def page_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def in_vietnamese(message: str) -> str:
    """What the page shows for a msgid (compiled catalogues may lag behind translations-vi.tsv)."""
    with translation.override("vi"):
        return translation.gettext(message)


def copy_values(page: BeautifulSoup) -> list[str]:
    return [button["data-copy"] for button in page.select("#vietqr button[data-copy]")]


def test_the_transfer_page_has_its_url_name():
    assert reverse("checkout:transfer-payment") == TRANSFER_PAGE


@pytest.mark.parametrize(
    ("vietqr_on", "card_on", "choices"),
    [
        (False, False, ["cash-on-delivery"]),
        (False, True, ["cash-on-delivery", "card"]),
        (True, False, ["cash-on-delivery", "bank-transfer"]),
        (True, True, ["cash-on-delivery", "bank-transfer", "card"]),
    ],
)
def test_payment_step_offers_vietqr_and_card_only_when_configured(
    client, goods, vietqr_settings, vietqr_on, card_on, choices
):
    vietqr_settings.VIETQR_ENABLED, vietqr_settings.STRIPE_ENABLED = vietqr_on, card_on
    fill_basket(client, goods)
    guest_to_payment_step(client)

    response = client.get(reverse("checkout:payment-details"))

    assert [value for value, _label in response.context["payment_form"].fields["method"].choices] == choices


def test_choosing_vietqr_when_it_is_off_is_refused_with_a_message(client, goods, cash_only):
    fill_basket(client, goods)

    response = checkout_as_guest(client, payment="bank-transfer")

    assert response.status_code == 200
    assert response.context["payment_form"].errors["method"] == [
        in_vietnamese("This payment method is not available; choose another.")
    ]
    assert Order.objects.count() == 0


def test_transfer_order_is_placed_awaiting_transfer_with_stock_held_and_no_email_yet(
    client, goods, vietqr_settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = transfer_checkout(client, goods)

    assert response.status_code == 302
    assert response["Location"] == TRANSFER_PAGE
    order = Order.objects.get()
    payment = order.payment
    assert (payment.method, payment.status, payment.amount, payment.amount_received) == (
        "bank-transfer",
        "awaiting-transfer",
        Decimal(ORDER_TOTAL),
        Decimal(0),
    )
    assert payment.payment_intent_id is None
    source = order.sources.get()
    assert (source.source_type.code, source.amount_allocated, source.amount_debited) == (
        "bank-transfer",
        Decimal(ORDER_TOTAL),
        Decimal(0),
    )
    assert PaymentEvent.objects.filter(order=order).count() == 0
    assert stock(goods["honey"]) == (5, 1)
    assert stock(goods["rice"]) == (10, 2)
    assert mail.outbox == []  # confirmation waits for the transfer
    assert Basket.objects.get(pk=order.basket_id).status == "Submitted"


def test_a_total_a_code_cannot_ask_for_is_explained_and_places_nothing(client, vietqr_settings):
    odd = sellable_product(title="Trà hoa vàng Ba Chẽ", price=Decimal("125000.50"), num_in_stock=5)
    add_to_basket(client, odd)

    response = checkout_as_guest(client, payment="bank-transfer")

    assert response.status_code == 200
    assert response.context["error"] == in_vietnamese(
        "This order cannot be paid by bank transfer; please choose cash on delivery."
    )
    assert Order.objects.count() == 0
    assert OrderPayment.objects.count() == 0
    assert stock(odd) == (5, 0)


def test_transfer_page_shows_the_qr_code_and_copyable_details_for_the_order_total(
    client, goods, vietqr_settings
):
    transfer_checkout(client, goods)
    order = Order.objects.get()

    response = client.get(TRANSFER_PAGE)

    page = page_of(response)
    note = f"OCOP{order.number}"
    assert response.context["transfer"].payload == expected_payload(order)
    assert page.select_one("#vietqr svg.segno") is not None
    assert page.select_one("#vietqr-bank").get_text(" ", strip=True) == (
        "VietinBank Ngân hàng TMCP Công thương Việt Nam"
    )
    assert page.select_one("#vietqr-account").get_text() == "0011001932418"
    assert page.select_one("#vietqr-name").get_text() == "HTX CHO OCOP"
    assert page.select_one("#vietqr-amount").get_text() == "345.000\xa0₫"
    assert page.select_one("#vietqr-note").get_text() == note
    assert copy_values(page) == ["0011001932418", "HTX CHO OCOP", "345000", note]
    # Hidden until static/js/copy.js shows them: without JavaScript the text is there to select.
    assert all(button.has_attr("hidden") for button in page.select("#vietqr button[data-copy]"))
    assert page.select_one('script[src$="js/copy.js"]') is not None
    assert page.select_one("#order-status-link")["href"] == order_status_path(order)
    assert page.select_one("#transfer-done")["href"] == reverse("checkout:thank-you")
    assert page.select_one("#switch-to-cash") is not None
    assert inline_problems(response) == []


def test_the_qr_code_of_the_page_decodes_to_the_orders_transfer(client, goods, vietqr_settings):
    transfer_checkout(client, goods)
    transfer = client.get(TRANSFER_PAGE).context["transfer"]

    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(vietqr_png(transfer.payload))))

    assert barcode.text == expected_payload(Order.objects.get())
    assert "54063450005802VN" in barcode.text and f"OCOP{Order.objects.get().number}6304" in barcode.text


@pytest.mark.parametrize("role", ["anonymous", "customer", "staff", "superuser"])
def test_without_an_order_placed_in_this_browser_the_transfer_page_sends_home(
    client, goods, vietqr_settings, role
):
    transfer_checkout(Client(), goods)  # someone else's order, in another browser
    User = get_user_model()
    if role != "anonymous":
        user = User.objects.create_user(role, f"{role}@example.vn", "pw-123456789")
        user.is_staff = user.is_superuser = role == "superuser"
        user.is_staff = user.is_staff or role == "staff"
        user.save()
        client.force_login(user)

    response = client.get(TRANSFER_PAGE)

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.post(TRANSFER_PAGE, {"action": "cash_on_delivery"})["Location"] == "/"
    assert Order.objects.get().payment.status == "awaiting-transfer"


def test_a_signed_in_customer_pays_its_order_by_transfer(client, goods, vietqr_settings):
    customer = get_user_model().objects.create_user("lan", "lan@example.vn", "pw-123456789")
    client.force_login(customer)
    fill_basket(client, goods)
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    client.post(reverse("checkout:shipping-method"), {"method_code": "standard"})
    client.post(reverse("checkout:preview"), {"method": "bank-transfer"})

    response = client.post(reverse("checkout:preview"), {"action": "place_order"})

    assert response["Location"] == TRANSFER_PAGE
    order = Order.objects.get()
    assert order.user == customer
    page = page_of(client.get(TRANSFER_PAGE))
    assert page.select_one("#vietqr-note").get_text() == f"OCOP{order.number}"
    assert page.select_one("#order-status-link")["href"] == reverse(
        "customer:order", kwargs={"order_number": order.number}
    )


def test_a_cash_order_in_the_session_has_no_transfer_page(client, goods, vietqr_settings):
    fill_basket(client, goods)
    checkout_as_guest(client)

    assert client.get(TRANSFER_PAGE)["Location"] == reverse("checkout:thank-you")


def test_thank_you_page_says_the_transfer_is_awaited_and_leads_back_to_the_code(
    client, goods, vietqr_settings
):
    transfer_checkout(client, goods)

    page = page_of(client.get(reverse("checkout:thank-you")))

    assert page.select_one("#payment-status [data-status]")["data-status"] == "awaiting-transfer"
    assert page.select_one("#transfer-awaited a")["href"] == TRANSFER_PAGE


def test_once_the_transfer_is_recorded_the_page_leads_to_a_paid_thank_you_page(
    client, goods, vietqr_settings
):
    transfer_checkout(client, goods)
    # Recording transfers is shop.payment.transfers' part; here only its outcome on the row.
    OrderPayment.objects.update(status="paid", amount_received=Decimal(ORDER_TOTAL))

    response = client.get(TRANSFER_PAGE)

    assert response["Location"] == reverse("checkout:thank-you")
    page = page_of(client.get(reverse("checkout:thank-you")))
    status = page.select_one("#payment-status [data-status]")
    assert (status["data-status"], status.get_text()) == ("paid", "Đã thanh toán")
    assert page.select_one("#transfer-awaited") is None


def test_partly_paid_the_page_asks_for_the_rest(client, goods, vietqr_settings):
    transfer_checkout(client, goods)
    OrderPayment.objects.update(status="partly-paid", amount_received=Decimal(300_000))
    order = Order.objects.get()

    response = client.get(TRANSFER_PAGE)

    page = page_of(response)
    assert response.context["transfer"].payload == expected_payload(order, amount=45_000)
    assert page.select_one("#vietqr-amount").get_text() == "45.000\xa0₫"
    assert copy_values(page)[2] == "45000"
    assert page.select_one("#transfer-missing") is not None
    assert page.select_one("#switch-to-cash") is None  # money arrived: no switching


def test_switching_to_cash_on_delivery_keeps_the_stock_and_sends_the_confirmations(
    client, goods, vietqr_settings, django_capture_on_commit_callbacks
):
    transfer_checkout(client, goods)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TRANSFER_PAGE, {"action": "cash_on_delivery"})

    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert (order.payment.method, order.payment.status) == ("cash-on-delivery", "to-collect")
    assert [source.source_type.code for source in order.sources.all()] == ["cash-on-delivery"]
    assert stock(goods["honey"]) == (5, 1)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["gao@cho-ocop.local", "lan@example.vn", "matong@cho-ocop.local"]
    assert client.get(TRANSFER_PAGE)["Location"] == reverse("checkout:thank-you")


def test_switching_to_cash_after_a_transfer_arrived_is_refused_and_changes_nothing(
    client, goods, vietqr_settings
):
    transfer_checkout(client, goods)
    OrderPayment.objects.update(status="partly-paid", amount_received=Decimal(100_000))

    response = client.post(TRANSFER_PAGE, {"action": "cash_on_delivery"}, follow=True)

    assert response.redirect_chain == [(TRANSFER_PAGE, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        in_vietnamese("Your bank transfer for this order has arrived; it stays paid by transfer.")
    ]
    order = Order.objects.get()
    assert (order.payment.method, order.payment.status, order.payment.amount_received) == (
        "bank-transfer",
        "partly-paid",
        Decimal(100_000),
    )
    assert [source.source_type.code for source in order.sources.all()] == ["bank-transfer"]
    assert mail.outbox == []


def test_unknown_transfer_page_action_is_a_400_and_changes_nothing(client, goods, vietqr_settings):
    transfer_checkout(client, goods)

    assert client.post(TRANSFER_PAGE, {"action": "cancel"}).status_code == 400
    assert Order.objects.get().payment.status == "awaiting-transfer"


def test_with_vietqr_switched_off_after_placement_the_page_shows_no_stale_account(
    client, goods, vietqr_settings
):
    transfer_checkout(client, goods)
    vietqr_settings.VIETQR_ENABLED = False

    assert client.get(TRANSFER_PAGE)["Location"] == reverse("checkout:thank-you")
