"""What the demo commands share: quiet logs during a bulk load, and the closing index rebuild.

The demo commands live in `cms`, the top app: they write products and producers (catalog, shop),
display points (shop.displays) and fair pages (cms), then rebuild the search index (search)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def search_index_rebuild(command: BaseCommand, verbosity: int) -> None:
    """End a load with a rebuild of the search index when Elasticsearch is configured."""
    if not settings.ELASTICSEARCH_URL:
        return
    try:
        call_command(
            "search_rebuild_index", verbosity=verbosity, stdout=command.stdout, stderr=command.stderr
        )
    except CommandError as error:
        raise CommandError(f"The data is loaded, but the search index was not rebuilt: {error}") from error


@contextmanager
def quiet_logs(
    enabled: bool, names: tuple[str, ...] = ("django_tasks", "wagtail", "oscar.alerts")
) -> Iterator[None]:
    """Hide the per-row INFO lines (page published, task run, stock alerts checked) of a bulk load."""
    loggers = [logging.getLogger(name) for name in names] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
