"""Stripe test helpers: webhook payloads signed exactly as Stripe signs them.

stripe-mock sends no webhooks, so payment tests build the event JSON themselves and sign it with
the endpoint secret: header `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<payload>" keyed with the secret>` (https://docs.stripe.com/webhooks#verify-manually).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

TEST_WEBHOOK_SECRET = "whsec_test_ocop"


def sign_payload(
    payload: str | bytes, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None
) -> str:
    """The `Stripe-Signature` header value for `payload` (the exact request body)."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8")
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    signature = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event_payload(
    event_type: str,
    data_object: dict[str, Any],
    *,
    event_id: str = "evt_test_ocop_1",
    created: int | None = None,
) -> str:
    """A Stripe event's JSON body (`object: "event"`) carrying `data_object`, as Stripe posts it."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": int(time.time()) if created is None else created,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
            "data": {"object": data_object},
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def signed_event(
    event_type: str, data_object: dict[str, Any], *, secret: str = TEST_WEBHOOK_SECRET, **kwargs: Any
) -> tuple[str, str]:
    """(body, Stripe-Signature header) for a webhook POST of one event."""
    body = event_payload(event_type, data_object, **kwargs)
    return body, sign_payload(body, secret)


def webhook_headers(signature: str) -> dict[str, str]:
    """Django test client keyword arguments for the signature header."""
    return {"HTTP_STRIPE_SIGNATURE": signature}
