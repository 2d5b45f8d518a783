"""The address forms: one "full name" field, shown exactly as written (Nguyễn Thị Lan, never
"Lan Nguyễn Thị") from checkout to the order, its emails and the dashboard; provinces listed in
Vietnamese dictionary order."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.utils import collation_key
from shop.checkout.forms import ShippingAddressForm, UserAddressForm
from shop.dashboard.orders.forms import ShippingAddressForm as DashboardShippingAddressForm
from tests.factories import PartnerFactory, sellable_product
from tests.shop.test_checkout import ADDRESS, add_to_basket, checkout_as_guest

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Lan"
REVERSED = "Lan Nguyễn Thị"


@pytest.fixture
def product():
    producer = PartnerFactory(name="HTX Chè Tân Cương", email="che@example.vn")
    return sellable_product(title="Chè Tân Cương", producer=producer, price=Decimal("125000"))


def test_full_name_goes_through_checkout_to_the_order_emails_and_dashboard(
    client, product, django_capture_on_commit_callbacks
):
    add_to_basket(client, product)
    client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), {**ADDRESS, "full_name": "  Nguyễn   Thị Lan "})
    client.post(reverse("checkout:shipping-method"), {"method_code": "standard"})
    preview = client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"})
    assert NAME in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checkout:preview"), {"action": "place_order"})

    address = Order.objects.get().shipping_address
    assert (address.first_name, address.last_name, address.name, address.salutation) == ("", NAME, NAME, NAME)
    assert str(address).startswith(NAME)
    thank_you = client.get(reverse("checkout:thank-you")).content.decode()
    assert NAME in thank_you and REVERSED not in thank_you
    assert len(mail.outbox) == 2  # the customer's confirmation and the producer's notice
    for email in mail.outbox:
        assert NAME in email.body and REVERSED not in email.body
        assert NAME in email.alternatives[0][0]

    staff = get_user_model().objects.create_superuser("staff", "staff@cho-ocop.local", "pw-123456789")
    client.force_login(staff)
    order = Order.objects.get()
    for url in (reverse("dashboard:order-list"), reverse("dashboard:order-detail", args=[order.number])):
        html = client.get(url).content.decode()
        assert NAME in html and REVERSED not in html
    edit_url = reverse("dashboard:order-shipping-address", args=[order.number])
    form = client.get(edit_url).context["form"]
    assert form["full_name"].value() == NAME and "first_name" not in form.fields


def test_a_blank_full_name_is_refused_with_its_own_error(client, product):
    add_to_basket(client, product)

    response = checkout_as_guest(client, address={**ADDRESS, "full_name": "   "})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["full_name"]
    assert Order.objects.count() == 0


def test_an_address_split_in_two_before_shows_as_one_name():
    legacy = UserAddress(first_name="Nguyễn", last_name="Thị Lan")

    form = UserAddressForm(user=None, instance=legacy)

    assert form["full_name"].value() == NAME
    assert list(form.fields)[0] == "full_name"
    assert list(ShippingAddressForm().fields)[:2] == ["full_name", "phone_number"]


def test_the_address_book_keeps_the_full_name_as_written(client):
    Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "is_shipping_country": True}
    )
    user = get_user_model().objects.create_user("lan", "lan@example.vn", "pw-123456789")
    client.force_login(user)

    response = client.post(
        reverse("customer:address-create"),
        {**ADDRESS, "full_name": NAME},
    )

    assert response.status_code == 302, response.context["form"].errors
    address = UserAddress.objects.get(user=user)
    assert (address.first_name, address.last_name, address.name) == ("", NAME, NAME)


def test_every_address_form_lists_the_34_provinces_in_vietnamese_order():
    for form in (ShippingAddressForm(), UserAddressForm(user=None), DashboardShippingAddressForm()):
        names = [value for value, _label in form.fields["state"].choices if value]
        assert len(names) == 34
        assert names == sorted(names, key=collation_key)
        assert names.index("Hà Nội") < names.index("Huế") and names.index("Đà Nẵng") > names.index("Cần Thơ")
