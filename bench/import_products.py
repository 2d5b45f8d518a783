"""Benchmark `ocop_import_products` on a provincial-style list of 5,000 rows, index update included.

    # PostgreSQL and Elasticsearch running (scripts/start-postgres.sh, scripts/start-elasticsearch.sh):
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python bench/import_products.py [--rows 5000] [--format xlsx|csv]

Migrates, loads the demo catalogue once (and builds the search index when Elasticsearch is
configured), then writes a list of --rows new products (about three per producer, a third of the
producers already known, every certificate column filled) and times, in one process:
  1. `ocop_import_products --dry-run` (read, check, plan);
  2. `ocop_import_products` — the import, its commit and the search index update that follows it
     (the immediate django-tasks backend runs it on commit, as in development);
  3. the same command again: every row unchanged.
Each run uses new titles, so step 2 always creates. Prints seconds and rows/s per step, and checks
that the imported products are in the index (Elasticsearch) or found by the database search.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import django_setup  # noqa: E402

STAR_SCORES = {3: (50, 69), 4: (70, 89), 5: (90, 100)}
SOURCE = "Danh sách mô phỏng cho đo tải (bench)"  # marks the products of earlier runs
BENCH_PRODUCER = r"^Hợp tác xã .* [0-9]+-[0-9]+$"  # the producers earlier runs created


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--seed", type=int, default=None, help="default: a new list every run")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the import step here")
    return parser.parse_args()


def catalogue_ready() -> None:
    """The demo catalogue alone: the lists of earlier runs are deleted, so every run imports into
    the same national catalogue (16,543 products), not one grown by 5,000 products a run."""
    from django.conf import settings
    from django.core.management import call_command
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    Partner = get_model("partner", "Partner")
    call_command("migrate", verbosity=0)
    earlier, _kinds = Product.objects.filter(source=SOURCE).delete()
    earlier += Partner.objects.filter(name__regex=BENCH_PRODUCER, products=None).delete()[0]
    if not Product.objects.filter(upc__startswith="OCOP-").exists():
        call_command("ocop_load_demo", "--no-images", verbosity=0)  # ends with an index rebuild
    elif settings.ELASTICSEARCH_URL:
        from search.backends.elasticsearch import es_client

        if earlier or not es_client().indices.exists_alias(name=settings.ELASTICSEARCH_INDEX):
            call_command("search_rebuild_index", verbosity=0)


def list_rows(count: int, seed: int) -> list[dict[str, object]]:
    """A provincial-style list: real product words and places, producers with about 3 products each."""
    from oscar.core.loading import get_model

    from catalog.importers.vocabulary import ACTIVITIES, BRANDS, PRODUCT_WORDS

    rng = random.Random(seed)
    Province = get_model("catalogue", "Province")
    Category = get_model("catalogue", "Category")
    Partner = get_model("partner", "Partner")
    provinces = list(Province.objects.order_by("code"))
    sets = {c.code: c for c in Category.objects.filter(code__in=list(PRODUCT_WORDS))}
    known = list(Partner.objects.exclude(province=None).values_list("name", "province__name")[:500])
    today = datetime.date.today()
    producers: list[tuple[str, str]] = []
    rows = []
    for index in range(count):
        if index % 3 == 0:
            if known and rng.random() < 0.33:
                producers.append(rng.choice(known))
            else:
                province = rng.choice(provinces)
                name = f"Hợp tác xã {rng.choice(ACTIVITIES)} {rng.choice(BRANDS)} {seed}-{index // 3}"
                producers.append((name, province.name))
        producer, province_name = producers[-1]
        code = rng.choice(list(sets))
        stars = rng.choice([3, 3, 4, 4, 5])
        decided = today - datetime.timedelta(days=rng.randint(10, 900))
        rows.append(
            {
                "name_vi": f"{rng.choice(PRODUCT_WORDS[code])} {province_name} lô {seed}-{index}",
                "producer": producer,
                "producer_type": "cooperative",
                "province_old": "",
                "province_new": province_name,
                "stars": stars,
                "group": "",
                "subgroup": f"{code} {sets[code].name}",
                "year": decided.year,
                "source": SOURCE,
                "certificate_number": f"BENCH-{seed}-{index:05d}",
                "decision_number": f"{rng.randint(100, 9999)}/QĐ-UBND",
                "decision_date": decided,
                "score": rng.randint(*STAR_SCORES[stars]),
                "expires_on": None,
            }
        )
    return rows


def list_write(rows: list[dict[str, object]], path: Path) -> None:
    from catalog.importers.product_rows import CERTIFICATE_COLUMNS, COLUMNS
    from tests.factories.lists import csv_bytes, xlsx_bytes

    columns = (*COLUMNS, *CERTIFICATE_COLUMNS)
    if path.suffix == ".xlsx":
        path.write_bytes(xlsx_bytes(rows, columns))
    else:
        text = [
            {k: (v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v) for k, v in r.items()}
            for r in rows
        ]
        path.write_bytes(
            csv_bytes([{k: "" if v is None else str(v) for k, v in r.items()} for r in text], columns)
        )


def timed(label: str, rows: int, *args: str, profile: Path | None = None) -> float:
    """Run the command; print its time and rate, its SQL statements, and the index update's part."""
    import cProfile

    from django.core.management import call_command
    from django.db import connection
    from django_tasks.signals import task_finished, task_started

    out = io.StringIO()
    marks: dict[str, float] = {}

    def started(sender, task_result, **kwargs) -> None:
        marks["index"] = time.perf_counter()

    def finished(sender, task_result, **kwargs) -> None:
        marks["index"] = time.perf_counter() - marks["index"]

    task_started.connect(started)
    task_finished.connect(finished)
    statements = [0]

    def counted(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    profiler = cProfile.Profile() if profile else None
    begun, cpu = time.perf_counter(), time.process_time()
    try:
        with connection.execute_wrapper(counted):
            if profiler:
                profiler.enable()
            call_command("ocop_import_products", *args, stdout=out, verbosity=0)
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        task_started.disconnect(started)
        task_finished.disconnect(finished)
    elapsed, cpu = time.perf_counter() - begun, time.process_time() - cpu
    counts = "; ".join(line for line in out.getvalue().splitlines() if line.startswith("products"))
    index = f"; index update {marks['index']:.2f} s" if "index" in marks else ""
    print(
        f"{label:<30} {elapsed:6.2f} s {rows / elapsed:6,.0f} rows/s"
        f"  (this process's CPU {cpu:.2f} s, {statements[0]:,} SQL statements{index})"
    )
    print(f"{'':<30} {counts}")
    return elapsed


def searchable(title: str) -> str:
    from django.conf import settings

    from search.backends.base import SearchQuery
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    if settings.ELASTICSEARCH_URL:
        from search.backends.elasticsearch import ElasticsearchBackend, es_client

        es_client().indices.refresh(index=settings.ELASTICSEARCH_INDEX)
        backend = ElasticsearchBackend()
    results = backend.search(SearchQuery(text=title))
    return (
        f"{'found' if any(hit.title == title for hit in results.hits) else 'NOT FOUND'} by {results.backend}"
    )


def main() -> None:
    args = parse_args()
    os.environ.setdefault("ELASTICSEARCH_INDEX", "ocop-bench-import")  # not the site's own alias
    django_setup()
    from django.conf import settings
    from django.db import connection

    seed = args.seed if args.seed is not None else int(time.time())
    catalogue_ready()
    path = ROOT / ".cache" / f"bench-import-{seed}.{args.format}"
    rows = list_rows(args.rows, seed)
    list_write(rows, path)
    backend = (
        "Elasticsearch " + settings.ELASTICSEARCH_URL if settings.ELASTICSEARCH_URL else "database search"
    )
    print(
        f"\n{args.rows:,} rows ({path.name}, {path.stat().st_size / 1e6:.1f} MB)"
        f" on {connection.vendor}, {backend}"
    )
    timed("dry run (read, check, plan)", args.rows, str(path), "--dry-run")
    timed("import + index update", args.rows, str(path), profile=args.profile)
    timed("re-import (unchanged)", args.rows, str(path))
    print(f"last row after the import: {searchable(str(rows[-1]['name_vi']))}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    path.unlink()


if __name__ == "__main__":
    main()
