"""Hostile requests at national scale: the fuzz of tests/search/test_bounded_requests.py against
16,543 products, on the database backend and on Elasticsearch, in-process.

    # PostgreSQL and Elasticsearch running (scripts/start-postgres.sh, scripts/start-elasticsearch.sh):
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python bench/hostile.py [--requests 2000]

Builds the catalogue (demo data + synthetic products up to --products) and its index, then sends
the same seeded hostile requests (repeated facets, absurd pages, NUL bytes, 5,000-digit numbers,
too many parameters…) to the API and the list pages through Django's test client, once per
backend, and prints the statuses, p50 / p95 / max and how many took over a second (the bound).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import catalogue_fill, django_setup, require_environment  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--slowest", type=int, default=5, help="print the N slowest requests")
    return parser.parse_args()


def fuzz(backend: str, requests: int, seed: int, show_slowest: int) -> None:
    from django.conf import settings
    from django.test import Client
    from oscar.core.loading import get_model

    from tests.search.test_bounded_requests import API, SUGGEST, fuzz_request

    Partner = get_model("partner", "Partner")
    Province = get_model("catalogue", "Province")
    Category = get_model("catalogue", "Category")
    settings.ELASTICSEARCH_URL = None if backend == "database" else settings.ELASTICSEARCH_URL
    producer = Partner.objects.filter(products__isnull=False).order_by("pk").first()
    pages = [
        "/catalogue/",
        "/search/",
        Province.objects.get(code="01").get_absolute_url(),
        Category.objects.get(code="I.2.b").get_absolute_url(),
        producer.get_absolute_url(),
    ]
    slugs = list(Category.objects.values_list("slug", flat=True)[:20]) + ["khong-co"]
    client = Client()
    for url in [*pages, API, SUGGEST]:
        client.get(url)
    rng = random.Random(seed)
    statuses: Counter[int] = Counter()
    timings: list[tuple[float, str]] = []
    for _ in range(requests):
        url = fuzz_request(rng, pages, slugs)
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started, url))
        statuses[response.status_code] += 1
    seconds = sorted(t for t, _ in timings)
    slowest = max(timings)
    p95 = seconds[int(len(seconds) * 0.95)]
    print(
        f"{backend:<14} {requests} requests: statuses {dict(sorted(statuses.items()))}; "
        f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {slowest[0] * 1000:.0f} ms; over 1 s: {sum(t > 1 for t in seconds)}"
    )
    for seconds_taken, url in sorted(timings, reverse=True)[:show_slowest]:
        print(f"  {seconds_taken * 1000:6.0f} ms  {url[:160]}")


def main() -> None:
    args = parse_args()
    require_environment(
        "bench/hostile.py",
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5433/ocop_bench",
            "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
        },
    )
    django_setup()
    from django.core.management import call_command

    count = catalogue_fill(args.products)
    call_command("search_rebuild_index", verbosity=0)
    print(f"catalogue: {count:,} products")
    import shop.wsgi  # noqa: F401 - as in production, what is loaded so far is frozen (gc.freeze)

    for backend in ("elasticsearch", "database"):
        fuzz(backend, args.requests, args.seed, args.slowest)


if __name__ == "__main__":
    main()
