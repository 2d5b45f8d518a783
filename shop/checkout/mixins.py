"""Order placement: Oscar's OrderPlacementMixin, placing the order under stock row locks.

Oscar's checkout views load this class with get_class("checkout.mixins", …), so every
checkout view of the fork (and Oscar's own ones) places orders through it."""

from __future__ import annotations

from django.db import transaction
from oscar.apps.checkout import mixins

from .stock import stock_lock_and_check


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    def place_order(self, order_number, user, basket, *args, **kwargs):
        # One transaction for the lock, the check and everything Oscar writes (addresses,
        # order, lines, F() allocations, payment records): a short basket writes nothing, and
        # Oscar's submit() shows the UnableToPlaceOrder message on the preview page.
        with transaction.atomic():
            stock_lock_and_check(lines=basket.all_lines())
            return super().place_order(order_number, user, basket, *args, **kwargs)
