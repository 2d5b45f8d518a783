"""Bank transfers recorded once and matched to their order: paid, partly paid, overpaid, late,
already paid, unmatched; by the note's reference or by staff by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from oscar.core.loading import get_model

from shop.checkout.stock import stock_release
from shop.payment import transfers
from shop.payment.transfers import TransferMatchError, bank_transfer_match, bank_transfer_record
from tests.factories.bank_transfers import TOTAL, bank_transfer_order, transfer_note
from tests.factories.payment import card_order

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def record(note: str, amount: int, transaction_id: str = "FT26334000001"):
    return bank_transfer_record(
        transaction_id=transaction_id,
        amount=amount,
        description=note,
        received_at=WHEN,
        sender_account="0123456789",
        source=BankTransfer.Source.NOTIFICATION,
    )


def state(payment) -> dict:
    """The payment, its ledger (source debits, payment events) and its order's notes."""
    payment.refresh_from_db()
    source = payment.order.sources.get()
    return {
        "status": payment.status,
        "received": payment.amount_received,
        "refund_due": payment.refund_due,
        "order": payment.order.status,
        "debited": source.amount_debited,
        "events": [(e.event_type.name, e.amount) for e in payment.order.payment_events.order_by("pk")],
        "notes": [n.message for n in payment.order.notes.order_by("pk")],
    }


def allocated(payment) -> list[int]:
    lines = payment.order.lines.all()
    return [StockRecord.objects.get(pk=line.stockrecord_id).num_allocated for line in lines]


def test_the_exact_amount_pays_the_order():
    payment = bank_transfer_order()

    transfer, created = record(transfer_note(payment), TOTAL)

    assert created is True
    assert (transfer.outcome, transfer.payment, transfer.refund_due) == ("paid", payment, Decimal(0))
    assert state(payment) == {
        "status": "paid",
        "received": Decimal(TOTAL),
        "refund_due": Decimal(0),
        "order": "Pending",
        "debited": Decimal(TOTAL),
        "events": [("paid", Decimal(TOTAL))],
        "notes": [],
    }
    assert payment.paid_at is not None
    event = payment.order.payment_events.get()
    assert sorted(q.quantity for q in event.line_quantities.all()) == [1, 1]


def test_a_short_transfer_leaves_the_order_partly_paid_with_the_missing_amount_noted():
    payment = bank_transfer_order()

    transfer, _created = record(transfer_note(payment), 200_000)

    assert transfer.outcome == "partly-paid"
    assert state(payment) == {
        "status": "partly-paid",
        "received": Decimal(200_000),
        "refund_due": Decimal(0),
        "order": "Pending",
        "debited": Decimal(200_000),
        "events": [("partly-paid", Decimal(200_000))],
        "notes": ["Bank transfer FT26334000001 of 200.000\xa0₫: 85.000\xa0₫ still missing."],
    }


def test_two_short_transfers_adding_up_to_the_total_pay_the_order():
    payment = bank_transfer_order()
    record(transfer_note(payment), 200_000, "FT1")

    second, _created = record(f"bo sung {transfer_note(payment)}", 85_000, "FT2")

    assert second.outcome == "paid"
    result = state(payment)
    paid = ("paid", Decimal(TOTAL), Decimal(TOTAL))
    assert (result["status"], result["received"], result["debited"]) == paid
    assert result["events"] == [("partly-paid", Decimal(200_000)), ("paid", Decimal(85_000))]


def test_an_excess_pays_the_order_and_is_flagged_for_a_refund():
    payment = bank_transfer_order()

    transfer, _created = record(transfer_note(payment), 300_000)

    assert (transfer.outcome, transfer.refund_due) == ("overpaid", Decimal(15_000))
    assert state(payment) == {
        "status": "paid",
        "received": Decimal(300_000),
        "refund_due": Decimal(15_000),
        "order": "Pending",
        "debited": Decimal(TOTAL),
        "events": [("paid", Decimal(TOTAL))],
        "notes": ["Bank transfer FT26334000001 of 300.000\xa0₫: 15.000\xa0₫ paid too much."],
    }


# Amounts in notes as the site writes them: a no-break space before the đồng sign.
@pytest.mark.parametrize(
    "note",
    ["chuyen tien OCOP999999", "chuyen tien mua mat ong", "", "OCOP{number}9"],
    ids=["unknown-order", "no-reference", "empty-note", "longer-number"],
)
def test_a_transfer_without_a_known_reference_is_recorded_unmatched_and_changes_no_order(note):
    payment = bank_transfer_order()
    before = state(payment)

    transfer, created = record(note.format(number=payment.order.number), TOTAL)

    assert (created, transfer.outcome, transfer.payment, transfer.refund_due) == (
        True,
        "unmatched",
        None,
        Decimal(0),
    )
    assert state(payment) == before


def test_a_card_orders_reference_does_not_match_a_transfer():
    payment = card_order(paid=False)
    payment.order.refresh_from_db()

    transfer, _created = record(transfer_note(payment), int(payment.amount))

    assert (transfer.outcome, transfer.payment) == ("unmatched", None)
    payment.refresh_from_db()
    assert (payment.status, payment.amount_received) == ("awaiting", Decimal(0))


