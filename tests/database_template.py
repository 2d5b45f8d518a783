"""One migrated test database per run, copied for each pytest-xdist worker.

Migrating a test database costs 60–110 s (358 migrations, most of them Wagtail's and Oscar's).
pytest-django migrates one per worker, all at once on the same cores. Here the first worker to
take the lock migrates a template and every worker copies it: PostgreSQL clones it with
`CREATE DATABASE … TEMPLATE` (Django's own `_clone_test_db`, as its parallel test runner does);
SQLite migrates into a file that each worker loads into its own in-memory database.
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

ALIAS = "default"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _use(name: str) -> None:
    connection = connections[ALIAS]
    connection.close()
    settings.DATABASES[ALIAS]["NAME"] = name
    connection.settings_dict["NAME"] = name


class WorkerDatabase:
    """This worker's copy of the template: `create()` before the tests, `destroy()` after."""

    def __init__(self, worker: str, shared: Path) -> None:
        self.worker, self.shared = worker, shared
        self.connection = connections[ALIAS]
        self.original_name = self.connection.settings_dict["NAME"]
        self.keep_alive: sqlite3.Connection | None = None

    def create(self) -> None:
        with _locked(self.shared / "test-database.lock"):
            template = self._template()
            if self.connection.vendor == "postgresql":
                _use(template)
                self.connection.creation._clone_test_db(self.worker, verbosity=0, keepdb=False)
                _use(self.connection.creation.get_test_db_clone_settings(self.worker)["NAME"])
            else:
                self._load_sqlite(template)
        # What `serialized_rollback` tests restore after their flush (the migrations' reference data), as
        # Django's own set-up keeps it.
        self.connection._test_serialized_contents = self.connection.creation.serialize_db_to_string()

    def destroy(self) -> None:
        if self.keep_alive is not None:
            self.connection.close()
            self.keep_alive.close()
            _use(self.original_name)
        else:
            self.connection.creation.destroy_test_db(self.original_name, verbosity=0)

    def _template(self) -> str:
        """The migrated template's name (a file path on SQLite), made by the first worker here."""
        ready = self.shared / "test-database.name"
        if ready.exists():
            return ready.read_text()
        test = self.connection.settings_dict["TEST"]
        if self.connection.vendor == "postgresql":
            test["NAME"] = test["NAME"].removesuffix(f"_{self.worker}")  # test_ocop_gw0 → test_ocop
        else:
            test["NAME"] = str(self.shared / "test-template.sqlite3")
        name = self.connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.connection.close()
        ready.write_text(name)
        return name

    def _load_sqlite(self, template: str) -> None:
        # A shared-cache in-memory database lives while one connection to it is open: keep one.
        name = f"file:memorydb_{ALIAS}_{self.worker}?mode=memory&cache=shared"
        self.keep_alive = sqlite3.connect(name, uri=True, check_same_thread=False)
        source = sqlite3.connect(template)
        source.backup(self.keep_alive)
        source.close()
        _use(name)
