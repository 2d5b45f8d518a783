"""A consumer finds a product from the home page and buys it as a guest: standard delivery, cash
on delivery."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.browser.checkout_steps import checkout_from_basket

Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Province = get_model("catalogue", "Province")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def honey() -> Product:
    producer = Partner.objects.create(
        name="HTX Ong mật Hưng Yên", kind="cooperative", province=Province.objects.get(code="33")
    )
    product = create_product(
        title="Mật ong hoa nhãn", price=Decimal("185000"), num_in_stock=20, partner_name=producer.name
    )
    product.stockrecords.update(partner=producer)
    Product.objects.filter(pk=product.pk).update(stars=5, producer=producer, province=producer.province)
    ProductCategory.objects.create(product=product, category=Category.objects.get(code="I.2.b"))
    return product


def test_guest_buys_from_home_through_category_with_cash_on_delivery(page, honey):
    page.goto("/")
    page.locator("main a[href*='/catalogue/category/thuc-pham']").first.click()
    page.wait_for_url("**/catalogue/category/**")

    page.get_by_role("link", name="Mật ong hoa nhãn").first.click()
    page.wait_for_url(f"**{honey.get_absolute_url()}")
    assert "185.000" in page.locator("main").inner_text()

    page.locator("form[action*='/basket/add/'] [type=submit]").click()
    page.goto("/basket/")
    assert "Mật ong hoa nhãn" in page.locator("main").inner_text()

    checkout_from_basket(page, payment="cash-on-delivery")

    page.wait_for_url("**/checkout/thank-you/")
    order = Order.objects.get()
    assert order.number in page.locator("main").inner_text()
    assert order.sources.get().source_type.code == "cash-on-delivery"
    # One producer's parcel under 500.000 ₫ pays the standard fee of 30.000 ₫.
    assert order.shipping_code == "standard"
    assert order.total_incl_tax == Decimal("215000")
