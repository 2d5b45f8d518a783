"""Shared set-up of the fulfilment and sales report tests: a shop of two producers and their orders."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from shop.groups import PRODUCERS

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

HONEY = "Mật ong rừng Hà Giang"
RICE = "Gạo ST25 Sóc Trăng"
FISH_SAUCE = "Nước mắm Phú Quốc"


def place_order(*items: tuple, **order_fields) -> object:
    """An order of (product, quantity) items through a real basket: line partners come from stock."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return create_order(basket=basket, **order_fields)


def producer_user(username: str, partner) -> object:
    user = get_user_model().objects.create_user(username, f"{username}@cho-ocop.local", "pw-123456789")
    user.groups.add(Group.objects.get(name=PRODUCERS))
    partner.users.add(user)
    return user
