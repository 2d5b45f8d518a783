"""Refunds in three steps — pending row under an idempotency key, Stripe called with no lock,
answer applied under the lock — and the repair of a crash between them by the webhook or a
re-run. The state machine runs on factories; only the tests that call Stripe need stripe-mock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import stripe
from django.urls import reverse
from oscar.core.loading import get_model

from shop.payment import refunds, services
from tests.factories.payment import card_order
from tests.shop.stripe_helpers import signed_event, webhook_headers

CardRefund = get_model("payment", "CardRefund")
PaymentEvent = get_model("order", "PaymentEvent")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

PI = "pi_test_ocop"
HONEY, RICE = 125_000, 160_000
TOTAL = HONEY + RICE


@pytest.fixture
def paid():
    return card_order(payment_intent_id=PI)


def ledger(payment) -> dict[str, Any]:
    payment.refresh_from_db()
    return {
        "status": payment.status,
        "refunded": payment.amount_refunded,
        "refunds": sorted(
            Transaction.objects.filter(source__order=payment.order, txn_type="Refund").values_list(
                "amount", flat=True
            )
        ),
        "refund_lines": sorted(
            line.partner.name
            for event in PaymentEvent.objects.filter(order=payment.order, event_type__name="refunded")
            for line in event.lines.all()
        ),
    }


def deliver(client, event_type: str, obj: dict[str, Any], event_id: str):
    body, signature = signed_event(event_type, obj, event_id=event_id)
    return client.post(
        reverse("checkout:stripe-webhook"),
        data=body,
        content_type="application/json",
        **webhook_headers(signature),
    )


def stripe_refund(
    refund, *, status: str = "succeeded", refund_id: str = "re_test_1", key: bool = True
) -> dict:
    """The Refund Stripe reports for our pending `refund` (its metadata carries our key)."""
    return {
        "id": refund_id,
        "object": "refund",
        "amount": int(refund.amount),
        "currency": "vnd",
        "status": status,
        "payment_intent": PI,
        "metadata": {refunds.REFUND_KEY: refund.idempotency_key} if key else {},
    }


def charge(amount_refunded: int) -> dict[str, Any]:
    return {
        "id": "ch_test_1",
        "object": "charge",
        "amount": TOTAL,
        "amount_refunded": amount_refunded,
        "currency": "vnd",
        "payment_intent": PI,
    }


NOTHING = {"status": "paid", "refunded": Decimal(0), "refunds": [], "refund_lines": []}


def test_first_step_records_a_pending_refund_and_nothing_refunded(paid):
    rice_farm = paid.order.lines.get(line_price_incl_tax=RICE).partner

    refund = refunds.card_refund_begin(order=paid.order, partner=rice_farm)

    assert (refund.status, refund.amount, refund.stripe_refund_id) == ("pending", Decimal(RICE), None)
    assert refund.idempotency_key.startswith(f"ocop-refund-{paid.order.number}-")
    assert [line.partner for line in refund.lines.all()] == [rice_farm]
    assert ledger(paid) == NOTHING


def test_rerun_after_a_crash_resumes_the_pending_refund_under_the_same_key(paid):
    first = refunds.card_refund_begin(order=paid.order)  # then the process died

    again = refunds.card_refund_begin(order=paid.order)
    other_scope = refunds.card_refund_begin(order=paid.order, partner=paid.order.lines.first().partner)

    assert again.pk == other_scope.pk == first.pk
    assert again.idempotency_key == first.idempotency_key
    assert CardRefund.objects.count() == 1


def test_crash_before_the_answer_is_repaired_by_the_refund_webhook_once(client, webhook_secret, paid):
    refund = refunds.card_refund_begin(order=paid.order)  # Stripe refunded; we crashed

    outcomes = [
        deliver(client, "refund.created", stripe_refund(refund), "evt_r1").json()["outcome"],
        deliver(client, "refund.updated", stripe_refund(refund), "evt_r2").json()["outcome"],
        deliver(client, "charge.refunded", charge(TOTAL), "evt_c").json()["outcome"],
        # The crashed process's answer arriving after all (or a re-run's): nothing more.
        refunds.card_refund_apply(
            refund=refund, answer=stripe.Refund.construct_from(stripe_refund(refund), None)
        ),
    ]

    assert outcomes == [
        "refunded",
        "refund already recorded",
        "refund already recorded",
        "refund already recorded",
    ]
    assert ledger(paid) == {
        "status": "refunded",
        "refunded": Decimal(TOTAL),
        "refunds": [Decimal(TOTAL)],
        "refund_lines": ["HTX Gạo Sóc Trăng", "HTX Mật ong Mèo Vạc"],
    }
    refund.refresh_from_db()
    assert (refund.status, refund.stripe_refund_id) == ("succeeded", "re_test_1")


def test_crash_is_repaired_by_charge_refunded_with_the_pending_refunds_lines(client, webhook_secret, paid):
    honey_farm = paid.order.lines.get(line_price_incl_tax=HONEY).partner
    refund = refunds.card_refund_begin(order=paid.order, partner=honey_farm)

    outcome = deliver(client, "charge.refunded", charge(HONEY), "evt_c").json()["outcome"]

    assert outcome == "refunded"
    assert ledger(paid) == {
        "status": "partly-refunded",
        "refunded": Decimal(HONEY),
        "refunds": [Decimal(HONEY)],
        "refund_lines": ["HTX Mật ong Mèo Vạc"],
    }
    refund.refresh_from_db()
    assert refund.status == "succeeded"
    # Stripe's own refund event, later, adds nothing.
    late = deliver(client, "refund.updated", stripe_refund(refund), "evt_r").json()["outcome"]
    assert late == "refund already recorded"


def test_charge_refunded_beyond_our_pending_refund_records_the_rest_as_made_elsewhere(
    client, webhook_secret, paid
):
    honey_farm = paid.order.lines.get(line_price_incl_tax=HONEY).partner
    refunds.card_refund_begin(order=paid.order, partner=honey_farm)

    deliver(client, "charge.refunded", charge(HONEY + 10_000), "evt_c")

    assert ledger(paid)["refunds"] == [Decimal(10_000), Decimal(HONEY)]
    assert ledger(paid)["refund_lines"] == ["HTX Mật ong Mèo Vạc"]


def test_refund_stripe_reports_failed_records_nothing_and_frees_the_order(client, webhook_secret, paid):
    refund = refunds.card_refund_begin(order=paid.order)

    outcome = deliver(client, "refund.failed", stripe_refund(refund, status="failed"), "evt_f").json()[
        "outcome"
    ]

    assert outcome == "refund failed"
    assert ledger(paid) == NOTHING
    retry = refunds.card_refund_begin(order=paid.order)
    assert retry.pk != refund.pk and retry.idempotency_key != refund.idempotency_key


def test_refund_still_pending_at_stripe_is_recorded_when_stripe_confirms_it(client, webhook_secret, paid):
    refund = refunds.card_refund_begin(order=paid.order)
    answer = stripe.Refund.construct_from(stripe_refund(refund, status="pending", refund_id="re_slow"), None)

    assert refunds.card_refund_apply(refund=refund, answer=answer) == "refund pending"
    assert ledger(paid) == NOTHING
    # Stripe's update, found by its refund id even without our metadata.
    confirmed = stripe_refund(refund, refund_id="re_slow", key=False)
    assert deliver(client, "refund.updated", confirmed, "evt_u").json()["outcome"] == "refunded"
    assert ledger(paid)["refunded"] == Decimal(TOTAL)


def test_refund_event_with_another_amount_is_not_recorded(client, webhook_secret, paid):
    refund = refunds.card_refund_begin(order=paid.order)
    obj = {**stripe_refund(refund), "amount": 1}

    assert deliver(client, "refund.updated", obj, "evt_x").json()["outcome"] == "amount mismatch"
    assert ledger(paid) == NOTHING


def test_stripe_unreachable_leaves_the_refund_pending_and_records_nothing(webhook_secret, paid):
    with pytest.raises(services.CardPaymentError):
        refunds.card_payment_refund(order=paid.order)

    assert ledger(paid) == NOTHING
    assert CardRefund.objects.get().status == "pending"


# ---------------------------------------------------------------- against stripe-mock


def test_refund_through_stripe_is_recorded_once_with_its_key(stripe_settings, paid):
    amount = refunds.card_payment_refund(order=paid.order)

    refund = CardRefund.objects.get()
    assert amount == Decimal(TOTAL)
    assert refund.status == "succeeded" and refund.stripe_refund_id.startswith("re_")
    assert ledger(paid)["refunds"] == [Decimal(TOTAL)]


def test_crash_after_stripe_answered_then_rerun_sends_the_same_key_and_records_once(stripe_settings, paid):
    refund = refunds.card_refund_begin(order=paid.order)
    first_answer = refunds.card_refund_send(refund=refund)  # the process dies here

    amount = refunds.card_payment_refund(order=paid.order)  # staff click again

    assert first_answer.last_response.headers["Idempotency-Key"] == refund.idempotency_key
    assert amount == Decimal(TOTAL)
    assert CardRefund.objects.get().idempotency_key == refund.idempotency_key
    assert ledger(paid)["refunds"] == [Decimal(TOTAL)]


def test_rerun_after_stripe_was_unreachable_completes_the_same_refund(settings, stripe_mock_url, paid):
    settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_SECRET_KEY = "whsec_test_ocop", "sk_test_123"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    with pytest.raises(services.CardPaymentError):
        refunds.card_payment_refund(order=paid.order)
    key = CardRefund.objects.get().idempotency_key
    settings.STRIPE_API_BASE = stripe_mock_url

    refunds.card_payment_refund(order=paid.order)

    assert list(CardRefund.objects.values_list("idempotency_key", "status")) == [(key, "succeeded")]
    assert ledger(paid)["refunds"] == [Decimal(TOTAL)]