def test_a_transfer_for_an_order_already_paid_is_flagged_for_a_refund():
    payment = bank_transfer_order()
    record(transfer_note(payment), TOTAL, "FT1")

    again, _created = record(transfer_note(payment), TOTAL, "FT2")

    assert (again.outcome, again.refund_due) == ("already-paid", Decimal(TOTAL))
    result = state(payment)
    assert (result["status"], result["received"], result["refund_due"], result["debited"]) == (
        "paid",
        Decimal(2 * TOTAL),
        Decimal(TOTAL),
        Decimal(TOTAL),
    )
    assert result["notes"] == [
        "Bank transfer FT2 of 285.000\xa0₫ arrived for an order already paid: to refund."
    ]


def test_a_transfer_after_the_cancellation_is_late_and_to_refund_and_the_order_stays_cancelled():
    payment = bank_transfer_order()
    assert allocated(payment) == [1, 1]
    assert transfers.bank_transfer_order_cancel(order=payment.order) is True
    assert allocated(payment) == [0, 0]

    transfer, _created = record(transfer_note(payment), TOTAL)

    assert (transfer.outcome, transfer.refund_due) == ("late", Decimal(TOTAL))
    assert state(payment) == {
        "status": "cancelled",
        "received": Decimal(TOTAL),
        "refund_due": Decimal(TOTAL),
        "order": "Cancelled",
        "debited": Decimal(0),
        "events": [("payment-failed", Decimal(0))],
        "notes": [
            "Cancelled: no bank transfer arrived in time; its stock was released.",
            "Bank transfer FT26334000001 of 285.000\xa0₫ arrived after the order was cancelled: to refund.",
        ],
    }
    assert allocated(payment) == [0, 0]  # the stock is not taken again


def test_the_same_transaction_recorded_twice_changes_nothing_the_second_time():
    payment = bank_transfer_order()
    first, _created = record(transfer_note(payment), 200_000)
    after_first = state(payment)

    again, created = record(transfer_note(payment), 200_000)

    assert (created, again.pk) == (False, first.pk)
    assert state(payment) == after_first
    assert BankTransfer.objects.count() == 1


def test_money_for_an_order_whose_stock_was_given_back_takes_it_again():
    payment = bank_transfer_order()
    stock_release(order=payment.order)
    OrderPayment.objects.filter(pk=payment.pk).update(stock_released=True)

    record(transfer_note(payment), TOTAL)

    payment.refresh_from_db()
    assert (payment.status, payment.stock_released) == ("paid", False)
    assert allocated(payment) == [1, 1]


def test_an_amount_that_is_not_positive_is_refused_and_nothing_recorded():
    payment = bank_transfer_order()

    with pytest.raises(ValidationError):
        record(transfer_note(payment), 0)

    assert BankTransfer.objects.count() == 0
    assert state(payment)["status"] == "awaiting-transfer"


def test_the_customer_and_each_producer_are_emailed_once_when_the_transfer_pays(
    django_capture_on_commit_callbacks,
):
    customer = get_user_model().objects.create_user("lan", "lan@example.vn", "pw-123456789")
    payment = bank_transfer_order(user=customer)

    with django_capture_on_commit_callbacks(execute=True):
        record(transfer_note(payment), 100_000, "FT1")
    assert mail.outbox == []  # partly paid: not yet
    with django_capture_on_commit_callbacks(execute=True):
        record(transfer_note(payment), 185_000, "FT2")
    with django_capture_on_commit_callbacks(execute=True):
        record(transfer_note(payment), 50_000, "FT3")  # already paid: nothing more is sent

    assert sorted(tuple(email.to) for email in mail.outbox) == [
        ("lan@example.vn",),
        ("producer1@htx.example",),
        ("producer2@htx.example",),
    ]


def test_staff_match_an_unmatched_transfer_to_its_order_by_hand():
    staff = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    payment = bank_transfer_order()
    transfer, _created = record("chuyen tien mua hang", TOTAL)

    matched = bank_transfer_match(transfer=transfer, order_number=f"ocop {payment.order.number}", user=staff)

    assert (matched.outcome, matched.payment, matched.matched_by) == ("paid", payment, staff)
    assert state(payment)["status"] == "paid"
    with translation.override("en"), pytest.raises(TransferMatchError, match="already matched"):
        bank_transfer_match(transfer=transfer, order_number=payment.order.number, user=staff)


def test_matching_by_hand_to_an_unknown_order_changes_nothing():
    staff = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    card = card_order(paid=False)
    card.order.refresh_from_db()
    transfer, _created = record("chuyen tien mua hang", TOTAL)

    for number in ("999999", card.order.number):
        with translation.override("en"), pytest.raises(TransferMatchError, match="paid by bank transfer"):
            bank_transfer_match(transfer=transfer, order_number=number, user=staff)

    transfer.refresh_from_db()
    assert (transfer.outcome, transfer.payment, transfer.matched_by) == ("unmatched", None, None)


def test_only_orders_awaiting_their_transfer_for_long_enough_are_unpaid():
    old, partly = bank_transfer_order(), bank_transfer_order()
    bank_transfer_order()  # recent
    record(transfer_note(partly), 1_000)
    day_old = timezone.now() - timedelta(hours=25)
    OrderPayment.objects.filter(pk__in=[old.pk, partly.pk]).update(created=day_old)

    assert list(transfers.bank_transfer_orders_unpaid(older_than=timedelta(hours=24))) == [old]
    assert transfers.bank_transfer_order_cancel(order=partly.order) is False
    assert state(partly)["status"] == "partly-paid"
