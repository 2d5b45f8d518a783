"""A shared order in the orders dashboard: each producer sees only its own lines and subtotal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency
from oscar.test.factories import create_order

from shop.groups import PRODUCERS, staff_groups_ensure
from tests.factories import PartnerFactory, sellable_product

Basket = get_model("basket", "Basket")
OrderNote = get_model("order", "OrderNote")
ShippingEventQuantity = get_model("order", "ShippingEventQuantity")
ShippingEventType = get_model("order", "ShippingEventType")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db

HONEY = "Mật ong rừng Hà Giang"
RICE = "Gạo ST25 Sóc Trăng"
FISH_SAUCE = "Nước mắm Phú Quốc"


def place_order(*items: tuple) -> object:
    """An order of (product, quantity) items through a real basket: line partners come from stock."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return create_order(basket=basket)


def producer_user(username: str, partner) -> object:
    user = get_user_model().objects.create_user(username, f"{username}@cho-ocop.local", "pw-123456789")
    user.groups.add(Group.objects.get(name=PRODUCERS))
    partner.users.add(user)
    return user


@pytest.fixture
def shop():
    staff_groups_ensure()
    producer_a = PartnerFactory(name="HTX Mật ong Hà Giang")
    producer_b = PartnerFactory(name="HTX Gạo Sóc Trăng")
    honey = sellable_product(title=HONEY, producer=producer_a, price=125000)
    rice = sellable_product(title=RICE, producer=producer_b, price=80000)
    fish_sauce = sellable_product(title=FISH_SAUCE, producer=producer_b, price=95000)
    return {
        "order": place_order((honey, 2), (rice, 1)),
        "b_only": place_order((fish_sauce, 1)),
        "a": producer_user("producer-a", producer_a),
        "b": producer_user("producer-b", producer_b),
    }


@pytest.fixture
def staff():
    return get_user_model().objects.create_superuser("staff", "staff@cho-ocop.local", "pw-123456789")


def money(amount: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return currency(Decimal(amount), "VND")


def total_shown(html: str, amount: int) -> bool:
    return any(form in html for form in (money(amount), f"{amount:,}", f"{amount:,}".replace(",", ".")))


def detail_link(order) -> str:
    return f'href="{reverse("dashboard:order-detail", kwargs={"number": order.number})}"'


def page(client, user, name: str, **kwargs) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse(f"dashboard:{name}", kwargs=kwargs))
    return response.status_code, response.content.decode()


def test_order_lines_carry_the_producer_of_their_stock_record(shop):
    lines = {line.title: line.partner.name for line in shop["order"].lines.all()}

    assert lines == {HONEY: "HTX Mật ong Hà Giang", RICE: "HTX Gạo Sóc Trăng"}
    assert shop["order"].total_incl_tax == Decimal("330000")


@pytest.mark.parametrize(
    ("producer", "own", "other", "subtotal"),
    [("a", HONEY, RICE, 250000), ("b", RICE, HONEY, 80000)],
)
def test_producer_order_detail_shows_only_its_lines_and_subtotal(
    client, shop, producer, own, other, subtotal
):
    status, html = page(client, shop[producer], "order-detail", number=shop["order"].number)

    assert status == 200
    assert own in html
    assert other not in html
    assert f'<td id="partner-subtotal">{money(subtotal)}</td>' in html
    assert not total_shown(html, 330000)
    assert "Order total" not in html


@pytest.mark.parametrize(("producer", "subtotal"), [("a", 250000), ("b", 80000)])
def test_producer_order_list_shows_its_subtotal_not_the_order_total(client, shop, producer, subtotal):
    status, html = page(client, shop[producer], "order-list")

    assert status == 200
    assert f"<td>{money(subtotal)}</td>" in html
    assert not total_shown(html, 330000)


def test_producer_order_list_omits_orders_of_other_producers_only(client, shop):
    _, html_a = page(client, shop["a"], "order-list")
    _, html_b = page(client, shop["b"], "order-list")

    assert detail_link(shop["order"]) in html_a
    assert detail_link(shop["b_only"]) not in html_a
    assert detail_link(shop["order"]) in html_b and detail_link(shop["b_only"]) in html_b


@pytest.mark.parametrize(("title", "listed"), [(HONEY, True), (RICE, False)])
def test_producer_order_search_matches_only_its_own_lines(client, shop, title, listed):
    client.force_login(shop["a"])
    html = client.get(reverse("dashboard:order-list"), {"product_title": title}).content.decode()

    assert (detail_link(shop["order"]) in html) is listed


def test_producer_cannot_open_an_order_holding_only_another_producers_lines(client, shop):
    status, html = page(client, shop["a"], "order-detail", number=shop["b_only"].number)

    assert status == 404
    assert FISH_SAUCE not in html


def test_producer_cannot_open_another_producers_line(client, shop):
    rice_line = shop["order"].lines.get(title=RICE)
    honey_line = shop["order"].lines.get(title=HONEY)

    number = shop["order"].number
    denied, html = page(client, shop["a"], "order-line-detail", number=number, line_id=rice_line.pk)
    allowed, _ = page(client, shop["a"], "order-line-detail", number=number, line_id=honey_line.pk)

    assert (denied, allowed) == (404, 200)
    assert RICE not in html


def ship(client, order, line) -> None:
    client.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {
            "line_action": "create_shipping_event",
            "shipping_event_type": "shipped",
            "reference": "VNPost EB123456789VN",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
        },
    )


