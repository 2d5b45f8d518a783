"""Load: requests/s and p50 / p95 / p99 at 1, 8 and 32 concurrent clients per page, against
gunicorn as production runs it (gunicorn.conf.py, production settings), PostgreSQL +
Elasticsearch + Redis, loopback only.

    # scripts/start-postgres.sh; scripts/start-elasticsearch.sh; scripts/start-redis.sh
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        CACHE_URL=redis://127.0.0.1:6380/0 .venv/bin/python bench/load.py [--clients 1,8,32] [--seconds 10]

Builds the catalogue (demo data + synthetic products up to --products) and its index, starts
gunicorn (--workers, 2 by default), then for each page (home, catalogue list, filtered list,
product pages, search API) and each number of clients, runs that many closed-loop clients
(threads, one kept-alive connection each, no pause) for --seconds: bounded, and only to this
machine. Prints req/s, p50/p95/p99 and errors per cell, and the search backend's fallbacks to the
database (counted in the server's log: the target is none).

`--shoppers 50 --minutes 2` runs the shoppers' mix instead: Locust headless (bench/locustfile.py,
installed on first use into the ignored .cache/locust-venv from bench/requirements-load.txt):
home, lists, product pages, the search and suggest API, basket adds.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    LoopbackClient,
    catalogue_fill,
    collector_paused,
    django_setup,
    gunicorn_start,
    percentile,
    require_environment,
    served,
    static_collect,
)

CACHE = ROOT / ".cache"
LOCUST_VENV = CACHE / "locust-venv"
FALLBACK_MARK = "; answering from database"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543)
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="per page and number of clients")
    parser.add_argument("--shoppers", type=int, default=0, help="Locust users instead of the sweep")
    parser.add_argument("--minutes", type=float, default=2.0, help="the shoppers' run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--json", type=Path, help="also write the sweep's figures here (bench/performance.py)"
    )
    parser.add_argument("--port", type=int, default=8711)
    parser.add_argument(
        "--pages", help="only these pages of the sweep, comma-separated (e.g. 'catalogue list,search API')"
    )
    return parser.parse_args()


def setup_django() -> None:
    require_environment(
        "bench/load.py",
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5433/ocop_bench",
            "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
            "CACHE_URL": "redis://127.0.0.1:6380/0",
        },
    )
    django_setup()


def build_catalogue(target: int) -> int:
    """The catalogue, and an index holding every browsable product (rebuilt only when it does not)."""
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from search.backends.elasticsearch import ElasticsearchBackend

    count = catalogue_fill(target)
    browsable = get_model("catalogue", "Product").objects.browsable().count()
    backend = ElasticsearchBackend()
    try:
        indexed = backend.client.count(index=backend.index, query={"term": {"kind": "product"}})["count"]
    except Exception:  # noqa: BLE001 (no alias yet, whatever the cluster says)
        indexed = -1
    if indexed != browsable:
        call_command("search_rebuild_index")
    return count


def paths_write(target: Path) -> None:
    """What the shoppers visit: list pages, product pages, and sellable products to add."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    Category = get_model("catalogue", "Category")
    Province = get_model("catalogue", "Province")
    products = list(Product.objects.browsable().order_by("?")[:500])
    sellable = list(
        Product.objects.filter(stockrecords__num_in_stock__gt=10, stockrecords__price__isnull=False)
        .distinct()
        .order_by("?")[:200]
    )
    lists = ["/catalogue/", "/search/?q=mat+ong", "/search/?q=che"]
    lists += [category.get_absolute_url() for category in Category.objects.filter(depth=2)[:10]]
    lists += [province.get_absolute_url() for province in Province.objects.all()[:10]]
    target.write_text(
        json.dumps(
            {
                "lists": lists,
                "products": [product.get_absolute_url() for product in products],
                "sellable": [[product.pk, product.get_absolute_url()] for product in sellable],
            }
        ),
        encoding="utf-8",
    )


