"""Payment services: the order's payment at placement, Stripe PaymentIntents for card orders,
what Stripe reports about them (webhook or return page); refunds are in `refunds`.

Design (DESIGN.md §5, README "Payments"): the order is placed *before* the card is charged, with
its stock allocated, so it is created exactly once (the checkout's order number is the basket's)
and never lost; its `OrderPayment` row then moves on what Stripe says. Every change takes that row
under `SELECT … FOR UPDATE`, so the webhook and the customer's return page never both record one
payment.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency

from shop.checkout.emails import order_emails_enqueue
from shop.checkout.stock import stock_reallocate, stock_release

from .stripe_client import get_client

logger = logging.getLogger(__name__)

OrderPayment = get_model("payment", "OrderPayment")
CardRefund = get_model("payment", "CardRefund")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
PaymentEventType = get_model("order", "PaymentEventType")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")

Method = OrderPayment.Method
Status = OrderPayment.Status

STRIPE_CURRENCY = "vnd"
# Stripe takes at most 8 digits for an amount; VND is zero-decimal, so 99.999.999 ₫ per order.
MAX_CARD_AMOUNT = 99_999_999
# Payment event names (Oscar's PaymentEventType rows, created on first use).
EVENT_TO_COLLECT = "to-collect-on-delivery"
EVENT_PAID = "paid"
EVENT_FAILED = "payment-failed"
EVENT_REFUNDED = "refunded"


class CardPaymentError(Exception):
    """A card payment cannot go ahead; the message is for the customer or the staff member."""


def card_amount(total: Decimal) -> int:
    """The amount Stripe is asked for: whole đồng, 1 to 8 digits; CardPaymentError otherwise."""
    if total != total.to_integral_value():
        raise CardPaymentError(_("The order total is not a whole number of đồng; please contact us."))
    amount = int(total)
    if amount <= 0:
        raise CardPaymentError(_("There is nothing to pay by card for this order."))
    if amount > MAX_CARD_AMOUNT:
        raise CardPaymentError(
            _(
                "Card payments are limited to %(limit)s per order. Pay cash on delivery, or split "
                "your basket into smaller orders."
            )
            % {"limit": currency(Decimal(MAX_CARD_AMOUNT), "VND")}
        )
    return amount


def _unreachable(exc: stripe.StripeError) -> CardPaymentError:
    logger.warning("Stripe request failed: %s", exc)
    return CardPaymentError(
        _(
            "Card payment is unavailable right now: we could not reach our card processor. "
            "Nothing has been charged. Choose cash on delivery, or try again in a few minutes."
        )
    )


def card_payment_intent_create(*, order_number: str, total: Decimal, email: str = "") -> Any:
    """A PaymentIntent for the order total, before the order is placed.

    The idempotency key is the order number and amount: submitting the same basket again (after a
    refused placement, a double click) gets the same PaymentIntent back, never a second one. The
    answer is checked against what was asked (amount, currency) before anyone pays it.
    """
    amount = card_amount(total)
    params: dict[str, Any] = {
        "amount": amount,
        "currency": STRIPE_CURRENCY,
        "automatic_payment_methods": {"enabled": True},
        "description": f"Chợ OCOP #{order_number}",
        "metadata": {"order_number": order_number},
    }
    if email:
        params["receipt_email"] = email
    try:
        intent = get_client().v1.payment_intents.create(
            params=params, options={"idempotency_key": f"ocop-order-{order_number}-{amount}"}
        )
    except stripe.StripeError as exc:
        raise _unreachable(exc) from exc
    if intent.amount != amount or intent.currency != STRIPE_CURRENCY:
        logger.error(
            "PaymentIntent %s answered %s %s for %s vnd", intent.id, intent.amount, intent.currency, amount
        )
        raise CardPaymentError(_("The card payment could not be prepared; nothing has been charged."))
    return intent


def card_payment_intent_retrieve(*, payment_intent_id: str) -> Any:
    """Stripe's current view of a PaymentIntent (the return page asks; it never trusts the URL)."""
    try:
        return get_client().v1.payment_intents.retrieve(payment_intent_id)
    except stripe.StripeError as exc:
        raise _unreachable(exc) from exc


def card_client_secret(*, payment: Any) -> str:
    """The client secret Stripe.js needs to show the Payment Element for this order."""
    return card_payment_intent_retrieve(payment_intent_id=payment.payment_intent_id).client_secret


def order_payment_create(*, order: Any, method: str, payment_intent_id: str | None = None) -> Any:
    """The order's payment row, written inside the placement transaction."""
    status = {
        Method.CASH_ON_DELIVERY: Status.TO_COLLECT,
        Method.BANK_TRANSFER: Status.AWAITING_TRANSFER,
    }.get(method, Status.AWAITING)
    payment = OrderPayment(
        order=order,
        method=method,
        status=status,
        amount=order.total_incl_tax,
        currency=order.currency,
        payment_intent_id=payment_intent_id,
    )
    payment.full_clean(validate_unique=False)
    payment.save()
    return payment


