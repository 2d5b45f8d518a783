"""Card checkout through Stripe (the real library against stripe-mock): the order is placed once,
before payment, and moves on what Stripe says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from tests.shop.payment_helpers import (
    GOODS_TOTAL,
    HONEY,
    ORDER_TOTAL,
    card_checkout,
    decline,
    deliver,
    fill_basket,
    intent_object,
    stock,
)
from tests.shop.test_checkout import checkout_as_guest

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderPayment = get_model("payment", "OrderPayment")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_choosing_card_when_it_is_off_is_refused_with_a_message(client, goods, cash_only):
    fill_basket(client, goods)

    response = checkout_as_guest(client, payment="card")

    assert response.status_code == 200
    assert "method" in response.context["payment_form"].errors
    assert Order.objects.count() == 0


def test_card_order_is_placed_once_awaiting_payment_with_stock_held(client, goods, stripe_settings):
    response = card_checkout(client, goods)

    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:card-payment")
    order = Order.objects.get()
    assert order.total_incl_tax == Decimal(ORDER_TOTAL)
    payment = order.payment
    assert (payment.method, payment.status, payment.amount) == ("card", "awaiting", Decimal(ORDER_TOTAL))
    assert payment.payment_intent_id.startswith("pi_")
    source = order.sources.get()
    assert (source.source_type.code, source.reference) == ("card", payment.payment_intent_id)
    assert source.amount_debited == 0
    assert stock(goods["honey"]) == (5, 1)
    assert stock(goods["rice"]) == (10, 2)
    assert mail.outbox == []  # confirmation waits for the payment
    assert Basket.objects.get(pk=order.basket_id).status == "Submitted"


def test_card_payment_page_mounts_stripe_for_the_order_amount(client, goods, stripe_settings):
    card_checkout(client, goods)

    response = client.get(reverse("checkout:card-payment"))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["client_secret"]
    assert 'data-publishable-key="pk_test_123"' in page
    assert "https://js.stripe.com/v3/" in page
    assert "345.000\xa0₫" in page
    assert reverse("checkout:card-return") in response.context["return_url"]


def test_paid_webhook_before_the_customer_returns_confirms_the_order(
    client, goods, stripe_settings, django_capture_on_commit_callbacks
):
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            client, "payment_intent.succeeded", intent_object(payment.payment_intent_id), event_id="evt_paid"
        )
    response = client.get(reverse("checkout:card-return"), {"payment_intent": payment.payment_intent_id})

    assert response["Location"] == reverse("checkout:thank-you")
    payment.refresh_from_db()
    assert payment.status == "paid"
    thank_you = client.get(reverse("checkout:thank-you")).content.decode()
    assert 'data-status="paid"' in thank_you
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["gao@cho-ocop.local", "lan@example.vn", "matong@cho-ocop.local"]


def test_return_page_refuses_a_payment_intent_of_another_order(client, goods, stripe_settings):
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()

    response = client.get(reverse("checkout:card-return"), {"payment_intent": "pi_someone_elses"})

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == "awaiting"


def test_return_page_asks_stripe_and_shows_a_declined_card(client, goods, stripe_settings):
    # stripe-mock answers every PaymentIntent as "requires_payment_method": a declined attempt.
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()

    response = client.get(
        reverse("checkout:card-return"),
        {
            "payment_intent": payment.payment_intent_id,
            "redirect_status": "succeeded",
        },  # the URL is not trusted
    )

    assert response["Location"] == reverse("checkout:card-payment")
    payment.refresh_from_db()
    assert (payment.status, payment.stock_released) == ("failed", True)
    assert stock(goods["honey"]) == (5, 0)
    page = client.get(reverse("checkout:card-payment")).content.decode()
    assert 'name="action" value="retry"' in page


def test_trying_another_card_takes_the_stock_again(client, goods, stripe_settings):
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()
    decline(client, payment.payment_intent_id)

    response = client.post(reverse("checkout:card-payment"), {"action": "retry"})

    assert response["Location"] == reverse("checkout:card-payment")
    payment.refresh_from_db()
    assert (payment.status, payment.stock_released) == ("awaiting", False)
    assert stock(goods["honey"]) == (5, 1)


def test_retry_after_the_goods_sold_out_says_so_and_holds_nothing(client, goods, stripe_settings):
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()
    decline(client, payment.payment_intent_id)
    StockRecord.objects.filter(product=goods["honey"]).update(num_allocated=5)

    response = client.post(reverse("checkout:card-payment"), {"action": "retry"}, follow=True)

    assert HONEY in response.content.decode()
    payment.refresh_from_db()
    assert (payment.status, payment.stock_released) == ("failed", True)
    assert stock(goods["rice"]) == (10, 0)


def test_switching_to_cash_on_delivery_cancels_the_card_payment(
    client, goods, stripe_settings, django_capture_on_commit_callbacks
):
    card_checkout(client, goods)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:card-payment"), {"action": "cash_on_delivery"})

    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert (order.payment.method, order.payment.status) == ("cash-on-delivery", "to-collect")
    assert [source.source_type.code for source in order.sources.all()] == ["cash-on-delivery"]
    assert stock(goods["honey"]) == (5, 1)
    assert len(mail.outbox) == 3


def test_cancelling_an_unpaid_card_order_releases_its_stock(client, goods, stripe_settings):
    card_checkout(client, goods)

    response = client.post(reverse("checkout:card-payment"), {"action": "cancel"})

    assert response["Location"] == reverse("basket:summary")
    order = Order.objects.get()
    assert (order.status, order.payment.status) == ("Cancelled", "cancelled")
    assert stock(goods["honey"]) == (5, 0)
    assert stock(goods["rice"]) == (10, 0)
    assert mail.outbox == []


def test_unknown_card_page_action_is_a_400(client, goods, stripe_settings):
    card_checkout(client, goods)

    assert client.post(reverse("checkout:card-payment"), {"action": "refund"}).status_code == 400


def test_card_pages_without_a_placed_order_send_the_visitor_home(client, stripe_settings):
    assert client.get(reverse("checkout:card-payment"))["Location"] == "/"
    assert client.get(reverse("checkout:card-return"), {"payment_intent": "pi_x"})["Location"] == "/"


def test_stripe_unreachable_places_nothing_and_offers_cash_on_delivery(client, goods, stripe_unreachable):
    response = card_checkout(client, goods)

    assert response.status_code == 200
    assert "không kết nối được với đơn vị xử lý thẻ" in response.context["error"]
    assert "cash-on-delivery" in response.content.decode()
    assert Order.objects.count() == 0
    assert stock(goods["honey"]) == (5, 0)

    # The basket is intact: the customer pays cash on delivery instead.
    response = client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"})
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response["Location"] == reverse("checkout:thank-you")
    assert Order.objects.get().payment.method == "cash-on-delivery"


def test_a_total_stripe_cannot_take_is_explained_and_places_nothing(client, stripe_settings):
    from tests.factories import sellable_product
    from tests.shop.test_checkout import add_to_basket

    ginseng = sellable_product(title="Sâm Ngọc Linh 10 năm tuổi", price=60_000_000, num_in_stock=5)
    add_to_basket(client, ginseng, quantity=2)  # 120.000.000 ₫: nine digits

    response = checkout_as_guest(client, payment="card")

    assert response.status_code == 200
    assert "99.999.999" in response.context["error"]
    assert Order.objects.count() == 0


def test_goods_sold_out_between_basket_and_payment_place_nothing(client, goods, stripe_settings):
    fill_basket(client, goods)
    StockRecord.objects.filter(product=goods["honey"]).update(num_allocated=5)

    response = checkout_as_guest(client, payment="card")

    # Oscar's checkout re-checks the basket before placing: back to the basket, which says why.
    assert response["Location"] == reverse("basket:summary")
    assert HONEY in client.get(reverse("basket:summary")).content.decode()
    assert Order.objects.count() == 0
    assert OrderPayment.objects.count() == 0


def test_submitting_the_same_basket_twice_places_one_order(client, goods, stripe_settings):
    card_checkout(client, goods)

    # A second tab, or the back button: the basket was submitted with the first order.
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})

    assert response.status_code == 302
    assert Order.objects.count() == 1


def test_goods_total_excludes_shipping(goods):
    # Guards the figures the card tests rely on: two parcels of standard delivery.
    assert ORDER_TOTAL - GOODS_TOTAL == 2 * 30_000


def test_processing_payment_shows_a_refreshing_page_then_confirms(client, goods, stripe_settings):
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()

    deliver(
        client,
        "payment_intent.processing",
        intent_object(payment.payment_intent_id, status="processing"),
        event_id="e1",
    )
    page = client.get(reverse("checkout:card-payment")).content.decode()

    assert 'data-payment-status="processing"' in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert stock(goods["honey"]) == (5, 1)  # still held while the bank decides
    deliver(client, "payment_intent.succeeded", intent_object(payment.payment_intent_id), event_id="e2")
    assert client.get(reverse("checkout:card-payment"))["Location"] == reverse("checkout:thank-you")
