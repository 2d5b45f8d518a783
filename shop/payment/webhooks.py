"""Stripe webhooks: verify the signature, handle each event id once, dispatch by event type."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from . import services

logger = logging.getLogger(__name__)

StripeEvent = get_model("payment", "StripeEvent")


def _intent_event(intent: Any) -> str:
    return services.card_payment_apply(intent=intent)


def _charge_refunded(charge: Any) -> str:
    return services.card_charge_refunded_apply(charge=charge)


# The PaymentIntent's own status says what happened, so every payment_intent.* event is applied alike.
HANDLERS: dict[str, Callable[[Any], str]] = {
    "payment_intent.succeeded": _intent_event,
    "payment_intent.processing": _intent_event,
    "payment_intent.payment_failed": _intent_event,
    "payment_intent.canceled": _intent_event,
    "charge.refunded": _charge_refunded,
}


class WebhookRejected(Exception):
    """The request is not a genuine Stripe event (answered 400, nothing changed)."""


def stripe_event_verify(*, payload: bytes, signature: str) -> Any:
    """The event in `payload` if Stripe signed it with our endpoint secret (within Stripe's
    5-minute tolerance, so an old captured request cannot be replayed)."""
    secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", None)
    if not secret:
        raise WebhookRejected("Webhook secret is not configured.")
    if not signature:
        raise WebhookRejected("Missing Stripe-Signature header.")
    try:
        return stripe.Webhook.construct_event(payload, signature, secret)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected("Invalid signature.") from exc
    except ValueError as exc:
        raise WebhookRejected("Malformed payload.") from exc


def stripe_webhook_handle(*, payload: bytes, signature: str) -> str:
    """Verify and apply one webhook delivery; returns what happened to the event.

    The event's row is inserted first, in the same transaction as its effects: a replay (Stripe
    retries, duplicates) fails the unique constraint and changes nothing, and an error while
    applying rolls the row back too, so Stripe's next retry is applied.
    """
    event = stripe_event_verify(payload=payload, signature=signature)
    handler = HANDLERS.get(event.type)
    obj = event.data.object
    is_intent = getattr(obj, "object", "") == "payment_intent"
    intent_id = obj.id if is_intent else getattr(obj, "payment_intent", "")
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event.id, type=event.type, payment_intent_id=intent_id or ""
                )
        except IntegrityError:
            logger.info("Stripe event %s already handled", event.id)
            return "duplicate"
        outcome = handler(obj) if handler else "ignored: event type"
        record.outcome = outcome[:255]
        record.save(update_fields=["outcome"])
    logger.info("Stripe event %s (%s): %s", event.id, event.type, outcome)
    return outcome
