"""Shared fixtures: services that may be absent, a throwaway media folder, the database vendor."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

CHROMIUM = Path("/usr/bin/chromium")


def services_required() -> bool:
    """CI sets REQUIRE_SERVICES=1: a missing service is then a failure, never a silent skip."""
    return os.environ.get("REQUIRE_SERVICES", "").strip().lower() in {"1", "true", "yes", "on"}


def require_service(name: str, available: bool, reason: str = "") -> None:
    """Skip the test locally when `name` is not available; fail it when services are required."""
    if available:
        return
    message = f"{name} is not available" + (f": {reason}" if reason else "")
    if services_required():
        pytest.fail(f"{message} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


def service_url(name: str, variable: str, script: str, problem_of: Callable[[str], str]) -> str:
    """The URL in `variable` of a service that answers (`problem_of` says '' then), else skip the
    test (or fail it when services are required)."""
    url = os.environ.get(variable, "").strip()
    if not url:
        require_service(name, False, f"set {variable} ({script})")
    problem = problem_of(url)
    require_service(name, not problem, problem)
    return url


@pytest.fixture
def chromium_path() -> str:
    require_service("Chromium", CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    return str(CHROMIUM)


def elasticsearch_health(url: str) -> str:
    """'' when the cluster at `url` answers `_cluster/health` green or yellow, else why not.

    The test distribution (scripts/start-elasticsearch.sh) has no `GET /` handler, so neither
    `Elasticsearch.info()` nor `.ping()` can tell whether it is up: ask for the cluster's health.
    """
    health_url = url.rstrip("/") + "/_cluster/health?wait_for_status=yellow&timeout=10s"
    try:
        with urllib.request.urlopen(health_url, timeout=15) as response:
            status = json.load(response).get("status")
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts, bad JSON
        return f"{url} does not answer _cluster/health ({error})"
    if status not in {"green", "yellow"}:
        return f"{url} cluster status is {status!r}"
    return ""


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    """ELASTICSEARCH_URL of a healthy cluster (scripts/start-elasticsearch.sh), else skip (or fail in CI)."""
    return service_url(
        "Elasticsearch", "ELASTICSEARCH_URL", "scripts/start-elasticsearch.sh", elasticsearch_health
    )


def stripe_mock_problem(url: str) -> str:
    """'' when stripe-mock at `url` answers an authenticated `GET /v1/customers`, else why not."""
    request = urllib.request.Request(
        url.rstrip("/") + "/v1/customers", headers={"Authorization": "Bearer sk_test_123"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            kind = json.load(response).get("object")
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts, bad JSON
        return f"{url} does not answer /v1/customers ({error})"
    if kind != "list":
        return f"{url} answered /v1/customers with {kind!r}, not a list"
    return ""


@pytest.fixture(scope="session")
def stripe_mock_url() -> str:
    """STRIPE_API_BASE of a running stripe-mock (scripts/start-stripe-mock.sh), else skip (or fail in CI)."""
    return service_url("stripe-mock", "STRIPE_API_BASE", "scripts/start-stripe-mock.sh", stripe_mock_problem)


def redis_problem(url: str) -> str:
    """'' when the Redis at `url` answers PING, else why not."""
    import redis

    try:
        with redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5) as client:
            client.ping()
    except (redis.RedisError, ValueError) as error:  # connection refused, timeouts, a bad URL
        return f"{url} does not answer PING ({error})"
    return ""


@pytest.fixture(scope="session")
def redis_url() -> str:
    """REDIS_URL of a running Redis (scripts/start-redis.sh), else skip (or fail in CI)."""
    return service_url("Redis", "REDIS_URL", "scripts/start-redis.sh", redis_problem)


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Uploads and generated thumbnails go to a folder removed after the test."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def empty_cache():
    """Oscar caches category paths by primary key, and SQLite reuses keys after a rollback; the
    facet vocabularies kept in this process go with the cache (a rollback sends no signal)."""
    from search.facets import facet_vocabulary_clear

    cache.clear()
    facet_vocabulary_clear()
    yield
    cache.clear()
    facet_vocabulary_clear()


@pytest.fixture(autouse=True)
def elasticsearch_off_unless_asked(settings):
    """Tests use the database backend unless they ask for Elasticsearch (the `backend` and
    `search_alias` fixtures of tests/search): CI exports ELASTICSEARCH_URL for those."""
    settings.ELASTICSEARCH_URL = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` exercise PostgreSQL itself (row locks): they belong to the
    PostgreSQL run (DATABASE_URL=postgres://…) and are deselected, not skipped, on SQLite."""
    from django.conf import settings

    # Likewise `sqlite` tests exercise SQLite's own locking and belong to the SQLite run.
    other = "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "postgres"
    kept = [item for item in items if item.get_closest_marker(other) is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture
def stripe_settings(settings, stripe_mock_url: str):
    """Card payment on, the real `stripe` library talking to stripe-mock (skips without it).

    Browser tests' live server runs in this process, so the overrides reach its requests too."""
    from tests.shop.stripe_helpers import TEST_WEBHOOK_SECRET

    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stripe_mock_url
    settings.STRIPE_ENABLED = True
    return settings


# The operator's VietQR account in tests: VietinBank, the account of the published vector.
VIETQR_TEST_ACCOUNT = {"bin": "970415", "account_no": "0011001932418", "name": "HTX CHO OCOP"}
VIETQR_TEST_TOKEN = "test-vietqr-notification-token"


@pytest.fixture
def vietqr_settings(settings):
    """VietQR bank transfer on (the settings production reads from VIETQR_*); Stripe off.

    Browser tests' live server runs in this process, so the overrides reach its requests too."""
    settings.VIETQR_BANK_BIN = VIETQR_TEST_ACCOUNT["bin"]
    settings.VIETQR_ACCOUNT_NO = VIETQR_TEST_ACCOUNT["account_no"]
    settings.VIETQR_ACCOUNT_NAME = VIETQR_TEST_ACCOUNT["name"]
    settings.VIETQR_WEBHOOK_TOKEN = VIETQR_TEST_TOKEN
    settings.VIETQR_ENABLED = True
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = None
    settings.STRIPE_ENABLED = False
    return settings
