"""Payment reads: what staff may still refund on an order, whole or per producer; what a buyer
needs to pay an order by VietQR bank transfer; the bank transfers received, for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from oscar.core.loading import get_model

from .references import transfer_reference
from .refunds import refundable_lines
from .vietqr import bank_for_bin, vietqr_payload, vietqr_svg

OrderPayment = get_model("payment", "OrderPayment")
BankTransfer = get_model("payment", "BankTransfer")

# The dashboard's filters of the transfers list: the shown value → the rows it keeps.
TRANSFER_FILTERS = {
    "unmatched": {"outcome": BankTransfer.Outcome.UNMATCHED},
    "refund": {"refund_due__gt": 0},
}


@dataclass(frozen=True)
class RefundOption:
    """One refund button: the whole remaining amount (partner None) or one producer's lines."""

    amount: Decimal
    partner: Any | None = None


def order_refund_options(*, order: Any) -> list[RefundOption]:
    """Refunds open on a card-paid order: the remaining total first, then each producer whose
    lines are not refunded yet (capped at what remains). Empty for other orders."""
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None or payment.method != OrderPayment.Method.CARD or payment.refundable <= 0:
        return []
    per_partner: dict[int, RefundOption] = {}
    for line in refundable_lines(order=order):
        if line.partner is None:
            continue
        current = per_partner.get(line.partner_id, RefundOption(Decimal(0), line.partner))
        per_partner[line.partner_id] = RefundOption(current.amount + line.line_price_incl_tax, line.partner)
    options = [RefundOption(payment.refundable)]
    if len(per_partner) > 1 or (per_partner and payment.amount_refunded):
        options += [RefundOption(min(o.amount, payment.refundable), o.partner) for o in per_partner.values()]
    return options


@dataclass(frozen=True)
class TransferInstructions:
    """What the buyer types (or scans) to pay an order by transfer: the operator's account, the
    amount still due and the note carrying the order reference."""

    bank_bin: str
    bank_name: str
    bank_full_name: str
    account_no: str
    account_name: str
    amount: Decimal
    amount_digits: str  # what the buyer's banking app takes: "345000"
    currency: str
    note: str
    payload: str
    qr_svg: SafeString


def transfer_instructions(*, payment: Any) -> TransferInstructions | None:
    """The transfer still expected for a VietQR order (awaiting, or partly paid: the amount
    missing), with its QR code; None when nothing is to be transferred or VietQR is off."""
    awaiting = (OrderPayment.Status.AWAITING_TRANSFER, OrderPayment.Status.PARTLY_PAID)
    if not settings.VIETQR_ENABLED or payment.method != OrderPayment.Method.BANK_TRANSFER:
        return None
    due = payment.amount - payment.amount_received
    if payment.status not in awaiting or due <= 0:
        return None
    note = transfer_reference(str(payment.order.number))
    payload = vietqr_payload(
        bank_bin=settings.VIETQR_BANK_BIN, account_no=settings.VIETQR_ACCOUNT_NO, amount=due, note=note
    )
    bank = bank_for_bin(settings.VIETQR_BANK_BIN)
    return TransferInstructions(
        bank_bin=settings.VIETQR_BANK_BIN,
        bank_name=bank.short_name if bank else settings.VIETQR_BANK_BIN,
        bank_full_name=bank.name if bank else "",
        account_no=settings.VIETQR_ACCOUNT_NO,
        account_name=settings.VIETQR_ACCOUNT_NAME,
        amount=due,
        amount_digits=str(int(due)),
        currency=payment.currency,
        note=note,
        payload=payload,
        # segno's own markup of a payload made of the settings' digits and the order number.
        qr_svg=mark_safe(vietqr_svg(payload, title="VietQR")),
    )


def bank_transfers_list(*, show: str = "") -> Any:
    """The transfers received, newest first, with their order: all, the unmatched ones
    (`show="unmatched"`) or those with money to refund (`show="refund"`)."""
    transfers = BankTransfer.objects.select_related("payment__order", "matched_by")
    return transfers.filter(**TRANSFER_FILTERS.get(show, {}))
