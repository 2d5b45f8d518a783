"""Catalogue factories: reference rows fetched by code, OCOP products built on Oscar's factories."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

Province = get_model("catalogue", "Province")
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")

LOCALE = "vi_VN"
# Faker has no Vietnamese product names: typical OCOP goods, numbered.
PRODUCT_NAMES = (
    "Mật ong rừng",
    "Trà Shan tuyết",
    "Gạo ST25",
    "Nước mắm truyền thống",
    "Miến dong",
    "Cà phê rang xay",
)


def province(code: str = "01") -> Province:
    """One of the 34 provinces loaded after `migrate` ("01" Hà Nội, "15" Lào Cai, "79" TP. HCM)."""
    return Province.objects.get(code=code)


def category(code: str = "I.2.b") -> Category:
    """An OCOP sector ("I") or product set ("I.2.b") loaded after `migrate`."""
    return Category.objects.get(code=code)


class ProvinceFactory(factory.django.DjangoModelFactory):
    """Get-or-create by code: an existing code returns the reference row unchanged."""

    code = "01"
    name = factory.Sequence(lambda n: f"Tỉnh thử nghiệm {n}")
    slug = factory.Sequence(lambda n: f"tinh-thu-nghiem-{n}")

    class Meta:
        model = Province
        django_get_or_create = ("code",)


class CategoryFactory(oscar_factories.CategoryFactory):
    """Get-or-create by OCOP code; a new category goes into the tree through treebeard."""

    code = factory.Sequence(lambda n: f"T.{n}")
    name = factory.Sequence(lambda n: f"Nhóm thử nghiệm {n}")
    parent = None

    class Meta:
        model = Category

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        existing = model_class.objects.filter(code=kwargs["code"]).first()
        if existing is not None:
            return existing
        kwargs.pop("depth", None)
        kwargs.pop("path", None)
        if parent is None:
            return model_class.add_root(**kwargs)
        # Re-read the parent: treebeard keeps the child count on the node.
        return model_class.objects.get(pk=parent.pk).add_child(**kwargs)


class ProductClassFactory(oscar_factories.ProductClassFactory):
    name = "Sản phẩm OCOP"
    slug = "san-pham-ocop"
    requires_shipping = True
    track_stock = True

    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)


class ProductFactory(oscar_factories.ProductFactory):
    """A rated, certified, public product of a producer in Hà Nội, in product set I.2.b.

    Pass `categories=[...]` for other categories; it has no stock record (see `sellable_product`).
    """

    title = factory.Sequence(lambda n: f"{PRODUCT_NAMES[n % len(PRODUCT_NAMES)]} {n}")
    upc = factory.Sequence(lambda n: f"893{n:010d}")
    product_class = factory.SubFactory(ProductClassFactory)
    is_public = True
    province = factory.LazyFunction(province)
    producer = factory.SubFactory(
        "tests.factories.partner.PartnerFactory", province=factory.SelfAttribute("..province")
    )
    stars = 4
    score = None
    certification_level = Product.Level.PROVINCE
    certified_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))

    class Meta:
        model = Product
        skip_postgeneration_save = True

    @factory.post_generation
    def stockrecords(self, create: bool, extracted, **kwargs) -> None:
        """No stock record (Oscar's factory adds a GBP one): `sellable_product` adds a priced one."""

    @factory.post_generation
    def categories(self, create: bool, extracted, **kwargs) -> None:
        if not create:
            return
        for item in extracted if extracted is not None else [category()]:
            ProductCategory.objects.create(product=self, category=item)
