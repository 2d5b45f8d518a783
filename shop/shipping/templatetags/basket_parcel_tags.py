"""The basket page's producer groups (shop.shipping.basket)."""

from __future__ import annotations

from typing import Any

from django import template

from ..basket import BasketParcel
from ..basket import basket_parcels as group_by_producer

register = template.Library()


@register.simple_tag
def basket_parcels(basket: Any, formset: Any) -> list[BasketParcel]:
    """`{% basket_parcels basket formset as parcels %}`: the formset's forms, one group per producer."""
    return group_by_producer(basket, formset)
