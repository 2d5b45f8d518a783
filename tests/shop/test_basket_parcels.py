"""The basket grouped by producer: each parcel's goods subtotal, delivery fee and free-delivery gap."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from shop.shipping.basket import basket_parcels
from tests.factories import PartnerFactory, sellable_product
from tests.shop.test_checkout import add_to_basket

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db

# The shop's currency format: dot thousands, a no-break space, then ₫.
NBSP = "\u00a0"


@pytest.fixture
def goods() -> dict:
    honey_coop = PartnerFactory(name="HTX Mật ong Hà Giang")
    rice_coop = PartnerFactory(name="HTX Gạo Sóc Trăng")
    return {
        "honey_coop": honey_coop,
        "rice_coop": rice_coop,
        "honey": sellable_product(title="Mật ong rừng", producer=honey_coop, price=190000),
        "rice": sellable_product(title="Gạo ST25", producer=rice_coop, price=80000),
        "fish_sauce": sellable_product(title="Nước mắm", producer=rice_coop, price=95000),
    }


def basket_page(client):
    # In English (the language cookie): the texts asserted do not wait for compiled Vietnamese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("basket:summary"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def parcel_text(page, partner) -> str:
    section = page.select_one(f"#basket-parcel-{partner.pk}")
    assert section is not None, f"no parcel for {partner.name}"
    # Runs of ordinary white space only: the no-break space inside amounts stays.
    return re.sub(r"[ \t\r\n]+", " ", section.get_text(" "))


def fill(client, goods) -> None:
    add_to_basket(client, goods["honey"], quantity=2)  # 380.000 ₫: 120.000 ₫ short of free delivery
    add_to_basket(client, goods["rice"], quantity=3)  # 240.000 ₫
    add_to_basket(client, goods["fish_sauce"], quantity=3)  # + 285.000 ₫ = 525.000 ₫: ships free


def assert_two_parcels(page, goods) -> None:
    # Groups in Vietnamese name order: "HTX Gạo …" before "HTX Mật …".
    sections = page.select("#basket_formset .basket-parcel")
    assert [int(s["data-partner"]) for s in sections] == [goods["rice_coop"].pk, goods["honey_coop"].pk]

    honey = parcel_text(page, goods["honey_coop"])
    assert f"380.000{NBSP}₫" in honey  # the subtotal
    assert f"30.000{NBSP}₫" in honey  # the standard fee
    assert f"Add 120.000{NBSP}₫ more from this producer for free delivery." in honey

    rice = parcel_text(page, goods["rice_coop"])
    assert f"525.000{NBSP}₫" in rice
    assert "This parcel ships free by standard delivery." in rice
    assert "Add " not in rice
    assert "Nước mắm" in rice and "Gạo ST25" in rice and "Mật ong" not in rice


def test_guest_basket_groups_lines_by_producer_with_fees_and_free_delivery_gap(client, goods):
    fill(client, goods)

    assert_two_parcels(basket_page(client), goods)


def test_customer_basket_groups_lines_by_producer_and_offers_save_for_later(client, goods):
    user = get_user_model().objects.create_user("lan", "lan@example.vn", "mật-khẩu-dài-123")
    client.force_login(user)
    fill(client, goods)

    page = basket_page(client)

    assert_two_parcels(page, goods)
    # Each line's links point at its own formset form, whatever group it is shown in.
    for link in page.select("#basket_formset a[data-behaviours=save]"):
        index = link["data-id"]
        line_box = link.find_parent(class_="basket-items")
        assert line_box.select_one(f"input[name=form-{index}-save_for_later]") is not None


def test_basket_formset_still_updates_quantities_and_removes_lines(client, goods):
    fill(client, goods)
    page = basket_page(client)
    data = {field["name"]: field.get("value", "") for field in page.select("#basket_formset input")}
    data = {name: value for name, value in data.items() if not name.endswith(("DELETE", "save_for_later"))}
    honey_line = Basket.objects.get().lines.get(product=goods["honey"])
    forms = {data[f"form-{i}-id"]: i for i in range(int(data["form-TOTAL_FORMS"]))}
    honey_index = forms[str(honey_line.pk)]
    data[f"form-{honey_index}-quantity"] = "3"  # 570.000 ₫: now free
    rice_line = Basket.objects.get().lines.get(product=goods["rice"])
    data[f"form-{forms[str(rice_line.pk)]}-DELETE"] = "on"

    response = client.post(reverse("basket:summary"), data)

    assert response.status_code == 302
    basket = Basket.objects.get()
    assert {line.product_id: line.quantity for line in basket.lines.all()} == {
        goods["honey"].pk: 3,
        goods["fish_sauce"].pk: 3,
    }
    page = basket_page(client)
    assert "This parcel ships free by standard delivery." in parcel_text(page, goods["honey_coop"])
    # 285.000 ₫ left from the rice cooperative: 215.000 ₫ short.
    assert f"Add 215.000{NBSP}₫ more" in parcel_text(page, goods["rice_coop"])


def test_grouping_costs_one_query_and_the_page_stays_bounded(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    for number in range(6):
        producer = PartnerFactory(name=f"HTX số {number}")
        add_to_basket(client, sellable_product(title=f"Đặc sản {number}", producer=producer, price=50000))
    basket = Basket.objects.get()
    basket.strategy = Selector().strategy()
    forms = [SimpleNamespace(instance=line) for line in basket.all_lines()]
    for form in forms:  # priced by the strategy first, as Oscar's basket view has done by then
        assert form.instance.line_price_incl_tax_incl_discounts == 50000

    with django_assert_num_queries(1):  # the producers, however many lines and producers
        parcels = basket_parcels(basket, forms)
    # The page: Oscar's basket costs a few queries a line (stock record, product class, the
    # producer's status in the strategy); the grouping adds none of its own per line.
    with django_assert_max_num_queries(55):
        page = basket_page(client)

    assert len(parcels) == 6 and len(page.select(".basket-parcel")) == 6
