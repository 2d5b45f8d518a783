"""The Wagtail choosers of products, producers and display points: search, pages, bounds, access."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from shop.groups import PRODUCERS, TRADE_PROMOTION, staff_groups_ensure
from tests.factories import PartnerFactory, ProductFactory, sellable_product
from tests.factories.displays import DisplayPointFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/cms/choose/product/"
PRODUCERS_URL = "/cms/choose/producer/"
POINTS = "/cms/choose/display-point/"


@pytest.fixture
def editor(client):
    staff_groups_ensure()
    user = get_user_model().objects.create_user("promo", "promo@cho-ocop.local", "pw-123456789")
    user.groups.add(Group.objects.get(name=TRADE_PROMOTION))
    client.force_login(user)
    return client


def titles(client, url: str) -> list[str]:
    """The titles listed by a chooser's results fragment (or its modal, whose HTML is JSON)."""
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(body)["html"]
    links = body.split("data-chooser-modal-choice")[1:]
    return [link.split(">", 1)[1].split("<", 1)[0].strip() for link in links]


def test_product_search_ignores_accents_and_case(editor):
    sellable_product(title="Chè búp Tân Cương")
    sellable_product(title="Mật ong bạc hà")

    assert titles(editor, f"{PRODUCTS}results/?q=CHE+tan+cuong") == ["Chè búp Tân Cương"]


def test_product_search_puts_the_accents_as_typed_first(editor):
    sellable_product(title="Bành tét lá cẩm")
    sellable_product(title="Bánh tét lá cẩm")

    assert titles(editor, f"{PRODUCTS}results/?q=bánh+tét") == ["Bánh tét lá cẩm", "Bành tét lá cẩm"]


def test_product_search_forgives_a_typo_only_when_nothing_matches_as_typed(editor):
    sellable_product(title="Nước mắm Phú Quốc")
    sellable_product(title="Nước mắm Cát Hải")

    assert titles(editor, f"{PRODUCTS}results/?q=nuoc+mamm") == ["Nước mắm Cát Hải", "Nước mắm Phú Quốc"]
    assert titles(editor, f"{PRODUCTS}results/?q=phu+quoc") == ["Nước mắm Phú Quốc"]


def test_the_oldest_product_can_be_reached_page_by_page(editor):
    oldest = ProductFactory(title="Sản phẩm đầu tiên", producer=None)
    ProductFactory.create_batch(45)

    assert oldest.title not in titles(editor, f"{PRODUCTS}results/")
    assert titles(editor, f"{PRODUCTS}results/?p=3")[-1] == oldest.title


def test_a_page_past_the_end_is_not_found_and_a_long_query_lists_nothing(editor):
    sellable_product(title="Chè búp Tân Cương")

    assert editor.get(f"{PRODUCTS}results/?p=99").status_code == 404
    assert titles(editor, f"{PRODUCTS}results/?q={'x' * 500}") == ["Chè búp Tân Cương"]


def test_producer_and_display_point_search_ignore_accents(editor):
    PartnerFactory(name="HTX Chè Tân Cương")
    PartnerFactory(name="HTX Mật ong Mèo Vạc")
    DisplayPointFactory(name="Điểm OCOP Hồ Gươm", slug="diem-ocop-ho-guom")
    DisplayPointFactory(name="Trung tâm OCOP Đà Lạt", slug="trung-tam-ocop-da-lat")

    assert titles(editor, f"{PRODUCERS_URL}results/?q=meo+vac") == ["HTX Mật ong Mèo Vạc"]
    assert titles(editor, f"{POINTS}results/?q=ho+guom") == ["Điểm OCOP Hồ Gươm"]
    assert titles(editor, f"{POINTS}results/?q=Đà+Lạt") == ["Trung tâm OCOP Đà Lạt"]


@pytest.mark.parametrize("url", [PRODUCTS, f"{PRODUCTS}results/?q=mat+ong", PRODUCERS_URL, POINTS])
def test_a_chooser_page_costs_the_same_queries_for_5_or_45_rows(editor, url, django_assert_max_num_queries):
    for _ in range(5):
        sellable_product(title="Mật ong rừng")
    editor.get(url)
    with django_assert_max_num_queries(10):
        assert editor.get(url).status_code == 200
    for _ in range(40):
        sellable_product(title="Mật ong rừng")
        DisplayPointFactory()
    with django_assert_max_num_queries(10):
        assert editor.get(url).status_code == 200


def test_chosen_answers_the_product_title_and_its_id(editor):
    honey = sellable_product(title="Mật ong bạc hà")

    chosen = json.loads(editor.get(f"{PRODUCTS}chosen/{honey.pk}/").content)

    assert (chosen["step"], chosen["result"]["id"], chosen["result"]["title"]) == (
        "chosen",
        str(honey.pk),
        "Mật ong bạc hà",
    )


def test_producers_and_customers_cannot_open_a_chooser(client):
    staff_groups_ensure()
    producer = get_user_model().objects.create_user("p", "p@cho-ocop.local", "pw-123456789")
    producer.groups.add(Group.objects.get(name=PRODUCERS))
    customer = get_user_model().objects.create_user("c", "c@cho-ocop.local", "pw-123456789")
    for user in (producer, customer, None):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(PRODUCTS).status_code == 302
