"""Which products a producer's dashboard users may see and change."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catalog.querysets import producer_products_q


def partner_product_visibility_q(user: Any) -> Q:
    """The rule of `catalog.querysets.producer_products_q` (shelf labels use it too)."""
    return producer_products_q(user)
