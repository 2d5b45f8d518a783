"""Guest checkout with cash on delivery places one real Oscar order."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import sellable_product

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

ADDRESS = {
    "full_name": "Nguyễn Thị Lan",
    "line1": "Số 12 Hàng Bạc",
    "line4": "Phường Hoàn Kiếm",
    "state": "Hà Nội",
    "postcode": "100000",
    "country": "VN",
    "phone_number": "0912345678",
}


@pytest.fixture
def product():
    return sellable_product(title="Chè Thái Nguyên Tân Cương", price=Decimal("125000"), num_in_stock=10)


def add_to_basket(client, product, quantity=1):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})


def guest_to_payment_step(client, address=ADDRESS, *, shipping="standard"):
    """A guest's checkout up to the payment step: email, address, shipping method. Returns the
    address step's answer (a refused address stays on that page, and goes no further)."""
    client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), address)
    if response.status_code == 302:
        client.post(reverse("checkout:shipping-method"), {"method_code": shipping})
    return response


def checkout_as_guest(client, address=ADDRESS, *, shipping="standard", payment="cash-on-delivery"):
    """A guest's whole checkout: email, address, shipping method, payment method, place order."""
    response = guest_to_payment_step(client, address, shipping=shipping)
    if response.status_code != 302:
        return response
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))
    response = client.post(reverse("checkout:preview"), {"method": payment})
    if response.status_code != 200 or not response.context["view"].preview:
        return response
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def test_guest_cash_on_delivery_places_one_order_with_confirmation(
    client, product, django_capture_on_commit_callbacks
):
    add_to_basket(client, product, quantity=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = checkout_as_guest(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.guest_email == "lan@example.vn"
    assert order.shipping_incl_tax == Decimal("30000")  # standard delivery, one producer
    assert order.total_incl_tax == Decimal("280000")
    assert order.currency == "VND"
    assert [(line.title, line.quantity) for line in order.lines.all()] == [("Chè Thái Nguyên Tân Cương", 2)]
    source = order.sources.get()
    assert source.source_type.code == "cash-on-delivery"
    assert source.amount_allocated == Decimal("280000")
    assert (order.payment.method, order.payment.status) == ("cash-on-delivery", "to-collect")
    assert order.payment_events.get().event_type.name == "to-collect-on-delivery"
    assert StockRecord.objects.get(product=product).num_allocated == 2
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    thank_you = client.get(reverse("checkout:thank-you"))
    assert thank_you.status_code == 200
    assert order.number in thank_you.content.decode()
    assert "280.000" in thank_you.content.decode()


def test_checkout_with_missing_address_fields_shows_errors_and_places_nothing(client, product):
    add_to_basket(client, product)

    response = checkout_as_guest(client, address={**ADDRESS, "line1": "", "full_name": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"line1", "full_name"}
    assert Order.objects.count() == 0


def test_checkout_with_malformed_phone_is_refused(client, product):
    add_to_basket(client, product)

    response = checkout_as_guest(client, address={**ADDRESS, "phone_number": "12ab"})

    assert response.status_code == 200
    assert "phone_number" in response.context["form"].errors
    assert Order.objects.count() == 0


def test_checkout_with_empty_basket_redirects_to_basket(client):
    response = client.get(reverse("checkout:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")


def test_gateway_rejects_malformed_email(client, product):
    add_to_basket(client, product)

    response = client.post(reverse("checkout:index"), {"username": "not-an-email", "options": "anonymous"})

    assert response.status_code == 200
    assert "username" in response.context["form"].errors


@pytest.mark.parametrize("phone", ["0912345678", "+84912345678", "0912 345 678"])
def test_vietnamese_phone_numbers_are_accepted(client, product, phone):
    add_to_basket(client, product)

    response = checkout_as_guest(client, address={**ADDRESS, "phone_number": phone})

    assert response.status_code == 302
    assert Order.objects.get().shipping_address.phone_number.as_e164 == "+84912345678"


@pytest.mark.parametrize("phone", ["+12025550123", "0123", ""])
def test_foreign_short_or_missing_phone_is_refused(client, product, phone):
    add_to_basket(client, product)

    response = checkout_as_guest(client, address={**ADDRESS, "phone_number": phone})

    assert response.status_code == 200
    assert "phone_number" in response.context["form"].errors
    assert Order.objects.count() == 0


def test_province_must_be_one_of_the_34(client, product):
    add_to_basket(client, product)

    response = checkout_as_guest(client, address={**ADDRESS, "state": "Yên Bái"})

    assert response.status_code == 200
    assert "state" in response.context["form"].errors
    assert Order.objects.count() == 0


def test_address_is_stored_in_vietnamese_order(client, product):
    add_to_basket(client, product)

    checkout_as_guest(client)

    address = Order.objects.get().shipping_address
    assert (address.line1, address.line4, address.state) == ("Số 12 Hàng Bạc", "Phường Hoàn Kiếm", "Hà Nội")
