"""gunicorn's settings for production (read from the working directory: `gunicorn shop.wsgi`).

    WEB_CONCURRENCY=4 PORT=8000 gunicorn shop.wsgi

The app is imported once, in the master (`preload_app`); shop.wsgi then freezes what the import
created (`gc.freeze()`: ~1 million objects of Django, Oscar and Wagtail that full collections no
longer walk), the master collects nothing more before forking, and each worker collects between
requests, after the response is sent, rather than during them. Workers are recycled after
MAX_REQUESTS requests (jittered, so they do not restart at once) to bound any slow leak.
Figures: README, "Performance"."""

from __future__ import annotations

import gc
import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Processes, not threads: the views are CPU-bound Python. gunicorn reads WEB_CONCURRENCY itself
# when `workers` is not set; the default here is one per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout; off by default
# Collections run between requests, once a response is sent (post_request): after GC_THRESHOLD
# young objects (instead of 700: a page builds tens of thousands of short-lived ones). Inside a
# request, a young collection of tens of thousands of objects (30–90 ms) or a full one (~35 ms)
# was the p99 of bench/pages.py; letting many more pile up between collections (50,000) cost
# each request ~1 ms (/api/search/ p50, memory no longer reused while warm). During a request the
# collector runs only past GC_REQUEST_CEILING young objects, a safety net for a rare huge request
# (an import) full of reference cycles.
GC_THRESHOLD = int(os.environ.get("GC_THRESHOLD", "10000"))
GC_REQUEST_CEILING = 10 * GC_THRESHOLD
# Full collections: after every GC_FULL_EVERY collections of the middle generation.
GC_FULL_EVERY = 10
# A worker's first requests compile the templates and load the translations and caches it then
# keeps for life; after GC_FREEZE_AFTER requests they are frozen too, so its full collections
# walk only what later requests leave behind (the p99 ÷ median of bench/pages.py).
GC_FREEZE_AFTER = int(os.environ.get("GC_FREEZE_AFTER", "100"))


def when_ready(server: Any) -> None:
    """Master, app imported, before the first fork: no collections until the objects are frozen."""
    gc.disable()


def pre_fork(server: Any, worker: Any) -> None:
    # Whatever the master allocated since the import's freeze joins it, right before the fork.
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """Worker: its own database connections (none inherited from the master), collections on."""
    from django.db import connections

    connections.close_all()
    gc.set_threshold(GC_REQUEST_CEILING, GC_FULL_EVERY, GC_FULL_EVERY)
    gc.enable()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """After the response is sent: freeze once, else collect what the last requests left."""
    if worker.nr == GC_FREEZE_AFTER:
        gc.collect()
        gc.freeze()
        return
    young, middle, old = gc.get_count()
    if young > GC_THRESHOLD:
        # gc.collect(n) collects generations 0..n, as the automatic collector would at these counts.
        gc.collect(2 if old >= GC_FULL_EVERY else 1 if middle >= GC_FULL_EVERY else 0)
