"""The header's basket count, without loading a basket for a visitor who has none."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_count(context: dict[str, Any]) -> int:
    """Items in the shopper's basket. A visitor who is not signed in and has no basket cookie has
    none: their basket (Oscar's middleware loads it lazily, with the offers applied) is not built
    just to say so, which is most requests to the catalogue."""
    request = context.get("request")
    if request is None:
        return 0
    if not request.user.is_authenticated and settings.OSCAR_BASKET_COOKIE_OPEN not in request.COOKIES:
        return 0
    return request.basket.num_items or 0
