"""The two stalls (and a staff member) the producer catalogue and image tests share."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from shop.groups import staff_groups_ensure
from tests.factories import PartnerFactory, ProductClassFactory, province
from tests.shop.dashboard.catalogue_helpers import producer_user


@pytest.fixture
def stalls(settings):
    settings.SITE_URL = "https://cho-ocop.example"
    staff_groups_ensure()
    ProductClassFactory()
    a = PartnerFactory(name="HTX Mật ong Hà Giang", province=province("15"), email="a@htx.example")
    b = PartnerFactory(name="HTX Gạo Sóc Trăng")
    return {
        "a": a,
        "b": b,
        "user_a": producer_user("producer-a", a),
        "user_b": producer_user("producer-b", b),
    }


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("staff", "staff@cho-ocop.local", "pw", is_staff=True)
