"""Shipping methods of Chợ OCOP: a fee in whole đồng for each producer's parcel."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.core import prices
from oscar.templatetags.currency_filters import currency

if TYPE_CHECKING:
    from oscar.apps.basket.abstract_models import AbstractBasket

# Fees per producer parcel in whole đồng (VND has no minor unit): every producer ships its own
# goods, so a basket from three producers travels as three parcels and pays three fees.
STANDARD_FEE = Decimal("30000")
EXPRESS_FEE = Decimal("55000")
# A producer's parcel whose goods total (incl. tax) reaches this ships free by standard delivery.
STANDARD_FREE_FROM = Decimal("500000")

# Formatted when the description is rendered, so the shop's currency format applies.
money_lazy = lazy(currency, str)


def parcel_goods_totals(basket: AbstractBasket) -> dict[int, Decimal]:
    """Goods total (incl. tax, after discounts) of each producer's parcel, keyed by partner id.

    A line without a stock record has no producer to ship it and is left out (Oscar's saved
    basket lines always carry one; the guard is for lines built in memory)."""
    totals: dict[int, Decimal] = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            continue
        partner_id = line.stockrecord.partner_id
        line_total = line.line_price_incl_tax_incl_discounts or Decimal(0)
        totals[partner_id] = totals.get(partner_id, Decimal(0)) + line_total
    return totals


class PerParcel(methods.Base):
    """`fee` for each producer's parcel; with `free_from`, a parcel of that goods total ships free."""

    fee: Decimal = Decimal(0)
    free_from: Decimal | None = None

    def calculate(self, basket: AbstractBasket) -> prices.Price:
        charge = sum(
            (self.parcel_fee(goods_total) for goods_total in parcel_goods_totals(basket).values()),
            Decimal(0),
        )
        # Shop prices include tax (Oscar's default NoTax strategy): the fee carries no separate tax.
        return prices.Price(
            currency=basket.currency or settings.OSCAR_DEFAULT_CURRENCY, excl_tax=charge, incl_tax=charge
        )

    def parcel_fee(self, goods_total: Decimal) -> Decimal:
        if self.free_from is not None and goods_total >= self.free_from:
            return Decimal(0)
        return self.fee


class Standard(PerParcel):
    code = "standard"
    name = _("Standard delivery (3–5 days)")
    description = format_lazy(
        _(
            "{fee} per parcel: each producer ships its own goods. "
            "A producer's parcel of {threshold} or more ships free."
        ),
        fee=money_lazy(STANDARD_FEE),
        threshold=money_lazy(STANDARD_FREE_FROM),
    )
    fee = STANDARD_FEE
    free_from = STANDARD_FREE_FROM


class Express(PerParcel):
    code = "express"
    name = _("Express delivery (1–2 days)")
    description = format_lazy(
        _("{fee} per parcel: each producer ships its own goods. Express delivery is never free."),
        fee=money_lazy(EXPRESS_FEE),
    )
    fee = EXPRESS_FEE
