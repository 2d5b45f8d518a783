"""The performance table: every figure of the performance targets, each with its ratio to the target.

    # scripts/start-postgres.sh; scripts/start-elasticsearch.sh; scripts/start-redis.sh; a quiet machine
    .venv/bin/python bench/performance.py [--only search,pages,load] [--samples 200]

Runs the other benchmarks, each in its own process with its own catalogue, and reads their JSON:
- bench/search.py at 16,543 and 100,000 products (PostgreSQL `ocop_bench` and `ocop_bench100k`,
  one Elasticsearch index each): the search API on both backends, the same request bodies sent
  to Elasticsearch directly, the sorted queries, the database backend cold and warm;
- bench/pages.py: the catalogue list on the database backend at 100,000 products (PostgreSQL) and
  at 16,543 (SQLite), and p99 ÷ median of every page on PostgreSQL + Elasticsearch;
- bench/load.py: the catalogue list on Elasticsearch at 8 concurrent clients.
Each size's catalogue is built on first use (minutes at 100,000) and kept. Every figure comes from
this run; a ratio ≤ 1 meets its target (for throughput: measured ÷ target ≥ 1).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".cache" / "performance"
POSTGRES = "postgres://postgres@127.0.0.1:5433/"
SMALL, LARGE = 16_543, 100_000
STEPS = ("search", "pages", "load")


@dataclass
class Figure:
    name: str
    measured: float
    target: float
    unit: str
    at_least: bool = False  # throughput: more is better
    detail: str = ""  # shown after the figure: what a ratio divides

    @property
    def ratio(self) -> float:
        return self.target / self.measured if self.at_least else self.measured / self.target

    @property
    def met(self) -> bool:
        return self.measured >= self.target if self.at_least else self.measured <= self.target


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(STEPS), help="steps to run: " + ",".join(STEPS))
    parser.add_argument("--samples", type=int, default=200, help="requests per page in bench/pages.py")
    parser.add_argument("--queries", type=int, default=400, help="API queries per backend in bench/search.py")
    parser.add_argument(
        "--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    )
    parser.add_argument("--redis", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6380/0"))
    return parser.parse_args()


def bench(script: str, output: Path, *arguments: str, **environment: str) -> dict | list:
    """Run bench/<script> with `--json output` in its own process; its figures."""
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "ELASTICSEARCH_URL")
    }
    env.update(environment)
    command = [sys.executable, str(ROOT / "bench" / script), *arguments, "--json", str(output)]
    print(f"\n$ {' '.join(f'{k}={v}' for k, v in environment.items())} {' '.join(command[1:])}", flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return json.loads(output.read_text(encoding="utf-8"))


def search_figures(args: argparse.Namespace) -> list[Figure]:
    figures = []
    for size, database, index in (
        (SMALL, "ocop_bench", "ocop-bench"),
        (LARGE, "ocop_bench100k", "ocop-bench100k"),
    ):
        found = bench(
            "search.py",
            RESULTS / f"search-{size}.json",
            "--products",
            str(size),
            "--queries",
            str(args.queries),
            DATABASE_URL=POSTGRES + database,
            ELASTICSEARCH_URL=args.elasticsearch,
            ELASTICSEARCH_INDEX=index,
            CACHE_URL=args.redis,
        )
        at = f"{size:,} products"
        ratio = "p50 ÷ ES round trip p50"
        figures += [
            Figure(
                f"search API on Elasticsearch, {ratio}, {at}",
                found["ratio"],
                2.0,
                "×",
                detail=p50s(found["elasticsearch"], found["elasticsearch direct"]),
            ),
            Figure(
                f"suggest API on Elasticsearch, {ratio}, {at}",
                found["suggest_ratio"],
                2.0,
                "×",
                detail=p50s(found["suggest"], found["suggest direct"]),
            ),
        ]
        if size == LARGE:
            figures += [
                Figure(
                    f"sorted queries on Elasticsearch, p50, {at}",
                    found["elasticsearch"]["sorted"]["p50"],
                    25,
                    "ms",
                ),
                Figure(
                    f"search API on PostgreSQL, cold cache, p95, {at}",
                    found["database cold"]["all"]["p95"],
                    250,
                    "ms",
                ),
                Figure(
                    f"search API on PostgreSQL, warm cache, p50, {at}",
                    found["database"]["all"]["p50"],
                    30,
                    "ms",
                ),
            ]
    return figures


def p50s(app: dict, direct: dict) -> str:
    """ "(app p50 / ES p50 ms)" of all the queries of a bench/search.py run."""
    return f"({app['all']['p50']:.1f} / {direct['all']['p50']:.1f} ms)"


def list_page(rows: list[dict]) -> dict:
    return next(row for row in rows if row["page"] == "list, 24 per page")


def pages_figures(args: argparse.Namespace) -> list[Figure]:
    samples = ("--samples", str(args.samples))
    large = bench(
        "pages.py",
        RESULTS / "pages-postgresql-100k.json",
        "--products",
        str(LARGE),
        *samples,
        DATABASE_URL=POSTGRES + "ocop_bench100k",
        CACHE_URL=args.redis,
    )
    small = bench("pages.py", RESULTS / "pages-sqlite-16k.json", "--products", str(SMALL), *samples)
    production = bench(
        "pages.py",
        RESULTS / "pages-production-16k.json",
        "--products",
        str(SMALL),
        *samples,
        DATABASE_URL=POSTGRES + "ocop_bench",
        ELASTICSEARCH_URL=args.elasticsearch,
        ELASTICSEARCH_INDEX="ocop-bench",
        CACHE_URL=args.redis,
    )
    worst = max(production, key=lambda row: row["p99"] / row["p50"])
    return [
        Figure(
            f"catalogue list, database backend, median, {LARGE:,} (PostgreSQL)",
            list_page(large)["p50"],
            120,
            "ms",
        ),
        Figure(
            f"catalogue list, database backend, median, {SMALL:,} (SQLite)",
            list_page(small)["p50"],
            100,
            "ms",
        ),
        Figure(
            f"p99 ÷ median, worst of {len(production)} pages ({worst['page']}), PostgreSQL + ES",
            worst["p99"] / worst["p50"],
            2.0,
            "×",
        ),
    ]


def load_figures(args: argparse.Namespace) -> list[Figure]:
    found = bench(
        "load.py",
        RESULTS / "load-16k.json",
        "--clients",
        "1,8,32",
        DATABASE_URL=POSTGRES + "ocop_bench",
        ELASTICSEARCH_URL=args.elasticsearch,
        ELASTICSEARCH_INDEX="ocop-bench",
        CACHE_URL=args.redis,
    )
    cell = next(c for c in found["cells"] if c["page"] == "catalogue list" and c["clients"] == 8)
    errors = sum(c["errors"] for c in found["cells"])
    return [
        Figure(
            "catalogue list on Elasticsearch, 8 clients, 2 workers", cell["rate"], 60, "req/s", at_least=True
        ),
        Figure("errors over the whole load sweep", errors, 0, ""),
    ]


def table(figures: list[Figure]) -> str:
    lines = ["| figure | measured | target | ratio to target | met |", "|---|---:|---:|---:|---|"]
    for figure in figures:
        target = f"{'≥' if figure.at_least else '≤'} {figure.target:g} {figure.unit}"
        ratio = "—" if figure.target == 0 else f"{figure.ratio:.2f}"
        digits = {"×": 2, "": 0}.get(figure.unit, 1)
        measured = f"{figure.measured:,.{digits}f} {figure.unit} {figure.detail}".strip()
        lines.append(f"| {figure.name} | {measured} | {target} | {ratio} | {'yes' if figure.met else 'NO'} |")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    steps = {"search": search_figures, "pages": pages_figures, "load": load_figures}
    figures = [figure for name in args.only.split(",") for figure in steps[name](args)]
    print("\n" + table(figures))
    (RESULTS / "table.md").write_text(table(figures) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
