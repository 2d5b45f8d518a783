"""Background work of search: re-index what committed transactions changed (noted by
search.receivers in the index outbox)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django_tasks import task
from elastic_transport import TransportError
from elasticsearch import ApiError

from catalog.outbox import Work, outbox_drain

from .indexing import index_update
from .models import IndexOutbox

logger = logging.getLogger(__name__)


@dataclass
class DrainReport:
    rows: int = 0
    sent: int = 0


def index_outbox_drain() -> DrainReport:
    """Re-index what the outbox rows ask for, deleting each round's rows once its bulk requests
    succeeded. Raises (leaving the rows) when Elasticsearch fails; nothing to do without it."""
    report = DrainReport()
    if not settings.ELASTICSEARCH_URL:
        return report
    # No transaction is held across the bulk requests on SQLite (PostgreSQL locks only the rows).
    for rows, sent in outbox_drain(IndexOutbox, _index_work, hold_transaction=False):
        report.rows, report.sent = report.rows + rows, report.sent + sent
    return report


def _index_work(work: Work) -> int:
    try:
        report = index_update(
            product_ids=work.get("products", ()),
            producer_ids=work.get("producers", ()),
            provinces=work.get("provinces", False),
        )
    except (ApiError, TransportError) as error:
        # The task fails (its result says why); the rows stay for the next task or the command.
        logger.warning("Search re-index of %d products failed: %s", len(work.get("products", ())), error)
        raise
    return report.sent


@task()
def search_index_update() -> dict[str, int]:
    """Drain the index outbox: re-index the products and producers it names (and every province
    name when asked); documents of rows deleted or no longer browsable are removed."""
    report = index_outbox_drain()
    return {"rows": report.rows, "sent": report.sent}
