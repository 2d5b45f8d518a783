"""Stripe webhooks: verify the signature and its age, check the event has the shape Stripe sends,
handle each event id once, dispatch by event type."""

from __future__ import annotations

import json
import logging
import time
import types
import typing
from collections.abc import Callable
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from . import refunds, services

logger = logging.getLogger(__name__)

StripeEvent = get_model("payment", "StripeEvent")

# Seconds a signed request stays valid, in either direction from our clock: an older one may be a
# captured request replayed, a newer one a forged clock (Stripe's own default tolerance).
TOLERANCE = stripe.Webhook.DEFAULT_TOLERANCE


def _intent_event(intent: Any) -> str:
    return services.card_payment_apply(intent=intent)


def _charge_refunded(charge: Any) -> str:
    return refunds.card_charge_refunded_apply(charge=charge)


def _refund_event(refund: Any) -> str:
    return refunds.card_refund_event_apply(refund=refund)


# Each handled event type: the `stripe` class its `data.object` must be, the fields the handler
# reads (type-checked against that class's own annotations), and the handler. The PaymentIntent's
# own status says what happened, so every payment_intent.* event is applied alike.
INTENT_FIELDS = ("id", "status", "amount", "amount_received", "currency")
CHARGE_FIELDS = ("id", "amount", "amount_refunded", "currency", "payment_intent")
REFUND_FIELDS = ("id", "amount", "currency", "status", "payment_intent", "metadata")
HANDLERS: dict[str, tuple[type[stripe.StripeObject], tuple[str, ...], Callable[[Any], str]]] = {
    "payment_intent.succeeded": (stripe.PaymentIntent, INTENT_FIELDS, _intent_event),
    "payment_intent.processing": (stripe.PaymentIntent, INTENT_FIELDS, _intent_event),
    "payment_intent.payment_failed": (stripe.PaymentIntent, INTENT_FIELDS, _intent_event),
    "payment_intent.canceled": (stripe.PaymentIntent, INTENT_FIELDS, _intent_event),
    "charge.refunded": (stripe.Charge, CHARGE_FIELDS, _charge_refunded),
    "refund.created": (stripe.Refund, REFUND_FIELDS, _refund_event),
    "refund.updated": (stripe.Refund, REFUND_FIELDS, _refund_event),
    "refund.failed": (stripe.Refund, REFUND_FIELDS, _refund_event),
}


class WebhookRejected(Exception):
    """The request is not a genuine Stripe event (answered 400, nothing changed)."""


def stripe_event_verify(*, payload: bytes, signature: str) -> stripe.Event:
    """The event in `payload` if Stripe signed it with our endpoint secret less than TOLERANCE
    seconds from now (before or after), and it has the shape Stripe sends."""
    secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", None)
    if not secret:
        raise WebhookRejected("Webhook secret is not configured.")
    if not signature:
        raise WebhookRejected("Missing Stripe-Signature header.")
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, TOLERANCE)
    except stripe.SignatureVerificationError as exc:
        reason = "Timestamp outside the tolerance." if "tolerance" in str(exc) else "Invalid signature."
        raise WebhookRejected(reason) from exc
    except ValueError as exc:  # a body that is not UTF-8 cannot be the text Stripe signed
        raise WebhookRejected("Malformed payload: not UTF-8.") from exc
    # The library only refuses timestamps too far in the past; the header is genuine by now.
    if _signed_at(signature) > time.time() + TOLERANCE:
        raise WebhookRejected("Timestamp outside the tolerance.")
    return stripe_event_parse(payload)


def _signed_at(signature: str) -> int:
    """The `t=` of a Stripe-Signature header the library has verified (its first `t`, as it reads)."""
    return next(
        int(value) for key, _, value in (i.partition("=") for i in signature.split(",")) if key == "t"
    )


