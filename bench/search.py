"""Benchmark search through the HTTP API on a production-like server, both backends side by side.

    # PostgreSQL and Elasticsearch running (scripts/start-postgres.sh, scripts/start-elasticsearch.sh):
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python bench/search.py [--products 16543] [--queries 200]

Builds the catalogue (demo data + synthetic products up to --products), times
`search_rebuild_index`, then starts two gunicorn servers with production settings (DEBUG off) on
loopback — one with ELASTICSEARCH_URL, one without (database backend) — and sends each the same
fixed mix of queries (text, text + facets, facets only, sorted, near me), one at a time, printing
p50 / p95 / max latency per backend and per kind of query. Each API query on Elasticsearch is
paired with its request bodies (ElasticsearchBackend.request_bodies, one multi-search) sent
straight to the cluster with the elasticsearch client, in turns, and the script prints that round
trip's p50 / p95 and the app ÷ ES ratio; likewise /api/search/suggest/ for as many typed prefixes
against its completion request (ElasticsearchBackend.suggest_request).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    catalogue_fill,
    collector_paused,
    django_setup,
    gunicorn_start,
    require_environment,
)

TEXTS = [
    "mật ong",
    "mat ong",
    "che thai nguyen",
    "Chè",
    "nước mắm",
    "nuoc mam phu quoc",
    "gạo st25",
    "ca phe",
    "banh trang",
    "tra shan tuyet",
    "yen bai",
    "Bắc Giang",
    "nuoc nam",
    "mien dong",
    "hat dieu",
    "ruou",
    "nem chua",
    "tinh dau",
    "lua",
    "gom",
]
SORTS = ["price_asc", "price_desc", "stars", "newest"]


def get(url: str) -> bytes:
    with urlopen(url, timeout=30) as response:
        return response.read()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=16_543)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", type=Path, help="also write the figures here (bench/performance.py)")
    return parser.parse_args()


def setup_django() -> None:
    require_environment(
        "bench/search.py",
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5433/ocop_bench",
            "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
        },
    )
    django_setup()


def build_catalogue(target: int) -> float:
    """Fill the catalogue up to `target` products; return the rebuild's products per second."""
    from django.core.management import call_command

    count = catalogue_fill(target)
    started = time.perf_counter()
    call_command("search_rebuild_index")
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    print(f"\ncatalogue: {count:,} products; search_rebuild_index: {elapsed:.1f} s = {rate:,.0f} products/s")
    return rate


