"""A small catalogue in two provinces whose every figure is known."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import DisplayPointFactory, PartnerFactory, ProductFactory, category, province


@pytest.fixture
def catalogue():
    """Lào Cai (15): 6 listed products — 3★ ×2, 4★, 5★, 2 unrated — of 4 producers
    (2 cooperatives, 1 enterprise, 1 household); one certificate expiring in 30 days, one expired
    10 days ago; sectors I ×4, II ×2 (one product in both), III ×1; 2 display points; and one
    product that is not public. Hà Nội (01): one 4★ cooperative product and 1 display point."""
    today = timezone.localdate()
    lao_cai, ha_noi = province("15"), province("01")
    coop_a = PartnerFactory(name="HTX Chè Shan tuyết", kind="cooperative", province=lao_cai)
    coop_b = PartnerFactory(name="HTX Mật ong Bắc Hà", kind="cooperative", province=lao_cai)
    enterprise = PartnerFactory(name="Công ty TNHH Sâm", kind="enterprise", province=lao_cai)
    household = PartnerFactory(name="Hộ kinh doanh Mận", kind="household", province=lao_cai)
    food, herbs, drinks = category("I.2.b"), category("III.1"), category("II.2.a")

    def product(producer, stars, categories, **fields):
        return ProductFactory(
            province=lao_cai, producer=producer, stars=stars, categories=categories, **fields
        )

    products = {
        "tea": product(coop_a, 3, [drinks]),
        "honey": product(coop_b, 3, [food]),
        "ginseng": product(enterprise, 4, [herbs], expires_on=today + datetime.timedelta(days=30)),
        "plum": product(household, 5, [food, drinks], expires_on=today - datetime.timedelta(days=10)),
        "jam": product(coop_a, None, [food], certified_on=None),
        "wine": product(household, None, [food], certified_on=None),
        "hidden": product(coop_a, 3, [food], is_public=False),
    }
    products["hanoi"] = ProductFactory(province=ha_noi, stars=4, categories=[food])
    DisplayPointFactory(province=lao_cai, name="Trung tâm OCOP Sa Pa")
    DisplayPointFactory(province=lao_cai, name="Điểm OCOP Bắc Hà")
    DisplayPointFactory(province=ha_noi)
    return products
