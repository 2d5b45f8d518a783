"""`POST /checkout/bank-transfer/notify/`: a bank-notification service (SePay style) reports each
incoming transfer with a secret key; recorded exactly once, whatever is replayed or concurrent."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories.bank_transfers import TOTAL, bank_transfer_order, transfer_note

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")
Source = get_model("payment", "Source")

TOKEN = "sepay-test-token-0123456789"
URL = "/checkout/bank-transfer/notify/"


@pytest.fixture
def token(settings):
    settings.VIETQR_WEBHOOK_TOKEN = TOKEN
    return TOKEN


def body(note: str, *, amount: Any = TOTAL, **fields: Any) -> dict[str, Any]:
    """A notification as SePay sends it for a transfer into the shop's account."""
    return {
        "id": 92704,
        "gateway": "Vietcombank",
        "transactionDate": "2026-11-30 09:15:02",
        "accountNumber": "0011001932418",
        "code": None,
        "content": note,
        "transferType": "in",
        "transferAmount": amount,
        "accumulated": 19_077_000,
        "subAccount": None,
        "referenceCode": "MBVCB.3278907687",
        "description": "",
        **fields,
    }


def notify(client: Client, data: Any, *, key: str | None = TOKEN):
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    headers = {"HTTP_AUTHORIZATION": f"Apikey {key}"} if key is not None else {}
    return client.post(URL, data=payload, content_type="application/json", **headers)


def test_the_url_is_named():
    assert reverse("checkout:bank-transfer-notify") == URL


@pytest.mark.django_db
def test_a_notification_pays_the_order_and_answers_success(client, token):
    payment = bank_transfer_order()

    response = notify(client, body(transfer_note(payment)))

    assert (response.status_code, response.json()) == (200, {"success": True, "outcome": "recorded"})
    transfer = BankTransfer.objects.get()
    assert (transfer.transaction_id, transfer.source, transfer.outcome, transfer.amount) == (
        "92704",
        "notification",
        "paid",
        Decimal(TOTAL),
    )
    assert transfer.bank_reference == "MBVCB.3278907687"  # the statement's name for it
    assert transfer.received_at.isoformat() == "2026-11-30T02:15:02+00:00"
    payment.refresh_from_db()
    assert payment.status == "paid"


@pytest.mark.django_db
def test_a_replayed_notification_answers_success_and_is_recorded_once(client, token):
    payment = bank_transfer_order()
    notify(client, body(transfer_note(payment), amount=100_000))

    response = notify(client, body(transfer_note(payment), amount=100_000))

    assert (response.status_code, response.json()) == (200, {"success": True, "outcome": "already recorded"})
    payment.refresh_from_db()
    assert (payment.status, payment.amount_received, BankTransfer.objects.count()) == (
        "partly-paid",
        Decimal(100_000),
        1,
    )


@pytest.mark.django_db
def test_a_text_id_is_taken_as_it_is(client, token):
    notify(client, body("chuyen tien", id=" TX-2026-11-30-0001 "))

    assert BankTransfer.objects.get().transaction_id == "TX-2026-11-30-0001"


@pytest.mark.django_db
def test_an_outgoing_transfer_is_acknowledged_and_ignored(client, token):
    payment = bank_transfer_order()

    response = notify(client, body(transfer_note(payment), transferType="out"))

    assert (response.status_code, response.json()["success"]) == (200, True)
    assert BankTransfer.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("key", [None, "wrong-token", "", f"{TOKEN}x"])
def test_a_wrong_or_missing_key_is_refused_and_nothing_recorded(client, token, key):
    payment = bank_transfer_order()

    response = notify(client, body(transfer_note(payment)), key=key)

    refused = {"success": False, "error": "Missing or wrong API key."}
    assert (response.status_code, response.json()) == (401, refused)
    assert BankTransfer.objects.count() == 0
    payment.refresh_from_db()
    assert payment.status == "awaiting-transfer"


@pytest.mark.django_db
def test_a_bearer_header_with_the_right_token_is_refused(client, token):
    response = client.post(
        URL, data=json.dumps(body("x")), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )

    assert response.status_code == 401


@pytest.mark.django_db
def test_the_endpoint_is_off_without_a_token(client, settings):
    settings.VIETQR_WEBHOOK_TOKEN = ""

    response = notify(client, body("OCOP100000"), key="")

    assert response.status_code == 404
    assert BankTransfer.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not json", "Body is not JSON."),
        (b"[1, 2]", "Body is not a JSON object."),
        (body("x", transferAmount="285000"), "transferAmount is '285000', not a whole number of đồng > 0."),
        (body("x", transferAmount=-5), "transferAmount is -5, not a whole number of đồng > 0."),
        (body("x", transferAmount=1.5), "transferAmount is 1.5, not a whole number of đồng > 0."),
        (body("x", transferType="sideways"), "transferType is 'sideways', not 'in' or 'out'."),
        (body("x", transactionDate="30/11/2026"), "transactionDate is '30/11/2026', not Y-m-d H:M:S."),
        (body("x", id=None), "id is missing or not a number or text."),
        (body("x", id=True), "id is missing or not a number or text."),
        (body("x", id="R" * 101), "The transaction id is longer than 100 characters."),
        (body("x", referenceCode=7), "referenceCode is missing or not text."),
        (body("x", referenceCode="F" * 101), "referenceCode is longer than 100 characters."),
    ],
    ids=[
        *("not-json", "not-object", "text", "negative", "float", "type", "date", "id", "id-bool", "id-long"),
        *("reference", "reference-long"),
    ],
)
def test_a_malformed_body_answers_400_with_the_reason_and_records_nothing(client, token, data, reason):
    response = notify(client, data)

    assert (response.status_code, response.json()) == (400, {"success": False, "error": reason})
    assert BankTransfer.objects.count() == 0


def simultaneous_notifications(data: dict[str, Any], count: int) -> list[tuple[int, str]]:
    """Deliver the same notification `count` times at the same moment, one thread (and database
    connection) each."""
    barrier = threading.Barrier(count)
    answers: list[tuple[int, str]] = [(0, "")] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = notify(Client(), data)
            answers[index] = (response.status_code, response.json().get("outcome", ""))
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            answers[index] = (0, f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


@pytest.mark.postgres  # a row lock and a unique index under real concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_deliveries_of_one_transfer_record_it_once(token):
    payment = bank_transfer_order()
    data = body(transfer_note(payment), amount=100_000)

    answers = simultaneous_notifications(data, 8)

    assert sorted(answers) == [(200, "already recorded")] * 7 + [(200, "recorded")], answers
    payment.refresh_from_db()
    assert (payment.status, payment.amount_received) == ("partly-paid", Decimal(100_000))
    assert BankTransfer.objects.count() == 1
    assert Source.objects.get(order=payment.order).amount_debited == Decimal(100_000)
    assert payment.order.payment_events.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_unmatched_deliveries_record_one_transfer(token):
    answers = simultaneous_notifications(body("chuyen tien khong ghi ma"), 6)

    assert sorted(answers) == [(200, "already recorded")] * 5 + [(200, "recorded")], answers
    assert list(BankTransfer.objects.values_list("outcome", flat=True)) == ["unmatched"]
