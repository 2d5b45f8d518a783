"""Background tasks in tests: django-tasks' DummyBackend keeps what is enqueued without running it."""

from __future__ import annotations

import json
from typing import Any

from django_tasks import default_task_backend


def tasks_kept(settings: Any) -> list:
    """Switch the default backend to the DummyBackend (for this test) and return its queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend.results


def enqueued(results: list) -> list[tuple[str, list[Any]]]:
    """(task name, positional args) of each queued task; the args are plain JSON, nothing else."""
    calls = [(result.task.name, result.args) for result in results]
    assert all(not result.kwargs for result in results)
    assert json.loads(json.dumps([args for _name, args in calls])) == [args for _name, args in calls]
    return calls
