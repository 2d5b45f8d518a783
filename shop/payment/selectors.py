"""Payment reads: what staff may still refund on an order, whole or per producer; the bank
transfers received, for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from oscar.core.loading import get_model

from .refunds import refundable_lines

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


def bank_transfers_list(*, show: str = "") -> Any:
    """The transfers received, newest first, with their order: all, the unmatched ones
    (`show="unmatched"`) or those with money to refund (`show="refund"`)."""
    transfers = BankTransfer.objects.select_related("payment__order", "matched_by")
    return transfers.filter(**TRANSFER_FILTERS.get(show, {}))