def source_type(method: str) -> Any:
    """Oscar's SourceType for a payment method (created on first use, named in Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        name = str(Method(method).label)
    return SourceType.objects.get_or_create(code=method, defaults={"name": name})[0]


def order_payment_lock(**lookup: Any) -> Any:
    """The payment matching `lookup` (with its order) under `SELECT … FOR UPDATE`, or None; inside
    a transaction. Every change to a payment's state is made under this lock."""
    return OrderPayment.objects.select_for_update().select_related("order").filter(**lookup).first()


def payment_event_record(
    payment: Any, name: str, amount: Decimal, reference: str, lines: Iterable[Any] = ()
) -> Any:
    """One Oscar payment event of the order (paid, refunded…), with the quantities of `lines`."""
    event_type = PaymentEventType.objects.get_or_create(name=name)[0]
    event = PaymentEvent.objects.create(
        order=payment.order, event_type=event_type, amount=amount, reference=reference
    )
    PaymentEventQuantity.objects.bulk_create(
        PaymentEventQuantity(event=event, line=line, quantity=line.quantity) for line in lines
    )
    return event


def order_note_add(payment: Any, message: str) -> None:
    """A system note on the payment's order, for staff reading it in the dashboard."""
    OrderNote.objects.create(order=payment.order, note_type=OrderNote.SYSTEM, message=message)


def payment_source(payment: Any) -> Any:
    """Oscar's Source of the order for the payment's method (the ledger it debits), or None."""
    return payment.order.sources.filter(source_type__code=payment.method).first()


def payment_stock_retake(payment: Any) -> str:
    """Take again the stock a payment gave back (released after a failure) now that money came
    in: '' when done or nothing was released, else why not (sold out meanwhile)."""
    if not payment.stock_released:
        return ""
    try:
        with transaction.atomic():
            stock_reallocate(order=payment.order)
    except UnableToPlaceOrder as exc:
        return str(exc)
    payment.stock_released = False
    return ""


def _settle(payment: Any, *, amount: int, currency_code: str, reference: str) -> str:
    """Record a succeeded card payment once; checks amount and currency against the order."""
    if payment.is_settled:
        return "already paid"
    if currency_code.lower() != STRIPE_CURRENCY or Decimal(amount) != payment.amount:
        logger.error(
            "Order %s: Stripe reports %s %s paid for %s VND: not recorded",
            payment.order.number,
            amount,
            currency_code,
            payment.amount,
        )
        order_note_add(
            payment, f"Stripe reported {amount} {currency_code} paid for {payment.amount} VND: not recorded."
        )
        return "amount mismatch"
    shortage = payment_stock_retake(payment)
    if shortage:
        order_note_add(
            payment, f"Paid after the stock was released and sold meanwhile ({shortage}); refunded."
        )
    payment.status = Status.PAID
    payment.paid_at = timezone.now()
    payment.save(update_fields=["status", "paid_at", "stock_released", "updated"])
    source = payment_source(payment)
    if source is not None:
        source.debit(payment.amount, reference=reference)
    payment_event_record(payment, EVENT_PAID, payment.amount, reference, payment.order.lines.all())
    order_id = payment.order_id
    if shortage:
        transaction.on_commit(lambda: _refund_after_shortage(order_id))
    else:
        order_emails_enqueue(order_id=order_id)
    return "paid"


def _refund_after_shortage(order_id: int) -> None:
    from .refunds import card_payment_refund  # refunds builds on this module

    payment = OrderPayment.objects.select_related("order").get(order_id=order_id)
    try:
        card_payment_refund(order=payment.order)
    except CardPaymentError:
        logger.exception(
            "Order %s: automatic refund failed; refund it from the dashboard", payment.order.number
        )


def _fail(payment: Any, *, reference: str, cancelled: bool) -> str:
    """A card payment that did not go through: the stock goes back to the shelf (once)."""
    if payment.is_settled or payment.status == Status.CANCELLED:
        return "ignored: payment already settled"
    if payment.status == Status.FAILED and not cancelled:
        return "already failed"
    if not payment.stock_released:
        stock_release(order=payment.order)
        payment.stock_released = True
    payment.status = Status.CANCELLED if cancelled else Status.FAILED
    payment.save(update_fields=["status", "stock_released", "updated"])
    payment_event_record(payment, EVENT_FAILED, Decimal(0), reference)
    return "cancelled" if cancelled else "failed"


def card_payment_apply(*, intent: Any) -> str:
    """Move the order's payment to what Stripe says of `intent`; returns what happened.

    Called by the webhook (payment_intent.*) and the return page with the PaymentIntent object.
    Tolerates any order and any repetition: a payment once settled ignores later failures, a
    failure already recorded is not recorded twice, and a success after a failure takes the stock
    again (or refunds the customer when the goods sold out meanwhile).
    """
    with transaction.atomic():
        payment = order_payment_lock(payment_intent_id=intent.id)
        if payment is None:
            return "unknown payment intent"
        if intent.status == "succeeded":
            received = getattr(intent, "amount_received", None) or intent.amount
            return _settle(payment, amount=received, currency_code=intent.currency, reference=intent.id)
        if intent.status == "processing":
            if payment.status == Status.AWAITING:
                payment.status = Status.PROCESSING
                payment.save(update_fields=["status", "updated"])
                return "processing"
            return "ignored: not awaiting"
        if intent.status in ("requires_payment_method", "canceled"):
            return _fail(payment, reference=intent.id, cancelled=intent.status == "canceled")
        return f"ignored: {intent.status}"


