"""Production: every secret from the environment, no defaults; `check --deploy` is clean."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, MEDIA_STORAGE, env, env_bool, env_list


def env_required(name: str, why: str) -> str:
    """The variable's value; unset or empty stops the start-up here, saying which and why."""
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable: {why}")
    return value


# base.py reads DATABASE_URL with the embedded SQLite file as its default: never in production.
env_required("DATABASE_URL", "production settings run on no default database (e.g. postgres://…).")

# Every link in an email and the Site domain come from here (base.py derives the rest from it).
SITE_URL = env_required("SITE_URL", "emails link to it and the Site follows it (e.g. https://cho-ocop.vn).")
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) address, not {SITE_URL!r}.")

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY", "production settings have no default secret key.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Every cookie over HTTPS only, and out of JavaScript's reach where no script reads it. The
# CSRF cookie may be HttpOnly: Wagtail's admin and Oscar's dashboard read the token from the page.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
OSCAR_BASKET_COOKIE_SECURE = True  # Oscar sets its basket and history cookies HttpOnly itself
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")}}

# One JSON object per line for the log collector (LOG_FORMAT=text for a terminal).
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", "json")
