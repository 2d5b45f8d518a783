"""Stripe through shop.payment.stripe_client against stripe-mock, and webhook signatures.

stripe-mock (scripts/start-stripe-mock.sh) validates each request against Stripe's OpenAPI spec
and answers with fixture data: on create it echoes the top-level scalar parameters (amount,
currency) but not `metadata`; on retrieve it echoes only the id from the path (amount 1099 usd
come from its fixture). So these tests assert what it echoes, and that the request reached it.
"""

from __future__ import annotations

import time

import pytest
import stripe

from shop.payment import stripe_client
from tests.shop.stripe_helpers import TEST_WEBHOOK_SECRET, event_payload, sign_payload, signed_event

ORDER_TOTAL_VND = 125_000  # VND is zero-decimal: the amount is in whole đồng


def test_client_points_at_configured_api_base(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_API_BASE = "http://127.0.0.1:12111/"
    client = stripe_client.get_client()
    assert isinstance(client, stripe.StripeClient)
    assert client._requestor.base_addresses.get("api") == "http://127.0.0.1:12111"


def test_client_uses_stripe_without_api_base(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_API_BASE = None
    assert stripe_client.get_client()._requestor.base_addresses.get("api") == stripe.DEFAULT_API_BASE


def test_client_needs_a_secret_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.STRIPE_SECRET_KEY = None
    with pytest.raises(ImproperlyConfigured):
        stripe_client.get_client()


def test_payment_intent_round_trip(stripe_settings):
    client = stripe_client.get_client()

    intent = client.v1.payment_intents.create(
        params={
            "amount": ORDER_TOTAL_VND,
            "currency": "vnd",
            "metadata": {"order_number": "100042"},
            "automatic_payment_methods": {"enabled": True},
        }
    )

    assert isinstance(intent, stripe.PaymentIntent)
    assert intent.object == "payment_intent"
    assert intent.id.startswith("pi_")
    # The request reached stripe-mock (its header), which echoed the scalar parameters.
    assert intent.last_response is not None
    assert intent.last_response.code == 200
    assert "Stripe-Mock-Version" in intent.last_response.headers
    assert intent.amount == ORDER_TOTAL_VND
    assert intent.currency == "vnd"
    assert intent.client_secret

    fetched = client.v1.payment_intents.retrieve(intent.id)
    assert isinstance(fetched, stripe.PaymentIntent)
    assert fetched.object == "payment_intent"
    assert fetched.id == intent.id


def test_stripe_mock_rejects_an_invalid_request(stripe_settings):
    """It validates against Stripe's spec: a PaymentIntent without an amount is refused as Stripe would."""
    client = stripe_client.get_client()
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.payment_intents.create(params={"currency": "vnd"})  # type: ignore[typeddict-item]


def test_signed_webhook_is_accepted():
    body, signature = signed_event(
        "payment_intent.succeeded",
        {"id": "pi_test_1", "object": "payment_intent", "amount": ORDER_TOTAL_VND, "currency": "vnd"},
        event_id="evt_test_succeeded",
    )
    event = stripe.Webhook.construct_event(body, signature, TEST_WEBHOOK_SECRET)
    assert event.id == "evt_test_succeeded"
    assert event.type == "payment_intent.succeeded"
    assert event.data.object.amount == ORDER_TOTAL_VND


def test_tampered_webhook_is_rejected():
    body, signature = signed_event("payment_intent.succeeded", {"id": "pi_test_1", "amount": ORDER_TOTAL_VND})
    tampered = body.replace(str(ORDER_TOTAL_VND), "1")
    assert tampered != body
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(tampered, signature, TEST_WEBHOOK_SECRET)


def test_webhook_with_another_secret_or_stale_timestamp_is_rejected():
    body = event_payload("charge.refunded", {"id": "ch_test_1", "object": "charge"})
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, sign_payload(body, "whsec_other"), TEST_WEBHOOK_SECRET)
    stale = sign_payload(body, timestamp=int(time.time()) - 3600)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, stale, TEST_WEBHOOK_SECRET)
