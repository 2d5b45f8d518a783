"""Reads about a producer's stall: its certificates' validity."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


def certificates_for_user(*, user: AbstractBaseUser) -> QuerySet:
    """The products of the user's stalls that carry a certificate, soonest expiry first (one query)."""
    return (
        Product.objects.filter(producer__users=user, expires_on__isnull=False)
        .only("pk", "title", "slug", "stars", "certificate_number", "expires_on", "structure", "parent_id")
        .order_by("expires_on", "pk")
        .distinct()
    )
