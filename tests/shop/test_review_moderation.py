"""Reviews are moderated: trade-promotion staff and superusers approve them in Oscar's dashboard;
producers cannot."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import ProductReviewFactory

from shop.groups import TRADE_PROMOTION, staff_groups_ensure
from tests.factories import sellable_product
from tests.shop.fulfilment_helpers import producer_user

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
User = get_user_model()


@pytest.fixture
def waiting():
    staff_groups_ensure()
    shopper = User.objects.create_user("lan", "lan@example.vn", "pw-123456789")
    return ProductReviewFactory(
        product=sellable_product(),
        user=shopper,
        title="Rất ngon",
        body="Thơm",
        score=5,
        status=ProductReview.FOR_MODERATION,
    )


def trade_promotion_staff():
    # Not is_staff (their work is in Wagtail): the group's review permissions open Oscar's screen.
    user = User.objects.create_user("nhan-vien", "nv@cho-ocop.vn", "pw-123456789")
    user.groups.add(Group.objects.get(name=TRADE_PROMOTION))
    return user


def approve(client, review):
    url = reverse("dashboard:reviews-update", kwargs={"pk": review.pk})
    data = {
        "title": review.title,
        "body": review.body,
        "score": review.score,
        "status": ProductReview.APPROVED,
    }
    return client.post(url, data)


@pytest.mark.parametrize("who", ["trade promotion staff", "superuser"])
def test_staff_approve_a_review_and_it_appears_on_the_product_page(client, waiting, who):
    if who == "superuser":
        user = User.objects.create_superuser("admin", "admin@cho-ocop.vn", "pw-123456789")
    else:
        user = trade_promotion_staff()
    client.force_login(user)
    listing = client.get(reverse("dashboard:reviews-list"))
    assert listing.status_code == 200
    assert "Rất ngon" in listing.content.decode()

    response = approve(client, waiting)

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ProductReview.APPROVED
    client.logout()
    assert "Rất ngon" in client.get(waiting.product.get_absolute_url()).content.decode()


def test_a_producer_cannot_moderate_reviews(client, waiting):
    client.force_login(producer_user("producer", waiting.product.producer))

    assert client.get(reverse("dashboard:reviews-list")).status_code in (302, 403)
    response = approve(client, waiting)

    assert response.status_code in (302, 403)
    waiting.refresh_from_db()
    assert waiting.status == ProductReview.FOR_MODERATION


def test_a_shopper_cannot_moderate_reviews(client, waiting):
    client.force_login(waiting.user)

    approve(client, waiting)

    waiting.refresh_from_db()
    assert waiting.status == ProductReview.FOR_MODERATION


def test_trade_promotion_staff_find_the_reviews_screen_in_the_wagtail_menu(client, waiting):
    client.force_login(trade_promotion_staff())

    html = client.get("/cms/").content.decode()

    assert reverse("dashboard:reviews-list") in html
