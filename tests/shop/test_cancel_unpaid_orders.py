"""ocop_cancel_unpaid_orders: abandoned card orders give their stock back."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from tests.shop.payment_helpers import card_checkout, deliver, intent_object, stock, two_producer_goods

OrderPayment = get_model("payment", "OrderPayment")

pytestmark = pytest.mark.django_db


def card_order(goods, *, age_minutes: int):
    client = Client()
    card_checkout(client, goods)
    payment = OrderPayment.objects.latest("pk")
    OrderPayment.objects.filter(pk=payment.pk).update(created=timezone.now() - timedelta(minutes=age_minutes))
    return client, payment


def run(*args: str) -> str:
    out = StringIO()
    call_command("ocop_cancel_unpaid_orders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_only_old_unpaid_card_orders_are_cancelled(stripe_settings):
    goods = two_producer_goods()
    _client, old = card_order(goods, age_minutes=90)
    _client, recent = card_order(goods, age_minutes=5)
    paid_client, paid = card_order(goods, age_minutes=90)
    deliver(
        paid_client, "payment_intent.succeeded", intent_object(paid.payment_intent_id), event_id="evt_paid"
    )

    assert run("--minutes", "60").startswith("1 unpaid card orders cancelled")

    statuses = {p.pk: (p.status, p.order.status) for p in OrderPayment.objects.select_related("order")}
    assert statuses == {
        old.pk: ("cancelled", "Cancelled"),
        recent.pk: ("awaiting", "Pending"),
        paid.pk: ("paid", "Pending"),
    }
    assert stock(goods["honey"]) == (5, 2)  # the recent and the paid order hold theirs


def test_too_short_a_delay_is_refused():
    with pytest.raises(CommandError, match="at least 15"):
        run("--minutes", "5")
