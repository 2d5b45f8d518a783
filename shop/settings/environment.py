"""Reading the environment: the one helper every settings module uses (README "Configuration")."""

from __future__ import annotations

import os


def env(name: str, default: str | None = None) -> str | None:
    """One helper for every environment read, so the README table stays the single list."""
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]
