"""Import a provincial OCOP product list (CSV or XLSX): all rows or none; a rerun changes nothing."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.importers import DataImportError
from catalog.importers.base import tqdm_progress
from catalog.importers.product_rows import CERTIFICATE_COLUMNS, COLUMNS
from catalog.importers.products import ProductListCheck, products_check, products_import


class Command(BaseCommand):
    help = (
        "Import an OCOP product list (CSV in UTF-8, or XLSX) with the columns of ocop-products.csv "
        f"({', '.join(COLUMNS)}) and optionally {', '.join(CERTIFICATE_COLUMNS)}. "
        "Every row is checked first; one bad row and nothing is written. Products are matched by name and "
        "producer (or province), producers by name and province."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The list: a .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the list, report what would change, write nothing."
        )

    def handle(self, *args, path: Path, dry_run: bool = False, verbosity: int = 1, **options) -> None:
        started = time.monotonic()
        progress = tqdm_progress(verbosity > 0)
        try:
            if dry_run:
                check = products_check(path, progress=progress)
                self.rows_report(check, verbosity)
                if not check.ok:
                    raise DataImportError(check.errors)
                summary = check.summary
            else:
                summary = products_import(path, progress=progress)
        except DataImportError as error:
            raise CommandError(f"Nothing was imported:\n{error}") from error
        except FileNotFoundError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for line in summary.lines():
            self.stdout.write(line)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"dry run: nothing was written ({elapsed:.1f}s)" if dry_run else f"imported in {elapsed:.1f}s"
        )

    def rows_report(self, check: ProductListCheck, verbosity: int) -> None:
        """With -v 2, what would happen to each row."""
        if verbosity < 2:
            return
        for report in check.rows:
            details = [
                *report.changes,
                *([f"new producer {report.new_producer}"] if report.new_producer else []),
            ]
            note = f" ({', '.join(details)})" if details else ""
            self.stdout.write(f"row {report.row}: {report.outcome} {report.title}{note}")
