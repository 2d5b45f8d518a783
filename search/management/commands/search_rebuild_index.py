"""Rebuild the Elasticsearch index behind its alias, with zero downtime for searches."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from elastic_transport import TransportError
from elasticsearch import ApiError

from catalog.importers.base import tqdm_progress
from search.indexing import index_rebuild


class Command(BaseCommand):
    help = (
        "Index every browsable product, producer and province name into a new versioned index, then "
        "swap the ELASTICSEARCH_INDEX alias to it and delete older versions. Exits non-zero, leaving "
        "the alias on the previous index, if any document fails."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(
                "ELASTICSEARCH_URL is not set: search uses the database, which needs no index."
            )
        try:
            report = index_rebuild(progress=tqdm_progress(verbosity > 0))
        except (ApiError, TransportError) as error:
            raise CommandError(f"Elasticsearch at {settings.ELASTICSEARCH_URL} failed: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if report.bulk.failed:
            raise CommandError(f"{report.bulk.failed} documents failed to index; the alias was not swapped.")
