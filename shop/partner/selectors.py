"""Reads on producers: whether a signed-in user's stall is still awaiting approval (or refused)."""

from __future__ import annotations

from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")


def user_awaiting_approval(*, user) -> bool:
    """True for a user whose stalls are all pending or rejected: its dashboard is only the
    application status page. Staff, shoppers and producers with an approved stall: False."""
    if not user.is_authenticated or user.is_staff:
        return False
    statuses = set(user.partners.values_list("status", flat=True))
    return bool(statuses) and Partner.Status.APPROVED not in statuses
