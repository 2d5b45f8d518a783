"""Do the search work committed transactions left in the outboxes (for cron, or after a crash)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from elastic_transport import TransportError
from elasticsearch import ApiError

from catalog.search_texts import search_texts_outbox_drain
from search.indexing import IndexingError
from search.tasks import index_outbox_drain


class Command(BaseCommand):
    help = (
        "Recompute the product search texts renames left pending, then re-index in Elasticsearch what "
        "committed changes left pending. Safe to run at any time, and alongside the tasks: each "
        "outbox row is done once, and deleted with the work."
    )

    def handle(self, *args, **options) -> None:
        text_rows, rewritten = search_texts_outbox_drain()
        summary = f"Search texts: {text_rows} outbox rows, {rewritten} products rewritten."
        if not settings.ELASTICSEARCH_URL:
            self.stdout.write(f"{summary} Index: ELASTICSEARCH_URL is not set, nothing to re-index.")
            return
        try:
            report = index_outbox_drain()
        except (ApiError, TransportError, IndexingError) as error:
            self.stdout.write(summary)
            raise CommandError(
                f"Re-indexing at {settings.ELASTICSEARCH_URL} failed, the outbox rows are kept: {error}"
            ) from error
        self.stdout.write(f"{summary} Index: {report.rows} outbox rows, {report.sent} documents sent.")
