"""Product reviews on the product page: approved only, average and count, "verified purchase" for
reviewers who ordered the product, the form for signed-in shoppers, staff moderation first."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import ProductReviewFactory

from catalog.reviews.selectors import product_buyer_ids, product_review_summary
from tests.factories import sellable_product
from tests.page_meta import page_meta
from tests.shop.fulfilment_helpers import place_order, producer_user

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
User = get_user_model()


def customer(name: str = "lan"):
    return User.objects.create_user(name, f"{name}@example.vn", "pw-123456789", first_name="Nguyễn Thị Lan")


def review(product, user, *, status=ProductReview.APPROVED, score: int = 5, title: str = "Ngon", **fields):
    return ProductReviewFactory(product=product, user=user, status=status, score=score, title=title, **fields)


def add_url(product) -> str:
    return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})


@pytest.fixture
def honey():
    return sellable_product(title="Mật ong bạc hà")


def test_product_page_shows_approved_reviews_with_average_count_and_verified_purchase(client, honey):
    buyer, other = customer("buyer"), customer("other")
    place_order((honey, 1), user=buyer)
    review(honey, buyer, score=5, title="Thơm lắm")
    review(honey, other, score=4, title="Hơi ngọt")
    review(honey, customer("waiting"), status=ProductReview.FOR_MODERATION, title="Chưa duyệt")
    review(honey, customer("refused"), status=ProductReview.REJECTED, title="Bị từ chối")

    response = client.get(honey.get_absolute_url())

    summary = response.context["reviews"]
    assert (summary.count, summary.average) == (2, 4.5)
    assert {r.title: r.verified_purchase for r in summary.reviews} == {"Thơm lắm": True, "Hơi ngọt": False}
    html = response.content.decode()
    assert html.count("data-verified-purchase") == 1
    assert "Chưa duyệt" not in html and "Bị từ chối" not in html


def test_a_cancelled_order_is_not_a_verified_purchase(honey):
    buyer, canceller = customer("buyer"), customer("canceller")
    place_order((honey, 1), user=buyer)
    place_order((honey, 1), user=canceller, status="Cancelled")
    other_product = sellable_product()
    place_order((other_product, 1), user=(someone := customer("someone")))

    assert product_buyer_ids(product=honey, user_ids=[buyer.pk, canceller.pk, someone.pk]) == {buyer.pk}


def test_reviews_summary_takes_three_queries_whatever_the_number_of_reviews(honey, django_assert_num_queries):
    for n in range(12):
        user = customer(f"user{n}")
        if n % 2:
            place_order((honey, 1), user=user)
        review(honey, user, score=1 + n % 5)

    with django_assert_num_queries(3):
        summary = product_review_summary(product=honey)

    assert summary.count == 12
    assert [r.verified_purchase for r in summary.reviews].count(True) == 5  # 10 shown, newest first


def test_review_text_is_escaped(client, honey):
    review(honey, customer(), title="<b>Tiêu đề</b>", body="<script>alert(1)</script>")

    html = client.get(honey.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt;" in html


def test_signed_in_shopper_reviews_and_the_review_waits_for_staff(client, honey):
    shopper = customer()
    client.force_login(shopper)
    assert client.get(honey.get_absolute_url()).content.decode().count('id="write-review"') == 1

    response = client.post(add_url(honey), {"title": "Rất ngon", "score": "5", "body": "Mật ong thơm, sánh."})

    assert response.status_code == 302
    assert response["Location"] == honey.get_absolute_url()
    saved = ProductReview.objects.get(product=honey)
    assert (saved.user, saved.score, saved.status) == (shopper, 5, ProductReview.FOR_MODERATION)
    assert "Rất ngon" not in client.get(honey.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"title": "", "score": "5", "body": "Ngon"}, "title"),
        ({"title": "Ngon", "score": "", "body": "Ngon"}, "score"),
        ({"title": "Ngon", "score": "0", "body": "Ngon"}, "score"),
        ({"title": "Ngon", "score": "6", "body": "Ngon"}, "score"),
        ({"title": "Ngon", "score": "abc", "body": "Ngon"}, "score"),
        ({"title": "Ngon", "score": "4", "body": ""}, "body"),
        ({"title": "Ngon", "score": "4", "body": "x" * 3001}, "body"),
    ],
)
def test_a_bad_review_shows_its_error_and_saves_nothing(client, honey, data, field):
    client.force_login(customer())

    response = client.post(add_url(honey), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'role="alert"' in response.content.decode()
    assert not ProductReview.objects.exists()


def test_the_review_form_page_renders_the_form(client, honey):
    client.force_login(customer())

    response = client.get(add_url(honey))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="add_review_form"' in html
    assert html.count('name="score"') == 5


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(client, honey):
    response = client.get(add_url(honey))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))
    assert "next=" in response["Location"]


def test_a_shopper_reviews_a_product_once(client, honey):
    shopper = customer()
    review(honey, shopper)
    client.force_login(shopper)

    response = client.post(add_url(honey), {"title": "Lần hai", "score": "1", "body": "Lại"})

    assert response.status_code == 302
    assert ProductReview.objects.filter(product=honey).count() == 1


def test_a_producer_cannot_review_its_own_product(client, honey):
    client.force_login(producer_user("producer", honey.producer))

    response = client.post(add_url(honey), {"title": "Tuyệt", "score": "5", "body": "Của tôi"})

    assert response.status_code == 302
    assert not ProductReview.objects.exists()
    assert 'id="write-review"' not in client.get(honey.get_absolute_url()).content.decode()


def test_more_than_ten_reviews_link_to_oscars_list_of_all_reviews(client, honey):
    for n in range(11):
        review(honey, customer(f"user{n}"), title=f"Nhận xét {n}")

    html = client.get(honey.get_absolute_url()).content.decode()
    list_url = reverse("catalogue:reviews-list", kwargs={"product_slug": honey.slug, "product_pk": honey.pk})

    assert f'href="{list_url}"' in html
    listing = client.get(list_url)
    assert listing.status_code == 200
    assert "Nhận xét 0" in listing.content.decode()


def test_the_products_json_ld_carries_its_rating_only_when_reviewed(client, honey):
    assert "aggregateRating" not in page_meta(client.get(honey.get_absolute_url())).one("Product")
    review(honey, customer("a"), score=5)
    review(honey, customer("b"), score=4)
    review(honey, customer("c"), score=1, status=ProductReview.FOR_MODERATION)

    data = page_meta(client.get(honey.get_absolute_url())).one("Product")

    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.5,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