def locust_ready() -> Path:
    locust = LOCUST_VENV / "bin" / "locust"
    if not locust.exists():
        print("installing Locust into .cache/locust-venv (once)…")
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        requirements = ROOT / "bench" / "requirements-load.txt"
        pip = str(LOCUST_VENV / "bin" / "pip")
        subprocess.run([pip, "install", "-q", "-r", str(requirements)], check=True)
    return locust


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn as production runs it, after collectstatic (the manifest whitenoise serves from)."""
    return gunicorn_start(port, workers, environment=static_collect(), log=log)


def run_locust(locust: Path, port: int, users: int, minutes: float, paths: Path, prefix: Path) -> None:
    command = [str(locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    command += ["--users", str(users), "--spawn-rate", str(max(1, users // 10))]
    command += ["--run-time", f"{int(minutes * 60)}s", "--host", f"http://127.0.0.1:{port}"]
    command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    subprocess.run(command, cwd=ROOT, env={**os.environ, "LOAD_PATHS": str(paths)}, check=False)


def report(prefix: Path, server_log: Path, users: int, minutes: float) -> None:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    fallbacks = server_log.read_text(encoding="utf-8", errors="replace").count(FALLBACK_MARK)
    print(f"\n{users} users for {minutes:g} min, gunicorn, production settings, PostgreSQL + ES + Redis")
    columns = ("count", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(f"{'request':<14}" + "".join(f"{column:>8}" for column in columns))
    for row in rows:
        print(
            f"{row['Name'] or row['Type']:<14}{row['Request Count']:>8}{row['Failure Count']:>8}"
            f"{float(row['Requests/s']):>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
            f"{float(row['Max Response Time']):>8.0f}"
        )
    with open(f"{prefix}_exceptions.csv", encoding="utf-8") as exceptions:
        crashed = sum(int(row["Count"]) for row in csv.DictReader(exceptions))
    print(f"exceptions in the shoppers' own code (tasks that could not run): {crashed}")
    print(f"search fallbacks to the database (server log): {fallbacks}")
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists() and len(failures.read_text(encoding="utf-8").splitlines()) > 1:
        print(f"failures: {failures}")


@dataclass
class Cell:
    """One page at one number of clients."""

    page: str
    clients: int
    seconds: float = 0.0
    timings: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.timings) if self.timings else float("nan")

    def p(self, share: float) -> float:
        return percentile(self.timings, share) if self.timings else float("nan")

    @property
    def rate(self) -> float:
        return len(self.timings) / self.seconds if self.seconds else 0.0


SWEEP_TEXTS = [
    "mat ong",
    "che thai nguyen",
    "nước mắm",
    "gao st25",
    "ca phe",
    "banh trang",
    "hat dieu",
    "ruou",
]


def sweep_pages() -> dict[str, list[str]]:
    """Each page of the sweep: the paths its clients take turns at."""
    from urllib.parse import quote_plus

    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    products = Product.objects.browsable().order_by("pk").values_list("pk", flat=True)
    step = max(1, len(products) // 200)
    chosen = Product.objects.filter(pk__in=list(products[::step][:200])).order_by("pk")
    return {
        "home": ["/"],
        "catalogue list": ["/catalogue/"],
        "filtered list": ["/catalogue/?stars=5&stars=4&province=01&sort=price_asc"],
        "product page": [product.get_absolute_url() for product in chosen],
        "search API": [f"/api/search/?q={quote_plus(text)}&page_size=24" for text in SWEEP_TEXTS],
    }


def cell_run(base_url: str, paths: list[str], clients: int, seconds: float, page: str) -> Cell:
    """`clients` closed-loop clients on `paths` for `seconds`."""
    cell = Cell(page, clients)
    lock = threading.Lock()
    turns = itertools.cycle(paths)
    deadline = time.perf_counter() + seconds

    def client_loop() -> None:
        client = LoopbackClient(base_url)
        timings, errors = [], 0
        while time.perf_counter() < deadline:
            with lock:
                path = next(turns)
            try:
                status, milliseconds, _body = client.get(path)
            except OSError:
                errors += 1
                continue
            if status == 200:
                timings.append(milliseconds)
            else:
                errors += 1
        client.close()
        with lock:
            cell.timings.extend(timings)
            cell.errors += errors

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.seconds = time.perf_counter() - started
    return cell


def sweep(base_url: str, pages: dict[str, list[str]], clients: list[int], seconds: float) -> list[Cell]:
    cells = []
    for page, paths in pages.items():
        cell_run(base_url, paths, 2, min(seconds, 3.0), page)  # warm every worker on this page
        for count in clients:
            with collector_paused():
                cells.append(cell_run(base_url, paths, count, seconds, page))
            print(f"  {page:<16} c={count:<3} {cells[-1].rate:7.1f} req/s", flush=True)
    return cells


def sweep_report(cells: list[Cell], workers: int, seconds: float, fallbacks: int) -> None:
    print(f"\ngunicorn --workers {workers}, production settings, {seconds:g} s per cell, loopback")
    columns = ("clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{'page':<16}" + "".join(f"{column:>9}" for column in columns))
    for cell in cells:
        figures = (cell.p50, cell.p(0.95), cell.p(0.99))
        print(
            f"{cell.page:<16}{cell.clients:>9}{cell.rate:>9.1f}"
            + "".join(f"{value:>9.1f}" for value in figures)
            + f"{cell.errors:>9}"
        )
    print(f"search fallbacks to the database (server log): {fallbacks}")


def shoppers_run(args: argparse.Namespace) -> None:
    paths, prefix, log = CACHE / "load-paths.json", CACHE / "load", CACHE / "load-server.log"
    paths_write(paths)
    locust = locust_ready()
    server = start_server(args.port, args.workers, log)
    try:
        run_locust(locust, args.port, args.shoppers, args.minutes, paths, prefix)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(prefix, log, args.shoppers, args.minutes)


def main() -> None:
    args = parse_args()
    setup_django()
    print(f"catalogue: {build_catalogue(args.products):,} products")
    CACHE.mkdir(exist_ok=True)
    if args.shoppers:
        shoppers_run(args)
        return
    clients = [int(count) for count in args.clients.split(",")]
    log = CACHE / "load-server.log"
    pages = sweep_pages()
    if args.pages:
        wanted = [name.strip() for name in args.pages.split(",")]
        if unknown := [name for name in wanted if name not in pages]:
            sys.exit(f"--pages: no page {', '.join(unknown)}; the pages are: {', '.join(pages)}")
        pages = {name: pages[name] for name in wanted}
    with served(args.port, args.workers, log=log) as base_url:
        cells = sweep(base_url, pages, clients, args.seconds)
    fallbacks = log.read_text(encoding="utf-8", errors="replace").count(FALLBACK_MARK)
    sweep_report(cells, args.workers, args.seconds, fallbacks)
    if args.json:
        rows = [
            {
                "page": cell.page,
                "clients": cell.clients,
                "rate": cell.rate,
                "p50": cell.p50,
                "p95": cell.p(0.95),
                "p99": cell.p(0.99),
                "errors": cell.errors,
            }
            for cell in cells
        ]
        args.json.write_text(json.dumps({"cells": rows, "fallbacks": fallbacks}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
