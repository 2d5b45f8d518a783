"""The bank-transfer screens of the orders dashboard: who reaches them, the statement import
(upload → dry run → confirm), the list and its filters, matching a transfer by hand."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from shop.groups import ORDER_MANAGERS, staff_groups_ensure
from shop.payment.transfers import bank_transfer_record
from tests.factories import PartnerFactory
from tests.factories.bank_transfers import TOTAL, bank_transfer_order, transfer_note
from tests.shop.dashboard.catalogue_helpers import producer_user

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard:order-bank-transfer-list")
IMPORT = reverse("dashboard:order-bank-transfer-import")
CONFIRM = reverse("dashboard:order-bank-transfer-import-confirm")
MATCH = reverse("dashboard:order-bank-transfer-match")
HEADER = "Ngày giao dịch;Mã giao dịch;Số tiền ghi nợ;Số tiền ghi có;Nội dung"


def user(username: str, **fields) -> object:
    return get_user_model().objects.create_user(
        username, f"{username}@cho-ocop.local", "pw-123456789", **fields
    )


@pytest.fixture
def people() -> dict[str, object]:
    staff_groups_ensure()
    manager = user("ketoan", is_staff=True)
    manager.groups.add(Group.objects.get(name=ORDER_MANAGERS))
    return {
        "customer": user("khach"),
        "producer": producer_user("htx", PartnerFactory(name="HTX Mật ong")),
        "staff": user("nhanvien", is_staff=True),  # staff without the order managers' rights
        "manager": manager,
        "superuser": get_user_model().objects.create_superuser(
            "admin", "admin@cho-ocop.local", "pw-123456789"
        ),
    }


def statement(*lines: str) -> SimpleUploadedFile:
    content = ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode()
    return SimpleUploadedFile("sao-ke-11-2026.csv", content, content_type="text/csv")


def record(note: str, amount: int, transaction_id: str):
    return bank_transfer_record(
        transaction_id=transaction_id,
        amount=amount,
        description=note,
        received_at=datetime(2026, 11, 30, 9, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        source=BankTransfer.Source.NOTIFICATION,
    )


@pytest.mark.parametrize("url", [LIST, IMPORT])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["customer", "producer", "staff"])
def test_customers_producers_and_other_staff_are_refused(client, people, role):
    payment = bank_transfer_order()
    transfer, _created = record("chuyen tien", TOTAL, "FT1")
    client.force_login(people[role])

    assert client.get(LIST).status_code == 403
    assert client.get(IMPORT).status_code == 403
    upload = statement(f"30/11/2026;FT2;;285.000;{transfer_note(payment)}")
    assert client.post(IMPORT, {"file": upload}).status_code == 403
    match = {"transfer": transfer.pk, "order_number": payment.order.number}
    assert client.post(MATCH, match).status_code == 403

    assert list(BankTransfer.objects.values_list("transaction_id", "outcome")) == [("FT1", "unmatched")]


@pytest.mark.parametrize("role", ["manager", "superuser"])
def test_order_managers_and_superusers_see_the_transfers_within_a_bounded_number_of_queries(
    client, people, role, django_assert_max_num_queries
):
    payments = [bank_transfer_order() for _ in range(3)]
    for index, payment in enumerate(payments):
        record(transfer_note(payment), TOTAL + index * 1_000, f"FT{index}")
    record("chuyen tien", 50_000, "FT9")
    client.force_login(people[role])

    with django_assert_max_num_queries(20):
        response = client.get(LIST)

    assert response.status_code == 200
    assert [t.transaction_id for t in response.context["transfers"]] == ["FT9", "FT2", "FT1", "FT0"]
    html = response.content.decode()
    assert "287.000\xa0₫" in html and "2.000\xa0₫" in html  # an amount and an excess to refund
    assert 'class="form-inline bank-transfer-match"' in html  # the unmatched one only
    assert html.count("bank-transfer-match") == 1


def test_the_list_filters_unmatched_transfers_and_those_to_refund(client, people):
    payment = bank_transfer_order()
    record(transfer_note(payment), TOTAL + 5_000, "FT-over")
    record("chuyen tien", 50_000, "FT-none")
    record(transfer_note(bank_transfer_order()), 10_000, "FT-short")
    client.force_login(people["manager"])

    shown = {
        show: [t.transaction_id for t in client.get(LIST, {"show": show}).context["transfers"]]
        for show in ("", "unmatched", "refund")
    }

    assert shown == {"": ["FT-short", "FT-none", "FT-over"], "unmatched": ["FT-none"], "refund": ["FT-over"]}


def test_upload_shows_the_dry_run_then_confirm_records_and_a_second_import_records_nothing(client, people):
    exact, short = bank_transfer_order(), bank_transfer_order()
    client.force_login(people["manager"])
    lines = [
        f"30/11/2026 09:15;FT1;;285.000;{transfer_note(exact)}",
        f"30/11/2026 09:20;FT2;;100.000;{transfer_note(short)}",
        "30/11/2026 09:30;FT3;50.000;;phi",
        "30/11/2026 09:40;FT4;;7.000;khong ghi ma",
    ]

    report = client.post(IMPORT, {"file": statement(*lines)})

    assert report.status_code == 200
    assert [(ln.row.transaction_id, ln.outcome, ln.recorded) for ln in report.context["lines"]] == [
        ("FT1", "paid", False),
        ("FT2", "partly-paid", False),
        ("FT4", "unmatched", False),
    ]
    assert "285.000\xa0₫" in report.content.decode()
    assert BankTransfer.objects.count() == 0  # a dry run
    token = report.context["confirm_form"].initial["token"]

    done = client.post(CONFIRM, {"token": token})

    assert done.status_code == 200
    assert [(ln.row.transaction_id, ln.recorded) for ln in done.context["lines"]] == [
        ("FT1", False),
        ("FT2", False),
        ("FT4", False),
    ]
    assert sorted(BankTransfer.objects.values_list("transaction_id", "outcome")) == [
        ("FT1", "paid"),
        ("FT2", "partly-paid"),
        ("FT4", "unmatched"),
    ]
    again = client.post(CONFIRM, {"token": token})  # a second click: the upload is gone
    assert again.status_code == 302
    second = client.post(IMPORT, {"file": statement(*lines)})
    assert [ln.recorded for ln in second.context["lines"]] == [True, True, True]
    client.post(CONFIRM, {"token": second.context["confirm_form"].initial["token"]})
    assert BankTransfer.objects.count() == 3
    short.refresh_from_db()
    assert short.amount_received == Decimal(100_000)


def test_a_malformed_statement_shows_its_errors_by_row_and_records_nothing(client, people):
    client.force_login(people["manager"])

    response = client.post(IMPORT, {"file": statement("30/11/2026;FT1;;1.000;a", "32/11/2026;FT2;;2.000;b")})

    assert response.status_code == 200
    [error] = response.context["file_errors"]
    assert (error.row, error.field) == (3, "Ngày giao dịch / Date")
    assert "confirm_form" not in response.context
    assert BankTransfer.objects.count() == 0


def test_another_users_token_confirms_nothing(client, people):
    payment = bank_transfer_order()
    client.force_login(people["manager"])
    report = client.post(IMPORT, {"file": statement(f"30/11/2026;FT1;;285.000;{transfer_note(payment)}")})
    token = report.context["confirm_form"].initial["token"]

    client.force_login(people["superuser"])
    response = client.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert BankTransfer.objects.count() == 0


def test_a_manager_matches_an_unmatched_transfer_to_its_order(client, people):
    payment = bank_transfer_order()
    transfer, _created = record("chuyen tien", TOTAL, "FT1")
    client.force_login(people["manager"])
    assert client.post(MATCH, {"transfer": transfer.pk + 1, "order_number": "1"}).status_code == 404
    refused = client.post(MATCH, {"transfer": transfer.pk, "order_number": "999999"})
    transfer.refresh_from_db()
    assert (refused.status_code, transfer.outcome) == (302, "unmatched")

    response = client.post(MATCH, {"transfer": transfer.pk, "order_number": f"OCOP{payment.order.number}"})

    assert response.status_code == 302
    transfer.refresh_from_db()
    payment.refresh_from_db()
    assert (transfer.outcome, transfer.matched_by, payment.status) == ("paid", people["manager"], "paid")


def test_the_orders_menu_links_bank_transfers_for_order_managers_only(client, people):
    link = f'href="{LIST}"'
    client.force_login(people["manager"])
    assert link in client.get(reverse("dashboard:order-list")).content.decode()

    client.force_login(people["producer"])
    assert link not in client.get(reverse("dashboard:order-list")).content.decode()


def test_the_order_page_shows_what_its_transfers_brought_and_what_is_to_refund(client, people):
    payment = bank_transfer_order()
    record(transfer_note(payment), TOTAL + 15_000, "FT-over")
    client.force_login(people["manager"])

    html = client.get(
        reverse("dashboard:order-detail", kwargs={"number": payment.order.number})
    ).content.decode()

    assert '<td id="order-refund-due">15.000\xa0₫</td>' in html
    assert "<code>FT-over</code>" in html and "300.000\xa0₫" in html
