"""A4 shelf label sheets for a product list (`/nhan-ke/?products=…`): staff print any product's,
a producer only its own stall's (the display point's sheet: tests/shop/test_display_point_labels.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import sellable_product
from tests.label_helpers import label_world, labelled

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    return label_world()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(f"/nhan-ke/?products={world['tea'].pk}")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_producer_prints_its_own_products_labels(client, world):
    client.force_login(world["tea_user"])

    response = client.get(f"/nhan-ke/?products={world['tea'].pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert labelled(html) == [world["tea"].pk]
    label = html.split('class="shelf-label"')[1]
    assert "Chè búp Tân Cương" in label and "125.000\xa0₫" in label
    assert 'src="data:image/svg+xml' in label
    assert "★★★★☆" in label


@pytest.mark.parametrize("products", ["honey", "tea,honey"])
def test_a_producer_may_not_print_another_stalls_labels(client, world, products):
    client.force_login(world["tea_user"])
    ids = ",".join(str(world[name].pk) for name in products.split(","))

    assert client.get(f"/nhan-ke/?products={ids}").status_code == 403


def test_a_signed_in_customer_may_not_print_labels(client, world):
    client.force_login(world["customer"])

    assert client.get(f"/nhan-ke/?products={world['tea'].pk}").status_code == 403


def test_staff_print_any_products_labels_in_the_order_given(client, world):
    client.force_login(world["staff"])

    response = client.get(f"/nhan-ke/?products={world['honey'].pk},{world['tea'].pk}")

    assert response.status_code == 200
    assert labelled(response.content.decode()) == [world["honey"].pk, world["tea"].pk]


@pytest.mark.parametrize("products", ["", "abc", "1,,x", ",".join(["1"] * 241)])
def test_a_bad_product_list_is_a_400(client, world, products):
    client.force_login(world["staff"])

    assert client.get(f"/nhan-ke/?products={products}").status_code == 400


def test_a_sheet_runs_the_same_queries_for_2_or_24_labels(client, world, django_assert_max_num_queries):
    client.force_login(world["staff"])
    few = [world["tea"].pk, world["honey"].pk]
    many = few + [sellable_product(producer=world["tea"].producer).pk for _ in range(22)]
    client.get(f"/nhan-ke/?products={','.join(map(str, few))}")  # warm

    with CaptureQueriesContext(connection) as baseline:
        client.get(f"/nhan-ke/?products={','.join(map(str, few))}")
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(f"/nhan-ke/?products={','.join(map(str, many))}")
    assert len(labelled(response.content.decode())) == 24
    assert response.content.decode().count('class="label-page"') == 1
