"""Load the demo catalogue from catalog/data through the importer staff use, then draw its images."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from oscar.core.loading import get_model
from tqdm import tqdm

from catalog.importers import DataImportError, ImportSummary, places_import, products_import
from catalog.importers.base import Progress
from search.receivers import search_updates_paused

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
T = TypeVar("T")


def tqdm_progress(enabled: bool) -> Progress:
    """A progress wrapper for the importers: a tqdm bar, or nothing at verbosity 0."""

    def progress(items: Iterable[T], *, total: int, desc: str) -> Iterable[T]:
        return tqdm(items, total=total, desc=desc, unit="", disable=not enabled, leave=True)

    return progress


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


class Command(BaseCommand):
    help = (
        "Load the demo data: the real OCOP products and places in catalog/data (with made-up prices, "
        "stock and DEMO- certificate numbers) and generated images. Idempotent: a rerun changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-images", action="store_true", help="Skip product images and producer logos."
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with ocop-products.csv and ocop-places.csv (default: catalog/data).",
        )

    def handle(
        self, *args, no_images: bool = False, data_dir: Path = DATA_DIR, verbosity: int = 1, **options
    ) -> None:
        progress = tqdm_progress(verbosity > 0)
        summary = ImportSummary()
        try:
            # Both files or neither: a bad row in the places leaves no half-loaded demo behind.
            # No per-save re-indexing: the load ends with a full rebuild.
            with quiet_logs(verbosity < 2), search_updates_paused(), transaction.atomic():
                summary.merge(products_import(data_dir / "ocop-products.csv", demo=True, progress=progress))
                summary.merge(places_import(data_dir / "ocop-places.csv", demo=True, progress=progress))
        except DataImportError as error:
            raise CommandError(f"Nothing was loaded:\n{error}") from error
        except FileNotFoundError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        if not no_images:
            with search_updates_paused():
                summary.merge(self.images(progress))
        for line in summary.lines():
            self.stdout.write(line)
        search_index_rebuild(self, verbosity)

    def images(self, progress: Progress) -> ImportSummary:
        from catalog.images import producer_logos_ensure, product_images_ensure

        Product = get_model("catalogue", "Product")
        Partner = get_model("partner", "Partner")
        summary = product_images_ensure(Product.objects.filter(upc__startswith="OCOP-"), progress=progress)
        producers = Partner.objects.filter(products__upc__startswith="OCOP-").distinct().order_by("pk")
        summary.merge(producer_logos_ensure(producers, progress=progress))
        return summary
