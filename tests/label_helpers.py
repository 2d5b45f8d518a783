"""Shelf label sheets in tests: two stalls, a display point, the users who print, and what printed."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from shop.groups import PRODUCERS
from tests.factories import DisplayPointFactory, PartnerFactory, sellable_product


def producer_user(username: str, stall):
    user = get_user_model().objects.create_user(username, f"{username}@cho-ocop.local", "pw-123456789")
    user.groups.add(Group.objects.get(name=PRODUCERS))
    stall.users.add(user)
    return user


def label_world() -> dict:
    """Two stalls' products at one display point; the tea stall's producer user, staff, a customer."""
    tea_stall = PartnerFactory(name="HTX Chè Tân Cương")
    honey_stall = PartnerFactory(name="HTX Mật ong Mèo Vạc")
    tea = sellable_product(title="Chè búp Tân Cương", producer=tea_stall, price=125000, stars=4)
    honey = sellable_product(title="Mật ong bạc hà", producer=honey_stall, price=250000, stars=5)
    point = DisplayPointFactory(products=[tea, honey])
    return {
        "tea": tea,
        "honey": honey,
        "point": point,
        "tea_user": producer_user("tea", tea_stall),
        "staff": get_user_model().objects.create_user("staff", "staff@cho-ocop.local", "pw", is_staff=True),
        "customer": get_user_model().objects.create_user("customer", "c@cho-ocop.local", "pw"),
    }


def labelled(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="shelf-label" data-product="(\d+)"', html)]
