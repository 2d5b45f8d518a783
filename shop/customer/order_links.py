"""Links to a customer's order page, as emails carry them.

A signed-in buyer's order page is in its account. A guest's is Oscar's `customer:anon-order`
(the order number and Oscar's signed hash of it), which also wants the order's email in the
session: Oscar asks for it on a form first. The link in our emails adds a `key` (a signature of
the order number and its email) that stands for having typed the email, so a guest who follows it
lands on the page directly; a bare hash link (copied without its key) still asks for the email."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import urlencode

GUEST_KEY_SALT = "shop.customer.guest-order-link"


def guest_order_key(order) -> str:
    """The signature standing for `order`'s email in its guest link (changes if the email does)."""
    return signing.Signer(salt=GUEST_KEY_SALT).signature(f"{order.number}:{(order.email or '').lower()}")


def guest_order_key_valid(order, key: str) -> bool:
    return bool(key) and constant_time_compare(guest_order_key(order), key)


def order_status_path(order) -> str:
    """The path of `order`'s page: the account's order page, or the guest's link with its key."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    path = reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    return f"{path}?{urlencode({'key': guest_order_key(order)})}"


def order_status_url(order) -> str:
    """`order_status_path` on the public site (settings.SITE_URL), for emails."""
    return settings.SITE_URL.rstrip("/") + order_status_path(order)
