"""Shipping fees per producer parcel: standard (free from 500.000 ₫ a parcel) and express."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_class, get_model

from shop.shipping.methods import Express, Standard
from shop.shipping.repository import Repository
from tests.factories import PartnerFactory, sellable_product
from tests.shop.test_checkout import ADDRESS, add_to_basket

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db

HONEY = "Mật ong rừng Hà Giang"
RICE = "Gạo ST25 Sóc Trăng"
FISH_SAUCE = "Nước mắm Phú Quốc"
# The shop's currency format (OSCAR_CURRENCY_FORMAT): dot thousands, a no-break space, then ₫.
STANDARD_FEE_SHOWN = "30.000\u00a0₫"
EXPRESS_FEE_SHOWN = "55.000\u00a0₫"


def basket_of(*items: tuple) -> Basket:
    """A saved basket of (product, quantity) items, priced by the shop's strategy."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def fees_shown(response) -> list[str]:
    """The fee column of the shipping-method page, one cell per method, in page order."""
    page = html.unescape(response.content.decode())
    return re.findall(r'<strong class="price">\s*(.*?)\s*</strong>', page, re.S)


def in_site_language(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


@pytest.fixture
def producers() -> dict:
    honey_coop = PartnerFactory(name="HTX Mật ong Hà Giang")
    rice_coop = PartnerFactory(name="HTX Gạo Sóc Trăng")
    return {
        "honey": sellable_product(title=HONEY, producer=honey_coop, price=125000),
        "rice": sellable_product(title=RICE, producer=rice_coop, price=80000),
        "fish_sauce": sellable_product(title=FISH_SAUCE, producer=rice_coop, price=95000),
    }


def start_guest_checkout(client, *items: tuple) -> None:
    """Basket, guest gateway and address: the checkout then stands at the shipping-method step."""
    for product, quantity in items:
        add_to_basket(client, product, quantity=quantity)
    client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), ADDRESS)


def test_standard_delivery_of_one_producer_costs_one_parcel_fee(producers):
    basket = basket_of((producers["honey"], 2))

    charge = Standard().calculate(basket)

    assert (charge.currency, charge.excl_tax, charge.incl_tax) == ("VND", Decimal("30000"), Decimal("30000"))
    assert charge.is_tax_known
    assert charge.tax == Decimal("0")


def test_standard_delivery_of_two_producers_costs_two_parcel_fees(producers):
    basket = basket_of((producers["honey"], 1), (producers["rice"], 1), (producers["fish_sauce"], 1))

    assert Standard().calculate(basket).incl_tax == Decimal("60000")


@pytest.mark.parametrize(
    ("honey_quantity", "fee"),
    [(3, Decimal("60000")), (4, Decimal("30000")), (5, Decimal("30000"))],
    ids=["375000-pays", "500000-free", "625000-free"],
)
def test_producer_parcel_of_500000_or_more_ships_free_while_a_smaller_parcel_pays(
    producers, honey_quantity, fee
):
    basket = basket_of(
        (producers["honey"], honey_quantity), (producers["rice"], 2), (producers["fish_sauce"], 1)
    )

    assert Standard().calculate(basket).incl_tax == fee


def test_free_threshold_counts_each_producer_parcel_on_its_own(producers):
    # 250.000 + 255.000 = 505.000 in the basket, but neither producer's parcel reaches 500.000.
    basket = basket_of((producers["honey"], 2), (producers["rice"], 2), (producers["fish_sauce"], 1))

    assert Standard().calculate(basket).incl_tax == Decimal("60000")


@pytest.mark.parametrize(
    ("items", "fee"),
    [
        ((("honey", 1),), Decimal("55000")),
        ((("honey", 1), ("rice", 1), ("fish_sauce", 1)), Decimal("110000")),
        ((("honey", 8), ("rice", 10)), Decimal("110000")),
    ],
    ids=["one-parcel", "two-parcels", "two-large-parcels-never-free"],
)
def test_express_delivery_costs_55000_per_producer_parcel(producers, items, fee):
    basket = basket_of(*((producers[name], quantity) for name, quantity in items))

    charge = Express().calculate(basket)

    assert (charge.currency, charge.excl_tax, charge.incl_tax) == ("VND", fee, fee)


