"""Bank statement exports (CSV or XLSX) read into incoming transfers, their dry run, and their import.

Vietnamese banks export a title and the account's details above the table, name the columns in
Vietnamese or English, write amounts as "1.250.000" or 1250000 and dates as dd/mm/yyyy: the table
is found by its header row, and every problem is reported by row number and column before
anything is recorded. Only credits are read; debits (a blank credit) are skipped.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.importers.base import DataImportError, RowErrors
from catalog.importers.tables import Upload, records_read
from catalog.utils import fold

from .references import order_number_found
from .transfers import TransferEffect, bank_transfer_record, transfer_effect, transfer_effect_apply

logger = logging.getLogger(__name__)

BankTransfer = get_model("payment", "BankTransfer")
OrderPayment = get_model("payment", "OrderPayment")

BANK_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
UPLOAD_SECONDS = 2 * 3600  # an upload waits this long for its confirmation
HEADER_SEARCH_ROWS = 30  # the header row is looked for among the first rows only
MAX_AMOUNT = 9_999_999_999  # what BankTransfer.amount holds (12 digits, 2 of them decimals)
# Each column the import reads, and the names banks give it (compared folded: no accents, lower case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "transaction_id": (
        "mã giao dịch", "số tham chiếu", "mã tham chiếu", "số giao dịch", "số bút toán", "mã gd", "số ct",
        "transaction id", "transaction no", "transaction number", "reference", "reference no",
        "reference number", "ref no", "trans id",
    ),
    "date": (
        "ngày giao dịch", "ngày gd", "thời gian giao dịch", "thời gian", "ngày", "ngày hạch toán",
        "date", "transaction date", "trans date", "posting date", "date time",
    ),
    "credit": (
        "số tiền ghi có", "ghi có", "số tiền có", "có", "số tiền vào", "tiền vào",
        "credit", "credit amount", "amount in", "deposit",
    ),
    "description": (
        "nội dung", "nội dung giao dịch", "nội dung chuyển khoản", "mô tả", "diễn giải",
        "chi tiết giao dịch", "description", "transaction details", "details", "remarks", "narrative",
    ),
}  # fmt: skip
COLUMN_LABELS = {
    "transaction_id": "Mã giao dịch / Transaction ID",
    "date": "Ngày giao dịch / Date",
    "credit": "Số tiền ghi có / Credit",
    "description": "Nội dung / Description",
}
_NAMES = {fold(name): field for field, names in COLUMNS.items() for name in names}
_UNIT = re.compile(r"\s*\((vnd|đ|₫|vnđ)\)\s*$|[:*]\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")  # 1.250.000 or 1,250,000
_DECIMAL = re.compile(r"^(\d+)[.,]0{1,2}$")  # 1250000.00 (a cell formatted with decimals)
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S",
)  # fmt: skip


@dataclass(frozen=True)
class StatementRow:
    """One credit of the statement, with its row number in the file (as a spreadsheet counts)."""

    row: int
    transaction_id: str
    received_at: datetime
    amount: int
    description: str


@dataclass(frozen=True)
class StatementLine:
    """What a row does (dry run) or did (import): `recorded` when its transaction id was recorded
    before, then `outcome`, `order_number` and `refund_due` are those of that first record."""

    row: StatementRow
    recorded: bool
    outcome: str
    order_number: str | None
    refund_due: Decimal

    @property
    def outcome_label(self) -> str:
        return str(BankTransfer.Outcome(self.outcome).label)


def statement_read(upload: Upload) -> list[StatementRow]:
    """The credits of a statement export; DataImportError naming every bad row and column."""
    records = records_read(upload)
    errors = RowErrors(upload.name)
    header_row, positions = _header(records, errors)
    errors.raise_if_any()
    rows: list[StatementRow] = []
    first_row: dict[str, int] = {}
    for number, cells in records:
        if number <= header_row:
            continue
        values = {field: cells[i] if i < len(cells) else "" for field, i in positions.items()}
        row = _row(number, values, errors)
        if row is None:
            continue
        if row.transaction_id in first_row:
            message = _("the same transaction id as row %(row)d") % {"row": first_row[row.transaction_id]}
            errors.add(number, COLUMN_LABELS["transaction_id"], message)
        first_row.setdefault(row.transaction_id, number)
        rows.append(row)
    if not rows and not errors.errors:
        errors.add(header_row + 1, COLUMN_LABELS["credit"], _("there is no credit under the header"))
    errors.raise_if_any()
    return rows


def _header(records: list[tuple[int, list[str]]], errors: RowErrors) -> tuple[int, dict[str, int]]:
    """The header row's number and the position of each column read; the missing ones as errors
    on the row that names most of them."""
    best: tuple[int, dict[str, int]] = (1, {})
    for number, cells in records[:HEADER_SEARCH_ROWS]:
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            field = _NAMES.get(fold(_UNIT.sub("", cell)))
            if field and field not in positions:
                positions[field] = index
        if len(positions) == len(COLUMNS):
            return number, positions
        if len(positions) > len(best[1]):
            best = (number, positions)
    for field in COLUMNS:
        if field not in best[1]:
            errors.add(best[0], COLUMN_LABELS[field], _("column is missing"))
    return best


def _row(number: int, values: dict[str, str], errors: RowErrors) -> StatementRow | None:
    """The credit on one row; None for a debit, a blank row, or a total or other summary line
    (no transaction id, and no date where the date goes: "Tổng cộng")."""
    if not values["credit"] or (not values["transaction_id"] and _date(values["date"]) is None):
        return None
    count = len(errors.errors)
    amount = _credit(number, values["credit"], errors)
    if amount == 0:
        return None
    received_at = _date(values["date"])
    if received_at is None:
        errors.add(
            number,
            COLUMN_LABELS["date"],
            _("“%(value)s” is not a date (dd/mm/yyyy)") % {"value": values["date"]},
        )
    transaction_id = values["transaction_id"]
    if not transaction_id:
        errors.add(number, COLUMN_LABELS["transaction_id"], _("the transaction id is missing"))
    elif len(transaction_id) > 100:
        errors.add(
            number, COLUMN_LABELS["transaction_id"], _("longer than %(limit)d characters") % {"limit": 100}
        )
    if len(errors.errors) > count:
        return None
    assert amount is not None and received_at is not None
    return StatementRow(number, transaction_id, received_at, amount, values["description"])


def _credit(number: int, text: str, errors: RowErrors) -> int | None:
    """The credit in whole đồng (0 for none), or None with the error added."""
    amount = _amount(text)
    if amount is None:
        message = _("“%(value)s” is not an amount in đồng") % {"value": text}
    elif amount > MAX_AMOUNT:
        message = _("more than %(max)s đồng") % {"max": f"{MAX_AMOUNT:,}".replace(",", ".")}
    else:
        return amount
    errors.add(number, COLUMN_LABELS["credit"], message)
    return None


def _amount(text: str) -> int | None:
    """Whole đồng from "1.250.000", "1,250,000", "1250000", "1250000.00" or "1.250.000 ₫"."""
    text = re.sub(r"\s|₫|vnđ|vnd|đ", "", text, flags=re.IGNORECASE)
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[.,]", "", text))
    decimal = _DECIMAL.match(text)
    return int(decimal.group(1)) if decimal else None


def _date(text: str) -> datetime | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).replace(tzinfo=BANK_TIME_ZONE)
        except ValueError:
            continue
    return None


def statement_preview(rows: list[StatementRow]) -> list[StatementLine]:
    """What importing `rows` would do, writing nothing: each row already recorded (with what it
    did then) or new, with the outcome it would have, rows of one order counted in turn."""
    ids = [r.transaction_id for r in rows]
    recorded: dict[tuple[str, int | None], Any] = {}
    found = BankTransfer.objects.filter(Q(transaction_id__in=ids) | Q(bank_reference__in=ids))
    for t in found.select_related("payment__order"):
        recorded[(t.transaction_id, None)] = t  # the same id: whatever the amount
        recorded.setdefault((t.bank_reference, int(t.amount)), t)  # a notified twin: same amount
    numbers = {r.row: order_number_found(r.description) for r in rows}
    payments = {
        p.order.number: p
        for p in OrderPayment.objects.filter(
            order__number__in={n for n in numbers.values() if n}, method=OrderPayment.Method.BANK_TRANSFER
        ).select_related("order")
    }
    lines = []
    for row in rows:
        twin = recorded.get((row.transaction_id, None)) or recorded.get((row.transaction_id, row.amount))
        if twin is not None:
            lines.append(_recorded_line(row, twin))
            continue
        payment = payments.get(numbers[row.row] or "")
        effect = transfer_effect(payment=payment, amount=Decimal(row.amount))
        if payment is not None:
            transfer_effect_apply(payment=payment, amount=Decimal(row.amount), effect=effect)
        lines.append(_line(row, effect, payment))
    return lines


def _line(row: StatementRow, effect: TransferEffect, payment: Any | None) -> StatementLine:
    number = payment.order.number if payment is not None else None
    return StatementLine(row, False, effect.outcome, number, effect.refund_due)


def _recorded_line(row: StatementRow, transfer: Any) -> StatementLine:
    number = transfer.payment.order.number if transfer.payment_id else None
    return StatementLine(row, True, transfer.outcome, number, transfer.refund_due)


def statement_import(rows: list[StatementRow], user: Any) -> list[StatementLine]:
    """Record every row in one transaction (all or nothing); rows recorded before (the same
    statement imported twice, or a notification first) come back as already recorded.

    Rows are recorded in the order of their order number (and file order within one order), so
    two imports at once take the payments' locks in one order and never deadlock; the report
    keeps the file's order."""
    lines: dict[int, StatementLine] = {}
    with transaction.atomic():
        for row in sorted(rows, key=_lock_order):
            transfer, created = bank_transfer_record(
                transaction_id=row.transaction_id,
                amount=row.amount,
                description=row.description,
                received_at=row.received_at,
                bank_reference=row.transaction_id,  # a statement's transaction id is the bank's reference
                source=BankTransfer.Source.STATEMENT,
            )
            lines[row.row] = replace(_recorded_line(row, transfer), recorded=not created)
    logger.info("Bank statement of %d credits imported by %s", len(rows), user)
    return [lines[row.row] for row in rows]


