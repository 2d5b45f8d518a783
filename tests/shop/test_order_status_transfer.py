"""The order status page of a VietQR order: the code and account details again while the transfer
is awaited, for the amount still missing when partly paid, and "Paid" once it is recorded."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from shop.customer.order_links import order_status_path
from shop.payment.references import transfer_reference
from shop.payment.selectors import transfer_instructions
from shop.payment.services import order_payment_create
from shop.payment.vietqr import vietqr_payload, vietqr_png
from shop.shipping.methods import Standard
from tests.conftest import VIETQR_TEST_ACCOUNT
from tests.shop.fulfilment_helpers import place_order
from tests.shop.payment_helpers import ORDER_TOTAL, two_producer_goods
from tests.shop.test_content_security_policy import inline_problems
from tests.shop.test_order_status import GUEST_EMAIL, in_english, page_of, text

OrderPayment = get_model("payment", "OrderPayment")

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer_order(vietqr_settings):
    """A guest's order of 1 honey and 2 rice (345.000\xa0₫ with delivery), to pay by transfer."""
    goods = two_producer_goods()
    order = place_order(
        (goods["honey"], 1), (goods["rice"], 2), shipping_method=Standard(), guest_email=GUEST_EMAIL
    )
    order_payment_create(order=order, method="bank-transfer")
    return order


def status_page(client, order):
    client.get(order_status_path(order))  # the key is spent on the session
    return client.get(order_status_path(order).split("?")[0])


def payload(order, amount: int) -> str:
    return vietqr_payload(
        bank_bin=VIETQR_TEST_ACCOUNT["bin"],
        account_no=VIETQR_TEST_ACCOUNT["account_no"],
        amount=amount,
        note=transfer_reference(str(order.number)),
    )


def test_an_order_awaiting_its_transfer_shows_the_code_and_details_again(client, transfer_order):
    assert transfer_order.total_incl_tax == Decimal(ORDER_TOTAL)
    in_english(client)

    response = status_page(client, transfer_order)

    page = page_of(response)
    assert page.select_one("#order-payment")["data-status"] == "awaiting-transfer"
    assert text(page.select_one("#order-payment")) == "VietQR bank transfer · Awaiting bank transfer"
    assert page.select_one("#order-transfer #vietqr svg.segno") is not None
    assert text(page.select_one("#vietqr-amount")) == "345.000\xa0₫"
    assert text(page.select_one("#vietqr-note")) == f"OCOP{transfer_order.number}"
    assert [b["data-copy"] for b in page.select("#vietqr button[data-copy]")] == [
        "0011001932418",
        "HTX CHO OCOP",
        "345000",
        f"OCOP{transfer_order.number}",
    ]
    assert page.select_one("#transfer-missing") is None
    assert page.select_one('script[src$="js/copy.js"]') is not None
    assert inline_problems(response) == []


def test_the_code_shown_decodes_to_the_order_total_and_reference(transfer_order):
    transfer = transfer_instructions(payment=OrderPayment.objects.get(order=transfer_order))

    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(vietqr_png(transfer.payload))))

    assert barcode.text == payload(transfer_order, ORDER_TOTAL)


def test_a_partly_paid_order_asks_for_the_missing_amount(client, transfer_order):
    OrderPayment.objects.update(status="partly-paid", amount_received=Decimal(300_000))
    in_english(client)

    page = page_of(status_page(client, transfer_order))

    assert page.select_one("#order-payment")["data-status"] == "partly-paid"
    assert text(page.select_one("#transfer-missing")) == (
        "We received 300.000\xa0₫; 45.000\xa0₫ is still missing. Transfer it with the same note."
    )
    assert text(page.select_one("#vietqr-amount")) == "45.000\xa0₫"
    assert page.select_one("#vietqr")["data-amount"] == "45000"


@pytest.mark.parametrize(("language", "label"), [("en", "Paid"), ("vi", "Đã thanh toán")])
def test_a_paid_order_shows_paid_and_no_code(client, transfer_order, language, label):
    OrderPayment.objects.update(status="paid", amount_received=Decimal(ORDER_TOTAL))
    if language == "en":
        in_english(client)

    page = page_of(status_page(client, transfer_order))

    assert page.select_one("#order-payment")["data-status"] == "paid"
    assert text(page.select_one("#order-payment")).endswith(f"· {label}")
    assert page.select_one("#order-transfer") is None


def test_a_cash_order_shows_no_code(client, vietqr_settings):
    goods = two_producer_goods()
    order = place_order((goods["honey"], 1), shipping_method=Standard(), guest_email=GUEST_EMAIL)
    order_payment_create(order=order, method="cash-on-delivery")

    page = page_of(status_page(client, order))

    assert page.select_one("#order-payment")["data-status"] == "to-collect"
    assert page.select_one("#order-transfer") is None


def test_with_vietqr_switched_off_no_stale_account_is_shown(client, transfer_order, vietqr_settings):
    vietqr_settings.VIETQR_ENABLED = False

    page = page_of(status_page(client, transfer_order))

    assert page.select_one("#order-payment")["data-status"] == "awaiting-transfer"
    assert page.select_one("#order-transfer") is None


def test_the_signed_in_customer_sees_the_code_on_its_account_order_page(client, transfer_order):
    buyer = get_user_model().objects.create_user("lan", "lan@example.vn", "pw-123456789")
    transfer_order.user, transfer_order.guest_email = buyer, ""
    transfer_order.save()
    client.force_login(buyer)

    response = client.get(reverse("customer:order", kwargs={"order_number": transfer_order.number}))

    page = page_of(response)
    assert text(page.select_one("#vietqr-note")) == f"OCOP{transfer_order.number}"
    assert inline_problems(response) == []


def test_the_status_page_of_a_transfer_order_runs_a_bounded_number_of_queries(
    client, transfer_order, django_assert_max_num_queries
):
    path = order_status_path(transfer_order).split("?")[0]
    status_page(client, transfer_order)

    with django_assert_max_num_queries(30):
        assert client.get(path).status_code == 200
