"""The shipping methods offered at checkout (standard, the default, and express) and a parcel's fee."""

from __future__ import annotations

from decimal import Decimal

from oscar.apps.shipping import repository

from .methods import Express, PerParcel, Standard


class Repository(repository.Repository):
    # Oscar takes the first method as the default (the basket page's estimate). An empty basket
    # needs no shipping: Oscar's repository answers NoShippingRequired before these are asked.
    methods = (Standard(), Express())


def order_parcel_fee(*, order, goods_total: Decimal) -> Decimal:
    """The delivery fee the customer paid for one producer's parcel of `order` (goods incl. tax).

    Recomputed from the order's method, as at checkout (`PerParcel.parcel_fee`); an order whose
    shipping was free (an offer) or whose method is no longer offered charged no fee per parcel."""
    if not order.shipping_incl_tax:
        return Decimal(0)
    for method in Repository.methods:
        if method.code == order.shipping_code and isinstance(method, PerParcel):
            return method.parcel_fee(goods_total)
    return Decimal(0)