def stripe_event_parse(payload: bytes) -> stripe.Event:
    """The `stripe.Event` in a verified body, or WebhookRejected saying what Stripe would not send."""
    try:
        values = json.loads(payload)
    except ValueError as exc:  # not UTF-8, not JSON
        raise WebhookRejected("Malformed payload: not JSON.") from exc
    if not isinstance(values, dict) or values.get("object") != "event":
        raise WebhookRejected("Malformed payload: not a Stripe event object.")
    event = stripe.Event.construct_from(values, None)
    for field in ("id", "type"):
        if not isinstance(_get(event, field), str) or not 0 < len(event[field]) <= 255:
            raise WebhookRejected(f"Malformed event: no {field}.")
    data = _get(event, "data")
    obj = _get(data, "object") if isinstance(data, stripe.StripeObject) else None
    if not isinstance(obj, stripe.StripeObject):
        raise WebhookRejected("Malformed event: data.object is not an object.")
    handled = HANDLERS.get(event.type)
    if handled is not None:
        _check_shape(obj, handled[0], handled[1])
    return event


def _get(obj: stripe.StripeObject, field: str) -> Any:
    """A field of a StripeObject (not a dict: no `.get`), None when absent."""
    return obj[field] if field in obj else None  # noqa: SIM401 - StripeObject has no .get


def _check_shape(obj: stripe.StripeObject, kind: type[stripe.StripeObject], fields: tuple[str, ...]) -> None:
    """`obj` is a `kind` (the library picks the class from its `object`) and each field a handler
    reads holds what the library's class declares for it (amounts whole and not negative)."""
    if not isinstance(obj, kind):
        expected = f"{_get(obj, 'object')!r} where {kind.OBJECT_NAME!r} is expected"
        raise WebhookRejected(f"Unsupported object: {expected}.")
    hints = kind.__annotations__
    for field in fields:
        if field not in obj:
            raise WebhookRejected(f"Malformed {kind.OBJECT_NAME}: no {field}.")
        value = obj[field]
        if not _matches(value, hints[field]) or (isinstance(value, int) and value < 0):
            raise WebhookRejected(f"Malformed {kind.OBJECT_NAME}: {field} is {value!r}.")


def _matches(value: Any, annotation: Any) -> bool:
    """Whether `value` fits a `stripe` class annotation: int, str, Literal, Optional, a union with
    expandable objects (a forward reference or a StripeObject subclass)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return any(_matches(value, arg) for arg in typing.get_args(annotation))
    if origin is typing.Literal:
        return isinstance(value, str)
    if annotation is type(None):
        return value is None
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, typing.ForwardRef):
        return isinstance(value, stripe.StripeObject)
    cls = origin or annotation
    if isinstance(cls, type) and issubclass(cls, stripe.StripeObject):
        return isinstance(value, stripe.StripeObject)  # e.g. metadata: a plain StripeObject
    return isinstance(cls, type) and isinstance(value, cls)


def stripe_webhook_handle(*, payload: bytes, signature: str) -> str:
    """Verify and apply one webhook delivery; returns what happened to the event.

    The event's row is inserted first, in the same transaction as its effects: a replay (Stripe
    retries, duplicates) fails the unique constraint and changes nothing, and an error while
    applying rolls the row back too, so Stripe's next retry is applied.
    """
    event = stripe_event_verify(payload=payload, signature=signature)
    handled = HANDLERS.get(event.type)
    obj = event.data.object
    intent_id = obj.id if isinstance(obj, stripe.PaymentIntent) else _get(obj, "payment_intent")
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event.id,
                    type=event.type[:100],
                    payment_intent_id=intent_id if isinstance(intent_id, str) else "",
                )
        except IntegrityError:
            logger.info("Stripe event %s already handled", event.id)
            return "duplicate"
        outcome = handled[2](obj) if handled else "ignored: event type"
        record.outcome = outcome[:255]
        record.save(update_fields=["outcome"])
    logger.info("Stripe event %s (%s): %s", event.id, event.type, outcome)
    return outcome