def _lock_order(row: StatementRow) -> tuple[str, str, int]:
    """Matched rows by order number then file order; unmatched ones (no lock, only the unique
    index) first, by transaction id."""
    number = order_number_found(row.description) or ""
    return (number.zfill(25), "" if number else row.transaction_id, row.row)


def statement_upload_keep(*, user: Any, upload: Upload) -> str:
    """Keep an uploaded statement between its dry run and its confirmation, in the shared cache
    (every app server sees it), under a random token valid for its uploader only."""
    token = secrets.token_urlsafe(24)
    cache.set(_upload_key(user, token), (upload.name, upload.content), UPLOAD_SECONDS)
    return token


def statement_upload_get(*, user: Any, token: str) -> Upload | None:
    """The statement kept under `token` for `user`; None when expired, imported or not theirs."""
    kept = cache.get(_upload_key(user, token))
    return Upload(*kept) if kept else None


def statement_upload_forget(*, user: Any, token: str) -> None:
    cache.delete(_upload_key(user, token))


def _upload_key(user: Any, token: str) -> str:
    return f"bank-statement:{user.pk}:{token}"


__all__ = [
    "DataImportError",
    "StatementLine",
    "StatementRow",
    "statement_import",
    "statement_preview",
    "statement_read",
    "statement_upload_forget",
    "statement_upload_get",
    "statement_upload_keep",
]
