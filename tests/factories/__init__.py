"""Test factories (factory-boy on Oscar's, Faker vi_VN) and reference-row helpers."""

from __future__ import annotations

from decimal import Decimal

from .catalog import (
    CategoryFactory,
    ProductClassFactory,
    ProductFactory,
    ProvinceFactory,
    category,
    province,
)
from .displays import DisplayPointFactory
from .partner import PartnerFactory, StockRecordFactory


def sellable_product(*, price: int | Decimal = 125000, num_in_stock: int = 20, **fields):
    """A public product with the producer's stock record at `price` đồng: ready for the basket."""
    product = ProductFactory(**fields)
    StockRecordFactory(product=product, price=Decimal(price), num_in_stock=num_in_stock)
    return product


__all__ = [
    "CategoryFactory",
    "DisplayPointFactory",
    "PartnerFactory",
    "ProductClassFactory",
    "ProductFactory",
    "ProvinceFactory",
    "StockRecordFactory",
    "category",
    "province",
    "sellable_product",
]
