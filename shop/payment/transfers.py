"""Bank transfers to the shop's VietQR account: each recorded once per bank transaction id (from a
statement import or a push notification) and matched to the order whose reference is in its note,
or by staff by hand; what it does to that order's payment.

Insert first, under the payment's lock: the transfer row is inserted (in a savepoint) before the
payment moves, so a second delivery of one transaction hits the unique constraint and changes
nothing. Money is never accepted silently: an excess, a transfer for an order already paid or one
that arrived after the order was cancelled is recorded with the amount to refund, and noted on the
order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from shop.checkout.emails import order_emails_enqueue

from .references import order_number_found
from .services import (
    EVENT_PAID,
    order_note_add,
    order_payment_cancel_locked,
    order_payment_lock,
    payment_event_record,
    payment_source,
    payment_stock_retake,
    source_type,
)

logger = logging.getLogger(__name__)

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")
Source = get_model("payment", "Source")

Method = OrderPayment.Method
Status = OrderPayment.Status
Outcome = BankTransfer.Outcome

EVENT_PARTLY_PAID = "partly-paid"
# Outcomes that move the payment towards "paid"; the others only add to what is to be refunded.
PAYING = {Outcome.PAID, Outcome.PARTLY_PAID, Outcome.OVERPAID}


class TransferMatchError(Exception):
    """A transfer cannot be matched by hand to that order; the message says why, for staff."""


@dataclass(frozen=True)
class TransferEffect:
    """What a transfer does to a payment as it stands: the outcome and the amount to refund."""

    outcome: str
    refund_due: Decimal


def transfer_effect(*, payment: Any | None, amount: Decimal) -> TransferEffect:
    """What a transfer of `amount` does to `payment` (None: no order matched). Cumulative: the
    transfers already received count towards the amount due."""
    if payment is None:
        return TransferEffect(Outcome.UNMATCHED, Decimal(0))
    if payment.status == Status.CANCELLED or payment.order.status == "Cancelled":
        return TransferEffect(Outcome.LATE, amount)
    if payment.is_settled:
        return TransferEffect(Outcome.ALREADY_PAID, amount)
    received = payment.amount_received + amount
    if received < payment.amount:
        return TransferEffect(Outcome.PARTLY_PAID, Decimal(0))
    if received == payment.amount:
        return TransferEffect(Outcome.PAID, Decimal(0))
    return TransferEffect(Outcome.OVERPAID, received - payment.amount)


def transfer_effect_apply(*, payment: Any, amount: Decimal, effect: TransferEffect) -> None:
    """Move the payment's own fields (in memory) as `effect` says; the preview simulates with it."""
    payment.amount_received += amount
    payment.refund_due += effect.refund_due
    if effect.outcome == Outcome.PARTLY_PAID:
        payment.status = Status.PARTLY_PAID
    elif effect.outcome in PAYING:
        payment.status = Status.PAID
        payment.paid_at = timezone.now()


def bank_transfer_payment(*, order_number: str | None) -> Any | None:
    """The bank-transfer payment of the order numbered `order_number`, locked; None if none."""
    if not order_number:
        return None
    return order_payment_lock(order__number=order_number, method=Method.BANK_TRANSFER)


def bank_transfer_record(
    *,
    transaction_id: str,
    amount: Decimal | int,
    description: str,
    received_at: datetime | None,
    sender_account: str = "",
    bank_reference: str = "",
    source: str,
) -> tuple[Any, bool]:
    """Record one incoming transfer once; returns it and whether it was recorded now.

    Matched by the order reference in its note to an order paid by bank transfer. A transfer
    recorded before returns that first row (created False) and changes nothing: the same
    transaction id, or the same bank reference and amount (a transfer notified, then imported
    from the statement, where the bank's reference is the transaction id). Raises
    django.core.exceptions.ValidationError for a field the model refuses (e.g. amount ≤ 0)."""
    transfer = BankTransfer(
        transaction_id=transaction_id.strip(),
        bank_reference=bank_reference.strip(),
        amount=Decimal(amount),
        description=(description or "").strip()[:500],
        received_at=received_at,
        sender_account=(sender_account or "").strip()[:64],
        source=source,
        outcome=Outcome.UNMATCHED,
    )
    transfer.full_clean(validate_unique=False)
    with transaction.atomic():
        payment = bank_transfer_payment(order_number=order_number_found(transfer.description))
        if (twin := bank_transfer_twin(transfer)) is not None:
            logger.info("Bank transfer %s already recorded as %s", transaction_id, twin.transaction_id)
            return twin, False
        effect = transfer_effect(payment=payment, amount=transfer.amount)
        transfer.payment, transfer.outcome, transfer.refund_due = payment, effect.outcome, effect.refund_due
        try:
            with transaction.atomic():
                transfer.save(force_insert=True)
        except IntegrityError:
            logger.info("Bank transfer %s already recorded", transfer.transaction_id)
            return BankTransfer.objects.get(transaction_id=transfer.transaction_id), False
        if payment is not None:
            _payment_move(payment, transfer, effect)
    return transfer, True


