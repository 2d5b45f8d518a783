"""Which products a producer's dashboard users may see and change."""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def partner_product_visibility_q(user: Any) -> Q:
    """Its stall's products (`Product.producer`), not every product it holds a stock record of;
    plus its producer-less products from before products took the stall, so it can fix them."""
    return Q(producer__users__pk=user.pk) | Q(producer__isnull=True, stockrecords__partner__users__pk=user.pk)
