"""Stock at checkout: lock and re-check the basket's stock records at placement; release on cancel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

StockRecord = get_model("partner", "StockRecord")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


def _locked_stock_records(pks: Iterable[int]) -> dict[int, Any]:
    # Always by primary key: every transaction takes the row locks in the same order, so two
    # checkouts sharing products wait for each other instead of deadlocking.
    records = StockRecord.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk")
    return {record.pk: record for record in records}


def _shortage_message(*, title: str, available: int) -> str:
    if available <= 0:
        return _("Sorry, “%(title)s” is sold out; please update your basket.") % {"title": title}
    return _("Sorry, only %(available)d of “%(title)s” are left; please update your basket.") % {
        "available": available,
        "title": title,
    }


def stock_lock_and_check(*, lines: Iterable[Any]) -> None:
    """Lock the stock records of basket `lines` and refuse the order if any is short.

    Must run inside the placement transaction (it asserts one is open): the `SELECT … FOR
    UPDATE` locks (taken in primary-key order) are held until the order and Oscar's F()
    allocations (`OrderCreator.update_stock_records`) are committed, so concurrent buyers of
    the last units are serialised on the rows and never both succeed. Quantities of several
    lines on one stock record are added up. Raises Oscar's `UnableToPlaceOrder` with a
    message for the shopper naming every short product.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_lock_and_check() must run inside transaction.atomic()")
    tracked = (
        (line.stockrecord_id, line.quantity, line.product.get_title())
        for line in lines
        if line.stockrecord_id is not None and line.product.get_product_class().track_stock
    )
    _refuse_shortages(*_wanted(tracked))


def _wanted(items: Iterable[tuple[int, int, str]]) -> tuple[dict[int, int], dict[int, str]]:
    """Quantities per stock record (several lines on one record add up) and a title for each."""
    wanted: dict[int, int] = defaultdict(int)
    titles: dict[int, str] = {}
    for stockrecord_id, quantity, title in items:
        wanted[stockrecord_id] += quantity
        titles[stockrecord_id] = title
    return wanted, titles


def _refuse_shortages(wanted: dict[int, int], titles: dict[int, str]) -> dict[int, Any]:
    records = _locked_stock_records(wanted)
    problems = []
    for pk, quantity in wanted.items():
        record = records.get(pk)
        available = record.net_stock_level if record is not None else 0
        if quantity > available:
            problems.append(_shortage_message(title=titles[pk], available=available))
    if problems:
        raise UnableToPlaceOrder(" ".join(problems))
    return records


def stock_release(*, order: Any) -> None:
    """Give back the stock an order allocated (a cancelled order or a failed payment).

    Runs in one transaction, locking the order's stock records in primary-key order like
    placement does, then Oscar's `StockRecord.cancel_allocation` (an F() update that never goes
    below zero) per line. Call it once per order: a second call would release units that other
    orders hold.
    """
    lines = [line for line in order.lines.all() if line.stockrecord_id is not None]
    with transaction.atomic():
        records = _locked_stock_records(line.stockrecord_id for line in lines)
        for line in sorted(lines, key=lambda line: line.stockrecord_id):
            record = records.get(line.stockrecord_id)
            if record is not None:
                record.cancel_allocation(line.quantity)


def stock_reallocate(*, order: Any) -> None:
    """Take again the stock an order gave back (a card payment that succeeded after a failure).

    Same locks and check as placement, then Oscar's `StockRecord.allocate` per line; raises
    `UnableToPlaceOrder` (allocating nothing) when the goods sold out in between. Must run
    inside a transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_reallocate() must run inside transaction.atomic()")
    wanted, titles = _wanted(
        (line.stockrecord_id, line.quantity, line.title) for line in order.lines.all() if line.stockrecord_id
    )
    records = _refuse_shortages(wanted, titles)
    for pk in sorted(wanted):
        records[pk].allocate(wanted[pk])
