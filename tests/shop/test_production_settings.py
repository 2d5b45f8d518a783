"""Production settings refuse to start without DATABASE_URL and SECRET_KEY; `check --deploy` is clean.

Each case runs in a fresh interpreter: settings are read once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("name", ["DATABASE_URL", "SECRET_KEY"])
@pytest.mark.parametrize("how", ["unset", "empty"])
def test_production_settings_fail_at_start_up_without(name, how):
    result = load_settings(without=(name,)) if how == "unset" else load_settings(**{name: ""})

    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"ImproperlyConfigured: Set the {name} environment variable" in result.stderr


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
