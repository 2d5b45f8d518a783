"""POST /checkout/stripe/webhook/: signed events only, each event id once, in any order."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client
from oscar.core.loading import get_model

from tests.shop.payment_helpers import (
    ORDER_TOTAL,
    card_checkout,
    charge_object,
    decline,
    deliver,
    intent_object,
    stock,
    two_producer_goods,
)
from tests.shop.stripe_helpers import event_payload, sign_payload, webhook_headers

OrderPayment = get_model("payment", "OrderPayment")
PaymentEvent = get_model("order", "PaymentEvent")
StripeEvent = get_model("payment", "StripeEvent")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

WEBHOOK = "/checkout/stripe/webhook/"


@pytest.fixture
def payment(client, goods, stripe_settings):
    card_checkout(client, goods)
    return OrderPayment.objects.get()


def ledger(payment) -> dict[str, object]:
    """Everything a payment records: state, Oscar transactions and payment events."""
    payment.refresh_from_db()
    return {
        "status": payment.status,
        "refunded": payment.amount_refunded,
        "transactions": sorted(
            Transaction.objects.filter(source__order=payment.order).values_list("txn_type", "amount")
        ),
        "events": sorted(
            PaymentEvent.objects.filter(order=payment.order).values_list("event_type__name", "amount")
        ),
    }


def test_succeeded_event_records_one_payment(client, payment):
    response = deliver(
        client, "payment_intent.succeeded", intent_object(payment.payment_intent_id), event_id="evt_1"
    )

    assert response.status_code == 200
    assert response.json() == {"outcome": "paid"}
    assert ledger(payment) == {
        "status": "paid",
        "refunded": Decimal(0),
        "transactions": [("Debit", Decimal(ORDER_TOTAL))],
        "events": [("paid", Decimal(ORDER_TOTAL))],
    }


def test_replayed_out_of_order_events_record_exactly_one_payment(client, payment, goods):
    pi = payment.payment_intent_id
    failed = intent_object(pi, status="requires_payment_method")  # a declined first card
    succeeded = intent_object(pi)  # the second card went through
    deliveries = [
        ("payment_intent.succeeded", succeeded, "evt_succeeded"),
        ("payment_intent.payment_failed", failed, "evt_failed"),  # older, arrives late
        ("payment_intent.succeeded", succeeded, "evt_succeeded"),  # Stripe retries
        ("payment_intent.payment_failed", failed, "evt_failed"),
        ("payment_intent.succeeded", succeeded, "evt_succeeded"),
    ]

    outcomes = [
        deliver(client, kind, obj, event_id=event_id).json()["outcome"] for kind, obj, event_id in deliveries
    ]

    assert outcomes == ["paid", "ignored: payment already settled", "duplicate", "duplicate", "duplicate"]
    assert ledger(payment)["transactions"] == [("Debit", Decimal(ORDER_TOTAL))]
    assert ledger(payment)["events"] == [("paid", Decimal(ORDER_TOTAL))]
    assert StripeEvent.objects.count() == 2
    assert stock(goods["honey"]) == (5, 1)  # still held for the paid order


def test_failure_then_success_releases_then_retakes_the_stock(client, payment, goods):
    pi = payment.payment_intent_id

    decline(client, pi, event_id="e1")
    assert stock(goods["honey"]) == (5, 0)
    deliver(client, "payment_intent.succeeded", intent_object(pi), event_id="e2")

    assert stock(goods["honey"]) == (5, 1)
    assert stock(goods["rice"]) == (10, 2)
    assert ledger(payment)["status"] == "paid"


def test_success_after_the_released_goods_sold_out_refunds_the_customer(
    client, payment, goods, django_capture_on_commit_callbacks
):
    pi = payment.payment_intent_id
    decline(client, pi, event_id="e1")
    get_model("partner", "StockRecord").objects.filter(product=goods["honey"]).update(num_allocated=5)

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, "payment_intent.succeeded", intent_object(pi), event_id="e2")

    assert ledger(payment)["status"] == "refunded"
    assert ledger(payment)["transactions"] == [
        ("Debit", Decimal(ORDER_TOTAL)),
        ("Refund", Decimal(ORDER_TOTAL)),
    ]
    assert "sold meanwhile" in payment.order.notes.get().message


@pytest.mark.parametrize(
    ("amount", "currency"),
    [(ORDER_TOTAL - 1, "vnd"), (1, "vnd"), (ORDER_TOTAL, "usd")],
    ids=["one-dong-short", "tampered-amount", "other-currency"],
)
def test_tampered_amount_or_currency_is_not_recorded_as_paid(client, payment, amount, currency):
    obj = intent_object(payment.payment_intent_id, amount=amount, currency=currency)

    response = deliver(client, "payment_intent.succeeded", obj, event_id="evt_tampered")

    assert response.json() == {"outcome": "amount mismatch"}
    assert ledger(payment) == {"status": "awaiting", "refunded": Decimal(0), "transactions": [], "events": []}
    assert "not recorded" in payment.order.notes.get().message


def test_event_for_an_unknown_payment_intent_changes_nothing(client, payment):
    response = deliver(
        client, "payment_intent.succeeded", intent_object("pi_not_ours"), event_id="evt_foreign"
    )

    assert response.json() == {"outcome": "unknown payment intent"}
    assert ledger(payment)["status"] == "awaiting"


def test_unsigned_webhook_is_a_400_and_changes_nothing(client, payment):
    body = event_payload(
        "payment_intent.succeeded", intent_object(payment.payment_intent_id), event_id="evt_x"
    )

    response = client.post(WEBHOOK, data=body, content_type="application/json")

    assert response.status_code == 400
    assert b"Missing Stripe-Signature" in response.content
    assert ledger(payment)["status"] == "awaiting"
    assert StripeEvent.objects.count() == 0


@pytest.mark.parametrize(
    "signature",
    [
        lambda body: sign_payload(body, secret="whsec_someone_else"),
        lambda body: sign_payload(body, timestamp=int(time.time()) - 3600),  # a captured, replayed request
        lambda body: sign_payload(body.replace(f"{ORDER_TOTAL}", "1")),  # signed, then edited
        lambda body: "t=1,v1=deadbeef",
    ],
    ids=["wrong-secret", "too-old", "body-edited", "garbage"],
)
def test_badly_signed_webhook_is_a_400_and_changes_nothing(client, payment, signature):
    body = event_payload(
        "payment_intent.succeeded", intent_object(payment.payment_intent_id), event_id="evt_x"
    )

    response = client.post(
        WEBHOOK, data=body, content_type="application/json", **webhook_headers(signature(body))
    )

    assert response.status_code == 400
    assert ledger(payment)["status"] == "awaiting"
    assert StripeEvent.objects.count() == 0


def test_malformed_body_with_a_valid_signature_is_a_400(client, payment):
    body = "not json"

    response = client.post(
        WEBHOOK, data=body, content_type="application/json", **webhook_headers(sign_payload(body))
    )

    assert response.status_code == 400


def test_webhook_answers_only_post(client, stripe_settings):
    assert client.get(WEBHOOK).status_code == 405


def test_unhandled_event_type_is_acknowledged_once(client, payment):
    response = deliver(client, "customer.created", {"id": "cus_1", "object": "customer"}, event_id="evt_cus")

    assert response.json() == {"outcome": "ignored: event type"}
    assert deliver(
        client, "customer.created", {"id": "cus_1", "object": "customer"}, event_id="evt_cus"
    ).json() == {"outcome": "duplicate"}


def test_refund_made_in_stripe_is_recorded_once(client, payment):
    pi = payment.payment_intent_id
    deliver(client, "payment_intent.succeeded", intent_object(pi), event_id="evt_paid")

    deliver(client, "charge.refunded", charge_object(pi, amount_refunded=100_000), event_id="evt_r1")
    deliver(
        client, "charge.refunded", charge_object(pi, amount_refunded=100_000), event_id="evt_r1"
    )  # replay
    deliver(client, "charge.refunded", charge_object(pi, amount_refunded=ORDER_TOTAL), event_id="evt_r2")

    assert ledger(payment) == {
        "status": "refunded",
        "refunded": Decimal(ORDER_TOTAL),
        "transactions": [
            ("Debit", Decimal(ORDER_TOTAL)),
            ("Refund", Decimal(100_000)),
            ("Refund", Decimal(ORDER_TOTAL - 100_000)),
        ],
        "events": sorted(
            [("paid", Decimal(ORDER_TOTAL)), ("refunded", Decimal(100_000)), ("refunded", Decimal(245_000))]
        ),
    }


def test_refund_event_arriving_before_the_payment_event_records_both_once(client, payment):
    pi = payment.payment_intent_id

    deliver(client, "charge.refunded", charge_object(pi, amount_refunded=50_000), event_id="evt_refund")
    deliver(client, "payment_intent.succeeded", intent_object(pi), event_id="evt_paid")  # late

    assert ledger(payment) == {
        "status": "partly-refunded",
        "refunded": Decimal(50_000),
        "transactions": [("Debit", Decimal(ORDER_TOTAL)), ("Refund", Decimal(50_000))],
        "events": [("paid", Decimal(ORDER_TOTAL)), ("refunded", Decimal(50_000))],
    }


def concurrent_deliveries(deliveries: list[tuple[str, dict, str]]) -> list[str]:
    """Deliver every event at the same moment, one thread (and connection) each."""
    barrier = threading.Barrier(len(deliveries))
    outcomes: list[str] = [""] * len(deliveries)

    def worker(index: int, event_type: str, obj: dict, event_id: str) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = deliver(Client(), event_type, obj, event_id=event_id).json()["outcome"]
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            outcomes[index] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, *d)) for i, d in enumerate(deliveries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres  # row locks and a unique index under real concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_deliveries_record_one_payment(client, stripe_settings):
    card_checkout(client, two_producer_goods())
    payment = OrderPayment.objects.get()
    succeeded = intent_object(payment.payment_intent_id)
    # Stripe's retries of one event, and a second event for the same success (e.g. a resend).
    deliveries = [("payment_intent.succeeded", succeeded, f"evt_{i % 2}") for i in range(12)]

    outcomes = concurrent_deliveries(deliveries)

    assert sorted(set(outcomes)) == ["already paid", "duplicate", "paid"], outcomes
    assert outcomes.count("paid") == 1
    assert ledger(payment)["transactions"] == [("Debit", Decimal(ORDER_TOTAL))]
    assert StripeEvent.objects.count() == 2
