"""Benchmark the storefront pages at national scale: query count, then p50 / p95 / p99 per page.

    .venv/bin/python bench/pages.py                       # SQLite in .cache/bench-pages.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench .venv/bin/python bench/pages.py

Builds the catalogue once (demo data + synthetic products up to --products), counts each page's
SQL queries in-process (Django's test client), then serves the site with gunicorn as production
runs it (gunicorn.conf.py: preload, gc.freeze; production settings, DEBUG off, --workers) and
requests each page --samples times, one at a time over one kept-alive connection. The last column
is p99 ÷ median (the target is ≤ 2: no collector or other stalls).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    LoopbackClient,
    catalogue_fill,
    collector_paused,
    django_setup,
    page_timings,
    percentile,
    served,
)

STALL_RATIO = 2.0  # p99 ≤ 2 × median


@dataclass
class PageFigures:
    name: str
    path: str
    queries: int
    samples: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    def p(self, share: float) -> float:
        return percentile(self.samples, share)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543, help="catalogue size to measure at")
    parser.add_argument("--samples", type=int, default=200, help="requests per page (≥ 200 for a p99)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8721)
    parser.add_argument("--json", type=Path, help="also write the figures here (bench/performance.py)")
    return parser.parse_args()


def setup_django() -> None:
    django_setup(default_database=f"sqlite:///{ROOT / '.cache' / 'bench-pages.sqlite3'}")


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
        ("home", "/"),
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


def measure(
    samples: int, workers: int, port: int, environment: dict[str, str] | None = None
) -> list[PageFigures]:
    """Every page's query count (in-process) and `samples` timings through gunicorn."""
    listed = pages()
    figures = [PageFigures(name, path, page_timings(path, 1)[0], []) for name, path in listed]
    with served(port, workers, environment=environment) as base_url:
        client = LoopbackClient(base_url)
        for page in figures:
            for _ in range(5):  # every worker's connections and caches
                client.get(page.path)
            with collector_paused():
                for _ in range(samples):
                    status, milliseconds, _body = client.get(page.path)
                    if status != 200:
                        raise SystemExit(f"{page.path} answered {status}")
                    page.samples.append(milliseconds)
        client.close()
    return figures


def report(figures: list[PageFigures], workers: int) -> None:
    from django.db import connection

    samples = len(figures[0].samples)
    print(f"\ndatabase: {connection.vendor}; gunicorn --workers {workers}; {samples} requests per page")
    columns = ("queries", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99/p50")
    print(f"{'page':<22}" + "".join(f"{c:>9}" for c in columns) + "  path")
    for page in figures:
        ratio = page.p(0.99) / page.p50
        cells = (page.queries, page.p50, page.p(0.95), page.p(0.99), max(page.samples))
        print(
            f"{page.name:<22}{cells[0]:>9}"
            + "".join(f"{value:>9.1f}" for value in cells[1:])
            + f"{ratio:>9.2f}{'' if ratio <= STALL_RATIO else ' !'}  {page.path}"
        )


def main() -> None:
    args = parse_args()
    setup_django()
    print(f"catalogue: {catalogue_fill(args.products):,} products")
    figures = measure(args.samples, args.workers, args.port)
    report(figures, args.workers)
    if args.json:
        rows = [
            {"page": f.name, "queries": f.queries, "p50": f.p50, "p95": f.p(0.95), "p99": f.p(0.99)}
            for f in figures
        ]
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
