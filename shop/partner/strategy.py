"""Oscar's pricing strategy, with one rule of ours: only a producer's own, public offer is for sale."""

from __future__ import annotations

from typing import Any

from oscar.apps.partner import strategy
from oscar.core.loading import get_class

Unavailable = get_class("partner.availability", "Unavailable")


class ProducerStockRequired(strategy.StockRequired):
    """Available only when the product has a producer whose stall is approved, is public, and the
    stock record is that producer's own. A product without a producer (e.g. one a partner user
    created before products took their producer from the stall), one waiting for review, or one of a
    stall still under review is never bought, whichever path reaches it: the product page, a POST
    to the basket, or a basket line at checkout."""

    def availability_policy(self, product: Any, stockrecord: Any) -> Any:
        listed = product.parent if product.is_child and product.parent_id else product
        owner, public = listed.producer_id, listed.is_public and product.is_public
        if owner is None or not public or (stockrecord is not None and stockrecord.partner_id != owner):
            return Unavailable()
        if listed.producer.status != listed.producer.Status.APPROVED:  # a stall still under review
            return Unavailable()
        return super().availability_policy(product, stockrecord)


class Default(strategy.UseFirstStockRecord, ProducerStockRequired, strategy.NoTax, strategy.Structured):
    """Oscar's default (first stock record, stock required, prices include tax) with the rule above."""


class Selector(strategy.Selector):
    def strategy(self, request: Any = None, user: Any = None, **kwargs: Any) -> Default:
        return Default(request)
