"""Correctly signed webhooks whose shape Stripe never sends, and signatures outside the time
tolerance: 400 with a reason, nothing recorded. Runs without stripe-mock (factories)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories.payment import card_order
from tests.shop.payment_helpers import charge_object, intent_object
from tests.shop.stripe_helpers import TEST_WEBHOOK_SECRET, event_payload, sign_payload, webhook_headers

OrderPayment = get_model("payment", "OrderPayment")
PaymentEvent = get_model("order", "PaymentEvent")
StripeEvent = get_model("payment", "StripeEvent")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

PI = "pi_test_ocop"
TOTAL = 285_000  # card_order's two lines, free delivery


def post(client, body: str | bytes, signature: str):
    return client.post(
        reverse("checkout:stripe-webhook"),
        data=body,
        content_type="application/json",
        **webhook_headers(signature),
    )


def snapshot() -> dict[str, Any]:
    """Everything a webhook may write."""
    return {
        "payments": list(OrderPayment.objects.values_list("status", "amount_refunded", "stock_released")),
        "transactions": sorted(Transaction.objects.values_list("txn_type", "amount")),
        "events": sorted(PaymentEvent.objects.values_list("event_type__name", "amount")),
        "stripe_events": StripeEvent.objects.count(),
    }


def event(event_type: str = "payment_intent.succeeded", obj: Any = None, **changes: Any) -> dict[str, Any]:
    values = json.loads(
        event_payload(event_type, obj if obj is not None else intent_object(PI, amount=TOTAL))
    )
    for key, value in changes.items():
        if value is DROP:
            values.pop(key)
        else:
            values[key] = value
    return values


DROP = object()


def charge(**changes: Any) -> dict[str, Any]:
    return {**charge_object(PI, amount=TOTAL, amount_refunded=100_000), **changes}


def intent(**changes: Any) -> dict[str, Any]:
    return {**intent_object(PI, amount=TOTAL), **changes}


def refund(**changes: Any) -> dict[str, Any]:
    values = {
        "id": "re_test_1",
        "object": "refund",
        "amount": 100_000,
        "currency": "vnd",
        "status": "succeeded",
        "payment_intent": PI,
        "metadata": {},
    }
    return {**values, **changes}


MALFORMED: dict[str, Any] = {
    "no-data": event(data=DROP),
    "no-id": event(id=DROP),
    "empty-id": event(id=""),
    "numeric-id": event(id=12345),
    "no-type": event(type=DROP),
    "type-not-a-string": event(type=["payment_intent.succeeded"]),
    "not-an-event": event(object="charge"),
    "json-array": [event()],
    "json-number": 42,
    "json-string": "payment_intent.succeeded",
    "json-null": None,
    "data-is-a-list": event(data=[intent()]),
    "data-is-a-string": event(data="pi_test_ocop"),
    "no-data-object": event(data={}),
    "data-object-is-a-string": event(data={"object": PI}),
    "data-object-is-a-list": event(data={"object": [intent()]}),
    "data-object-is-null": event(data={"object": None}),
    "intent-event-with-a-customer": event(obj={"id": "cus_1", "object": "customer"}),
    "intent-event-with-a-charge": event(obj=charge()),
    "intent-without-object-kind": event(obj={k: v for k, v in intent().items() if k != "object"}),
    "intent-without-status": event(obj={k: v for k, v in intent().items() if k != "status"}),
    "intent-amount-as-text": event(obj=intent(amount=str(TOTAL))),
    "intent-amount-fractional": event(obj=intent(amount=TOTAL + 0.5)),
    "intent-currency-number": event(obj=intent(currency=704)),
    "refund-amount-not-numeric": event("charge.refunded", charge(amount_refunded="abc")),
    "refund-amount-as-text": event("charge.refunded", charge(amount_refunded="100000")),
    "refund-amount-negative": event("charge.refunded", charge(amount_refunded=-1)),
    "refund-amount-boolean": event("charge.refunded", charge(amount_refunded=True)),
    "refund-amount-null": event("charge.refunded", charge(amount_refunded=None)),
    "charge-without-payment-intent-field": event(
        "charge.refunded", {k: v for k, v in charge().items() if k != "payment_intent"}
    ),
    "charge-payment-intent-a-number": event("charge.refunded", charge(payment_intent=7)),
    "charge-event-with-an-intent": event("charge.refunded", intent()),
    "refund-object-amount-not-numeric": event("refund.updated", refund(amount="lots")),
    "refund-object-metadata-a-string": event("refund.updated", refund(metadata="ocop")),
    "refund-object-without-status": event(
        "refund.updated", {k: v for k, v in refund().items() if k != "status"}
    ),
}


@pytest.mark.parametrize("body", list(MALFORMED.values()), ids=list(MALFORMED))
def test_signed_event_of_a_shape_stripe_never_sends_is_a_400_and_records_nothing(
    client, webhook_secret, body
):
    # Awaiting payment: any of these events let through would pay it (and refund it).
    card_order(payment_intent_id=PI, paid=False)
    before = snapshot()
    payload = json.dumps(body)

    response = post(client, payload, sign_payload(payload))

    assert response.status_code == 400
    assert response.content.decode().startswith(("Malformed", "Unsupported"))
    assert snapshot() == before


def test_signed_body_that_is_not_utf8_is_a_400(client, webhook_secret):
    card_order(payment_intent_id=PI)
    before = snapshot()
    body = b'{"id": "evt_1", "object": "event", "type": "charge.refunded", "x": "\xff\xfe"}'
    timestamp = int(time.time())
    mac = hmac.new(TEST_WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)

    response = post(client, body, f"t={timestamp},v1={mac.hexdigest()}")

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    "offset",
    [-3600, -400, 400, 3600, 10 * 365 * 86400],
    ids=["hour-old", "just-old", "just-ahead", "hour-ahead", "years-ahead"],
)
def test_signature_outside_the_tolerance_either_way_is_a_400(client, webhook_secret, offset):
    payment = card_order(payment_intent_id=PI, paid=False)
    body = event_payload("payment_intent.succeeded", intent_object(PI, amount=TOTAL), event_id="evt_t")

    response = post(client, body, sign_payload(body, timestamp=int(time.time()) + offset))

    assert response.status_code == 400
    assert b"tolerance" in response.content
    payment.refresh_from_db()
    assert payment.status == "awaiting"
    assert StripeEvent.objects.count() == 0


@pytest.mark.parametrize("offset", [-240, 0, 240], ids=["4-min-old", "now", "4-min-ahead"])
def test_signature_within_the_tolerance_is_applied(client, webhook_secret, offset):
    payment = card_order(payment_intent_id=PI, paid=False)
    body = event_payload("payment_intent.succeeded", intent_object(PI, amount=TOTAL), event_id="evt_t")

    response = post(client, body, sign_payload(body, timestamp=int(time.time()) + offset))

    assert response.json() == {"outcome": "paid"}
    payment.refresh_from_db()
    assert payment.status == "paid"


@pytest.mark.parametrize(
    ("event_type", "obj", "outcome"),
    [
        ("payment_intent.succeeded", intent(), "already paid"),
        ("charge.refunded", charge(), "refunded"),
        ("charge.refunded", charge(payment_intent=None), "unknown payment intent"),
        ("refund.updated", refund(), "ignored: refund not made here"),
        ("customer.created", {"id": "cus_1", "object": "customer"}, "ignored: event type"),
        ("customer.created", {"id": "cus_1"}, "ignored: event type"),
    ],
    ids=["intent", "charge", "charge-without-intent", "foreign-refund", "other-type", "other-type-bare"],
)
def test_well_formed_events_are_handled_and_recorded_once(client, webhook_secret, event_type, obj, outcome):
    card_order(payment_intent_id=PI)
    body = event_payload(event_type, obj, event_id="evt_ok")

    response = post(client, body, sign_payload(body))

    assert response.json() == {"outcome": outcome}
    assert StripeEvent.objects.get().event_id == "evt_ok"


def test_charge_without_payment_intent_never_touches_cash_orders(client, webhook_secret):
    cash = card_order(payment_intent_id=PI)
    OrderPayment.objects.filter(pk=cash.pk).update(payment_intent_id=None)
    body = event_payload("charge.refunded", charge(payment_intent=None), event_id="evt_legacy")

    post(client, body, sign_payload(body))

    cash.refresh_from_db()
    assert cash.amount_refunded == Decimal(0)
