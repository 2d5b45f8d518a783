"""Bulk "make public" publishes only products staff approved (listing review); "print shelf
labels" opens the A4 label sheet of the selected products."""

from __future__ import annotations

from typing import Any

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import bulk_actions
from oscar.core.loading import get_model
from oscar.views.generic import BulkAction

from catalog.verification_views import MAX_LABELS

Product = get_model("catalogue", "Product")


class MakeProductsPublicAction(bulk_actions.MakeProductsPublicAction):
    def execute(self, request: Any, objects: Any, form: Any) -> Any:
        return super().execute(request, objects.filter(listing_status=Product.ListingStatus.APPROVED), form)


class PrintShelfLabelsAction(BulkAction):
    """The selected products' shelf labels (catalog.verification_views.label_sheet): the list is
    already the user's own (a producer's dashboard shows only its products)."""

    label = _("Print shelf labels")

    def execute(self, request: Any, objects: Any) -> Any:
        ids = objects.prefetch_related(None).order_by("title", "pk").values_list("pk", flat=True)
        query = ",".join(str(pk) for pk in ids[:MAX_LABELS])
        return redirect(f"{reverse('verification:labels')}?products={query}")
