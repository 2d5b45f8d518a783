"""The former province a product was certified in: in its search text and on its certificate panel."""

from __future__ import annotations

import pytest

from catalog.models import ProvinceFormerName
from tests.factories import ProductFactory, province

pytestmark = pytest.mark.django_db


def test_the_certificate_panel_names_the_former_province(client):
    quang_binh = ProvinceFormerName.objects.get(name="Quảng Bình")
    product = ProductFactory(title="Khoai deo", province=province("44"), province_old=quang_binh)

    page = client.get(product.get_absolute_url()).content.decode()

    assert 'data-field="province-old"' in page
    assert "Quảng Bình" in page
    assert " khoai deo " in product.search_text and " quang binh " in product.search_text


def test_without_a_former_province_the_panel_says_nothing_of_it(client):
    product = ProductFactory(title="Khoai deo", province=province("44"))

    assert 'data-field="province-old"' not in client.get(product.get_absolute_url()).content.decode()
