"""Shop pages render for a shopper, and bad input gets a clear message (never a 500)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from oscar.core.loading import get_model
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    DisplayPointFactory,
    PartnerFactory,
    ProductFactory,
    category,
    province,
    sellable_product,
)

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


@pytest.fixture
def tea_producer():
    return PartnerFactory(name="HTX Chè Tân Cương", kind="cooperative", province=province("15"))


@pytest.fixture
def tea(tea_producer):
    return sellable_product(
        title="Chè Thái Nguyên",
        price=180000,
        stars=4,
        province=province("15"),
        producer=tea_producer,
        categories=[category("II.2.a")],
    )


@pytest.fixture
def honey():
    return sellable_product(title="Mật ong hoa nhãn", price=95000, stars=5, categories=[category("I.2.b")])


@pytest.fixture
def hidden():
    return ProductFactory(title="Sản phẩm ẩn", is_public=False)


def test_catalogue_lists_browsable_products(client, tea, honey, hidden):
    response = client.get("/catalogue/")

    assert response.status_code == 200
    assertContains(response, "Chè Thái Nguyên")
    assertContains(response, "Mật ong hoa nhãn")
    assertNotContains(response, "Sản phẩm ẩn")
    assert response.context["results"].total == 2


def test_catalogue_filter_by_stars_shows_only_matching_products(client, tea, honey):
    response = client.get("/catalogue/", {"stars": "5"})

    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Mật ong hoa nhãn"]
    assertNotContains(response, "Chè Thái Nguyên")


def test_category_page_shows_products_of_the_sector_and_its_sets(client, tea, honey):
    sector = category("I")

    response = client.get(sector.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, sector.name)
    assertContains(response, "Mật ong hoa nhãn")
    assertNotContains(response, "Chè Thái Nguyên")
    assert category("I.2.b") in response.context["subcategories"]


def test_category_page_with_a_wrong_slug_redirects_to_the_right_address(client, honey):
    honey_set = category("I.2.b")

    response = client.get(reverse("catalogue:category", kwargs={"category_slug": "sai", "pk": honey_set.pk}))

    assert response.status_code == 301
    assert response["Location"] == honey_set.get_absolute_url()


def test_product_page_shows_the_certificate_producer_province_and_price(client, tea):
    response = client.get(tea.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Chè Thái Nguyên")
    assertContains(response, "HTX Chè Tân Cương")
    assertContains(response, "Lào Cai")
    assertContains(response, "180.000")
    assert response.context["category"] == category("II.2.a")


def test_product_page_lists_the_display_points_that_stock_it(client, tea):
    DisplayPointFactory(name="Trung tâm OCOP Lào Cai", province=province("15"), products=[tea])

    response = client.get(tea.get_absolute_url())

    assertContains(response, "Trung tâm OCOP Lào Cai")


def test_province_page_shows_its_products_producers_and_display_points(client, tea, honey, tea_producer):
    DisplayPointFactory(name="Điểm OCOP Sa Pa", province=province("15"))

    response = client.get("/catalogue/provinces/lao-cai/")

    assert response.status_code == 200
    assertContains(response, "Lào Cai")
    assertContains(response, "Yên Bái")
    assertContains(response, "Chè Thái Nguyên")
    assertNotContains(response, "Mật ong hoa nhãn")
    assertContains(response, "HTX Chè Tân Cương")
    assertContains(response, "Điểm OCOP Sa Pa")


def test_producer_stall_shows_its_products_only(client, tea, honey, tea_producer):
    response = client.get(f"/producers/{tea_producer.code}/")

    assert response.status_code == 200
    assertContains(response, "HTX Chè Tân Cương")
    assertContains(response, "Chè Thái Nguyên")
    assertNotContains(response, "Mật ong hoa nhãn")
    assert tea_producer.get_absolute_url() == f"/producers/{tea_producer.code}/"


def test_display_point_list_shows_each_point_and_its_province(client):
    DisplayPointFactory(name="Trung tâm OCOP Việt Nam", province=province("01"))
    DisplayPointFactory(name="Trung tâm OCOP Hội An", province=province("48"))

    response = client.get("/display-points/")

    assert response.status_code == 200
    assertContains(response, "Trung tâm OCOP Việt Nam")
    assertContains(response, "Trung tâm OCOP Hội An")
    assertContains(response, "Đà Nẵng")


def test_display_point_page_shows_the_products_it_stocks(client, tea, honey):
    point = DisplayPointFactory(
        name="Trung tâm OCOP Việt Nam", address="168 Hồng Tiến, Long Biên", products=[tea]
    )

    response = client.get(point.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Trung tâm OCOP Việt Nam")
    assertContains(response, "168 Hồng Tiến, Long Biên")
    assertContains(response, "Chè Thái Nguyên")
    assertNotContains(response, "Mật ong hoa nhãn")


@pytest.mark.parametrize("q", ["che thai nguyen", "Chè Thái Nguyên", "yen bai"])
def test_search_page_finds_products_without_accents_or_by_former_province(client, tea, honey, q):
    response = client.get("/search/", {"q": q})

    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Chè Thái Nguyên"]
    assertContains(response, "Chè Thái Nguyên")


def test_search_page_without_a_query_lists_everything(client, tea, honey):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["results"].total == 2


def test_search_page_with_no_match_says_so(client, tea):
    response = client.get("/search/", {"q": "không có gì"})

    assert response.status_code == 200
    assert response.context["results"].total == 0
    assertNotContains(response, "Chè Thái Nguyên")


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("province", "99"),
        ("category", "khong-co-nhom-nay"),
        ("stars", "9"),
        ("status", "mat-tich"),
        ("producer_type", "nguoi-ngoai-hanh-tinh"),
    ],
)
def test_unknown_filter_value_is_ignored_with_a_message_naming_it(client, tea, honey, param, value):
    response = client.get("/catalogue/", {param: value})

    assert response.status_code == 200
    errors = [text for level, text in messages_of(response) if level == "error"]
    assert len(errors) == 1
    assert f"“{value}”" in errors[0]
    assertContains(response, f"“{value}”")
    assert response.context["results"].total == 2


def test_a_bad_filter_value_keeps_the_good_ones(client, tea, honey):
    response = client.get("/catalogue/", {"stars": ["5", "9"]})

    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Mật ong hoa nhãn"]
    assert any("“9”" in text for _level, text in messages_of(response))


def test_unknown_sort_or_page_size_is_not_an_error_page(client, tea):
    response = client.get("/catalogue/", {"sort": "ngau-nhien", "page_size": "1000"})

    assert response.status_code == 200
    assert response.context["results"].page_size == 24
    assert response.context["results"].total == 1


def test_page_past_the_end_shows_the_last_page_with_a_message(client):
    for n in range(14):
        ProductFactory(title=f"Sản phẩm {n}")

    response = client.get("/catalogue/", {"page": "99", "page_size": "12"})

    assert response.status_code == 200
    results = response.context["results"]
    assert (results.page, results.num_pages, len(results.hits)) == (2, 2, 2)
    warnings = [text for level, text in messages_of(response) if level == "warning"]
    assert len(warnings) == 1
    assert "99" in warnings[0] and "2" in warnings[0]


def test_an_empty_page_number_shows_the_first_page(client, tea):
    response = client.get("/catalogue/", {"page": ""})

    assert response.status_code == 200
    assert response.context["results"].page == 1
    assert [p.title for p in response.context["products"]] == ["Chè Thái Nguyên"]


@pytest.mark.parametrize("page", ["abc", "0", "-3"])
def test_page_that_is_not_a_page_number_is_a_400_saying_why(client, tea, page):
    response = client.get("/catalogue/", {"page": page})

    assert response.status_code == 400
    assert 'id="bad-request-reason"' in response.content.decode()


def test_page_abc_says_it_is_not_a_page_number(client, tea):
    response = client.get("/catalogue/", {"page": "abc"})

    with translation.override("vi"):
        reason = gettext("A page number is a whole number from 1.")
    assert response.status_code == 400
    assert reason in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/catalogue/khong-co_999999/",
        "/catalogue/category/khong-co_999999/",
        "/catalogue/provinces/atlantis/",
        "/producers/khong-co-nha-san-xuat/",
        "/display-points/khong-co-diem-nay/",
    ],
)
def test_unknown_object_is_a_404(client, path):
    response = client.get(path)

    assert response.status_code == 404


def test_hidden_product_is_a_404(client, hidden):
    response = client.get(hidden.get_absolute_url())

    assert response.status_code == 404


def basket_quantities() -> list[int]:
    return list(Line.objects.values_list("quantity", flat=True))


def test_basket_add_puts_the_product_in_the_basket(client, tea):
    response = client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": "2"}, follow=True)

    assert response.status_code == 200
    assert basket_quantities() == [2]


@pytest.mark.parametrize("quantity", ["0", "-1", "-100", "abc"])
def test_basket_add_with_a_bad_quantity_is_refused_and_the_basket_unchanged(client, tea, quantity):
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": "1"})

    response = client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": quantity}, follow=True)

    assert response.status_code == 200
    assert basket_quantities() == [1]
    assert [level for level, _text in messages_of(response)].count("error") == 1


def test_basket_add_of_more_than_in_stock_is_refused(client):
    product = sellable_product(title="Sâm Ngọc Linh", num_in_stock=3, price=2500000)

    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "4"}, follow=True)

    assert response.status_code == 200
    assert basket_quantities() == []
    assert "error" in [level for level, _text in messages_of(response)]


def test_the_site_is_in_vietnamese_by_default(client, settings, tea):
    response = client.get("/catalogue/")

    assert settings.LANGUAGE_CODE == "vi"
    assertContains(response, '<html lang="vi"')


def test_english_is_available_through_setlang(client, tea):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})

    assert (response.status_code, response["Location"]) == (302, "/catalogue/")
    response = client.get("/catalogue/")
    assertContains(response, '<html lang="en"')
    assertContains(response, "Chè Thái Nguyên")


@pytest.mark.parametrize(("days_ago", "expired"), [(1200, True), (300, False)])
def test_product_page_of_an_expired_certificate_stays_but_says_it_expired(client, days_ago, expired):
    product = sellable_product(
        title="Trà hoa vàng", certified_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Trà hoa vàng")
    assert response.context["product"].shows_badge is not expired
    assert ("OCOP certificate has expired: its star rating" in response.content.decode()) is expired
