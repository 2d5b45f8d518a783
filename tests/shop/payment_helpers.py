"""Card checkout helpers: a two-producer basket, webhook deliveries signed as Stripe signs them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import PartnerFactory, sellable_product
from tests.shop.stripe_helpers import signed_event, webhook_headers
from tests.shop.test_checkout import add_to_basket, checkout_as_guest

StockRecord = get_model("partner", "StockRecord")

HONEY = "Mật ong bạc hà Mèo Vạc"
RICE = "Gạo ST25 Sóc Trăng"
# 1 × 125.000 ₫ + 2 × 80.000 ₫ + standard delivery of two producers' parcels (2 × 30.000 ₫).
GOODS_TOTAL = 285_000
ORDER_TOTAL = 345_000


def two_producer_goods() -> dict[str, Any]:
    honey_farm = PartnerFactory(name="HTX Mật ong Mèo Vạc", email="matong@cho-ocop.local")
    rice_farm = PartnerFactory(name="HTX Gạo Sóc Trăng", email="gao@cho-ocop.local")
    return {
        "honey": sellable_product(title=HONEY, producer=honey_farm, price=125000, num_in_stock=5),
        "rice": sellable_product(title=RICE, producer=rice_farm, price=80000, num_in_stock=10),
        "honey_farm": honey_farm,
        "rice_farm": rice_farm,
    }


def fill_basket(client: Client, goods: dict[str, Any]) -> None:
    add_to_basket(client, goods["honey"], quantity=1)
    add_to_basket(client, goods["rice"], quantity=2)


def card_checkout(client: Client, goods: dict[str, Any]):
    fill_basket(client, goods)
    return checkout_as_guest(client, payment="card")


def stock(product) -> tuple[int, int]:
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated or 0


def intent_object(
    payment_intent_id: str,
    *,
    status: str = "succeeded",
    amount: int = ORDER_TOTAL,
    currency: str = "vnd",
) -> dict[str, Any]:
    """A PaymentIntent as Stripe puts it in `data.object` of payment_intent.* events."""
    return {
        "id": payment_intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": currency,
        "status": status,
        "livemode": False,
        "metadata": {},
        "last_payment_error": {"code": "card_declined"} if status == "requires_payment_method" else None,
    }


def charge_object(
    payment_intent_id: str, *, amount_refunded: int, amount: int = ORDER_TOTAL
) -> dict[str, Any]:
    """A Charge as Stripe puts it in `data.object` of a charge.refunded event."""
    return {
        "id": "ch_test_ocop",
        "object": "charge",
        "amount": amount,
        "amount_refunded": amount_refunded,
        "currency": "vnd",
        "payment_intent": payment_intent_id,
        "refunded": amount_refunded >= amount,
        "status": "succeeded",
    }


def deliver(client: Client, event_type: str, obj: dict[str, Any], *, event_id: str):
    """POST one signed webhook event to the endpoint, as Stripe would."""
    body, signature = signed_event(event_type, obj, event_id=event_id)
    return client.post(
        reverse("checkout:stripe-webhook"),
        data=body,
        content_type="application/json",
        **webhook_headers(signature),
    )


def decline(client: Client, payment_intent_id: str, *, event_id: str = "evt_failed"):
    """Stripe reports a declined card for the PaymentIntent (payment_intent.payment_failed)."""
    failed = intent_object(payment_intent_id, status="requires_payment_method")
    return deliver(client, "payment_intent.payment_failed", failed, event_id=event_id)


def transfer_checkout(client: Client, goods: dict[str, Any]):
    """A guest places the two-producer basket to pay by VietQR bank transfer (ORDER_TOTAL)."""
    fill_basket(client, goods)
    return checkout_as_guest(client, payment="bank-transfer")
