"""Checkout: Oscar's checkout forked (label `checkout`) for cash on delivery."""

import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.checkout"
    label = "checkout"
