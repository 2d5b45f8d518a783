"""The link to an order's status page, as the thank-you page offers it (shop.customer.order_links)."""

from __future__ import annotations

from typing import Any

from django import template

from shop.customer import order_links

register = template.Library()


@register.simple_tag
def order_status_path(order: Any) -> str:
    """`{% order_status_path order as path %}`: the account's order page, or the guest's page with
    the key that stands for the order's email (the browser that placed the order may follow it)."""
    return order_links.order_status_path(order)
