"""On a 390×844 phone: the basket's producer parcels, then the order status page reached from the
confirmation email's link, neither scrolling sideways."""

from __future__ import annotations

import pytest
from django.db import connections

from shop.customer.order_links import order_status_path
from shop.fulfilment.services import shipment_advance
from shop.payment.services import order_payment_create
from shop.shipping.methods import Standard
from tests.factories import PartnerFactory, sellable_product
from tests.shop.fulfilment_helpers import place_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
# Long Vietnamese words and a long tracking number: the parts that would push a table sideways.
LONG_TITLE = "Nước mắm cốt nhĩ cá cơm than truyền thống Phú Quốc thượng hạng loại đặc biệt 40 độ đạm"


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_phone_reads_the_basket_parcels_and_the_order_status_without_sideways_scrolling(
    browser, live_server
):
    fish_maker = PartnerFactory(name="Hợp tác xã Nước mắm truyền thống Phú Quốc Khánh Hòa")
    tea_maker = PartnerFactory(name="HTX Chè Tân Cương Thái Nguyên")
    fish_sauce = sellable_product(title=LONG_TITLE, producer=fish_maker, price=185000)
    tea = sellable_product(title="Chè búp Tân Cương", producer=tea_maker, price=150000)
    order = place_order((fish_sauce, 3), (tea, 1), shipping_method=Standard(), guest_email="lan@example.vn")
    order_payment_create(order=order, method="cash-on-delivery")
    shipment_advance(
        order=order,
        partner=fish_maker,
        status="shipped",
        carrier="viettel_post",
        tracking_number="VTP" + "9" * 30,
    )
    shipment_advance(order=order, partner=fish_maker, status="delivered")
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()

    for product in (fish_sauce, tea):
        page.goto(product.get_absolute_url())
        with page.expect_navigation():  # Oscar redirects back once the line is added
            page.locator("form[action*='/basket/add/'] [type=submit]").click()
    page.goto("/basket/")
    assert page.locator("#basket_formset .basket-parcel").count() == 2
    assert scroll_width(page) <= PHONE["width"]

    page.goto(order_status_path(order))  # the link of the confirmation email, as a guest
    assert page.locator("#order-parcels .order-parcel").count() == 2
    assert page.locator("a.order-line__review").count() == 1  # the delivered parcel's one line
    assert scroll_width(page) <= PHONE["width"]
    context.close()
    connections.close_all()  # Playwright's greenlet had its own connection (see conftest.py)
