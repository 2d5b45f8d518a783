"""Card-paid orders built without Stripe: the order, its payment row and Oscar source, moved to
"paid" by the same service a `payment_intent.succeeded` webhook calls."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import stripe
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from shop.payment import services

from . import sellable_product
from .partner import PartnerFactory

Basket = get_model("basket", "Basket")
Source = get_model("payment", "Source")
Selector = get_class("partner.strategy", "Selector")


def intent(payment_intent_id: str, *, amount: int, status: str = "succeeded") -> stripe.PaymentIntent:
    """A PaymentIntent as the `stripe` library builds it from a webhook's `data.object`."""
    values = {
        "id": payment_intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": "vnd",
        "status": status,
    }
    return stripe.PaymentIntent.construct_from(values, None)


def card_order(
    *, payment_intent_id: str = "pi_test_ocop", paid: bool = True, goods: dict[str, int] | None = None
) -> Any:
    """An order of one line per producer (name → line price in đồng, free delivery) paid by card;
    returns its `OrderPayment` (awaiting when `paid` is False)."""
    goods = goods or {"HTX Mật ong Mèo Vạc": 125_000, "HTX Gạo Sóc Trăng": 160_000}
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for name, price in goods.items():
        basket.add_product(sellable_product(producer=PartnerFactory(name=name), price=price))
    order = create_order(basket=basket)
    payment = services.order_payment_create(
        order=order, method=services.Method.CARD, payment_intent_id=payment_intent_id
    )
    Source.objects.create(
        order=order,
        source_type=services.source_type(services.Method.CARD),
        currency=payment.currency,
        amount_allocated=payment.amount,
        reference=payment_intent_id,
    )
    if paid:
        services.card_payment_apply(intent=intent(payment_intent_id, amount=int(payment.amount)))
        payment.refresh_from_db()
    return payment


def line_total(payment: Any) -> Decimal:
    return sum((line.line_price_incl_tax for line in payment.order.lines.all()), Decimal(0))
