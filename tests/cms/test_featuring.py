"""Content ↔ commerce: a product page and a stall page list the published stories and fairs that
choose them (Wagtail's reference index over chooser fields, inline rows and StreamField blocks)."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from cms import selectors
from tests.factories import PartnerFactory, sellable_product
from tests.factories.cms import days, fair_page, product_block, stall_block, story_page

pytestmark = pytest.mark.django_db


def titles(pages) -> list[str]:
    return [page.title for page in pages]


@pytest.fixture
def honey():
    producer = PartnerFactory(name="HTX Ong mật Hưng Yên")
    return sellable_product(title="Mật ong hoa nhãn", producer=producer)


def test_a_product_is_featured_by_inline_rows_and_body_blocks_of_live_pages(honey):
    story_page("Câu chuyện mật ong", products=[honey])
    story_page("Tin có khối sản phẩm", body=[product_block(honey)])
    story_page("Bản nháp", products=[honey], live=False)
    story_page("Không liên quan", products=[sellable_product(title="Khác")])
    fair_page("Hội chợ có mật ong", products=[honey])

    featured = selectors.featuring(product=honey)

    assert sorted(titles(featured.stories)) == ["Câu chuyện mật ong", "Tin có khối sản phẩm"]
    assert titles(featured.fairs) == ["Hội chợ có mật ong"]


def test_a_producer_is_featured_by_its_stall_and_by_its_products(honey):
    producer = honey.producer
    fair_page("Hội chợ có gian hàng", producers=[producer], start=days(5))
    fair_page("Hội chợ có sản phẩm", products=[honey], start=days(2))
    fair_page("Hội chợ năm ngoái", producers=[producer], start=days(-400))
    story_page("Bài về gian hàng", body=[stall_block(producer)])
    story_page("Bài về người khác", body=[stall_block(PartnerFactory())])

    featured = selectors.featuring(producer=producer)

    assert titles(featured.fairs) == ["Hội chợ có sản phẩm", "Hội chợ có gian hàng", "Hội chợ năm ngoái"]
    assert titles(featured.stories) == ["Bài về gian hàng"]


def test_removing_a_product_from_a_fair_unlists_the_fair(honey):
    fair = fair_page("Hội chợ", products=[honey])
    assert titles(selectors.featuring(product=honey).fairs) == ["Hội chợ"]

    fair.fair_products = []
    fair.save_revision().publish()

    assert selectors.featuring(product=honey).fairs == []


def test_product_page_lists_stories_and_fairs_in_a_fixed_number_of_queries(
    client, honey, django_assert_max_num_queries
):
    story_page("Câu chuyện mật ong 0", products=[honey])
    fair_page("Hội chợ 0", products=[honey])
    client.get(honey.get_absolute_url())
    with django_assert_max_num_queries(200) as few:
        client.get(honey.get_absolute_url())
    for n in range(1, 6):
        story_page(f"Câu chuyện mật ong {n}", products=[honey])
        fair_page(f"Hội chợ {n}", products=[honey])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(honey.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Câu chuyện sản phẩm")
    assertContains(response, "Câu chuyện mật ong 5")
    assertContains(response, "Hội chợ 5")


def test_stall_page_lists_its_fairs_and_stories_in_a_fixed_number_of_queries(
    client, honey, django_assert_max_num_queries
):
    producer = honey.producer
    fair_page("Hội chợ 0", producers=[producer])
    story_page("Bài 0", body=[stall_block(producer)])
    client.get(producer.get_absolute_url())
    with django_assert_max_num_queries(200) as few:
        client.get(producer.get_absolute_url())
    for n in range(1, 6):
        fair_page(f"Hội chợ {n}", producers=[producer], start=days(n))
        story_page(f"Bài {n}", body=[stall_block(producer)])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(producer.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Hội chợ 5")
    assertContains(response, "Bài 5")


def test_pages_without_features_show_no_section(client, honey):
    response = client.get(honey.get_absolute_url())

    assert response.status_code == 200
    assertNotContains(response, "featuring-fairs")
    assertNotContains(response, "featuring-stories")
