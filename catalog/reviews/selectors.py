"""Reads on reviews: a product's approved reviews with their average, and which reviewers bought it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from oscar.core.loading import get_model

ProductReview = get_model("reviews", "ProductReview")
Line = get_model("order", "Line")

# The order and line status of OSCAR_ORDER_STATUS_PIPELINE / OSCAR_LINE_STATUS_PIPELINE (shop
# settings) for goods that were never bought after all: no verified purchase.
CANCELLED = "Cancelled"
REVIEWS_SHOWN = 10


@dataclass(frozen=True)
class ReviewSummary:
    count: int = 0
    average: float | None = None
    reviews: list = field(default_factory=list)  # each with `verified_purchase`


def product_review_summary(*, product, limit: int = REVIEWS_SHOWN) -> ReviewSummary:
    """The approved reviews of `product` (newest first, at most `limit`), their number and average
    score, each marked `verified_purchase`: three queries whatever the number of reviews."""
    approved = ProductReview.objects.approved().filter(product=product)
    totals = approved.aggregate(count=Count("pk"), average=Avg("score"))
    if not totals["count"]:
        return ReviewSummary()
    reviews = list(approved.select_related("user").order_by("-date_created", "-pk")[:limit])
    buyers = product_buyer_ids(product=product, user_ids={r.user_id for r in reviews if r.user_id})
    for review in reviews:
        review.verified_purchase = review.user_id in buyers
    return ReviewSummary(count=totals["count"], average=totals["average"], reviews=reviews)


def product_buyer_ids(*, product, user_ids: Iterable[int]) -> set[int]:
    """Which of `user_ids` have an order line for `product` (or one of its variants) that was not
    cancelled: the reviews of those are marked "Đã mua hàng" (verified purchase). One query."""
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    lines = (
        Line.objects.filter(Q(product=product) | Q(product__parent=product), order__user_id__in=user_ids)
        .exclude(order__status=CANCELLED)
        .exclude(status=CANCELLED)
    )
    return set(lines.values_list("order__user_id", flat=True).distinct())
