"""Card refunds through Stripe, and the refunds Stripe reports (`charge.refunded`, `refund.*`).

A refund is three steps so that no lock is held while Stripe is called: recorded pending under a
unique idempotency key (one short transaction under the payment's lock), Stripe asked with that
key (no transaction), its answer applied under the lock. A crash between the two is repaired by
the webhook, which finds the refund by Stripe's id or the key in its metadata, or by a re-run,
which sends the same key. Builds on the payment services' locking and event helpers.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from .services import (
    EVENT_REFUNDED,
    STRIPE_CURRENCY,
    CardPaymentError,
    Method,
    Status,
    _settle,
    order_note_add,
    order_payment_lock,
    payment_event_record,
    payment_source,
)
from .stripe_client import get_client

logger = logging.getLogger(__name__)

CardRefund = get_model("payment", "CardRefund")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")

# Metadata key of our refunds at Stripe: the idempotency key, so a webhook finds a refund whose
# answer a crash lost.
REFUND_KEY = "ocop_refund"


def card_charge_refunded_apply(*, charge: Any) -> str:
    """Record a refund Stripe reports (`charge.refunded`), including ones made in Stripe's own
    dashboard. `amount_refunded` is cumulative, so only the part not yet recorded is added: first
    as our own pending refunds that fit in it (oldest first: a crash left them unapplied), the
    rest as a refund made elsewhere. A refund reported before the payment itself first records
    that payment."""
    if not isinstance(charge.payment_intent, str):
        return "unknown payment intent"
    with transaction.atomic():
        payment = order_payment_lock(payment_intent_id=charge.payment_intent)
        if payment is None:
            return "unknown payment intent"
        if not payment.is_settled:
            outcome = _settle(
                payment, amount=charge.amount, currency_code=charge.currency, reference=charge.payment_intent
            )
            if outcome != "paid":
                return outcome
        missing = Decimal(charge.amount_refunded) - payment.amount_refunded
        if missing <= 0:
            return "refund already recorded"
        for refund in payment.refunds.filter(status=CardRefund.Status.PENDING):
            if refund.amount <= missing:
                _refund_settle(payment, refund, status="succeeded", reference=charge.id)
                missing -= refund.amount
        if missing > 0 and payment.refundable > 0:
            _record_refund(payment, amount=min(missing, payment.refundable), reference=charge.id, lines=[])
        return "refunded"


def card_refund_event_apply(*, refund: Any) -> str:
    """Apply what Stripe says of one of our refunds (`refund.created/updated/failed`): found by
    Stripe's id or by the idempotency key we put in its metadata, so a refund whose answer was
    lost in a crash is recorded now. Refunds made elsewhere are left to `charge.refunded`."""
    key = refund.metadata[REFUND_KEY] if refund.metadata and REFUND_KEY in refund.metadata else None
    if not isinstance(refund.payment_intent, str):
        return "unknown payment intent"
    with transaction.atomic():
        payment = order_payment_lock(payment_intent_id=refund.payment_intent)
        if payment is None:
            return "unknown payment intent"
        ours = payment.refunds.filter(stripe_refund_id=refund.id).first()
        if ours is None and isinstance(key, str):
            ours = payment.refunds.filter(idempotency_key=key).first()
        if ours is None:
            return "ignored: refund not made here"
        if Decimal(refund.amount) != ours.amount or refund.currency.lower() != STRIPE_CURRENCY:
            order_note_add(
                payment,
                f"Stripe reported refund {refund.id}: {refund.amount} {refund.currency}, not {ours.amount}.",
            )
            return "amount mismatch"
        return _refund_settle(payment, ours, status=refund.status or "", reference=refund.id)


def _refund_settle(payment: Any, refund: Any, *, status: str, reference: str) -> str:
    """Move our pending refund to Stripe's answer, under the payment's lock; once only."""
    if refund.status != CardRefund.Status.PENDING:
        return "refund already recorded" if refund.status == CardRefund.Status.SUCCEEDED else "refund failed"
    if reference.startswith("re_") and not refund.stripe_refund_id:
        refund.stripe_refund_id = reference
    if status == "succeeded":
        refund.status = CardRefund.Status.SUCCEEDED
        amount = min(refund.amount, payment.refundable)
        if amount > 0:
            _record_refund(payment, amount=amount, reference=reference, lines=refund.lines.all())
    elif status in ("failed", "canceled"):
        refund.status = CardRefund.Status.FAILED
        order_note_add(
            payment, f"Stripe refund {reference} of {refund.amount} VND {status}; nothing refunded."
        )
    refund.save(update_fields=["status", "stripe_refund_id", "updated"])
    return {"succeeded": "refunded", "failed": "refund failed"}.get(refund.status, "refund pending")


def _record_refund(payment: Any, *, amount: Decimal, reference: str, lines: Iterable[Any]) -> None:
    payment.amount_refunded += amount
    payment.status = Status.REFUNDED if payment.amount_refunded >= payment.amount else Status.PARTLY_REFUNDED
    payment.save(update_fields=["amount_refunded", "status", "updated"])
    source = payment_source(payment)
    if source is not None:
        source.refund(amount, reference=reference)
    payment_event_record(payment, EVENT_REFUNDED, amount, reference, lines)


def refundable_lines(*, order: Any) -> list[Any]:
    """Lines of `order` not yet in a refund event (with their producer)."""
    refunded = PaymentEventQuantity.objects.filter(event__order=order, event__event_type__name=EVENT_REFUNDED)
    return list(order.lines.exclude(pk__in=refunded.values("line_id")).select_related("partner"))


def _refund_scope(payment: Any, partner: Any | None) -> tuple[Decimal, list[Any]]:
    lines = refundable_lines(order=payment.order)
    if partner is None:
        return payment.refundable, lines
    lines = [line for line in lines if line.partner_id == partner.pk]
    if not lines:
        raise CardPaymentError(_("%(producer)s's lines are already refunded.") % {"producer": partner.name})
    return min(sum((line.line_price_incl_tax for line in lines), Decimal(0)), payment.refundable), lines


def card_refund_begin(*, order: Any, partner: Any | None = None) -> Any:
    """First step of a refund, in one short transaction under the payment's lock: the refund to
    ask Stripe for, recorded pending under a new idempotency key — or, when an earlier attempt is
    still pending (Stripe unreachable, a crash, a second click), that one, so re-running it sends
    the same key and Stripe refunds once. One refund is in flight per order at a time."""
    with transaction.atomic():
        payment = order_payment_lock(order=order)
        if payment is None or payment.method != Method.CARD or not payment.is_settled:
            raise CardPaymentError(_("Only orders paid by card can be refunded here."))
        pending = payment.refunds.filter(status=CardRefund.Status.PENDING).first()
        if pending is not None:
            return pending
        amount, lines = _refund_scope(payment, partner)
        if amount <= 0:
            raise CardPaymentError(_("Nothing is left to refund on this order."))
        refund = CardRefund.objects.create(
            payment=payment,
            partner=partner,
            amount=amount,
            idempotency_key=f"ocop-refund-{order.number}-{uuid.uuid4().hex}",
        )
        refund.lines.set(lines)
        return refund


def card_refund_send(*, refund: Any) -> Any:
    """Second step, with no transaction or lock: ask Stripe for `refund` under its idempotency
    key (also in the metadata, so the webhook finds it). A definite refusal marks it failed;
    anything else (unreachable, a timeout) leaves it pending for a re-run or the webhook."""
    payment, order = refund.payment, refund.payment.order
    scope = f"producer-{refund.partner_id}" if refund.partner_id else "all"
    try:
        return get_client().v1.refunds.create(
            params={
                "payment_intent": payment.payment_intent_id,
                "amount": int(refund.amount),
                "metadata": {
                    "order_number": order.number,
                    "scope": scope,
                    REFUND_KEY: refund.idempotency_key,
                },
            },
            options={"idempotency_key": refund.idempotency_key},
        )
    except stripe.StripeError as exc:
        logger.warning(
            "Order %s: refund %s not taken by Stripe: %s", order.number, refund.idempotency_key, exc
        )
        status = exc.http_status or 0
        if 400 <= status < 500 and status not in (409, 429):  # refused, not "try again"
            CardRefund.objects.filter(pk=refund.pk, status=CardRefund.Status.PENDING).update(
                status=CardRefund.Status.FAILED, updated=timezone.now()
            )
            raise CardPaymentError(
                _("Stripe did not take the refund (%(reason)s); nothing was recorded.")
                % {"reason": getattr(exc, "user_message", None) or str(exc)}
            ) from exc
        raise CardPaymentError(
            _(
                "Stripe did not answer, so the refund is not recorded yet. Refund again: Stripe "
                "will not refund twice."
            )
        ) from exc


def card_refund_apply(*, refund: Any, answer: Any) -> str:
    """Third step: Stripe's answer (a `stripe.Refund`) applied under the payment's lock; a
    webhook that got there first leaves nothing to do."""
    with transaction.atomic():
        payment = order_payment_lock(pk=refund.payment_id)
        refund = CardRefund.objects.get(pk=refund.pk)
        return _refund_settle(payment, refund, status=answer.status or "", reference=answer.id)


def card_payment_refund(*, order: Any, partner: Any | None = None) -> Decimal:
    """Refund a card-paid order through Stripe: all that is left, or one producer's lines.

    Three steps so that no lock is held while Stripe is called (DESIGN.md, STYLE.md): the refund
    recorded pending under a unique idempotency key, Stripe asked with that key, its answer
    applied under the lock. Two staff members clicking at once, or a re-run after a crash, send
    the same key, so Stripe refunds once and the refund (Oscar source transaction, a "refunded"
    payment event with the lines) is recorded once. Returns the amount of the refund handled (a
    pending one first, whatever its scope); raises CardPaymentError with a message for staff.
    """
    refund = card_refund_begin(order=order, partner=partner)
    outcome = card_refund_apply(refund=refund, answer=card_refund_send(refund=refund))
    if outcome == "refund failed":
        raise CardPaymentError(_("Stripe did not take the refund; nothing was recorded."))
    return refund.amount
