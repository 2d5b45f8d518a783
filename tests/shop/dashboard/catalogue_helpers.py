"""The producer product form as a browser posts it, and the two stalls the catalogue tests use."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from shop.groups import PRODUCERS
from tests.factories import (
    category,
    province,
)

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
CertificateClaim = get_model("catalogue", "CertificateClaim")
StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")


def producer_user(username: str, partner) -> object:
    user = get_user_model().objects.create_user(username, f"{username}@cho-ocop.local", "pw-123456789")
    user.groups.add(Group.objects.get(name=PRODUCERS))
    partner.users.add(user)
    return user


def product_data(
    stall,
    *,
    title: str = "Mật ong bạc hà",
    description: str = "<p>Ngọt</p>",
    price: int = 150000,
    stock: int = 12,
    product=None,
    images: dict | None = None,
) -> dict:
    """The producer's product form as its browser posts it (Oscar's formsets, our fields)."""
    record = product.stockrecords.first() if product else None
    data = {
        "title": title,
        "description": description,
        "weight_grams": "500",
        "packaging": "Hũ thủy tinh 500 g",
        "structure": "standalone",
        # Fields a producer must not set: ignored.
        "producer": "",
        "province": str(province("01").pk),
        "is_public": "on",
        "productcategory_set-TOTAL_FORMS": "1",
        "productcategory_set-INITIAL_FORMS": "0",
        "productcategory_set-0-category": str(category().pk),
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "stockrecords-TOTAL_FORMS": "1",
        "stockrecords-INITIAL_FORMS": "1" if record else "0",
        "stockrecords-0-partner": str(stall.pk),
        "stockrecords-0-partner_sku": record.partner_sku if record else f"HG-{abs(hash(title)) % 10**6}",
        "stockrecords-0-price_currency": "VND",
        "stockrecords-0-price": str(price),
        "stockrecords-0-num_in_stock": str(stock),
    }
    if record:
        data["stockrecords-0-id"] = str(record.pk)
    if product:
        link = product.productcategory_set.first()
        if link:
            data["productcategory_set-INITIAL_FORMS"] = "1"
            data["productcategory_set-0-id"] = str(link.pk)
            data["productcategory_set-0-product"] = str(product.pk)
    data.update(images or {})
    return data


def create_url() -> str:
    return reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": "san-pham-ocop"})


def producer_creates(client, stalls, **kwargs) -> Product:
    client.force_login(stalls["user_a"])
    response = client.post(create_url(), product_data(stalls["a"], **kwargs))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return Product.objects.get(title=kwargs.get("title", "Mật ong bạc hà"))
