"""Site navigation shared by every page: the six OCOP sectors."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")


def navigation(request: HttpRequest) -> dict:
    # Lazy: pages that do not render the menu (JSON, redirects) pay no query.
    return {"nav_sectors": SimpleLazyObject(lambda: list(Category.get_root_nodes().filter(is_public=True)))}
