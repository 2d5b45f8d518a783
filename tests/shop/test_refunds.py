"""Refunds from Oscar's order dashboard: whole order or one producer's lines, sent to Stripe
(stripe-mock) and recorded in the order's payment events."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from shop.groups import ORDER_MANAGERS, staff_groups_ensure
from shop.payment import services
from shop.payment.refunds import card_payment_refund
from tests.shop.payment_helpers import (
    GOODS_TOTAL,
    ORDER_TOTAL,
    card_checkout,
    deliver,
    intent_object,
)
from tests.shop.test_checkout import add_to_basket, checkout_as_guest

OrderPayment = get_model("payment", "OrderPayment")
PaymentEvent = get_model("order", "PaymentEvent")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

HONEY_LINES = 125_000
RICE_LINES = 160_000


@pytest.fixture
def paid(client, goods, stripe_settings):
    card_checkout(client, goods)
    payment = OrderPayment.objects.get()
    deliver(client, "payment_intent.succeeded", intent_object(payment.payment_intent_id), event_id="evt_paid")
    payment.refresh_from_db()
    return payment


@pytest.fixture
def manager():
    staff_groups_ensure()
    user = get_user_model().objects.create_user("thu", "thu@cho-ocop.local", "pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=ORDER_MANAGERS))
    client = Client()
    client.force_login(user)
    return client


def refund(client: Client, order, partner=None):
    data = {"order_action": "refund_card", "partner": partner.pk if partner else ""}
    return client.post(reverse("dashboard:order-detail", kwargs={"number": order.number}), data, follow=True)


def refunds(payment) -> list[tuple[Decimal, list[str]]]:
    events = PaymentEvent.objects.filter(order=payment.order, event_type__name="refunded").order_by("pk")
    return [(event.amount, sorted(line.title for line in event.lines.all())) for event in events]


def test_order_page_offers_whole_and_per_producer_refunds(manager, paid, goods):
    page = manager.get(
        reverse("dashboard:order-detail", kwargs={"number": paid.order.number})
    ).content.decode()

    assert "345.000\xa0₫" in page
    assert f'name="partner" value="{goods["honey_farm"].pk}"' in page
    assert f'name="partner" value="{goods["rice_farm"].pk}"' in page


def test_refunding_one_producers_lines_refunds_just_those(manager, paid, goods):
    response = refund(manager, paid.order, goods["rice_farm"])

    assert "160.000" in response.content.decode()
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == ("partly-refunded", Decimal(RICE_LINES))
    assert refunds(paid) == [(Decimal(RICE_LINES), ["Gạo ST25 Sóc Trăng"])]
    source = paid.order.sources.get()
    assert source.amount_refunded == Decimal(RICE_LINES)
    assert Transaction.objects.get(source=source, txn_type="Refund").reference.startswith("re_")


def test_a_producers_lines_are_refunded_only_once(manager, paid, goods):
    refund(manager, paid.order, goods["rice_farm"])

    response = refund(manager, paid.order, goods["rice_farm"])

    assert "đã được hoàn tiền" in response.content.decode()
    paid.refresh_from_db()
    assert paid.amount_refunded == Decimal(RICE_LINES)


def test_whole_order_refund_after_a_producer_refund_returns_the_rest(manager, paid, goods):
    refund(manager, paid.order, goods["honey_farm"])

    refund(manager, paid.order)

    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == ("refunded", Decimal(ORDER_TOTAL))
    assert refunds(paid) == [
        (Decimal(HONEY_LINES), ["Mật ong bạc hà Mèo Vạc"]),
        (Decimal(ORDER_TOTAL - HONEY_LINES), ["Gạo ST25 Sóc Trăng"]),
    ]
    assert "không còn khoản nào để hoàn tiền" in refund(manager, paid.order).content.decode()


def test_stripe_refund_webhook_after_a_dashboard_refund_adds_nothing(client, manager, paid, goods):
    refund(manager, paid.order, goods["honey_farm"])
    charge = {
        "id": "ch_1",
        "object": "charge",
        "amount": ORDER_TOTAL,
        "amount_refunded": HONEY_LINES,
        "currency": "vnd",
        "payment_intent": paid.payment_intent_id,
    }

    assert deliver(client, "charge.refunded", charge, event_id="evt_refund").json() == {
        "outcome": "refund already recorded"
    }
    assert len(refunds(paid)) == 1


def test_staff_without_the_refund_permission_cannot_refund(paid):
    user = get_user_model().objects.create_user("an", "an@cho-ocop.local", "pw-123456789", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="order", codename__in=["view_order", "change_order"]
        )
    )
    client = Client()
    client.force_login(user)

    response = refund(client, paid.order)

    assert "Bạn không có quyền hoàn tiền." in response.content.decode()
    paid.refresh_from_db()
    assert paid.amount_refunded == 0


def test_cash_on_delivery_orders_cannot_be_refunded_to_a_card(client, manager, goods, stripe_settings):
    add_to_basket(client, goods["honey"])
    checkout_as_guest(client)
    payment = OrderPayment.objects.get()

    with pytest.raises(services.CardPaymentError):
        card_payment_refund(order=payment.order)
    page = manager.get(
        reverse("dashboard:order-detail", kwargs={"number": payment.order.number})
    ).content.decode()
    assert 'id="refund-form"' not in page


def test_refund_stripe_does_not_answer_records_nothing_and_stays_pending(manager, paid, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe unreachable

    response = refund(manager, paid.order)

    assert "alert-danger" in response.content.decode()
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == ("paid", 0)
    assert refunds(paid) == []
    # Kept pending under its idempotency key: the next click re-sends it, Stripe refunds once.
    assert list(paid.refunds.values_list("status", flat=True)) == ["pending"]


def test_goods_total_is_the_sum_of_the_producers_lines():
    assert HONEY_LINES + RICE_LINES == GOODS_TOTAL
