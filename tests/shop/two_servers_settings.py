"""The app servers of tests/shop/test_two_servers.py: production settings, static files uncollected.

Production's manifest storage needs `collectstatic` (half a minute) before any page renders; these
servers serve the test's pages as production does otherwise."""

from shop.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
