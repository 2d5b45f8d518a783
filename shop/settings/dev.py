"""Local development: DEBUG on, embedded defaults (SQLite, database search, cash on delivery)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
