"""Background work of search: re-index what a committed transaction changed (queued by search.receivers)."""

from __future__ import annotations

import logging

from django_tasks import task
from elastic_transport import TransportError
from elasticsearch import ApiError

from .indexing import index_update

logger = logging.getLogger(__name__)


@task()
def search_index_update(
    product_ids: list[int], producer_ids: list[int], provinces: bool = False
) -> dict[str, int]:
    """Re-index these products and producers (and every province name when `provinces`); the
    documents of rows deleted or no longer browsable are removed."""
    try:
        report = index_update(product_ids=product_ids, producer_ids=producer_ids, provinces=provinces)
    except (ApiError, TransportError) as error:
        # The task fails (its result says why); the documents stay stale until the next change or rebuild.
        logger.warning("Search re-index of %d products failed: %s", len(product_ids), error)
        raise
    return {"sent": report.sent}
