"""Display point factories."""

from __future__ import annotations

from decimal import Decimal

import factory
from oscar.core.loading import get_model

from .catalog import LOCALE, province

DisplayPoint = get_model("displays", "DisplayPoint")


class DisplayPointFactory(factory.django.DjangoModelFactory):
    """A showroom in Hà Nội; `products=[...]` stocks it."""

    name = factory.Sequence(lambda n: f"Điểm giới thiệu và bán sản phẩm OCOP số {n}")
    slug = factory.Sequence(lambda n: f"diem-ocop-{n}")
    province = factory.LazyFunction(province)
    address = factory.Faker("street_address", locale=LOCALE)
    latitude = Decimal("21.028511")
    longitude = Decimal("105.804817")
    opening_hours = "8:00–21:00"
    organiser = "Sở Công Thương"

    class Meta:
        model = DisplayPoint
        skip_postgeneration_save = True

    @factory.post_generation
    def products(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.products.add(*extracted)
