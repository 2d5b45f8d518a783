"""Load the demo catalogue from catalog/data through the importers staff use, then draw its images.

It lives in `cms`, the top app, because it orchestrates every app's importer: products and
producers (`catalog.importers.products`), display points (`shop.displays.importers`) and fair pages
(`cms.importers`), and ends with a search index rebuild."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from oscar.core.loading import get_model

from catalog.importers import DataImportError, ImportSummary, products_import
from catalog.importers.base import DATA_DIR, Progress, tqdm_progress
from search.receivers import search_updates_paused

from ...importers import places_import
from ..demo import quiet_logs, search_index_rebuild


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
