"""Stories and news: the paginated index filtered by kind, a story's product cards."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cms.models import StoryPage
from tests.factories import PartnerFactory, ProductFactory, sellable_product
from tests.factories.cms import product_block, stall_block, story_page

pytestmark = pytest.mark.django_db


def titles(pages) -> list[str]:
    return [page.title for page in pages]


def stories(count: int, **fields) -> list[StoryPage]:
    """`count` stories published one day apart, the last one newest."""
    made = []
    start = timezone.now() - datetime.timedelta(days=count)
    for n in range(count):
        story = story_page(f"Bài {n:02d}", **fields)
        StoryPage.objects.filter(pk=story.pk).update(first_published_at=start + datetime.timedelta(days=n))
        made.append(story)
    return made


def test_index_pages_twelve_newest_first(client):
    stories(14)

    first = client.get("/tin-tuc/")
    second = client.get("/tin-tuc/", {"page": "2"})

    assert titles(first.context["stories"]) == [f"Bài {n:02d}" for n in range(13, 1, -1)]
    assert titles(second.context["stories"]) == ["Bài 01", "Bài 00"]
    assertContains(first, 'href="?page=2"')


@pytest.mark.parametrize(
    ("page", "expected_first"),
    [
        ("abc", "Bài 13"),
        ("0", "Bài 01"),
        ("-3", "Bài 01"),
        ("999", "Bài 01"),
        ("", "Bài 13"),
        ("1.5", "Bài 13"),
    ],
)
def test_a_page_out_of_range_gives_the_last_page_and_nonsense_the_first(client, page, expected_first):
    stories(14)

    response = client.get("/tin-tuc/", {"page": page})

    assert response.status_code == 200
    assert titles(response.context["stories"])[0] == expected_first


def test_index_filters_by_kind_and_keeps_it_in_page_links(client):
    stories(13, kind=StoryPage.Kind.NEWS)
    story_page("Câu chuyện chè Shan Tuyết", kind=StoryPage.Kind.STORY)

    news = client.get("/tin-tuc/", {"kind": "news"})
    only_stories = client.get("/tin-tuc/", {"kind": "story"})

    assert {story.kind for story in news.context["stories"]} == {"news"}
    assertContains(news, "?kind=news&amp;page=2")
    assert titles(only_stories.context["stories"]) == ["Câu chuyện chè Shan Tuyết"]


def test_an_unknown_kind_shows_everything(client):
    story_page("Tin A", kind=StoryPage.Kind.NEWS)
    story_page("Chuyện B")

    response = client.get("/tin-tuc/", {"kind": "<b>quảng cáo</b>"})

    assert response.status_code == 200
    assert sorted(titles(response.context["stories"])) == ["Chuyện B", "Tin A"]


def test_index_answers_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.get("/tin-tuc/")
    stories(12)

    with django_assert_max_num_queries(10):
        response = client.get("/tin-tuc/")

    assert len(response.context["stories"]) == 12


def test_story_shows_related_products_then_embedded_ones_as_cards(client, django_assert_max_num_queries):
    related = sellable_product(title="Chè Shan Tuyết Suối Giàng")
    embedded = [sellable_product(title=f"Sản phẩm trong bài {n}") for n in range(5)]
    hidden = ProductFactory(title="Sản phẩm đã ẩn", is_public=False)
    story = story_page(
        "Câu chuyện chè Shan Tuyết",
        products=[related, embedded[0]],
        body=[
            {"type": "paragraph", "value": "<p>Trên đỉnh Suối Giàng…</p>"},
            *(product_block(product) for product in [*embedded, hidden]),
            stall_block(PartnerFactory(name="HTX Chè Suối Giàng")),
        ],
    )
    client.get(story.url)

    with django_assert_max_num_queries(30):
        response = client.get(story.url)

    assert titles(response.context["products"]) == [
        "Chè Shan Tuyết Suối Giàng",
        "Sản phẩm trong bài 0",
        *(f"Sản phẩm trong bài {n}" for n in range(1, 5)),
    ]
    assertContains(response, "Sản phẩm trong bài 4", count=2)  # in the text, and among the cards
    assertContains(response, "HTX Chè Suối Giàng")
    assertNotContains(response, "Sản phẩm đã ẩn")


def test_home_shows_the_latest_stories(client):
    stories(4)

    response = client.get("/")

    assert titles(response.context["latest_stories"]) == ["Bài 03", "Bài 02", "Bài 01"]
    assertContains(response, "Bài 03")