@pytest.mark.parametrize("basket", [Basket(), None], ids=["unsaved", "saved"])
def test_empty_basket_costs_nothing_and_needs_no_shipping(basket):
    basket = basket or Basket.objects.create()
    basket.strategy = Selector().strategy()

    assert Standard().calculate(basket).incl_tax == Decimal("0")
    assert Express().calculate(basket).currency == settings.OSCAR_DEFAULT_CURRENCY
    assert Repository().get_default_shipping_method(basket).code == "no-shipping-required"


def test_repository_offers_standard_first_as_the_default_then_express(producers):
    basket = basket_of((producers["honey"], 1))

    methods = Repository().get_shipping_methods(basket)

    assert [method.code for method in methods] == ["standard", "express"]
    assert Repository().get_default_shipping_method(basket).code == "standard"


def test_descriptions_state_the_fee_per_parcel_and_the_free_threshold():
    with translation.override("en"):
        assert str(Standard.description) == (
            "30.000\u00a0₫ per parcel: each producer ships its own goods. "
            "A producer's parcel of 500.000\u00a0₫ or more ships free."
        )
        assert str(Express.description) == (
            "55.000\u00a0₫ per parcel: each producer ships its own goods. Express delivery is never free."
        )


def test_basket_page_works_empty_and_with_goods(client, producers):
    assert client.get(reverse("basket:summary")).status_code == 200

    add_to_basket(client, producers["honey"])

    assert client.get(reverse("basket:summary")).status_code == 200


def test_shipping_method_page_lists_both_methods_with_their_fees(
    client, producers, django_assert_max_num_queries
):
    start_guest_checkout(client, (producers["honey"], 1), (producers["rice"], 1))

    with django_assert_max_num_queries(20):
        response = client.get(reverse("checkout:shipping-method"))

    assert response.status_code == 200
    assert [method.code for method in response.context["methods"]] == ["standard", "express"]
    page = html.unescape(response.content.decode())
    with translation.override(settings.LANGUAGE_CODE):
        for method in (Standard, Express):
            assert str(method.name) in page
            assert str(method.description) in page
    assert fees_shown(response) == ["60.000\u00a0₫", "110.000\u00a0₫"]  # two parcels each
    assert page.count('name="method_code" value="standard"') == 1
    assert page.count('name="method_code" value="express"') == 1


def test_shipping_method_page_shows_one_parcel_fees_of_30000_and_55000(client, producers):
    start_guest_checkout(client, (producers["honey"], 1))

    response = client.get(reverse("checkout:shipping-method"))

    assert fees_shown(response) == [STANDARD_FEE_SHOWN, EXPRESS_FEE_SHOWN]


def test_shipping_method_page_shows_free_standard_delivery_for_a_large_parcel(client, producers):
    start_guest_checkout(client, (producers["honey"], 4))

    response = client.get(reverse("checkout:shipping-method"))

    assert fees_shown(response) == [in_site_language("Free"), EXPRESS_FEE_SHOWN]


def test_guest_checkout_with_express_delivery_charges_the_fee_in_the_order(client, producers, settings):
    settings.STRIPE_ENABLED = False  # cash on delivery: the order is placed at the preview
    start_guest_checkout(client, (producers["honey"], 2))

    chosen = client.post(reverse("checkout:shipping-method"), {"method_code": "express"})
    client.get(reverse("checkout:payment-details"))
    placed = client.post(reverse("checkout:preview"), {"action": "place_order"})

    assert chosen.status_code == 302
    assert placed.status_code == 302
    assert placed["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.shipping_code == "express"
    assert (order.shipping_excl_tax, order.shipping_incl_tax) == (Decimal("55000"), Decimal("55000"))
    assert order.total_incl_tax == Decimal("250000") + Decimal("55000")
    assert order.sources.get().amount_allocated == Decimal("305000")


def test_unknown_shipping_method_is_refused_and_places_nothing(client, producers, settings):
    settings.STRIPE_ENABLED = False
    start_guest_checkout(client, (producers["honey"], 1))

    refused = client.post(reverse("checkout:shipping-method"), {"method_code": "teleport"})
    client.get(reverse("checkout:payment-details"))
    placed = client.post(reverse("checkout:preview"), {"action": "place_order"})

    assert refused.status_code == 200
    assert "method_code" in refused.context["form"].errors
    assert in_site_language("Please choose one of the delivery methods below.") in html.unescape(
        refused.content.decode()
    )
    assert placed.status_code == 302
    assert placed["Location"] == reverse("checkout:shipping-method")
    assert Order.objects.count() == 0
