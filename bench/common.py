"""What the benchmarks share: Django set up on the test settings, a catalogue of a given size."""

from __future__ import annotations

import gc
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent


def django_setup(*, default_database: str | None = None) -> None:
    """Test settings (DEBUG off, fast hashing), media in the ignored .cache folder."""
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    if default_database:
        os.environ.setdefault("DATABASE_URL", default_database)
    os.environ.setdefault("MEDIA_ROOT", str(cache / "bench-media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shop.settings.test"
    import django

    django.setup()


def catalogue_fill(target: int) -> int:
    """Migrate, load the demo data once, add synthetic products up to `target`; the count."""
    from django.core.management import call_command
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    call_command("migrate", verbosity=0)
    if not Product.objects.filter(upc__startswith="OCOP-").exists():
        call_command("ocop_load_demo", "--no-images")
    missing = target - Product.objects.count()
    if missing > 0:
        call_command("ocop_generate_catalog", "--products", str(missing))
    return Product.objects.count()


def page_timings(
    path: str, repeat: int, *, client=None, before_each: Callable[[], None] | None = None
) -> tuple[int, float, float]:
    """GET `path` `repeat` times in-process (after one warm-up): queries of the last request and
    median / p95 milliseconds. `before_each` runs outside the timing (e.g. to empty a cache)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = client or Client()
    client.get(path)  # the connection, the site's caches
    timings, queries = [], 0
    for _ in range(repeat):
        if before_each:
            before_each()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return queries, statistics.median(timings), p95


def require_environment(script: str, services: dict[str, str]) -> None:
    """Exit naming the first of `services` (variable -> example) unset; DATABASE_URL must be PostgreSQL."""
    for name, example in services.items():
        if not os.environ.get(name):
            sys.exit(f"{script} needs {name}, e.g. {name}={example}")
    if "DATABASE_URL" in services and not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit(f"{script} measures on PostgreSQL: set DATABASE_URL=postgres://…")


def gunicorn_start(
    port: int, workers: int, *, environment: dict[str, str], log: Path | None = None
) -> subprocess.Popen:
    """gunicorn serving the site with production settings (DEBUG off) on loopback, once it answers."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_FORMAT": "text",
        **environment,
    }
    # gunicorn.conf.py (the working directory's) applies: preload, gc.freeze, worker recycling.
    command = [sys.executable, "-m", "gunicorn", "shop.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log.open("w") if log else None)
    for _ in range(150):
        try:
            urlopen(f"http://127.0.0.1:{port}/api/search/?page_size=1", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"gunicorn on port {port} did not start" + (f": see {log}" if log else ""))


def static_collect() -> dict[str, str]:
    """collectstatic into the ignored .cache/bench-static (the manifest production pages need);
    the environment a server started with gunicorn_start then needs."""
    static = {"STATIC_ROOT": str(ROOT / ".cache" / "bench-static")}
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.production", **static}
    environment.update(
        SECRET_KEY="collectstatic-only", SITE_URL="http://127.0.0.1", ALLOWED_HOSTS="127.0.0.1"
    )
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=environment, check=True)
    return static


@contextmanager
def served(
    port: int, workers: int, *, environment: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """gunicorn with production settings and its static files while inside; yields its base URL."""
    server = gunicorn_start(port, workers, environment={**static_collect(), **(environment or {})}, log=log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.5 = median) of at least one value."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@contextmanager
def collector_paused() -> Iterator[None]:
    """This process's garbage collector off while it times requests: after django.setup() it holds
    about a million objects, and one of its full collections (~100 ms) during a request would be
    counted as the server's latency. What the timings allocate is collected afterwards."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()


class LoopbackClient:
    """GETs over one kept-alive HTTP/1.1 connection to a server on this machine; milliseconds each."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"benchmarks only send requests to this machine, not {parts.hostname}")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get(self, path: str) -> tuple[int, float, bytes]:
        """(status, milliseconds, body); a dropped keep-alive connection is reopened once."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
                continue
            return response.status, (time.perf_counter() - started) * 1000, body
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()
