"""Add a synthetic catalogue at national scale (UPCs "SYN-…"): for load, search and paging tests,
with synthetic display points (slugs "syn-…") near each provincial centre for "near me".

A demo command beside `ocop_load_demo` in the top app: it writes catalog and shop.displays rows and
ends with a search index rebuild."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.importers.base import tqdm_progress
from catalog.importers.synthetic import catalog_generate
from search.receivers import search_updates_paused
from shop.displays.synthetic import display_points_generate

from ..demo import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Add N synthetic products (titles from real product words and place names, UPC prefix SYN-, "
        "source marked as simulated) with producers, prices, stock and shared generated images, and "
        "3 simulated display points per province (created once) stocking its synthetic products. "
        "Deterministic for a seed and a database state; every run ADDS N more products."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, required=True, help="How many products to add.")
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")
        parser.add_argument("--no-images", action="store_true", help="Add no product images.")

    def handle(
        self, *args, products: int, seed: int, no_images: bool = False, verbosity: int = 1, **options
    ) -> None:
        if products < 1:
            raise CommandError("--products must be at least 1")
        started = time.monotonic()
        progress = tqdm_progress(verbosity > 0)
        with search_updates_paused():  # ends with a full rebuild instead
            summary = catalog_generate(count=products, seed=seed, images=not no_images, progress=progress)
            summary.merge(display_points_generate(seed=seed, progress=progress))
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(f"took {time.monotonic() - started:.1f}s")
        search_index_rebuild(self, verbosity)
