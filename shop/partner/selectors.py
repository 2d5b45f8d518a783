"""Reads on producers: whether a signed-in user's stall is still awaiting approval (or refused),
and its certificates' validity."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")


def user_awaiting_approval(*, user) -> bool:
    """True for a user whose stalls are all pending or rejected: its dashboard is only the
    application status page. Staff, shoppers and producers with an approved stall: False."""
    if not user.is_authenticated or user.is_staff:
        return False
    statuses = set(user.partners.values_list("status", flat=True))
    return bool(statuses) and Partner.Status.APPROVED not in statuses


def certificates_for_user(*, user: AbstractBaseUser) -> QuerySet:
    """The products of the user's stalls that carry a certificate, soonest expiry first (one query)."""
    return (
        Product.objects.filter(producer__users=user, expires_on__isnull=False)
        .only("pk", "title", "slug", "stars", "certificate_number", "expires_on", "structure", "parent_id")
        .order_by("expires_on", "pk")
        .distinct()
    )
