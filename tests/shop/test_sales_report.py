"""A producer's sales report over a period: per product units and revenue, totals, a CSV for Excel;
its own lines only; staff choose the producer."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from shop.groups import staff_groups_ensure
from tests.factories import PartnerFactory, sellable_product
from tests.shop.fulfilment_helpers import FISH_SAUCE, HONEY, RICE, place_order, producer_user

Line = get_model("order", "Line")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:order-sales-report")


def placed_on(order, day: str) -> None:
    moment = timezone.make_aware(datetime.strptime(day + " 23:30", "%d/%m/%Y %H:%M"))
    Order.objects.filter(pk=order.pk).update(date_placed=moment)


@pytest.fixture
def shop():
    staff_groups_ensure()
    honey_maker = PartnerFactory(name="HTX Mật ong Hà Giang")
    rice_maker = PartnerFactory(name="HTX Gạo Sóc Trăng")
    honey = sellable_product(title=HONEY, producer=honey_maker, price=125000)
    rice = sellable_product(title=RICE, producer=rice_maker, price=80000)
    fish_sauce = sellable_product(title=FISH_SAUCE, producer=rice_maker, price=95000)
    placed_on(place_order((honey, 2), (rice, 1)), "01/11/2026")
    placed_on(place_order((rice, 3), (fish_sauce, 1)), "15/11/2026")
    placed_on(place_order((rice, 5)), "30/11/2026")  # outside a report to 29/11
    placed_on(place_order((rice, 7)), "31/10/2026")  # outside a report from 01/11
    cancelled = place_order((fish_sauce, 4))
    placed_on(cancelled, "10/11/2026")
    cancelled.lines.update(status="Cancelled")
    return {
        "a": producer_user("producer-a", honey_maker),
        "b": producer_user("producer-b", rice_maker),
        "honey_maker": honey_maker,
        "rice_maker": rice_maker,
    }


@pytest.fixture
def staff():
    return get_user_model().objects.create_superuser("staff", "staff@cho-ocop.local", "pw-123456789")


NOVEMBER = {"date_from": "01/11/2026", "date_to": "29/11/2026"}


def rows(report) -> list[tuple]:
    return [(row.title, row.units, row.revenue) for row in report.rows]


def test_the_report_counts_the_producers_own_sold_units_and_revenue_in_the_period(client, shop):
    client.force_login(shop["b"])

    response = client.get(URL, NOVEMBER)

    report = response.context["report"]
    assert response.status_code == 200
    assert rows(report) == [(RICE, 4, Decimal("320000")), (FISH_SAUCE, 1, Decimal("95000"))]
    assert (report.total_units, report.total_revenue) == (5, Decimal("415000"))
    assert HONEY not in response.content.decode()


def test_iso_dates_from_a_date_picker_are_accepted_too(client, shop):
    client.force_login(shop["a"])

    response = client.get(URL, {"date_from": "2026-11-01", "date_to": "2026-11-01"})

    assert rows(response.context["report"]) == [(HONEY, 2, Decimal("250000"))]


def test_without_dates_the_report_covers_the_last_30_days(client, shop):
    client.force_login(shop["a"])

    report = client.get(URL).context["report"]

    assert (report.date_to - report.date_from).days == 29
    assert report.date_to == timezone.localdate()


@pytest.mark.parametrize(
    "period",
    [
        {"date_from": "31/02/2026", "date_to": "01/03/2026"},
        {"date_from": "hôm qua", "date_to": ""},
        {"date_from": "30/11/2026", "date_to": "01/11/2026"},
    ],
)
def test_a_bad_period_answers_400_with_the_form_error(client, shop, period):
    client.force_login(shop["a"])

    response = client.get(URL, period)

    assert response.status_code == 400
    assert response.context["report"] is None
    assert response.context["form"].errors


def test_the_csv_opens_in_excel_with_vietnamese_intact(client, shop):
    client.force_login(shop["b"])

    response = client.get(URL, {**NOVEMBER, "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sales-report-2026-11-01-2026-11-29.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[2:] for row in table[1:]] == [["4", "320000"], ["1", "95000"], ["5", "415000"]]
    assert [row[0] for row in table[1:3]] == [RICE, FISH_SAUCE]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_producer_cannot_ask_for_another_producers_report(client, shop, method):
    client.force_login(shop["a"])

    response = getattr(client, method)(URL, {**NOVEMBER, "partner": shop["rice_maker"].pk})
    csv_response = client.get(URL, {**NOVEMBER, "partner": shop["rice_maker"].pk, "format": "csv"})

    assert (response.status_code, csv_response.status_code) == (404, 404)
    assert RICE.encode() not in response.content + csv_response.content


def test_a_producer_naming_its_own_stall_gets_its_report(client, shop):
    client.force_login(shop["a"])

    response = client.get(URL, {**NOVEMBER, "partner": shop["honey_maker"].pk})

    assert rows(response.context["report"]) == [(HONEY, 2, Decimal("250000"))]


def test_staff_see_the_report_of_the_producer_they_choose(client, shop, staff):
    client.force_login(staff)

    unchosen = client.get(URL, NOVEMBER)
    chosen = client.get(URL, {**NOVEMBER, "partner": shop["honey_maker"].pk})

    assert unchosen.status_code == 200 and unchosen.context["report"] is None
    assert rows(chosen.context["report"]) == [(HONEY, 2, Decimal("250000"))]


def test_a_customer_cannot_open_the_report(client, shop):
    customer = get_user_model().objects.create_user("khach", "khach@example.vn", "pw-123456789")
    client.force_login(customer)

    response = client.get(URL, NOVEMBER)

    assert response.status_code in (302, 403, 404)
    assert "report" not in (response.context or {})


def test_the_dashboard_menu_links_the_report_for_producers(client, shop):
    client.force_login(shop["a"])

    html = client.get(reverse("dashboard:index")).content.decode()

    assert f'href="{URL}"' in html


@pytest.mark.parametrize("products", [3, 30])
def test_the_report_query_count_does_not_grow_with_products_or_orders(
    client, shop, django_assert_max_num_queries, products
):
    maker = shop["rice_maker"]
    for index in range(products):
        product = sellable_product(title=f"Trà shan tuyết {index}", producer=maker, price=60000)
        placed_on(place_order((product, 1), (product, 1)), "20/11/2026")
    client.force_login(shop["b"])

    with django_assert_max_num_queries(12):
        response = client.get(URL, NOVEMBER)
    with django_assert_max_num_queries(8):
        client.get(URL, {**NOVEMBER, "format": "csv"})

    assert len(response.context["report"].rows) == products + 2
