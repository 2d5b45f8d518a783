"""Benchmark the OCOP statistics pages at national scale: cold (just after a catalogue change)
and warm (from the cache), with the number of SQL queries.

    .venv/bin/python bench/statistics_pages.py             # SQLite in .cache/bench-statistics.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_statistics .venv/bin/python bench/statistics_pages.py

Builds the catalogue once (demo data + synthetic products up to --products), then requests each
page --repeat times through Django's test client with DEBUG off: "cold" bumps the catalogue
version before every request (what a save of a product does), "warm" reads the cached figures.
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
    parser.add_argument("--repeat", type=int, default=20, help="requests per page and state")
    return parser.parse_args()


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count
    from oscar.core.loading import get_model

    Province = get_model("catalogue", "Province")
    largest = Province.objects.annotate(n=Count("products")).order_by("-n", "name").first()
    smallest = Province.objects.annotate(n=Count("products")).order_by("n", "name").first()
    return [
        ("national", "/thong-ke/"),
        (f"province, largest ({largest.products.count():,})", f"/thong-ke/{largest.slug}/"),
        (f"province, smallest ({smallest.products.count():,})", f"/thong-ke/{smallest.slug}/"),
        ("national CSV, provinces", "/thong-ke/provinces.csv"),
    ]


def main() -> None:
    args = parse_args()
    django_setup(default_database=f"sqlite:///{ROOT / '.cache' / 'bench-statistics.sqlite3'}")
    print(f"catalogue: {catalogue_fill(args.products):,} products")
    from django.db import connection

    from shop.statistics.cache import catalogue_version_bump

    print(f"database: {connection.vendor}; {args.repeat} requests per page and state\n")
    print(f"{'page':<30} {'state':<5} {'queries':>7} {'median ms':>10} {'p95 ms':>8}  path")
    for name, path in pages():
        for state, before_each in (("cold", catalogue_version_bump), ("warm", lambda: None)):
            count, median, p95 = page_timings(path, args.repeat, before_each=before_each)
            print(f"{name:<30} {state:<5} {count:>7} {median:>10.1f} {p95:>8.1f}  {path}")


if __name__ == "__main__":
    main()
