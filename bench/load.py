"""Load run: 50 shoppers for 2 minutes against gunicorn with production settings, PostgreSQL +
Elasticsearch + Redis, loopback only.

    # scripts/start-postgres.sh; scripts/start-elasticsearch.sh; scripts/start-redis.sh
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        CACHE_URL=redis://127.0.0.1:6380/0 .venv/bin/python bench/load.py [--users 50] [--minutes 2]

Builds the catalogue (demo data + synthetic products up to --products) and its index, starts
gunicorn (production settings, DEBUG off, --workers), then Locust headless (bench/locustfile.py,
installed on first use into the ignored .cache/locust-venv from bench/requirements-load.txt, so
the project's own virtualenv stays lean): home, lists, product pages, the search and suggest API,
basket adds. Prints requests/s, p50/p95/p99 per kind of request, errors, and the search backend's
fallbacks to the database (counted in the server's log: the target is none).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import catalogue_fill, django_setup, gunicorn_start, require_environment  # noqa: E402

CACHE = ROOT / ".cache"
LOCUST_VENV = CACHE / "locust-venv"
FALLBACK_MARK = "; answering from database"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8711)
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
    """The catalogue, and an index holding every product (rebuilt only when it does not)."""
    from django.core.management import call_command

    from search.backends.elasticsearch import ElasticsearchBackend

    count = catalogue_fill(target)
    backend = ElasticsearchBackend()
    try:
        indexed = backend.client.count(index=backend.index)["count"]
    except Exception:  # noqa: BLE001 (no alias yet, whatever the cluster says)
        indexed = -1
    if indexed != count:
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
    static = {"STATIC_ROOT": str(CACHE / "load-static")}
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.production", **static}
    environment.update(
        SECRET_KEY="collectstatic-only", SITE_URL="http://127.0.0.1", ALLOWED_HOSTS="127.0.0.1"
    )
    subprocess.run(command, cwd=ROOT, env=environment, check=True)
    return gunicorn_start(port, workers, environment=static, log=log)


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


def main() -> None:
    args = parse_args()
    setup_django()
    print(f"catalogue: {build_catalogue(args.products):,} products")
    CACHE.mkdir(exist_ok=True)
    paths, prefix, log = CACHE / "load-paths.json", CACHE / "load", CACHE / "load-server.log"
    paths_write(paths)
    locust = locust_ready()
    server = start_server(args.port, args.workers, log)
    try:
        run_locust(locust, args.port, args.users, args.minutes, paths, prefix)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(prefix, log, args.users, args.minutes)


if __name__ == "__main__":
    main()