def test_producer_ships_its_own_line_but_not_another_producers(client, shop):
    ShippingEventType.objects.create(code="shipped", name="Đã giao cho đơn vị vận chuyển")
    order = shop["order"]
    client.force_login(shop["a"])

    ship(client, order, order.lines.get(title=RICE))
    assert not order.shipping_events.exists()

    ship(client, order, order.lines.get(title=HONEY))
    shipped = [quantity.line.title for quantity in ShippingEventQuantity.objects.filter(event__order=order)]
    assert shipped == [HONEY]


def test_producer_sees_only_its_own_notes(client, shop):
    order = shop["order"]
    OrderNote.objects.create(order=order, user=shop["b"], message="Gạo giao chậm một ngày")
    OrderNote.objects.create(order=order, user=shop["a"], message="Mật ong đã đóng thùng")

    _, html = page(client, shop["a"], "order-detail", number=order.number)

    assert "Mật ong đã đóng thùng" in html
    assert "Gạo giao chậm một ngày" not in html


def test_producer_statistics_count_only_its_lines_and_revenue(client, shop):
    client.force_login(shop["b"])
    response = client.get(reverse("dashboard:order-stats"))

    assert response.context["total_orders"] == 2
    assert response.context["total_lines"] == 2
    assert response.context["total_revenue"] == Decimal("175000")


def test_producer_csv_export_values_orders_at_its_subtotal(client, shop):
    client.force_login(shop["a"])
    response = client.get(reverse("dashboard:order-list"), {"response_format": "csv"})
    rows = response.content.decode().splitlines()

    assert len(rows) == 2
    assert rows[1].startswith(f"{shop['order'].number},250000")


def test_staff_sees_every_line_and_the_order_total(client, shop, staff):
    status, html = page(client, staff, "order-detail", number=shop["order"].number)
    _, list_html = page(client, staff, "order-list")

    assert status == 200
    assert HONEY in html and RICE in html
    assert 'id="partner-subtotal"' not in html
    assert money(330000) in html
    assert money(330000) in list_html
    assert detail_link(shop["b_only"]) in list_html


@pytest.mark.parametrize("extra_orders", [5, 20])
def test_producer_order_list_queries_are_bounded(client, shop, django_assert_max_num_queries, extra_orders):
    honey = shop["order"].lines.get(title=HONEY).product
    rice = shop["order"].lines.get(title=RICE).product
    for _ in range(extra_orders):
        place_order((honey, 1), (rice, 1))
    client.force_login(shop["a"])

    # 11: one of them is the dashboard's check that the producer's stall is approved (shop.dashboard.apps).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("dashboard:order-list"))

    assert response.status_code == 200


@pytest.mark.parametrize(("producer", "revenue"), [("a", 250000), ("b", 80000 + 95000)])
def test_producer_dashboard_home_counts_only_its_own_lines(client, shop, producer, revenue):
    client.force_login(shop[producer])

    stats = client.get(reverse("dashboard:index")).context

    assert stats["total_revenue"] == Decimal(revenue)
    assert stats["total_revenue_last_day"] == Decimal(revenue)
    hourly = sum(item["total_incl_tax"] for item in stats["hourly_report_dict"]["order_total_hourly"])
    assert hourly == Decimal(revenue)


def test_staff_dashboard_home_counts_whole_orders(client, shop, staff):
    client.force_login(staff)

    assert client.get(reverse("dashboard:index")).context["total_revenue"] == Decimal(330000 + 95000)


def set_line_status(client, order, line, status: str) -> None:
    client.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {
            "line_action": "change_line_statuses",
            "new_status": status,
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
        },
    )


def test_producer_sets_the_status_of_its_own_lines_only(client, shop):
    # Shipping statuses go through the parcel form (tests/shop/test_fulfilment.py); Oscar's line
    # action still cancels or returns a producer's own lines.
    order = shop["order"]
    honey, rice = order.lines.get(title=HONEY), order.lines.get(title=RICE)
    assert (honey.status, rice.status) == ("Pending", "Pending")
    client.force_login(shop["a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    set_line_status(client, order, honey, "Cancelled")
    set_line_status(client, order, rice, "Cancelled")

    honey.refresh_from_db()
    rice.refresh_from_db()
    assert (honey.status, rice.status) == ("Cancelled", "Pending")
    status, html = page(client, shop["a"], "order-detail", number=order.number)
    assert "<td>Cancelled</td>" in html


def test_line_action_without_quantities_is_refused_with_a_message(client, shop):
    order = shop["order"]
    honey = order.lines.get(title=HONEY)
    client.force_login(shop["a"])

    response = client.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {"line_action": "change_line_statuses", "new_status": "Shipped", "selected_line": [honey.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Hãy nhập số lượng cho mỗi dòng đã chọn."]
    honey.refresh_from_db()
    assert honey.status == "Pending"


def test_producer_reads_its_line_status_in_vietnamese(client, shop):
    line = shop["order"].lines.get(title=HONEY)
    line.set_status("Shipped")

    _status, html = page(client, shop["a"], "order-line-detail", number=shop["order"].number, line_id=line.pk)

    assert "Đã gửi hàng" in html
    line.refresh_from_db()
    assert line.status == "Shipped"  # shown translated, stored as Oscar's status
