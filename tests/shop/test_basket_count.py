"""The header's basket count: right for guests and customers; no basket is built for a visitor without one."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils.functional import empty

from tests.factories import sellable_product

pytestmark = pytest.mark.django_db


def header_count(html: str) -> int:
    return int(
        re.search(r'<span class="basket-count[^"]*">\s*<span aria-hidden="true">(\d+)</span>', html)[1]
    )


def add(client, product, quantity: int) -> None:
    client.post(f"/basket/add/{product.pk}/", {"quantity": quantity})


def test_a_guest_and_a_customer_see_how_many_items_their_basket_holds(client):
    tea = sellable_product(title="Chè Shan tuyết")
    new_visitor = header_count(client.get("/catalogue/").content.decode())
    add(client, tea, 2)
    guest = header_count(client.get("/catalogue/").content.decode())
    client.force_login(get_user_model().objects.create_user("lan", "lan@example.vn", "pw-123456789"))
    add(client, tea, 3)
    customer = header_count(client.get("/catalogue/").content.decode())

    assert (new_visitor, guest, customer) == (0, 2, 5)  # signing in keeps the guest's two


def test_a_visitor_without_a_basket_does_not_have_one_built_for_the_header(client):
    sellable_product(title="Chè Shan tuyết")
    response = client.get("/catalogue/")

    assert response.wsgi_request.basket._wrapped is empty  # Oscar's lazy basket, never loaded
