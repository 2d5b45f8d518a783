"""Outboxes: work a transaction leaves for a background task, written in that same transaction.

A receiver that notices work (products whose search text or index entry went stale) notes it in
one row per transaction — a JSON object of id lists and flags, merged on each later change — and
asks for the draining task once the transaction commits. The row commits or rolls back with the
change itself: work is never lost to a crash between the commit and the task, and never done for a
rolled-back change. The task takes the rows (SKIP LOCKED where the database has it), does the work
and deletes them, so it may run twice, or twice at once, and still does the work once."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

Work = dict[str, Any]  # {"producers": [3, 7], "provinces": True, ...}: id lists and flags
T = TypeVar("T")

ROW_IDS = 10_000  # past this many ids a transaction's row is left as it is and a new one begun
ROWS_PER_ROUND = 100  # rows a drain takes at once


class OutboxRow(models.Model):
    """One transaction's pending work; deleted by the task that does it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    work = models.JSONField(default=dict)

    class Meta:
        abstract = True


def work_merge(first: Work, second: Work) -> Work:
    """Both at once: id lists joined (sorted, each id once), flags or-ed."""
    merged = dict(first)
    for key, value in second.items():
        if value is True:
            merged[key] = True
        elif value:
            merged[key] = sorted({*merged.get(key, ()), *value})
    return merged


def work_size(work: Work) -> int:
    return sum(len(value) for value in work.values() if isinstance(value, list))


@dataclass
class _Open:
    """The row this connection's open transaction writes to, and the work written to it."""

    pk: uuid.UUID
    work: Work
    enqueued: bool = False


class TransactionOutbox:
    """Notes work in `model`'s table, one row per transaction; `after_commit` runs once it commits
    (it enqueues the task that drains the table)."""

    def __init__(self, model: type[OutboxRow], *, after_commit: Callable[[], object]) -> None:
        self.model = model
        self.after_commit = after_commit
        self.attribute = f"outbox_{model._meta.db_table}"

    def note(self, **work: Any) -> None:
        """Add this work to the current transaction's row (written at once outside a transaction)."""
        work = work_merge({}, work)
        if not work:
            return
        connection = transaction.get_connection()
        open_row = self._merged(getattr(connection, self.attribute, None), work)
        if open_row is None:
            row = self.model.objects.create(work=work)
            open_row = _Open(row.pk, work)
            setattr(connection, self.attribute, open_row)
        # One callback per change, as a savepoint rolls back its own: the first to run enqueues.
        transaction.on_commit(partial(self._committed, connection, open_row), robust=True)

    def _merged(self, open_row: _Open | None, work: Work) -> _Open | None:
        """The open row, with this work added; None when there is none, or it is full."""
        if open_row is None or work_size(open_row.work) >= ROW_IDS:
            return None
        merged = work_merge(open_row.work, work)
        # No row updated: it was rolled back (with a savepoint), and with it its callbacks. The
        # ids held in memory may then include rolled-back ones: work done twice, never lost.
        if not self.model.objects.filter(pk=open_row.pk).update(work=merged):
            return None
        open_row.work = merged
        return open_row

    def _committed(self, connection: BaseDatabaseWrapper, open_row: _Open) -> None:
        if open_row.enqueued:
            return
        open_row.enqueued = True
        # Callbacks run once no transaction is open: whatever row was open is committed.
        setattr(connection, self.attribute, None)
        self.after_commit()


def outbox_drain(
    model: type[OutboxRow], do: Callable[[Work], T], *, hold_transaction: bool = True
) -> Iterator[tuple[int, T]]:
    """Take the rows in rounds, do their merged work, delete them; yields (rows, what `do` returned)
    per round. With `hold_transaction` the work, its writes and the delete are one transaction;
    without, no transaction stays open while `do` runs (a call to another service): on SQLite,
    whose lock is the whole database, a second drain may then do the same work again.
    Rows another drain holds (SKIP LOCKED) are left to it; an error in `do` leaves the rows."""
    connection = transaction.get_connection()
    locking = connection.features.has_select_for_update_skip_locked
    while True:
        with transaction.atomic() if hold_transaction or locking else nullcontext():
            rows = model.objects.order_by("created")
            if locking:
                rows = rows.select_for_update(skip_locked=True)
            taken = list(rows.values_list("pk", "work")[:ROWS_PER_ROUND])
            if not taken:
                return
            merged: Work = {}
            for _pk, work in taken:
                merged = work_merge(merged, work)
            done = do(merged)
            model.objects.filter(pk__in=[pk for pk, _work in taken]).delete()
        yield len(taken), done
