"""Benchmark the storefront pages at national scale: query count and median time per page.

    .venv/bin/python bench/pages.py                       # SQLite in .cache/bench-pages.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench .venv/bin/python bench/pages.py

Builds the catalogue once (demo data + synthetic products up to --products), then requests each
page --repeat times in-process through Django's test client with DEBUG off, and prints the
number of SQL queries and the median / p95 wall time of each page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import catalogue_fill, django_setup, page_timings  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543, help="catalogue size to measure at")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    return parser.parse_args()


def setup_django() -> None:
    django_setup(default_database=f"sqlite:///{ROOT / '.cache' / 'bench-pages.sqlite3'}")


def build_catalogue(target: int) -> None:
    print(f"catalogue: {catalogue_fill(target):,} products")


def pages() -> list[tuple[str, str]]:
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    Category = get_model("catalogue", "Category")
    Province = get_model("catalogue", "Province")
    Partner = get_model("partner", "Partner")
    product = Product.objects.filter(stockrecords__isnull=False, stars=5).order_by("pk").first()
    category = Category.objects.get(code="I.2.b")
    province = Province.objects.get(code="01")
    producer = Partner.objects.filter(products__isnull=False).order_by("pk").first()
    return [
        ("list, 24 per page", "/catalogue/"),
        ("list, 12 per page", "/catalogue/?page_size=12"),
        ("list, 48 per page", "/catalogue/?page_size=48"),
        ("list, page 100", "/catalogue/?page=100"),
        ("list, filtered", "/catalogue/?stars=5&stars=4&province=01&sort=price_asc"),
        ("category", category.get_absolute_url()),
        ("province", province.get_absolute_url()),
        ("stall", producer.get_absolute_url()),
        ("search", "/search/?q=mat+ong"),
        ("product detail", product.get_absolute_url()),
    ]


def main() -> None:
    args = parse_args()
    setup_django()
    build_catalogue(args.products)
    from django.db import connection

    print(f"database: {connection.vendor}; {args.repeat} requests per page\n")
    print(f"{'page':<22} {'queries':>7} {'median ms':>10} {'p95 ms':>8}  path")
    for name, path in pages():
        count, median, p95 = page_timings(path, args.repeat)
        print(f"{name:<22} {count:>7} {median:>10.1f} {p95:>8.1f}  {path}")


if __name__ == "__main__":
    main()
