"""A household opens its stall and sells, in Chromium: sign-up → staff approve → profile → a product
with its certificate → staff verify the certificate and approve the product → on the stall with its
badge and in search → a guest buys it cash on delivery → the producer ships it with a tracking
number → the guest's order status page shows the tracking number."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model

from shop.groups import staff_groups_ensure
from tests.browser.checkout_steps import checkout_from_basket
from tests.browser.test_trade_promotion_journey import eventually
from tests.factories import category

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Mat-Ong-Ban-Lac-2025"
STALL = "Hộ kinh doanh Mật ong Bản Lác"
EMAIL = "matong.banlac@example.vn"
TITLE = "Mật ong hoa rừng Bản Lác"
TRACKING = "VTP123456789VN"


def new_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    return context.new_page()


def sign_in(page, email: str, password: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("input[name=login-username]", email)
    page.fill("input[name=login-password]", password)
    page.locator("button[name=login_submit]").click()
    page.wait_for_url(f"**{next_url}")


def set_value(page, selector: str, value: str) -> None:
    """A field on a tab of Oscar's product form that is not shown yet."""
    page.locator(selector).evaluate("(el, value) => { el.value = value; }", value)


def sign_up(page) -> None:
    page.goto("/")
    page.locator("#header-open-stall").click()
    page.wait_for_url("**/mo-gian-hang/")
    page.fill("#id_name", STALL)
    page.select_option("#id_kind", "household")
    page.fill("#id_province", "Hòa Bình")  # a former province: now part of Phú Thọ
    page.fill("#id_address", "Bản Lác, xã Chiềng Châu, huyện Mai Châu")
    page.fill("#id_phone_number", "0912 345 678")
    page.fill("#id_email", EMAIL)
    page.fill("#id_tax_code", "5400123456")
    page.fill("#id_contact_name", "Hà Thị Lan")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("#producer-sign-up-form [type=submit]").click()
    page.wait_for_url("**/dashboard/my-application/")


def stall_profile(page) -> None:
    page.goto("/dashboard/stall/")
    page.fill("#id_opening_hours", "7:00–18:00 hằng ngày")
    page.locator("#id_story").evaluate(
        "(el) => { el.value = '<p>Ong nuôi dưới tán rừng <script>alert(1)</script>Mai Châu.</p>'; }"
    )
    page.select_option("[name=links-0-platform]", "facebook")
    page.fill("[name=links-0-url]", "https://facebook.com/matongbanlac")
    page.locator("form:has(#id_opening_hours) [type=submit]").last.click()
    page.wait_for_load_state()


def add_product(page, live_server) -> Product:
    page.goto(reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": "san-pham-ocop"}))
    page.fill("#id_title", TITLE)
    page.wait_for_function("() => window.tinymce?.get('id_description')?.initialized")
    page.evaluate("() => tinymce.get('id_description').setContent('<p>Mật ong hoa rừng nguyên chất.</p>')")
    set_value(page, "[name=productcategory_set-0-category]", str(category("I.2.b").pk))
    set_value(page, "[name=stockrecords-0-partner_sku]", "BANLAC-01")
    set_value(page, "[name=stockrecords-0-price]", "185000")
    set_value(page, "[name=stockrecords-0-num_in_stock]", "20")
    page.locator("#create_update_product_form button[name=action][value=continue]").click()
    product = eventually(lambda: Product.objects.filter(title=TITLE).first())
    page.goto(reverse("dashboard:catalogue-product-certificate", kwargs={"pk": product.pk}))
    page.select_option("#id_stars", "4")
    page.fill("#id_score", "82")
    page.fill("#id_certificate_number", "OCOP-HB-2025-017")
    page.fill("#id_decision_number", "1520/QĐ-UBND")
    page.select_option("#id_certification_level", "province")
    page.fill("#id_certified_on", "2025-06-20")
    page.locator("form:has(#id_score) [type=submit]").click()
    page.wait_for_load_state()
    return product


def test_a_household_opens_its_stall_sells_and_ships(browser, live_server, mailoutbox):
    staff_groups_ensure()
    get_user_model().objects.create_superuser("staff", "staff@cho-ocop.local", PASSWORD)

    producer = new_page(browser, live_server)
    sign_up(producer)
    stall = Partner.objects.get(name=STALL)
    assert (stall.status, stall.province.code) == (Partner.Status.PENDING, "25")

    staff = new_page(browser, live_server)
    sign_in(staff, "staff@cho-ocop.local", PASSWORD, "/dashboard/applications/")
    staff.locator(f"a:has-text('{STALL}')").first.click()
    staff.locator("form[action$='/approve/'] [type=submit]").click()
    eventually(lambda: Partner.objects.filter(pk=stall.pk, status=Partner.Status.APPROVED).exists())

    stall_profile(producer)
    product = add_product(producer, live_server)
    assert (product.producer_id, product.is_public) == (stall.pk, False)

    staff.goto("/dashboard/catalogue/certificates/")
    staff.locator("button[name=decision][value=approve]").first.click()
    eventually(lambda: Product.objects.filter(pk=product.pk, stars=4).exists())
    staff.goto("/dashboard/catalogue/reviews/")
    staff.locator("button[name=decision][value=approve]").first.click()
    eventually(lambda: Product.objects.filter(pk=product.pk, is_public=True).exists())

    guest = new_page(browser, live_server)
    guest.goto(stall.get_absolute_url())
    card = guest.locator("article.product-card", has_text=TITLE)
    assert card.locator(".product-card__badge .star-badge__stars").inner_text().count("★") == 4
    assert "alert(1)" not in guest.content() and "Mai Châu" in guest.content()
    guest.goto("/search/?q=mat+ong+ban+lac")
    assert guest.locator(f"text={TITLE}").count() >= 1
    guest.goto(product.get_absolute_url())
    guest.locator("form.buy-box__form [type=submit]").click()
    guest.wait_for_load_state()
    checkout_from_basket(guest)
    guest.wait_for_url("**/checkout/thank-you/")
    order = Order.objects.get(lines__product=product)

    producer.goto(f"/dashboard/orders/{order.number}/")
    producer.select_option(f"#parcel-status-{stall.pk}", "shipped")
    producer.select_option(f"#parcel-carrier-{stall.pk}", "viettel_post")
    producer.fill(f"#parcel-tracking-{stall.pk}", TRACKING)
    producer.locator("form.parcel-form [type=submit]").click()
    producer.wait_for_load_state()
    assert eventually(lambda: any(TRACKING in message.body for message in mailoutbox))

    status_url = reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    guest.goto(status_url)
    if guest.locator("input[name=email]").count():  # Oscar asks a guest for the order's email first
        guest.fill("input[name=email]", order.guest_email)
        guest.locator("form:has(input[name=email]) [type=submit]").click()
        guest.wait_for_load_state()
    assert TRACKING in guest.locator("#order-parcels .parcel-tracking").first.inner_text()
