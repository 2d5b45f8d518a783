"""Template helpers of fulfilment: status labels and an order's parcels on the customer's pages."""

from __future__ import annotations

from django import template

from .. import selectors, statuses

register = template.Library()


@register.filter
def line_status_label(status: str) -> str:
    """`Shipped` → `Đã gửi hàng`: Oscar's stored line status as people read it."""
    return statuses.line_status_label(status)


@register.filter
def order_status_label(status: str) -> str:
    return statuses.order_status_label(status)


@register.simple_tag
def order_parcels(order) -> list[selectors.Parcel]:
    """Every producer parcel of `order`, with its shipment (the customer sees them all)."""
    return selectors.order_parcels(order=order)
