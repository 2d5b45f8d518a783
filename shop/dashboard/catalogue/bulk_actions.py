"""Bulk "make public" publishes only products staff approved (listing review)."""

from __future__ import annotations

from typing import Any

from oscar.apps.dashboard.catalogue import bulk_actions
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class MakeProductsPublicAction(bulk_actions.MakeProductsPublicAction):
    def execute(self, request: Any, objects: Any, form: Any) -> Any:
        return super().execute(request, objects.filter(listing_status=Product.ListingStatus.APPROVED), form)
