"""The dashboard's product table, with each product's listing review status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tables2 import A, Column
from oscar.apps.dashboard.catalogue import tables


class ProductTable(tables.ProductTable):
    listing_status = Column(
        verbose_name=_("Listing review"), accessor=A("get_listing_status_display"), order_by="listing_status"
    )

    class Meta(tables.ProductTable.Meta):
        sequence = (*tables.ProductTable.Meta.sequence[:-2], "listing_status", "date_updated", "actions")
