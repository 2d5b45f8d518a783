"""Stock is allocated at order placement under row locks; a short basket places nothing."""

from __future__ import annotations

import html
import threading
from decimal import Decimal

import pytest
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from oscar.apps.checkout.signals import pre_payment
from oscar.core.loading import get_class, get_model

from shop.checkout.stock import stock_lock_and_check, stock_release
from tests.factories import sellable_product
from tests.shop.test_checkout import add_to_basket, checkout_as_guest, guest_to_payment_step

Basket = get_model("basket", "Basket")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")

TITLE = "Mật ong bạc hà Mèo Vạc"


@pytest.fixture
def product():
    return sellable_product(title=TITLE, price=Decimal("180000"), num_in_stock=10)


def stock(product) -> tuple[int, int]:
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated or 0


def take_stock_during_payment(product, num_allocated: int):
    """A receiver for Oscar's pre_payment signal: another buyer's allocation lands after the
    checkout's preconditions passed and before the order is placed (the race we guard)."""

    def receiver(**kwargs):
        StockRecord.objects.filter(product=product).update(num_allocated=num_allocated)

    pre_payment.connect(receiver, weak=False, dispatch_uid="test-stock-race")
    return receiver


@pytest.fixture
def disconnect_race():
    yield
    pre_payment.disconnect(dispatch_uid="test-stock-race")


@pytest.mark.django_db
def test_placing_an_order_allocates_its_quantity(client, product):
    add_to_basket(client, product, quantity=3)

    response = checkout_as_guest(client)

    assert response["Location"] == reverse("checkout:thank-you")
    assert Order.objects.get().lines.get().quantity == 3
    assert stock(product) == (10, 3)


@pytest.mark.django_db
def test_basket_asking_more_than_is_left_shows_message_and_places_nothing(client, product, disconnect_race):
    add_to_basket(client, product, quantity=3)
    take_stock_during_payment(product, num_allocated=8)

    response = checkout_as_guest(client)

    assert response.status_code == 200
    assert response.context["error"] == f"Rất tiếc, chỉ còn 2 sản phẩm “{TITLE}”; vui lòng cập nhật giỏ hàng."
    assert f"chỉ còn 2 sản phẩm “{TITLE}”" in html.unescape(response.content.decode())
    assert (Order.objects.count(), Line.objects.count(), ShippingAddress.objects.count()) == (0, 0, 0)
    assert stock(product) == (10, 8)
    assert Basket.objects.get().status == Basket.OPEN


@pytest.mark.django_db
def test_sold_out_product_is_named_in_the_message(client, product, disconnect_race):
    add_to_basket(client, product, quantity=1)
    take_stock_during_payment(product, num_allocated=10)

    response = checkout_as_guest(client)

    assert response.context["error"] == f"Rất tiếc, “{TITLE}” đã hết hàng; vui lòng cập nhật giỏ hàng."
    assert Order.objects.count() == 0
    assert stock(product) == (10, 10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # no test-wide transaction around it
def test_lock_and_check_refuses_to_run_outside_a_transaction(client, product):
    add_to_basket(client, product)

    with pytest.raises(RuntimeError):
        stock_lock_and_check(lines=Basket.objects.get().all_lines())


@pytest.mark.django_db
def test_lock_and_check_adds_up_lines_on_one_stock_record(client, product):
    add_to_basket(client, product, quantity=3)
    lines = list(Basket.objects.get().all_lines())
    StockRecord.objects.filter(product=product).update(num_allocated=5)

    with transaction.atomic():
        stock_lock_and_check(lines=lines)  # 3 of the 5 left
    with transaction.atomic(), pytest.raises(UnableToPlaceOrder, match="chỉ còn 5 sản phẩm"):
        stock_lock_and_check(lines=lines * 2)  # 6 of the 5 left


@pytest.mark.django_db
def test_stock_release_frees_only_the_order_allocation(client, product):
    add_to_basket(client, product, quantity=3)
    checkout_as_guest(client)
    StockRecord.objects.filter(product=product).update(num_allocated=3 + 4)  # another order holds 4

    stock_release(order=Order.objects.get())

    assert stock(product) == (10, 4)


# ---------------------------------------------------------------- concurrency (PostgreSQL)

BUYERS = 50
UNITS = 10


def prepare_checkout(client: Client, product) -> None:
    """Every checkout step up to the preview, as tests/shop/test_checkout.py's guest does."""
    add_to_basket(client, product)
    guest_to_payment_step(client)
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))


def buyer(product, barrier: threading.Barrier, results: list, index: int) -> None:
    try:
        client = Client()
        prepare_checkout(client, product)
        barrier.wait(timeout=60)
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
        if response.status_code == 302 and response["Location"] == reverse("checkout:thank-you"):
            results[index] = ("order", "")
        elif response.status_code == 302:
            # Oscar's precondition saw the stock gone before the lock: back to the basket.
            page = client.get(response["Location"])
            results[index] = ("basket", html.unescape(page.content.decode()))
        else:
            results[index] = ("preview", html.unescape(response.content.decode()))
    except BaseException as error:  # noqa: BLE001 - reported by the test thread
        barrier.abort()
        results[index] = ("error", repr(error))
    finally:
        connections.close_all()


@pytest.mark.postgres  # SQLite has no row locks: runs in the PostgreSQL suite (tests/conftest.py)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_buyers_of_ten_units_get_exactly_ten_orders():
    product = sellable_product(title=TITLE, price=Decimal("180000"), num_in_stock=UNITS)
    barrier = threading.Barrier(BUYERS)
    results: list = [None] * BUYERS
    threads = [threading.Thread(target=buyer, args=(product, barrier, results, i)) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    outcomes = [outcome for outcome, _text in results]
    assert "error" not in outcomes, [text for outcome, text in results if outcome == "error"]
    assert outcomes.count("order") == UNITS
    assert Order.objects.count() == UNITS
    assert sum(Line.objects.values_list("quantity", flat=True)) == UNITS
    num_in_stock, num_allocated = stock(product)
    assert num_in_stock - num_allocated == 0
    refused = [(outcome, text) for outcome, text in results if outcome != "order"]
    assert len(refused) == BUYERS - UNITS
    for outcome, text in refused:
        # Refused at the row lock (our message on the preview page) or, once the winners had
        # committed, already by Oscar's basket precondition (its message on the basket page).
        message = {
            "preview": f"Rất tiếc, “{TITLE}” đã hết hàng; vui lòng cập nhật giỏ hàng.",
            "basket": f"'{TITLE}' hiện không thể mua (hết hàng). Vui lòng điều chỉnh giỏ hàng để tiếp tục",
        }[outcome]
        assert message in text
