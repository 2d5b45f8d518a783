"""Wagtail pages: the home page, fairs and stories render what staff published."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cms.models import FairIndexPage, FairPage, HomePage, HomePageFeaturedProduct, StoryIndexPage, StoryPage
from tests.factories import DisplayPointFactory, PartnerFactory, ProductFactory, province, sellable_product

pytestmark = pytest.mark.django_db


def test_home_page_and_both_indexes_exist_after_migrate():
    home = HomePage.objects.get()

    assert home.url == "/"
    assert [(p.slug, p.url) for p in home.get_children().order_by("path")] == [
        ("hoi-cho", "/hoi-cho/"),
        ("tin-tuc", "/tin-tuc/"),
    ]


def test_home_page_shows_the_newest_5_star_products_sectors_and_provinces(client):
    sellable_product(title="Sâm Ngọc Linh", stars=5, province=province("51"))
    sellable_product(title="Bánh đậu xanh", stars=3)

    response = client.get("/")

    assert response.status_code == 200
    assert [p.title for p in response.context["featured_products"]] == ["Sâm Ngọc Linh"]
    assertContains(response, "Sâm Ngọc Linh")
    assertNotContains(response, "Bánh đậu xanh")
    assertContains(response, "Thực phẩm")
    assertContains(response, "Hàng thủ công mỹ nghệ")
    provinces = response.context["provinces"]
    assert len(provinces) == 34
    assert {p.code: p.product_count for p in provinces if p.product_count} == {"51": 1, "01": 1}


def test_home_page_shows_the_curated_products_in_their_order(client):
    first = sellable_product(title="Gạo ST25", stars=4)
    second = sellable_product(title="Nước mắm Phú Quốc", stars=5)
    sellable_product(title="Không được chọn", stars=5)
    home = HomePage.objects.get()
    HomePageFeaturedProduct.objects.create(page=home, product=second, sort_order=0)
    HomePageFeaturedProduct.objects.create(page=home, product=first, sort_order=1)

    response = client.get("/")

    assert response.status_code == 200
    assert [p.title for p in response.context["featured_products"]] == ["Nước mắm Phú Quốc", "Gạo ST25"]


def test_home_page_renders_with_no_products(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["featured_products"] == []
    assertContains(response, "Chợ OCOP")


def add_fair(title: str, start: datetime.date, end: datetime.date | None, **fields) -> FairPage:
    index = FairIndexPage.objects.get()
    return index.add_child(instance=FairPage(title=title, start_date=start, end_date=end, **fields))


def test_fair_index_splits_upcoming_and_past_fairs(client):
    today = timezone.localdate()
    add_fair(
        "Hội chợ OCOP Hà Nội",
        today + datetime.timedelta(days=10),
        today + datetime.timedelta(days=14),
        province=province("01"),
        venue="Cung Văn hóa Hữu nghị",
    )
    add_fair(
        "Tuần hàng OCOP đang diễn ra", today - datetime.timedelta(days=2), today + datetime.timedelta(days=2)
    )
    add_fair("Hội chợ năm ngoái", today - datetime.timedelta(days=400), today - datetime.timedelta(days=395))

    response = client.get("/hoi-cho/")

    assert response.status_code == 200
    assert [f.title for f in response.context["upcoming"]] == [
        "Tuần hàng OCOP đang diễn ra",
        "Hội chợ OCOP Hà Nội",
    ]
    assert [f.title for f in response.context["past"]] == ["Hội chợ năm ngoái"]
    assertContains(response, "Hội chợ OCOP Hà Nội")
    assertContains(response, "Hội chợ năm ngoái")


def test_fair_index_renders_with_no_fairs(client):
    response = client.get("/hoi-cho/")

    assert response.status_code == 200
    assert (response.context["upcoming"], response.context["past"]) == ([], [])
    assertContains(response, "Hội chợ và sự kiện")


def test_fair_page_shows_venue_province_and_producers(client):
    producer = PartnerFactory(name="HTX Gốm Bát Tràng")
    today = timezone.localdate()
    fair = add_fair(
        "Hội chợ OCOP Hà Nội",
        today,
        today + datetime.timedelta(days=3),
        province=province("01"),
        venue="Cung Văn hóa Hữu nghị",
        summary="Hơn 300 gian hàng OCOP",
    )
    fair.participants.create(producer=producer)
    fair.save_revision().publish()

    response = client.get(fair.url)

    assert response.status_code == 200
    assertContains(response, "Hội chợ OCOP Hà Nội")
    assertContains(response, "Cung Văn hóa Hữu nghị")
    assertContains(response, "Hà Nội")
    assertContains(response, "HTX Gốm Bát Tràng")


def test_a_fair_appears_on_the_home_page_while_upcoming(client):
    today = timezone.localdate()
    add_fair("Tuần lễ OCOP miền Bắc", today + datetime.timedelta(days=5), today + datetime.timedelta(days=8))

    response = client.get("/")

    assert [f.title for f in response.context["upcoming_fairs"]] == ["Tuần lễ OCOP miền Bắc"]
    assertContains(response, "Tuần lễ OCOP miền Bắc")


def add_story(title: str, body: list[dict] | None = None, **fields) -> StoryPage:
    index = StoryIndexPage.objects.get()
    return index.add_child(instance=StoryPage(title=title, body=json.dumps(body or []), **fields))


def test_story_index_lists_published_stories(client):
    add_story("Câu chuyện chè Shan Tuyết", intro="Những cây chè cổ thụ")
    draft = add_story("Bản nháp chưa đăng")
    draft.unpublish()

    response = client.get("/tin-tuc/")

    assert response.status_code == 200
    assertContains(response, "Câu chuyện chè Shan Tuyết")
    assertNotContains(response, "Bản nháp chưa đăng")


def test_story_page_embeds_products_stalls_and_display_points(client):
    product = ProductFactory(title="Chè Shan Tuyết Suối Giàng")
    producer = PartnerFactory(name="HTX Chè Suối Giàng")
    point = DisplayPointFactory(name="Điểm OCOP Yên Bái")
    story = add_story(
        "Câu chuyện chè Shan Tuyết",
        kind=StoryPage.Kind.NEWS,
        body=[
            {"type": "heading", "value": "Cây chè trăm tuổi"},
            {"type": "paragraph", "value": "<p>Trên đỉnh Suối Giàng…</p>"},
            {"type": "product", "value": {"product": product.pk}},
            {"type": "stall", "value": {"producer": producer.pk}},
            {"type": "display_point", "value": {"display_point": point.pk}},
        ],
    )

    response = client.get(story.url)

    assert response.status_code == 200
    for text in [
        "Câu chuyện chè Shan Tuyết",
        "Cây chè trăm tuổi",
        "Trên đỉnh Suối Giàng",
        "Chè Shan Tuyết Suối Giàng",
        "HTX Chè Suối Giàng",
        "Điểm OCOP Yên Bái",
    ]:
        assertContains(response, text)


def test_story_page_with_a_deleted_product_still_renders(client):
    product = ProductFactory(title="Sản phẩm đã xoá")
    story = add_story("Tin cũ", body=[{"type": "product", "value": {"product": product.pk}}])
    product.delete()

    response = client.get(story.url)

    assert response.status_code == 200
    assertNotContains(response, "Sản phẩm đã xoá")


def test_unknown_content_page_is_a_404(client):
    assert client.get("/tin-tuc/khong-co-bai-nay/").status_code == 404
