"""Bank statement exports read (CSV and XLSX, Vietnamese and English headers), their dry run, and
their import: all or nothing, once per bank transaction id."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from openpyxl import Workbook
from oscar.core.loading import get_model

from catalog.importers import DataImportError
from catalog.importers.tables import Upload
from shop.payment.statements import StatementRow, statement_import, statement_preview, statement_read
from shop.payment.transfers import bank_transfer_record
from tests.factories.bank_transfers import TOTAL, bank_transfer_order, transfer_note

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VIETNAMESE_HEADER = "STT;Ngày giao dịch;Mã giao dịch;Số tiền ghi nợ;Số tiền ghi có;Số dư;Nội dung"


def csv_upload(*lines: str, bom: bool = True, name: str = "sao-ke.csv") -> Upload:
    text = "\r\n".join(lines) + "\r\n"
    return Upload(name, (b"\xef\xbb\xbf" if bom else b"") + text.encode())


def xlsx_upload(*rows: tuple, name: str = "sao-ke.xlsx") -> Upload:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Upload(name, buffer.getvalue())


def errors_of(upload: Upload) -> list[str]:
    """The errors reading `upload`, in English (the msgids)."""
    with translation.override("en"), pytest.raises(DataImportError) as raised:
        statement_read(upload)
    return [str(error) for error in raised.value.errors]


def test_a_vietnamese_csv_export_with_a_title_above_its_table_gives_its_credits_only():
    upload = csv_upload(
        "SAO KÊ TÀI KHOẢN;;;;;;",
        "Số tài khoản: 0011001932418;;;;;;",
        VIETNAMESE_HEADER,
        "1;30/11/2026 09:15:02;FT26334000001;;1.250.000;5.250.000;MBVCB.123.OCOP100123.CT tu",
        "2;30/11/2026 10:00:00;FT26334000002;200.000;;5.050.000;Phi dich vu",
        "3;01/12/2026;FT26335000003;;85000;5.135.000;ocop-100124",
        ";;;;;;",
        ";Tổng cộng;;200.000;1.335.000;;",
    )

    assert statement_read(upload) == [
        StatementRow(4, "FT26334000001", datetime(2026, 11, 30, 9, 15, 2, tzinfo=HCM), 1_250_000,
                     "MBVCB.123.OCOP100123.CT tu"),
        StatementRow(6, "FT26335000003", datetime(2026, 12, 1, tzinfo=HCM), 85_000, "ocop-100124"),
    ]  # fmt: skip


def test_an_english_comma_separated_export_without_a_bom_is_read():
    upload = csv_upload(
        "Date,Transaction ID,Debit,Credit (VND),Description",
        '2026-11-30 09:15:02,TX1,,"1,250,000",OCOP100123',
        bom=False,
    )

    [row] = statement_read(upload)

    assert (row.transaction_id, row.amount, row.received_at) == (
        "TX1",
        1_250_000,
        datetime(2026, 11, 30, 9, 15, 2, tzinfo=HCM),
    )


def test_an_xlsx_export_with_numbers_and_dates_in_cells_is_read():
    upload = xlsx_upload(
        ("Sao kê tài khoản",),
        ("Số tham chiếu", "Ngày", "Ghi có", "Mô tả"),
        ("REF1", datetime(2026, 11, 30, 9, 15), 1250000, "OCOP100123"),
        ("REF2", datetime(2026, 11, 30, 9, 20), None, "debit"),
    )

    assert statement_read(upload) == [
        StatementRow(3, "REF1", datetime(2026, 11, 30, 9, 15, tzinfo=HCM), 1_250_000, "OCOP100123")
    ]


DATE, CREDIT, ID = "Ngày giao dịch / Date", "Số tiền ghi có / Credit", "Mã giao dịch / Transaction ID"


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("1;31/11/2026;FT1;;1.250.000;;x", DATE, "“31/11/2026” is not a date (dd/mm/yyyy)"),
        ("1;30/11/2026;FT1;;1,25;;x", CREDIT, "“1,25” is not an amount in đồng"),
        ("1;30/11/2026;;;1.000;;x", ID, "the transaction id is missing"),
        ("1;30/11/2026;FT1;;10.000.000.000;;x", CREDIT, "more than 9.999.999.999 đồng"),
    ],
    ids=["date", "amount", "transaction-id", "too-large"],
)
def test_a_bad_csv_row_is_named_by_row_and_field(line, field, message):
    assert errors_of(csv_upload(VIETNAMESE_HEADER, line)) == [
        f'sao-ke.csv: row 2, field "{field}": {message}'
    ]


def test_a_transaction_id_twice_in_one_file_is_an_error_naming_both_rows():
    upload = csv_upload(VIETNAMESE_HEADER, "1;30/11/2026;FT1;;1.000;;a", "2;30/11/2026;FT1;;2.000;;b")

    assert errors_of(upload) == [
        'sao-ke.csv: row 3, field "Mã giao dịch / Transaction ID": the same transaction id as row 2'
    ]


def test_a_missing_column_is_named_on_the_header_row():
    upload = csv_upload("Tiêu đề", "Ngày giao dịch;Mã giao dịch;Nội dung", "30/11/2026;FT1;x")

    assert errors_of(upload) == ['sao-ke.csv: row 2, field "Số tiền ghi có / Credit": column is missing']


def test_a_bad_xlsx_row_is_named_by_row_and_field():
    upload = xlsx_upload(
        ("Mã giao dịch", "Ngày giao dịch", "Số tiền ghi có", "Nội dung"),
        ("FT1", "30/11/2026", 1000, "a"),
        ("FT2", "hôm qua", 2000, "b"),
    )

    assert errors_of(upload) == [
        'sao-ke.xlsx: row 3, field "Ngày giao dịch / Date": “hôm qua” is not a date (dd/mm/yyyy)'
    ]


def test_a_file_that_is_not_a_statement_is_refused():
    assert errors_of(Upload("sao-ke.pdf", b"%PDF-1.7")) == [
        "sao-ke.pdf: row 1: is not a CSV or XLSX file (the name ends in “.pdf”)"
    ]


def statement_for(*payments_and_amounts: tuple) -> Upload:
    lines = [VIETNAMESE_HEADER]
    for index, (note, amount) in enumerate(payments_and_amounts, start=1):
        lines.append(f"{index};30/11/2026 09:{index:02d}:00;FT{index};;{amount:,};;{note}".replace(",", "."))
    return csv_upload(*lines)


def outcomes(lines) -> list[tuple]:
    return [(line.row.row, line.recorded, line.outcome, line.order_number, line.refund_due) for line in lines]


@pytest.mark.django_db
def test_the_dry_run_says_what_each_row_would_do_and_writes_nothing():
    exact, short, over = bank_transfer_order(), bank_transfer_order(), bank_transfer_order()
    rows = statement_read(
        statement_for(
            (transfer_note(exact), TOTAL),
            (transfer_note(short), 100_000),
            (transfer_note(over), 300_000),
            ("OCOP999999", 5_000),
            ("chuyen tien", 7_000),
            (transfer_note(short), 185_000),
        )
    )

    lines = statement_preview(rows)

    numbers = [p.order.number for p in (exact, short, over)]
    assert outcomes(lines) == [
        (2, False, "paid", numbers[0], Decimal(0)),
        (3, False, "partly-paid", numbers[1], Decimal(0)),
        (4, False, "overpaid", numbers[2], Decimal(15_000)),
        (5, False, "unmatched", None, Decimal(0)),
        (6, False, "unmatched", None, Decimal(0)),
        (7, False, "paid", numbers[1], Decimal(0)),  # the second part of the short one
    ]
    assert BankTransfer.objects.count() == 0
    assert set(OrderPayment.objects.values_list("status", flat=True)) == {"awaiting-transfer"}


@pytest.mark.django_db
def test_importing_a_statement_twice_records_it_once_and_the_second_report_says_already_recorded():
    user = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    exact, short = bank_transfer_order(), bank_transfer_order()
    rows = statement_read(statement_for((transfer_note(exact), TOTAL), (transfer_note(short), 100_000)))

    first = statement_import(rows, user)
    second_preview = statement_preview(rows)
    second = statement_import(rows, user)

    numbers = [exact.order.number, short.order.number]
    assert outcomes(first) == [
        (2, False, "paid", numbers[0], Decimal(0)),
        (3, False, "partly-paid", numbers[1], Decimal(0)),
    ]
    assert (
        outcomes(second_preview)
        == outcomes(second)
        == [
            (2, True, "paid", numbers[0], Decimal(0)),
            (3, True, "partly-paid", numbers[1], Decimal(0)),
        ]
    )
    assert BankTransfer.objects.count() == 2
    short.refresh_from_db()
    assert (short.status, short.amount_received) == ("partly-paid", Decimal(100_000))
    assert set(BankTransfer.objects.values_list("source", flat=True)) == {"statement"}


@pytest.mark.django_db
def test_the_import_report_keeps_the_files_order_whatever_order_rows_are_recorded_in():
    user = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    first, second = bank_transfer_order(), bank_transfer_order()
    rows = statement_read(
        statement_for(
            (transfer_note(second), 100_000),
            ("chuyen tien", 5_000),
            (transfer_note(first), TOTAL),
            (transfer_note(second), 185_000),
        )
    )

    lines = statement_import(rows, user)

    assert outcomes(lines) == [
        (2, False, "partly-paid", second.order.number, Decimal(0)),
        (3, False, "unmatched", None, Decimal(0)),
        (4, False, "paid", first.order.number, Decimal(0)),
        (5, False, "paid", second.order.number, Decimal(0)),
    ]


def notified(payment, amount: int, *, service_id: str, reference: str):
    """A transfer recorded from a notification: the service's own id, the bank's reference."""
    return bank_transfer_record(
        transaction_id=service_id,
        bank_reference=reference,
        amount=amount,
        description=transfer_note(payment),
        received_at=datetime(2026, 11, 30, 9, 1, tzinfo=HCM),
        source=BankTransfer.Source.NOTIFICATION,
    )


@pytest.mark.django_db
def test_a_notified_transfer_found_on_the_statement_under_the_banks_reference_is_recorded_once():
    user = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    payment = bank_transfer_order()
    first, _created = notified(payment, TOTAL, service_id="92704", reference="FT1")
    rows = statement_read(statement_for((transfer_note(payment), TOTAL)))  # listed as FT1

    preview, report = statement_preview(rows), statement_import(rows, user)

    number = payment.order.number
    assert outcomes(preview) == outcomes(report) == [(2, True, "paid", number, Decimal(0))]
    assert list(BankTransfer.objects.values_list("transaction_id", flat=True)) == ["92704"]
    payment.refresh_from_db()
    assert (payment.status, payment.amount_received, payment.refund_due) == ("paid", TOTAL, Decimal(0))


@pytest.mark.django_db
def test_a_notification_after_the_statement_is_recorded_once():
    user = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    payment = bank_transfer_order()
    statement_import(statement_read(statement_for((transfer_note(payment), TOTAL))), user)

    transfer, created = notified(payment, TOTAL, service_id="92704", reference="FT1")

    assert (created, transfer.transaction_id) == (False, "FT1")
    payment.refresh_from_db()
    assert (payment.amount_received, payment.refund_due) == (TOTAL, Decimal(0))


@pytest.mark.django_db
def test_a_shared_reference_with_another_amount_is_another_transfer_never_dropped():
    user = get_user_model().objects.create_user("ketoan", "ketoan@cho-ocop.local", "pw", is_staff=True)
    payment = bank_transfer_order()
    notified(payment, 100_000, service_id="92704", reference="FT1")

    [line] = statement_import(statement_read(statement_for((transfer_note(payment), TOTAL - 100_000))), user)

    assert (line.recorded, line.outcome) == (False, "paid")
    assert BankTransfer.objects.count() == 2
