"""The link to an order's status page, as the thank-you page offers it (shop.customer.order_links),
and the bank transfer still expected for an order (shop.payment.selectors)."""

from __future__ import annotations

from typing import Any

from django import template

from shop.customer import order_links
from shop.payment.selectors import TransferInstructions, transfer_instructions

register = template.Library()


@register.simple_tag
def order_status_path(order: Any) -> str:
    """`{% order_status_path order as path %}`: the account's order page, or the guest's page with
    the key that stands for the order's email (the browser that placed the order may follow it)."""
    return order_links.order_status_path(order)


@register.simple_tag
def order_transfer(payment: Any) -> TransferInstructions | None:
    """`{% order_transfer order.payment as transfer %}`: the QR code and account details while a
    VietQR order's transfer is awaited (the amount still missing when partly paid), else None."""
    return transfer_instructions(payment=payment)
