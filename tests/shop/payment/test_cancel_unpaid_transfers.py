"""ocop_cancel_unpaid_orders and bank-transfer orders: those still awaiting their transfer after
--transfer-hours are cancelled and give their stock back; partly paid ones are kept; a transfer
arriving afterwards is late and to refund."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from oscar.core.loading import get_model

from shop.payment.transfers import bank_transfer_record
from tests.factories.bank_transfers import TOTAL, bank_transfer_order, transfer_note

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def aged(payment, hours: int):
    OrderPayment.objects.filter(pk=payment.pk).update(created=timezone.now() - timedelta(hours=hours))
    return payment


def run(*args: str) -> str:
    out = StringIO()
    call_command("ocop_cancel_unpaid_orders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def pay(payment, amount: int, transaction_id: str):
    return bank_transfer_record(
        transaction_id=transaction_id,
        amount=amount,
        description=transfer_note(payment),
        received_at=timezone.now(),
        source=BankTransfer.Source.NOTIFICATION,
    )[0]


def allocated(payment) -> list[int]:
    return [
        StockRecord.objects.get(pk=line.stockrecord_id).num_allocated for line in payment.order.lines.all()
    ]


def test_unpaid_transfer_orders_older_than_the_delay_are_cancelled_and_their_stock_released():
    old = aged(bank_transfer_order(), 25)
    recent = aged(bank_transfer_order(), 23)
    partly = aged(bank_transfer_order(), 30)
    pay(partly, 100_000, "FT-partly")

    out = run()

    assert "1 unpaid bank-transfer orders cancelled" in out
    statuses = {p.pk: (p.status, p.order.status) for p in OrderPayment.objects.select_related("order")}
    assert statuses == {
        old.pk: ("cancelled", "Cancelled"),
        recent.pk: ("awaiting-transfer", "Pending"),
        partly.pk: ("partly-paid", "Pending"),  # the buyer's money is in it: left to staff
    }
    assert (allocated(old), allocated(recent), allocated(partly)) == ([0, 0], [1, 1], [1, 1])
    old.refresh_from_db()
    assert old.stock_released is True


def test_the_delay_is_configurable():
    order = aged(bank_transfer_order(), 3)

    run("--transfer-hours", "4")
    order.refresh_from_db()
    assert order.status == "awaiting-transfer"
    run("--transfer-hours", "2")
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_a_transfer_after_the_command_cancelled_the_order_is_late_and_to_refund():
    payment = aged(bank_transfer_order(), 25)
    run()

    transfer = pay(payment, TOTAL, "FT-late")

    payment.refresh_from_db()
    assert (transfer.outcome, transfer.refund_due) == ("late", Decimal(TOTAL))
    assert (payment.status, payment.order.status, payment.refund_due) == (
        "cancelled",
        "Cancelled",
        Decimal(TOTAL),
    )
    assert allocated(payment) == [0, 0]


def test_a_delay_under_an_hour_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        run("--transfer-hours", "0")
