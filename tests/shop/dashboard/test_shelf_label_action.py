"""The dashboard product list's "print shelf labels" action opens the selected products' label sheet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import sellable_product

pytestmark = pytest.mark.django_db


def print_labels(client, *products):
    return client.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "print_shelf_labels", "selected_product": [p.pk for p in products]},
    )


def test_staff_print_the_selected_products_labels(client, stalls, staff):
    honey = sellable_product(title="Mật ong bạc hà", producer=stalls["a"])
    rice = sellable_product(title="Gạo ST25", producer=stalls["b"])
    staff.is_superuser = True  # Oscar's product list wants catalogue permissions beyond is_staff
    staff.save()
    client.force_login(staff)

    response = print_labels(client, rice, honey)

    assert response.status_code == 302
    assert response["Location"] == f"/nhan-ke/?products={rice.pk},{honey.pk}"  # by title
    assert client.get(response["Location"]).status_code == 200


def test_a_producer_prints_only_its_own_selected_products(client, stalls):
    honey = sellable_product(title="Mật ong bạc hà", producer=stalls["a"])
    rice = sellable_product(title="Gạo ST25", producer=stalls["b"])
    client.force_login(stalls["user_a"])

    response = print_labels(client, honey, rice)

    assert response["Location"] == f"/nhan-ke/?products={honey.pk}"
    assert client.get(response["Location"]).status_code == 200
