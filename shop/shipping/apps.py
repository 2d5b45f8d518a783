"""Shipping: Oscar's shipping forked (label `shipping`) for per-producer delivery fees in VND."""

import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    name = "shop.shipping"
