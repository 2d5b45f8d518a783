"""Producer (partner) and stock factories on Oscar's, priced in whole đồng."""

from __future__ import annotations

from decimal import Decimal

import factory
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from .catalog import LOCALE, province

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


class PartnerFactory(oscar_factories.PartnerFactory):
    """A producer (chủ thể OCOP): a cooperative in Hà Nội unless told otherwise."""

    name = factory.Sequence(lambda n: f"HTX Nông sản Sạch số {n}")
    kind = Partner.Kind.COOPERATIVE
    province = factory.LazyFunction(province)
    address = factory.Faker("street_address", locale=LOCALE)
    phone = factory.Faker("phone_number", locale=LOCALE)

    class Meta:
        model = Partner
        skip_postgeneration_save = True


class StockRecordFactory(oscar_factories.StockRecordFactory):
    """The producer's own offer of the product: 125.000 ₫, 20 in stock."""

    product = factory.SubFactory("tests.factories.catalog.ProductFactory")
    partner = factory.LazyAttribute(lambda record: record.product.producer)
    partner_sku = factory.Sequence(lambda n: f"OCOP-{n:06d}")
    price_currency = "VND"
    price = Decimal("125000")
    num_in_stock = 20

    class Meta:
        model = StockRecord
