"""Order placement: Oscar's OrderPlacementMixin, placing the order under stock row locks with its
payment row.

Oscar's checkout views load this class with get_class("checkout.mixins", …), so every
checkout view of the fork (and Oscar's own ones) places orders through it."""

from __future__ import annotations

from django.db import transaction
from oscar.apps.checkout import mixins

from shop.payment.services import order_payment_create

from .stock import stock_lock_and_check


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    # Set by the payment step's handle_payment(); cash on delivery when nothing chose otherwise.
    payment_method_chosen = "cash-on-delivery"
    payment_intent_id: str | None = None

    def place_order(self, order_number, user, basket, *args, **kwargs):
        # One transaction for the lock, the check and everything Oscar writes (addresses,
        # order, lines, F() allocations, payment records) and the order's payment row: a short
        # basket writes nothing, and Oscar's submit() shows the UnableToPlaceOrder message on
        # the preview page.
        with transaction.atomic():
            stock_lock_and_check(lines=basket.all_lines())
            order = super().place_order(order_number, user, basket, *args, **kwargs)
            order_payment_create(
                order=order, method=self.payment_method_chosen, payment_intent_id=self.payment_intent_id
            )
            return order
