"""WSGI entry point (gunicorn shop.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")
application = get_wsgi_application()

# The apps, models and URLs loaded above live as long as the worker. Frozen, they leave the
# collector's full passes, which otherwise pause a request for 100-450 ms once the process holds a
# national catalogue's caches (bench/hostile.py: the slowest hostile request 1.2 s → under 0.6 s).
get_resolver().url_patterns  # noqa: B018 - loads the URLconf now, so it is frozen too
gc.collect()
gc.freeze()