def order_payment_switch_to_cash(*, order: Any) -> Any:
    """The customer gives up on the card or the bank transfer and pays cash on delivery instead.

    Cancels the PaymentIntent first (so it can no longer be charged), then takes the stock again
    if a failure had released it, and records the cash-on-delivery source. Raises CardPaymentError
    when Stripe cannot be reached or the payment went through meanwhile (for a transfer: once any
    transfer was recorded), and UnableToPlaceOrder when the goods sold out meanwhile.
    """
    payment = OrderPayment.objects.get(order=order)
    if payment.is_settled and payment.method == Method.CARD:
        raise CardPaymentError(_("This order is already paid by card."))
    if payment.status == Status.CANCELLED:
        raise CardPaymentError(_("This order was cancelled."))
    with _locked_after_intent_cancel(payment) as payment:
        if payment.stock_released:
            stock_reallocate(order=payment.order)
        payment.order.sources.filter(source_type__code=payment.method).delete()
        payment.method, payment.status, payment.stock_released = (
            Method.CASH_ON_DELIVERY,
            Status.TO_COLLECT,
            False,
        )
        payment.save(update_fields=["method", "status", "stock_released", "updated"])
        Source.objects.create(
            order=payment.order,
            source_type=source_type(Method.CASH_ON_DELIVERY),
            currency=payment.currency,
            amount_allocated=payment.amount,
        )
        payment_event_record(payment, EVENT_TO_COLLECT, payment.amount, "")
        order_emails_enqueue(order_id=payment.order_id)
    return payment


def order_payment_cancel(*, order: Any) -> Any:
    """The customer cancels an unpaid card order: the PaymentIntent is cancelled at Stripe, the
    stock goes back and the order is marked cancelled."""
    payment = OrderPayment.objects.get(order=order)
    if payment.is_settled or payment.method != Method.CARD:
        raise CardPaymentError(_("This order can no longer be cancelled here; please contact us."))
    with _locked_after_intent_cancel(payment) as payment:
        order_payment_cancel_locked(payment=payment, reference=payment.payment_intent_id or "")
    return payment


def order_payment_cancel_locked(*, payment: Any, reference: str) -> None:
    """Cancel an unpaid payment already locked: its stock goes back (once), the payment and the
    order are marked cancelled."""
    _fail(payment, reference=reference, cancelled=True)
    if "Cancelled" in payment.order.available_statuses():
        payment.order.set_status("Cancelled")


@contextmanager
def _locked_after_intent_cancel(payment: Any) -> Iterator[Any]:
    """Cancel the PaymentIntent at Stripe, then give the payment row locked in a transaction;
    refuses a payment that went through meanwhile."""
    _intent_cancel(payment)
    with transaction.atomic():
        payment = order_payment_lock(order_id=payment.order_id)
        if payment.is_settled and payment.method == Method.CARD:
            raise CardPaymentError(_("This order is already paid by card."))
        if payment.method == Method.BANK_TRANSFER and payment.status == Status.CANCELLED:
            raise CardPaymentError(_("This order was cancelled."))
        if payment.method == Method.BANK_TRANSFER and payment.status != Status.AWAITING_TRANSFER:
            # A transfer arrived (in full or in part) while the buyer decided: it stands.
            raise CardPaymentError(
                _("Your bank transfer for this order has arrived; it stays paid by transfer.")
            )
        yield payment


def _intent_cancel(payment: Any) -> None:
    if not payment.payment_intent_id:
        return
    try:
        get_client().v1.payment_intents.cancel(payment.payment_intent_id)
    except stripe.InvalidRequestError as exc:
        # Already cancelled, or paid meanwhile: record what Stripe says before deciding.
        logger.info("PaymentIntent %s not cancelled: %s", payment.payment_intent_id, exc)
        card_payment_apply(intent=card_payment_intent_retrieve(payment_intent_id=payment.payment_intent_id))
    except stripe.StripeError as exc:
        raise _unreachable(exc) from exc


def card_payment_retry(*, order: Any) -> Any:
    """After a failed card payment the customer tries again: the stock is taken again (or
    UnableToPlaceOrder says what sold out meanwhile) and the PaymentIntent awaits a new card."""
    with transaction.atomic():
        payment = order_payment_lock(order=order)
        if payment.status != Status.FAILED:
            return payment
        if payment.stock_released:
            stock_reallocate(order=payment.order)
        payment.status, payment.stock_released = Status.AWAITING, False
        payment.save(update_fields=["status", "stock_released", "updated"])
    return payment


def card_orders_unpaid(*, older_than: timedelta) -> Any:
    """Card orders left unpaid (awaiting a card, or failed) for longer than `older_than`."""
    return OrderPayment.objects.filter(
        method=Method.CARD,
        status__in=[Status.AWAITING, Status.FAILED],
        created__lt=timezone.now() - older_than,
    ).select_related("order")
