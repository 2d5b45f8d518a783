"""Reusable product filters: browsable OCOP products and certificate status."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from oscar.apps.catalogue.managers import ProductQuerySet

# partner.Partner.Status.APPROVED: catalog sits below shop and names the value, not the class.
PRODUCER_APPROVED = "approved"


class OcopProductQuerySet(ProductQuerySet):
    def browsable(self):
        """Oscar's (public, no variants) from producers whose stall is open: nothing of a stall
        awaiting approval or refused is listed, searched, counted or shown (shop.partner sign-up)."""
        return super().browsable().filter(Q(producer=None) | Q(producer__status=PRODUCER_APPROVED))

    def with_certificate_status(self, status: str, today: datetime.date | None = None):
        """Filter by the derived status: valid, expiring (within 90 days), expired, unknown."""
        return self.filter(certificate_status_q(status, today))

    def for_listing(self):
        """Everything a product card shows, in a fixed number of queries whatever the page size."""
        return (
            self.browsable()
            .select_related("province", "producer", "product_class")
            .prefetch_related("images", "stockrecords", "categories")
        )


def certificate_status_q(status: str, today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.OCOP_EXPIRING_DAYS)
    return {
        "valid": Q(expires_on__gt=soon),
        "expiring": Q(expires_on__gte=today, expires_on__lte=soon),
        "expired": Q(expires_on__lt=today),
        "unknown": Q(expires_on__isnull=True),
    }[status]


def producer_products_q(user: Any) -> Q:
    """The products a producer's dashboard user may see and change: its stall's (`Product.producer`),
    not every product it holds a stock record of; plus its producer-less products from before
    products took the stall, so it can fix them. Filter with `.distinct()` (a user may serve
    several stalls)."""
    return Q(producer__users__pk=user.pk) | Q(producer__isnull=True, stockrecords__partner__users__pk=user.pk)
