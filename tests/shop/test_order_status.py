"""The customer's order status page: statuses, payment, parcels with tracking and review links;
the guest reaches it from the email link alone, nobody reaches another's order."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from shop.customer.order_links import order_status_path, order_status_url
from shop.fulfilment.services import shipment_advance
from shop.fulfilment.statuses import order_status_label
from shop.payment.services import order_payment_create
from shop.shipping.methods import Standard
from tests.factories import PartnerFactory, sellable_product
from tests.shop.fulfilment_helpers import place_order
from tests.shop.payment_helpers import two_producer_goods
from tests.shop.test_checkout import add_to_basket, checkout_as_guest

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

GUEST_EMAIL = "khach@example.vn"


@pytest.fixture
def shop() -> dict:
    """A guest's cash-on-delivery order of two producers' goods: honey (HTX Mật ong) and rice."""
    goods = two_producer_goods()
    order = place_order(
        (goods["honey"], 2), (goods["rice"], 1), shipping_method=Standard(), guest_email=GUEST_EMAIL
    )
    order_payment_create(order=order, method="cash-on-delivery")
    return {"order": order, **goods}


def in_english(client) -> None:
    """Pages in English (the language cookie): texts asserted do not wait for compiled Vietnamese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return re.sub(r"[ \t\r\n]+", " ", element.get_text(" ")).strip()


def test_guest_follows_the_email_link_straight_to_the_status_page(client, shop):
    order = shop["order"]

    response = client.get(order_status_path(order))

    # The key is spent on the session and dropped from the address: no email to retype.
    hash_path = reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    assert response.status_code == 302 and response["Location"] == hash_path
    page = page_of(client.get(hash_path))
    assert page.select_one("#order-status-label")["data-status"] == order.status
    assert page.select_one("#order-payment")["data-method"] == "cash-on-delivery"
    assert {a["id"] for a in page.select("#order-parcels .order-parcel")} == {
        f"parcel-{shop['honey_farm'].pk}",
        f"parcel-{shop['rice_farm'].pk}",
    }


def test_the_confirmation_email_link_is_on_site_url(shop, settings):
    settings.SITE_URL = "https://cho-ocop.vn/"

    assert order_status_url(shop["order"]) == "https://cho-ocop.vn" + order_status_path(shop["order"])


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path[:-2] + ("AA" if not path.endswith("AA") else "BB"),  # a wrong key
        lambda path: path.split("?")[0],  # no key: Oscar's email form
    ],
)
def test_a_link_without_its_valid_key_asks_for_the_email(client, shop, tamper):
    path = tamper(order_status_path(shop["order"]))

    response = client.get(path, follow=True)

    form_path = reverse(
        "customer:anon-order-form",
        kwargs={"order_number": shop["order"].number, "hash": shop["order"].verification_hash()},
    )
    assert response.redirect_chain[-1][0] == form_path
    assert 'id="order-status"' not in response.content.decode()


def test_another_orders_key_opens_nothing(client, shop):
    other = place_order((shop["rice"], 1), guest_email="nguoi-khac@example.vn")
    stolen_key = order_status_path(other).split("?key=")[1]
    path = order_status_path(shop["order"]).split("?")[0] + f"?key={stolen_key}"

    client.get(path)
    response = client.get(path.split("?")[0])

    assert response.status_code == 302
    assert "anon_order_email" not in client.session


def test_a_guest_statuses_tracking_and_review_links_after_delivery(client, shop):
    order = shop["order"]
    shipment_advance(
        order=order,
        partner=shop["honey_farm"],
        status="shipped",
        carrier="ghn",
        tracking_number="GHN5551234",
    )
    shipment_advance(order=order, partner=shop["honey_farm"], status="delivered")
    client.get(order_status_path(order))
    in_english(client)

    page = page_of(client.get(order_status_path(order).split("?")[0]))

    honey = page.select_one(f"#parcel-{shop['honey_farm'].pk}")
    assert honey["data-status"] == "delivered"
    assert "Delivered" in text(honey.select_one(".parcel-status"))
    assert "GHN5551234" in text(honey.select_one(".parcel-tracking"))
    review_url = reverse(
        "catalogue:reviews-add", kwargs={"product_slug": shop["honey"].slug, "product_pk": shop["honey"].pk}
    )
    assert [a["href"] for a in honey.select("a.order-line__review")] == [review_url]
    rice = page.select_one(f"#parcel-{shop['rice_farm'].pk}")
    assert rice["data-status"] == "pending"
    assert rice.select(".parcel-tracking") == [] and rice.select("a.order-line__review") == []
    assert "Cash on delivery" in text(page.select_one("#order-payment"))


def test_statuses_are_shown_in_vietnamese(client, shop):
    order = shop["order"]
    shipment_advance(order=order, partner=shop["rice_farm"], status="preparing")
    client.get(order_status_path(order))

    page = page_of(client.get(order_status_path(order).split("?")[0]))

    # Compiled catalogues may lag behind (translations-vi.tsv): compare with gettext, not literals.
    with translation.override("vi"):
        expected_order = order_status_label(order.status)
        expected_parcel = str(translation.gettext("Being prepared"))
    assert text(page.select_one("#order-status-label")) == expected_order
    assert expected_parcel in text(page.select_one(f"#parcel-{shop['rice_farm'].pk} .parcel-status"))


def test_a_signed_in_customer_sees_its_order_and_nobody_else_does(client, shop):
    User = get_user_model()
    buyer = User.objects.create_user("lan", "lan@example.vn", "pw-123456789")
    stranger = User.objects.create_user("minh", "minh@example.vn", "pw-123456789")
    order = shop["order"]
    order.user, order.guest_email = buyer, ""
    order.save()
    path = order_status_path(order)
    assert path == reverse("customer:order", kwargs={"order_number": order.number})

    client.force_login(buyer)
    page = page_of(client.get(path))
    assert len(page.select("#order-parcels .order-parcel")) == 2

    client.force_login(stranger)
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302  # to sign in
    # A customer's order is never shown as a guest's, whatever the hash.
    hash_path = reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    assert 'id="order-status"' not in client.get(hash_path, follow=True).content.decode()


def test_the_status_page_queries_do_not_grow_with_parcels(client, django_assert_max_num_queries):
    items = []
    for number in range(5):
        producer = PartnerFactory(name=f"HTX số {number}")
        items.append((sellable_product(title=f"Đặc sản {number}", producer=producer, price=60000), 2))
    order = place_order(*items, shipping_method=Standard(), guest_email=GUEST_EMAIL)
    client.get(order_status_path(order))

    with django_assert_max_num_queries(30):
        page = page_of(client.get(order_status_path(order).split("?")[0]))

    assert len(page.select(".order-parcel")) == 5


def test_the_thank_you_page_leads_the_guest_to_its_status_page(client):
    goods = two_producer_goods()
    add_to_basket(client, goods["honey"])
    checkout_as_guest(client)
    order = Order.objects.get()

    thank_you = page_of(client.get(reverse("checkout:thank-you")))

    link = thank_you.select_one("#order-status-link")["href"]
    assert link == order_status_path(order)
    page = page_of(client.get(link, follow=True))
    assert page.select_one(f"#parcel-{goods['honey_farm'].pk}") is not None
