"""The search JSON API: response shape, parameters, errors that name the parameter, query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.test.factories import ProductImageFactory

from tests.factories import (
    DisplayPointFactory,
    PartnerFactory,
    ProductFactory,
    category,
    province,
    sellable_product,
)

pytestmark = pytest.mark.django_db

URL = "/api/search/"
SUGGEST_URL = "/api/search/suggest/"
# Total, ids, the listing and its 3 prefetches, category counts, one aggregate of the other facets'
# counts per distinct set of selections (2 with stars and price selected); "near" reads the display
# points and their stock instead of the total.
API_QUERIES = 10


@pytest.fixture
def shelf():
    today = timezone.localdate()
    producer = PartnerFactory(name="HTX Ong mật Hưng Yên", kind="cooperative", province=province("33"))
    honey = sellable_product(
        title="Mật ong hoa nhãn",
        price=185000,
        stars=5,
        province=province("33"),
        producer=producer,
        categories=[category("I.2.b")],
        certified_on=None,
        expires_on=today + datetime.timedelta(days=400),
    )
    ProductImageFactory(product=honey)
    tea = ProductFactory(
        title="Chè Shan tuyết",
        stars=4,
        province=province("08"),
        producer=None,
        categories=[category("II.2.a")],
        certified_on=None,
        expires_on=None,
    )
    return {"honey": honey, "tea": tea, "producer": producer}


def get(client, url: str = URL, **params):
    return client.get(url, params)


def test_a_search_answers_the_documented_shape(client, shelf):
    response = get(client, q="mat ong")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    body = response.json()
    assert list(body) == ["total", "page", "page_size", "backend", "results", "facets"]
    assert (body["total"], body["page"], body["page_size"], body["backend"]) == (1, 1, 24, "database")
    honey, producer = shelf["honey"], shelf["producer"]
    assert body["results"] == [
        {
            "id": honey.pk,
            "title": "Mật ong hoa nhãn",
            "url": honey.get_absolute_url(),
            "stars": 5,
            "province": {"code": "33", "name": "Hưng Yên"},
            "category": {"slug": category("I.2.b").slug, "name": category("I.2.b").name},
            "producer": {
                "name": "HTX Ong mật Hưng Yên",
                "type": "cooperative",
                "url": producer.get_absolute_url(),
            },
            "price": 185000,
            "currency": "VND",
            "image": honey.primary_image().original.url,
            "certificate_status": "valid",
        }
    ]
    assert body["results"][0]["image"].startswith("/media/")
    assert list(body["facets"]) == ["stars", "province", "category", "producer_type", "price", "status"]
    assert body["facets"]["stars"] == [
        {"value": "5", "label": "5 sao", "count": 1, "selected": False},
        {"value": "4", "label": "4 sao", "count": 0, "selected": False},
        {"value": "3", "label": "3 sao", "count": 0, "selected": False},
    ]
    assert {v["value"]: v["count"] for v in body["facets"]["price"]} == {
        "0-100000": 0,
        "100000-200000": 1,
        "200000-500000": 0,
        "500000-1000000": 0,
        "1000000-": 0,
    }


def test_unknown_producer_price_and_image_are_null(client, shelf):
    tea = get(client, q="che shan").json()["results"][0]

    assert (tea["producer"], tea["price"], tea["currency"], tea["image"]) == (None, None, None, None)
    assert tea["certificate_status"] == "unknown"
    assert "distance_km" not in tea


def test_a_repeated_facet_parameter_selects_several_values(client, shelf):
    body = client.get(f"{URL}?stars=5&stars=4&province=33&province=08").json()

    assert body["total"] == 2
    assert [(v["value"], v["selected"]) for v in body["facets"]["stars"]] == [
        ("5", True),
        ("4", True),
        ("3", False),
    ]
    assert {v["value"] for v in body["facets"]["province"] if v["selected"]} == {"33", "08"}


@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({"price": "100000-200000"}, 1),
        ({"price_min": "185000", "price_max": "185000"}, 1),
        ({"price_min": "185001"}, 0),
        ({"status": "unknown"}, 1),
        ({"producer_type": "cooperative"}, 1),
        ({"q": "ong mat"}, 1),
        ({"q": "mat ong", "stars": "4"}, 0),
    ],
)
def test_filters_narrow_the_total(client, shelf, params, total):
    assert get(client, **params).json()["total"] == total


def test_a_category_filter_by_sector_slug(client, shelf):
    assert get(client, category=category("II").slug).json()["total"] == 1


def test_pages_and_page_size(client, shelf):
    first = get(client, page_size="1", sort="stars").json()
    second = get(client, page_size="1", page="2", sort="stars").json()

    assert (first["page"], first["page_size"], first["total"]) == (1, 1, 2)
    titles = [r["title"] for r in first["results"] + second["results"]]
    assert titles == ["Mật ong hoa nhãn", "Chè Shan tuyết"]


def test_a_page_past_the_end_is_a_400_naming_the_last_page(client, shelf):
    response = get(client, page="9")

    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
    assert "1" in response.json()["error"]


def test_unknown_parameters_are_ignored(client, shelf):
    response = get(client, colour="xanh", utm_source="zalo")

    assert (response.status_code, response.json()["total"]) == (200, 2)


def test_near_adds_the_distance_and_sorts_by_it(client, shelf):
    DisplayPointFactory(latitude=Decimal("20.6460"), longitude=Decimal("106.0511"), products=[shelf["honey"]])

    body = get(client, near="20.65,106.05", radius_km="10", sort="distance").json()

    assert body["total"] == 1
    assert body["results"][0]["distance_km"] == 0.5
    assert get(client, near="21.03,105.85").json()["total"] == 0  # 25 km by default


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("stars=7", "stars"),
        ("stars=5&stars=2", "stars"),
        ("province=99", "province"),
        ("category=khong-co", "category"),
        ("producer_type=factory", "producer_type"),
        ("price=1-2", "price"),
        ("status=fake", "status"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=two", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("near=here", "near"),
        ("near=21.03", "near"),
        ("near=91,105", "near"),
        ("near=21,181", "near"),
        ("near=21,105&radius_km=0", "radius_km"),
        ("near=21,105&radius_km=501", "radius_km"),
        ("near=21,105&radius_km=far", "radius_km"),
        ("sort=cheapest", "sort"),
        ("sort=distance", "sort"),
        ("price_min=200000&price_max=100000", "price_min"),
        ("price_min=-1", "price_min"),
        ("price_max=1000000001", "price_max"),
        ("price_max=1e5", "price_max"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, shelf, query, parameter):
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["error", "parameter"]
    assert body["parameter"] == parameter
    assert body["error"]


def test_errors_are_in_vietnamese(client, shelf):
    body = get(client, price_min="200000", price_max="100000").json()

    assert body["error"] == "Giá thấp nhất không được cao hơn giá cao nhất."


def test_suggest_answers_products_producers_and_provinces(client, shelf):
    response = get(client, SUGGEST_URL, q="hung y")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.json() == {
        "suggestions": [
            {"text": "HTX Ong mật Hưng Yên", "kind": "producer", "url": shelf["producer"].get_absolute_url()},
            {"text": "Hưng Yên", "kind": "province", "url": province("33").get_absolute_url()},
        ]
    }
    assert get(client, SUGGEST_URL, q="mat on").json()["suggestions"] == [
        {"text": "Mật ong hoa nhãn", "kind": "product", "url": shelf["honey"].get_absolute_url()}
    ]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "zzzz"}])
def test_suggest_without_text_or_match_is_empty(client, shelf, params):
    assert get(client, SUGGEST_URL, **params).json() == {"suggestions": []}


def test_the_api_answers_get_only(client, shelf):
    assert client.post(URL).status_code == 405


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", ["", "q=che", "stars=4&price=0-100000", "near=21.03,105.85&sort=distance"])
def test_query_count_does_not_grow_with_page_size(client, django_assert_max_num_queries, query):
    producer = PartnerFactory()
    products = [
        sellable_product(title=f"Chè đặc sản số {n}", price=50000 + n, stars=4, producer=producer)
        for n in range(50)
    ]
    for product in products[::2]:
        ProductImageFactory(product=product)
    DisplayPointFactory(products=products)
    url = f"{URL}?{query}&" if query else f"{URL}?"
    client.get(f"{url}page_size=1")  # warm per-process caches, as on a running site

    with django_assert_max_num_queries(API_QUERIES):
        small = client.get(f"{url}page_size=12")
    with django_assert_max_num_queries(API_QUERIES):
        large = client.get(f"{url}page_size=48")

    assert (len(small.json()["results"]), len(large.json()["results"])) == (12, 48)
    assert queries_for(client, f"{url}page_size=12") == queries_for(client, f"{url}page_size=48")
