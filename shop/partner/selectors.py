"""Reads on producers: the public directory, whether a signed-in user's stall is still awaiting
approval (or refused), and its certificates' validity."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from oscar.core.loading import get_model

from catalog.utils import fold, words

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


def producer_directory(*, province=None, kind: str = "", query: str = "") -> QuerySet:
    """Approved producers by name, with their province: of `province`, of `kind`, and whose name
    holds every word of `query`, accents optional ("mat ong" finds "HTX Mật ong Bắc Hà")."""
    producers = Partner.objects.filter(status=Partner.Status.APPROVED)
    if province is not None:
        producers = producers.filter(province=province)
    if kind:
        producers = producers.filter(kind=kind)
    wanted = words(query)
    if wanted:
        # Names are folded here, as search folds product texts (catalog.utils.fold): one query
        # of names, whatever the database's collation.
        names = producers.values_list("pk", "name")
        producers = producers.filter(pk__in=[pk for pk, name in names if _has_words(fold(name), wanted)])
    return producers.select_related("province").order_by("name", "pk")


def _has_words(folded_name: str, wanted: list[str]) -> bool:
    return all(word in folded_name for word in wanted)
