"""The database backend alone, and the shelves of products its tests search (these override
the cross-backend fixtures of tests/search/conftest.py in this folder)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from search.backends.database import DatabaseBackend
from tests.factories import (
    PartnerFactory,
    ProductFactory,
    category,
    province,
    sellable_product,
)

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return DatabaseBackend()


@pytest.fixture
def shelf():
    """Five products across stars, provinces, categories, producer types and certificate states."""
    today = timezone.localdate()
    enterprise = PartnerFactory(name="Công ty Trà Shan Tuyết", kind="enterprise", province=province("15"))
    household = PartnerFactory(name="Hộ kinh doanh Bà Tư", kind="household", province=province("79"))
    return {
        "tea": ProductFactory(
            title="Chè Thái Nguyên",
            stars=4,
            province=province("15"),
            producer=enterprise,
            categories=[category("II.2.a")],
            certified_on=None,
            expires_on=today + datetime.timedelta(days=400),
        ),
        "honey": ProductFactory(
            title="Mật ong hoa nhãn",
            stars=5,
            province=province("01"),
            categories=[category("I.2.b")],
            certified_on=None,
            expires_on=today + datetime.timedelta(days=30),
        ),
        "fish_sauce": ProductFactory(
            title="Nước mắm Cần Giờ",
            stars=3,
            province=province("79"),
            producer=household,
            categories=[category("I.4.a")],
            certified_on=None,
            expires_on=today - datetime.timedelta(days=1),
        ),
        "rice": ProductFactory(
            title="Gạo nếp cái hoa vàng",
            stars=4,
            province=province("01"),
            categories=[category("I.2.a")],
            certified_on=None,
            expires_on=today + datetime.timedelta(days=800),
        ),
        "basket": ProductFactory(
            title="Giỏ mây tre đan",
            stars=None,
            province=province("79"),
            producer=household,
            categories=[category("IV.1")],
            certified_on=None,
            expires_on=None,
        ),
    }


@pytest.fixture
def priced():
    cheap = sellable_product(title="Bánh đậu xanh", price=45000, stars=3)
    dear = sellable_product(title="Sâm Ngọc Linh", price=2500000, stars=5)
    middle = sellable_product(title="Cà phê Buôn Ma Thuột", price=180000, stars=4)
    unpriced = ProductFactory(title="Chưa có giá", stars=3)
    unrated = sellable_product(title="Chưa xếp hạng", price=90000, stars=None)
    return cheap, dear, middle, unpriced, unrated