def query_mix(count: int, seed: int) -> list[tuple[str, dict]]:
    """A fixed, seeded mix of API queries: (kind, parameters)."""
    import csv

    from oscar.core.loading import get_model

    Province = get_model("catalogue", "Province")
    Category = get_model("catalogue", "Category")
    provinces = list(Province.objects.values_list("code", flat=True))
    categories = list(Category.objects.values_list("slug", flat=True))
    with open(ROOT / "catalog" / "data" / "province_centres.csv", encoding="utf-8") as handle:
        centres = [(float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(handle)]
    rng = random.Random(seed)
    kinds = ["text", "text+facets", "facets", "sorted", "near"]
    mix = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        params: dict = {"page_size": 24}
        if kind in ("text", "text+facets"):
            params["q"] = rng.choice(TEXTS)
        if kind in ("text+facets", "facets"):
            params["stars"] = rng.sample(["3", "4", "5"], rng.randint(1, 2))
            params["province"] = rng.sample(provinces, rng.randint(1, 3))
            if rng.random() < 0.5:
                params["category"] = rng.choice(categories)
        if kind == "sorted":
            params["sort"] = rng.choice(SORTS)
            params["page"] = rng.randint(1, 20)
        if kind == "near":
            lat, lon = rng.choice(centres)
            params.update(near=f"{lat},{lon}", radius_km=rng.choice([10, 25, 50]), sort="distance")
        mix.append((kind, params))
    return mix


def start_server(port: int, workers: int, elasticsearch: bool) -> subprocess.Popen:
    if not elasticsearch:
        return gunicorn_start(port, workers, environment={"ELASTICSEARCH_URL": ""})
    return gunicorn_start(port, workers, environment={})


def run_mix(
    port: int, mix: list[tuple[str, dict]], *, cold: bool = False, warm_up: int = 10
) -> tuple[str, dict[str, list[float]]]:
    """Each query once, one at a time. `cold`: the catalogue version is bumped before each request,
    so the database backend finds nothing in the shared cache (CACHE_URL) and counts afresh."""
    from search.catalogue_version import catalogue_version_bump

    timings: dict[str, list[float]] = defaultdict(list)
    backend = ""
    for _kind, params in mix[:warm_up]:  # warm each worker's connections and caches
        get(f"http://127.0.0.1:{port}/api/search/?{urlencode(params, doseq=True)}")
    with collector_paused():
        for kind, params in mix:
            url = f"http://127.0.0.1:{port}/api/search/?{urlencode(params, doseq=True)}"
            if cold:
                catalogue_version_bump()
            started = time.perf_counter()
            body = get(url)
            timings[kind].append((time.perf_counter() - started) * 1000)
            timings["all"].append(timings[kind][-1])
            backend = json.loads(body)["backend"]
    return backend, timings


def es_request_bodies(mix: list[tuple[str, dict]]) -> list[tuple[str, list[dict]]]:
    """The Elasticsearch request body of each API query, as the API's search sends it."""
    from django.conf import settings
    from django.http import QueryDict

    from search.backends.elasticsearch import ElasticsearchBackend
    from search.facets import facet_choices
    from search.forms import ApiSearchForm

    backend = ElasticsearchBackend()
    bodies = []
    for kind, params in mix:
        form = ApiSearchForm(QueryDict(urlencode(params, doseq=True)), choices=facet_choices())
        assert form.is_valid(), form.errors
        query = form.to_query(default_page_size=settings.OSCAR_PRODUCTS_PER_PAGE)
        bodies.append((kind, backend.request_bodies(query, source=["card"])))
    return bodies


def es_request_cache_clear() -> None:
    """Empty the cluster's shard request cache, so the app's run and the direct replay each start
    without the counts the other computed."""
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend()
    backend.client.indices.clear_cache(index=backend.index, request=True)


def run_app_and_direct(
    port: int, mix: list[tuple[str, dict]], bodies: list[tuple[str, list[dict]]], *, warm_up: int = 10
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """The API on Elasticsearch and, for each of its queries, the same request bodies sent straight
    to the cluster with the elasticsearch client (one multi-search), in turns (see interleaved)."""
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend()
    es_request_cache_clear()
    pairs = [
        (
            kind,
            f"/api/search/?{urlencode(params, doseq=True)}",
            partial(backend.client.msearch, index=backend.index, searches=body),
        )
        for (kind, params), (_same, body) in zip(mix, bodies, strict=True)
    ]
    return interleaved(port, pairs, warm_up=warm_up, answer="backend")


def suggest_mix(count: int, seed: int) -> list[str]:
    """What a shopper has typed when the suggestions are asked: a prefix of a query or of a
    province's name, 2 letters or more."""
    from oscar.core.loading import get_model

    names = list(get_model("catalogue", "Province").objects.values_list("name", flat=True))
    rng = random.Random(seed)
    typed = []
    for _ in range(count):
        text = rng.choice(TEXTS + names)
        typed.append(text[: rng.randint(min(2, len(text)), len(text))])
    return typed


def run_suggest_and_direct(
    port: int, typed: list[str], *, warm_up: int = 10
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """/api/search/suggest/ on Elasticsearch and, for each text, the same completion request sent
    straight to the cluster (ElasticsearchBackend.suggest_request), in turns (see interleaved)."""
    from search.api import SUGGEST_LIMIT
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend()
    request = partial(backend.suggest_request, limit=SUGGEST_LIMIT)
    pairs = [
        (
            "suggest",
            f"/api/search/suggest/?{urlencode({'q': text})}",
            partial(backend.client.search, index=backend.index, **request(text)),
        )
        for text in typed
    ]
    return interleaved(port, pairs, warm_up=warm_up, answer="suggestions")


def interleaved(
    port: int, pairs: list[tuple[str, str, Callable[[], object]]], *, warm_up: int, answer: str
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each (kind, app URL, direct request) timed in turns: the app first for one, the cluster
    first for the next, so both see the same machine and cluster state, whatever drifts during
    the run. (Timed one after the other, the direct replay ran in a tight loop on a cluster whose
    threads and caches the loop kept busy, ~1 ms faster per round trip than the same request
    sent between two app requests.) `answer`: a key every app answer has."""
    for _kind, path, direct_call in pairs[:warm_up]:
        get(f"http://127.0.0.1:{port}{path}")
        direct_call()
    app: dict[str, list[float]] = defaultdict(list)
    direct: dict[str, list[float]] = defaultdict(list)

    def app_request(kind: str, path: str) -> None:
        started = time.perf_counter()
        body = get(f"http://127.0.0.1:{port}{path}")
        app[kind].append((time.perf_counter() - started) * 1000)
        found = json.loads(body)
        assert answer in found, f"{path}: {found}"
        if answer == "backend":
            assert found["backend"] == "elasticsearch", "the API answered from the database"

    def direct_request(kind: str, direct_call: Callable[[], object]) -> None:
        started = time.perf_counter()
        direct_call()
        direct[kind].append((time.perf_counter() - started) * 1000)

    with collector_paused():
        for i, (kind, path, direct_call) in enumerate(pairs):
            if i % 2:
                direct_request(kind, direct_call)
                app_request(kind, path)
            else:
                app_request(kind, path)
                direct_request(kind, direct_call)
    for timings in (app, direct):
        timings["all"] = [t for kind, values in timings.items() for t in values]
    return app, direct


def es_report(app: dict[str, list[float]], direct: dict[str, list[float]]) -> None:
    """App ÷ ES per kind of query (the search kinds, and "suggest" when measured)."""
    print(f"\n{'queries':<12}{'ES direct p50/p95 ms':>26}{'app p50 ms':>14}{'app ÷ ES p50':>16}")
    kinds = ["all", "text", "text+facets", "facets", "sorted", "near", "suggest"]
    for kind in [kind for kind in kinds if kind in app]:
        es_p50, app_p50 = statistics.median(direct[kind]), statistics.median(app[kind])
        cell = f"{es_p50:.1f} / {percentile(direct[kind], 0.95):.1f}"
        print(f"{kind:<12}{cell:>26}{app_p50:>14.1f}{app_p50 / es_p50:>15.1f}x")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(results: dict[str, dict[str, list[float]]]) -> None:
    backends = list(results)
    print(f"\n{'queries':<12}" + "".join(f"{b + ' p50/p95/max ms':>34}" for b in backends))
    for kind in ["all", "text", "text+facets", "facets", "sorted", "near"]:
        row = f"{kind:<12}"
        for backend in backends:
            values = results[backend][kind]
            cell = f"{statistics.median(values):.1f} / {percentile(values, 0.95):.1f} / {max(values):.1f}"
            row += f"{cell:>34}"
        print(row + f"   (n={len(results[backends[0]][kind])})")


def main() -> None:
    args = parse_args()
    setup_django()
    build_catalogue(args.products)
    mix = query_mix(args.queries, args.seed)
    results = {}
    bodies = es_request_bodies(mix)
    typed = suggest_mix(args.queries, args.seed)
    direct: dict[str, list[float]] = {}
    suggest: dict[str, list[float]] = {}
    suggest_direct: dict[str, list[float]] = {}
    for port, elasticsearch in ((8701, True), (8702, False)):
        server = start_server(port, args.workers, elasticsearch)
        try:
            if elasticsearch:
                results["elasticsearch"], direct = run_app_and_direct(port, mix, bodies)
                suggest, suggest_direct = run_suggest_and_direct(port, typed)
                continue
            if os.environ.get("CACHE_URL"):
                # The database backend's counts with an empty cache, then kept (every query once
                # before the measured pass).
                results["database cold"] = run_mix(port, mix, cold=True)[1]
                run_mix(port, mix, warm_up=0)
            backend, timings = run_mix(port, mix)
            results[backend] = timings
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print(f"\n{len(mix)} queries per backend, one at a time, gunicorn --workers {args.workers}, DEBUG off")
    if "database cold" not in results:
        print("(no CACHE_URL: the database backend is measured with its counts cached per worker only)")
    report(results)
    es_report(results["elasticsearch"], direct)
    es_report({"suggest": suggest["suggest"]}, {"suggest": suggest_direct["suggest"]})
    if args.json:
        results["elasticsearch direct"] = direct
        results["suggest"], results["suggest direct"] = suggest, suggest_direct
        figures = {
            backend: {
                kind: {"p50": statistics.median(v), "p95": percentile(v, 0.95)} for kind, v in timings.items()
            }
            for backend, timings in results.items()
        }
        ratio = figures["elasticsearch"]["all"]["p50"] / figures["elasticsearch direct"]["all"]["p50"]
        suggest_ratio = figures["suggest"]["all"]["p50"] / figures["suggest direct"]["all"]["p50"]
        summary = {"ratio": ratio, "suggest_ratio": suggest_ratio, **figures}
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