def bank_transfer_twin(transfer: Any) -> Any | None:
    """The transfer recorded before under another id whose bank reference is this one's
    transaction id or bank reference, for the same amount (a reference alone could be another
    bank's: a different amount is a different transfer, never dropped)."""
    references = {transfer.transaction_id, transfer.bank_reference} - {""}
    others = references - {transfer.transaction_id}
    return (
        BankTransfer.objects.filter(amount=transfer.amount)
        .filter(Q(bank_reference__in=references) | Q(transaction_id__in=others))
        .exclude(transaction_id=transfer.transaction_id)
        .order_by("pk")
        .first()
    )


def bank_transfer_match(*, transfer: Any, order_number: str, user: Any) -> Any:
    """Staff match an unmatched transfer to an order by hand: the same outcomes as a transfer
    whose note carried the reference. Raises TransferMatchError (nothing changed)."""
    number = order_number.strip().upper().removeprefix("OCOP").strip()
    with transaction.atomic():
        payment = bank_transfer_payment(order_number=number)
        if payment is None:
            raise TransferMatchError(
                _("No order numbered %(number)s is paid by bank transfer.") % {"number": number}
            )
        transfer = BankTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.payment_id is not None:
            raise TransferMatchError(_("This transfer is already matched to an order."))
        effect = transfer_effect(payment=payment, amount=transfer.amount)
        transfer.payment, transfer.outcome, transfer.refund_due = payment, effect.outcome, effect.refund_due
        transfer.matched_by = user
        transfer.save(update_fields=["payment", "outcome", "refund_due", "matched_by"])
        _payment_move(payment, transfer, effect)
    return transfer


def _payment_move(payment: Any, transfer: Any, effect: TransferEffect) -> None:
    """Apply a recorded transfer to its (locked) payment: state, ledger, note, emails."""
    transfer_effect_apply(payment=payment, amount=transfer.amount, effect=effect)
    money = _money(transfer.amount)
    if effect.outcome not in PAYING:
        why = (
            "after the order was cancelled" if effect.outcome == Outcome.LATE else "for an order already paid"
        )
        order_note_add(
            payment, f"Bank transfer {transfer.transaction_id} of {money} arrived {why}: to refund."
        )
        payment.save(update_fields=["amount_received", "refund_due", "updated"])
        return
    shortage = payment_stock_retake(payment)
    if shortage:
        _refund_after_shortage(payment, transfer, shortage)
    payment.save(
        update_fields=["amount_received", "refund_due", "status", "paid_at", "stock_released", "updated"]
    )
    _ledger_debit(payment, transfer, effect)
    if effect.outcome == Outcome.PARTLY_PAID:
        missing = _money(payment.amount - payment.amount_received)
        order_note_add(
            payment, f"Bank transfer {transfer.transaction_id} of {money}: {missing} still missing."
        )
        return
    if effect.outcome == Outcome.OVERPAID:
        excess = _money(effect.refund_due)
        order_note_add(
            payment, f"Bank transfer {transfer.transaction_id} of {money}: {excess} paid too much."
        )
    order_emails_enqueue(order_id=payment.order_id)


def _money(amount: Decimal) -> str:
    """An amount as staff read it in an order note ("125.000 ₫"), whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return currency(amount, "VND")


def _refund_after_shortage(payment: Any, transfer: Any, shortage: str) -> None:
    """Paid after the stock was given back and sold meanwhile: what came in is owed back."""
    applied = transfer.amount - transfer.refund_due
    payment.refund_due += applied
    transfer.refund_due += applied
    transfer.save(update_fields=["refund_due"])
    order_note_add(payment, f"Paid by transfer after the stock was released and sold meanwhile ({shortage}).")


def _ledger_debit(payment: Any, transfer: Any, effect: TransferEffect) -> None:
    """Oscar's ledger: the bank-transfer source debited with what the order took of the transfer,
    and a payment event (the lines with it once the order is paid in full)."""
    applied = transfer.amount - effect.refund_due
    source = payment_source(payment) or Source.objects.create(
        order=payment.order,
        source_type=source_type(Method.BANK_TRANSFER),
        currency=payment.currency,
        amount_allocated=payment.amount,
    )
    source.debit(applied, reference=transfer.transaction_id)
    paid = effect.outcome != Outcome.PARTLY_PAID
    lines = payment.order.lines.all() if paid else ()
    name = EVENT_PAID if paid else EVENT_PARTLY_PAID
    payment_event_record(payment, name, applied, transfer.transaction_id, lines)


def bank_transfer_orders_unpaid(*, older_than: timedelta) -> Any:
    """Bank-transfer orders still awaiting their transfer after `older_than`. Partly paid orders
    are not among them: they carry the buyer's money, so staff settle them by hand."""
    return OrderPayment.objects.filter(
        method=Method.BANK_TRANSFER,
        status=Status.AWAITING_TRANSFER,
        created__lt=timezone.now() - older_than,
    ).select_related("order")


def bank_transfer_order_cancel(*, order: Any) -> bool:
    """Cancel an order still awaiting its transfer: stock back, payment and order cancelled.
    False (nothing changed) when money came in meanwhile. A transfer arriving later is recorded
    as late, to refund."""
    with transaction.atomic():
        payment = order_payment_lock(order=order, method=Method.BANK_TRANSFER)
        if payment is None or payment.status != Status.AWAITING_TRANSFER:
            return False
        order_payment_cancel_locked(payment=payment, reference="")
        order_note_add(payment, "Cancelled: no bank transfer arrived in time; its stock was released.")
    return True
