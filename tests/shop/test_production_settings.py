"""Production settings refuse to start without DATABASE_URL, SECRET_KEY and SITE_URL; `check --deploy`
is clean; logs are JSON lines; errors reach Sentry when SENTRY_DSN is set; media go to S3 when a
bucket is named.

Each case runs in a fresh interpreter: settings are read once per process.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Subprocesses with production settings, which never open the database: once per CI run.
pytestmark = pytest.mark.once

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "shop.settings.production",
    # Never connected to: neither importing the settings nor `check --deploy` opens the database.
    "DATABASE_URL": "postgres://ocop@127.0.0.1:9/ocop",
    "SECRET_KEY": "a-production-secret-key-of-fifty-and-more-characters-0123456789-xyz",
    "ALLOWED_HOSTS": "cho-ocop.vn",
    "SITE_URL": "https://cho-ocop.vn",
}


def run(*args: str, without: tuple[str, ...] = (), **overrides: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest (Playwright's event loop);
    # no production process has it, and `check --deploy` rightly refuses it.
    dropped = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update({key: value for key, value in PRODUCTION.items() if key not in without})
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def load_settings(**kwargs) -> subprocess.CompletedProcess:
    return run("-c", "import django; django.setup(); print('started')", **kwargs)


def test_production_settings_start_with_database_url_and_secret_key():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


@pytest.mark.parametrize("name", ["DATABASE_URL", "SECRET_KEY", "SITE_URL"])
@pytest.mark.parametrize("how", ["unset", "empty"])
def test_production_settings_fail_at_start_up_without(name, how):
    result = load_settings(without=(name,)) if how == "unset" else load_settings(**{name: ""})

    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"ImproperlyConfigured: Set the {name} environment variable" in result.stderr


def test_the_wsgi_worker_freezes_what_it_loaded_so_full_collections_skip_it():
    # Without gc.freeze() a full collection pauses requests for up to 450 ms at 16,543 products
    # (bench/hostile.py); the URLconf is loaded before the freeze, so it is frozen too.
    script = (
        "import gc, sys; import shop.wsgi; "
        "print(gc.get_freeze_count(), 'shop.urls' in sys.modules, len(gc.get_objects(generation=2)))"
    )
    result = run("-c", script)

    assert result.returncode == 0, result.stderr
    frozen, urls_loaded, unfrozen_old = result.stdout.split()
    assert int(frozen) > 100_000
    assert urls_loaded == "True"
    assert int(unfrozen_old) < 1_000


def test_production_check_deploy_reports_nothing():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_oscar_email_links_use_site_url_scheme():
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.OSCAR_URL_SCHEMA)"
    )

    assert run("-c", script).stdout.strip() == "https"
    assert run("-c", script, SITE_URL="http://127.0.0.1:8000").stdout.strip() == "http"


@pytest.mark.parametrize("value", ["cho-ocop.vn", "ftp://cho-ocop.vn", "https://"])
def test_production_settings_refuse_a_site_url_that_is_not_an_absolute_web_address(value):
    result = load_settings(SITE_URL=value)

    assert result.returncode != 0
    assert "SITE_URL must be an absolute http(s) address" in result.stderr


def test_production_logs_one_json_object_per_line():
    script = (
        "import django, logging; django.setup(); log = logging.getLogger('shop.orders');"
        "log.warning('đơn hàng %s', 'OCOP-1001');"
        "\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    log.exception('hỏng')"
    )
    result = run("-c", script)

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(record["level"], record["logger"], record["message"]) for record in records] == [
        ("WARNING", "shop.orders", "đơn hàng OCOP-1001"),
        ("ERROR", "shop.orders", "hỏng"),
    ]
    assert "ZeroDivisionError" in records[1]["exc_info"]
    assert all(record["time"] for record in records)


def test_logs_stay_plain_text_outside_production():
    script = "import django, logging; django.setup(); logging.getLogger('shop').warning('xin chào')"
    result = run("-c", script, DJANGO_SETTINGS_MODULE="shop.settings.dev")

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING shop: xin chào")


class SentryIngest(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint, as small as it gets: it keeps every request body it is sent."""

    received: list[bytes]

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def sentry_ingest() -> Iterator[tuple[str, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (SentryIngest,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://public-key@127.0.0.1:{server.server_port}/1", received
    server.shutdown()


def test_errors_reach_sentry_when_a_dsn_is_set(sentry_ingest):
    dsn, received = sentry_ingest
    script = (
        "import django, sentry_sdk; django.setup()"
        "\ntry:\n    {}['thiếu']\nexcept KeyError as error:\n    sentry_sdk.capture_exception(error)"
        "\nsentry_sdk.flush(5)"
    )
    result = run("-c", script, SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="staging")

    assert result.returncode == 0, result.stderr
    events = [
        json.loads(line)
        for body in received
        for line in body.decode().splitlines()
        if line.startswith("{") and '"exception"' in line
    ]
    assert len(events) == 1
    assert events[0]["environment"] == "staging"
    assert events[0]["exception"]["values"][0]["type"] == "KeyError"
    assert "user" not in events[0] or "ip_address" not in events[0]["user"]


def test_nothing_goes_to_sentry_without_a_dsn():
    script = "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().is_active())"

    assert run("-c", script).stdout.strip() == "False"


STORAGE = (
    "import django; django.setup(); from django.core.files.storage import storages; s = storages['default'];"
    "print(type(s).__name__, getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'))"
)


def test_media_on_the_filesystem_by_default():
    assert run("-c", STORAGE).stdout.split()[0] == "FileSystemStorage"


def test_media_on_an_s3_compatible_store_when_a_bucket_is_named():
    result = run(
        "-c",
        STORAGE,
        AWS_STORAGE_BUCKET_NAME="cho-ocop-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "cho-ocop-media", "https://s3.example.vn"]


def test_media_from_the_object_store_are_allowed_by_the_content_security_policy():
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )

    on_disk = run("-c", script).stdout.split()
    on_store = run(
        "-c", script, AWS_STORAGE_BUCKET_NAME="cho-ocop-media", AWS_S3_ENDPOINT_URL="https://s3.example.vn"
    ).stdout.split()
    behind_cdn = run(
        "-c", script, AWS_STORAGE_BUCKET_NAME="cho-ocop-media", AWS_S3_CUSTOM_DOMAIN="anh.cho-ocop.vn"
    ).stdout.split()

    assert on_disk == ["'self'", "data:"]
    assert on_store == ["'self'", "data:", "https://s3.example.vn", "https://*.s3.example.vn"]
    assert behind_cdn == ["'self'", "data:", "https://anh.cho-ocop.vn"]


# ---------------------------------------------------------------- gunicorn.conf.py


def test_gunicorn_loads_its_config_and_the_app_with_production_settings():
    result = run("-m", "gunicorn", "--check-config", "--print-config", "shop.wsgi", WEB_CONCURRENCY="3")

    assert result.returncode == 0, result.stderr
    printed = dict(
        line.replace(" ", "").split("=", 1) for line in result.stdout.splitlines() if " = " in line
    )
    assert printed["workers"] == "3"
    assert printed["preload_app"] == "True"
    assert int(printed["max_requests"]) > 0 < int(printed["max_requests_jitter"])


def test_a_gunicorn_worker_freezes_what_its_first_requests_loaded_once():
    script = (
        "import gc, runpy, types; hook = runpy.run_path('gunicorn.conf.py')['post_request']; "
        "worker = types.SimpleNamespace(nr=1); hook(worker, None, None, None); "
        "early = gc.get_freeze_count(); kept = [[] for _ in range(10_000)]; "
        "worker.nr = 7; hook(worker, None, None, None); "
        "print(early, gc.get_freeze_count() - early >= 10_000)"
    )
    result = run("-c", script, GC_FREEZE_AFTER="7")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True"]


def test_a_gunicorn_worker_collects_between_requests_and_the_master_not_at_all():
    script = (
        "import gc, runpy, types; config = runpy.run_path('gunicorn.conf.py'); "
        "config['when_ready'](None); master = gc.isenabled(); "
        "config['pre_fork'](None, None); frozen = gc.get_freeze_count(); "
        "config['post_fork'](None, None); during = gc.get_threshold()[0]; "
        "worker = types.SimpleNamespace(nr=500); gc.collect(); "
        "left = [[] for _ in range(30_000)]; config['post_request'](worker, None, None, None); "
        "few = gc.get_count()[0]; "
        "left += [[] for _ in range(50_000)]; config['post_request'](worker, None, None, None); "
        "print(master, frozen > 0, gc.isenabled(), during, few >= 30_000, gc.get_count()[0] < 1_000)"
    )
    result = run("-c", "import shop.wsgi; " + script, GC_THRESHOLD="40000")

    assert result.returncode == 0, result.stderr
    # Master off; worker on, but only past 400,000 young objects during a request; after one,
    # 30,000 young objects are left for later and 80,000 collected.
    assert result.stdout.split() == ["False", "True", "True", "400000", "True", "True"]
