"""The listing pages' new filters: price range, price bands, "near me" and its distances, bad values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import DisplayPointFactory, sellable_product

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def titles(response) -> list[str]:
    return [product.title for product in response.context["products"]]


@pytest.fixture
def shelf():
    honey = sellable_product(title="Mật ong hoa nhãn", price=185000, stars=5)
    tea = sellable_product(title="Chè Shan tuyết", price=95000, stars=4)
    DisplayPointFactory(latitude=Decimal("21.0285"), longitude=Decimal("105.8642"), products=[honey])
    return {"honey": honey, "tea": tea}


def test_the_sidebar_offers_price_bands_a_price_range_and_near_me(client, shelf):
    response = client.get("/catalogue/")

    html = response.content.decode()
    assert 'name="price" value="100000-200000"' in html
    assert 'name="price_min"' in html and 'name="price_max"' in html
    assert 'name="near"' in html and 'name="radius_km"' in html
    assert 'value="distance"' not in html  # the distance sort needs a place


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("price=0-100000", ["Chè Shan tuyết"]),
        ("price_min=100000", ["Mật ong hoa nhãn"]),
        ("price_max=95000", ["Chè Shan tuyết"]),
        ("near=21.0285,105.8542&radius_km=5", ["Mật ong hoa nhãn"]),
    ],
)
def test_price_and_place_filters_narrow_the_listing(client, shelf, query, expected):
    response = client.get(f"/catalogue/?{query}")

    assert (response.status_code, titles(response), messages_of(response)) == (200, expected, [])


def test_near_me_shows_the_distance_on_the_card_and_offers_the_distance_sort(client, shelf):
    response = client.get("/search/?near=21.0285,105.8542&sort=distance")

    html = response.content.decode()
    assert "cách 1 km" in html or "cách 1,0 km" in html
    assert 'value="distance" selected' in html
    assert "Bỏ vị trí" in html


PRICE_ERROR = "Giá thấp nhất: Hãy nhập giá là một số nguyên (đồng)."
RANGE_ERROR = "Giá thấp nhất: Giá thấp nhất không được cao hơn giá cao nhất."
PLACE_ERROR = "Gần: Hãy nhập vị trí dạng vĩ độ,kinh độ (độ thập phân), ví dụ 21.03,105.85."
RADIUS_ERROR = "Khoảng cách: Khoảng cách phải lớn hơn 0 và không quá 500 km."
SORT_ERROR = "Sắp xếp theo: Muốn sắp xếp theo khoảng cách cần có vị trí: hãy dùng “Gần tôi” trước."


@pytest.mark.parametrize(
    ("query", "message", "expected"),
    [
        ("stars=4&price_min=abc", PRICE_ERROR, ["Chè Shan tuyết"]),
        ("stars=4&price_min=200000&price_max=100000", RANGE_ERROR, ["Chè Shan tuyết"]),
        ("stars=4&near=abc", PLACE_ERROR, ["Chè Shan tuyết"]),
        ("stars=4&sort=distance", SORT_ERROR, ["Chè Shan tuyết"]),
        # A bad radius falls back to 25 km around the place.
        ("near=21.0285,105.8542&radius_km=9999", RADIUS_ERROR, ["Mật ong hoa nhãn"]),
    ],
)
def test_a_bad_price_or_place_is_a_message_and_the_rest_still_applies(
    client, shelf, query, message, expected
):
    response = client.get(f"/catalogue/?{query}")

    assert response.status_code == 200
    assert messages_of(response) == [("error", message)]
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("query", "points_in_range"),
    [
        ("near=8.95,105.0&radius_km=25", 0),  # Cà Mau: no display point with a location within 25 km
        ("near=21.0285,105.8542&radius_km=5&q=chè", 1),  # Hà Nội: one point near, but it stocks honey only
    ],
)
def test_near_me_with_nothing_found_says_whether_it_is_the_distance_and_offers_the_display_points(
    client, shelf, query, points_in_range
):
    client.cookies["django_language"] = "en"
    response = client.get(f"/search/?{query}")
    assert titles(response) == []
    assert response.context["near_me"].points_in_range == points_in_range
    html = response.content.decode()
    assert 'id="near-me-empty"' in html and 'href="/display-points/"' in html
    if points_in_range:
        assert "1 display point lies within 5 km of you, but it does not stock" in html
    else:
        assert "No display point with a known location lies within 25 km of you" in html
    assert "No products match your search" not in html


def test_near_me_that_finds_products_lists_them_without_the_explanation(client, shelf):
    response = client.get("/search/?near=21.0285,105.8542&radius_km=5")
    assert response.context["near_me"] is None
    assert 'id="near-me-empty"' not in response.content.decode()
