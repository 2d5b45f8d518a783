"""Benchmark the Wagtail choosers at national scale: time to open and to search, server side.

    .venv/bin/python bench/chooser.py                       # SQLite in .cache/bench-pages.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench .venv/bin/python bench/chooser.py

Builds the catalogue once (demo data + synthetic products up to --products; the same database as
bench/pages.py), then, signed in as a superuser, requests each chooser view --repeat times
in-process through Django's test client with DEBUG off, and prints the number of SQL queries and
the median / p95 wall time. The issue's target: under 300 ms for each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import catalogue_fill, django_setup, page_timings  # noqa: E402

REQUESTS = [
    ("product chooser: open", "/cms/choose/product/"),
    ("product chooser: page 400", "/cms/choose/product/results/?p=400"),
    ("product chooser: search 'mat ong'", "/cms/choose/product/results/?q=mat+ong"),
    (
        "product chooser: search 'Chè Thái Nguyên'",
        "/cms/choose/product/results/?q=Ch%C3%A8+Th%C3%A1i+Nguy%C3%AAn",
    ),
    ("product chooser: search with a typo 'nuoc mamm'", "/cms/choose/product/results/?q=nuoc+mamm"),
    ("producer chooser: open", "/cms/choose/producer/"),
    ("producer chooser: search 'htx che'", "/cms/choose/producer/results/?q=htx+che"),
    ("display point chooser: open", "/cms/choose/display-point/"),
    ("display point chooser: search 'ha noi'", "/cms/choose/display-point/results/?q=ha+noi"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543, help="catalogue size to measure at")
    parser.add_argument("--repeat", type=int, default=20, help="requests per view")
    return parser.parse_args()


def superuser_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"email": "bench-admin@cho-ocop.local", "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    args = parse_args()
    django_setup(default_database=f"sqlite:///{ROOT / '.cache' / 'bench-pages.sqlite3'}")
    from django.db import connection

    print(f"catalogue: {catalogue_fill(args.products):,} products on {connection.vendor}")
    client = superuser_client()
    print(f"{'view':<50} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for label, path in REQUESTS:
        queries, median, p95 = page_timings(path, args.repeat, client=client)
        print(f"{label:<50} {queries:>7} {median:>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
