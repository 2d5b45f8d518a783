"""The search API answers the same JSON from either backend: Elasticsearch from the cards kept in
its documents (no model instance, no database query for the hits), the database from models."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import ProductImageFactory

from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.indexing import index_rebuild
from search.models import IndexOutbox
from tests.factories import PartnerFactory, ProductFactory, category, province, sellable_product

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")

URL = "/api/search/"
QUERIES = [
    {},
    {"q": "mat ong"},
    {"sort": "price_asc"},
    {"sort": "stars", "page_size": 2, "page": 2},
    {"sort": "newest", "status": ["expired", "unknown"]},
    {"province": ["33", "79"], "sort": "price_desc"},
    {"category": "thuc-pham", "lang": "en"},
]


@pytest.fixture
def stock():
    today = timezone.localdate()
    cooperative = PartnerFactory(name="HTX Ong mật Hưng Yên", kind="cooperative", province=province("33"))
    household = PartnerFactory(name="Hộ Bà Tư", kind="", province=province("79"))
    honey = sellable_product(
        title="Mật ong hoa nhãn",
        price=185000,
        stars=5,
        province=province("33"),
        producer=cooperative,
        categories=[category("I"), category("I.2.b")],
        certified_on=None,
        expires_on=today + datetime.timedelta(days=400),
    )
    ProductImageFactory(product=honey, display_order=1)
    ProductImageFactory(product=honey, display_order=0)
    sauce = sellable_product(
        title="Nước mắm Cần Giờ",
        price=95000,
        stars=3,
        province=province("79"),
        producer=household,
        categories=[category("I.4.a")],
        certified_on=None,
        expires_on=today - datetime.timedelta(days=1),
    )
    ProductImageFactory(product=sauce)
    sellable_product(
        title="Mật ong rừng U Minh",
        price=240000,
        stars=4,
        province=province("79"),
        producer=PartnerFactory(name="Công ty Ong U Minh", kind="enterprise", province=province("79")),
        categories=[category("I.2.b")],
        certified_on=None,
        expires_on=today + datetime.timedelta(days=20),
    )
    ProductFactory(
        title="Giỏ mây tre đan",
        stars=None,
        province=None,
        producer=None,
        categories=[],
        certified_on=None,
        expires_on=None,
    )


@pytest.mark.parametrize("params", QUERIES)
def test_both_backends_answer_the_same_results(client, settings, search_alias, stock, params):
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = None
    from_database = client.get(URL, params).json()
    settings.ELASTICSEARCH_URL = url
    assert index_rebuild(alias=search_alias).bulk.failed == 0
    from_index = client.get(URL, params).json()

    assert (from_database["backend"], from_index["backend"]) == ("database", "elasticsearch")
    assert from_database["results"], "the query finds something"
    assert from_index["results"] == from_database["results"]
    assert from_index["total"] == from_database["total"]


def test_the_index_answers_cards_without_any_database_query(search_alias, stock, django_assert_num_queries):
    assert index_rebuild(alias=search_alias).bulk.failed == 0
    backend = ElasticsearchBackend(index=search_alias)
    backend.search_cards(SearchQuery())  # the facet vocabularies come from the cache from now on

    with django_assert_num_queries(0):
        results = backend.search_cards(SearchQuery(sort="price_asc"))

    # Expired certificates last, as in every sort; no price last among the others.
    assert [card["price"] for card in results.hits] == [185000, 240000, None, 95000]


def test_a_product_image_saved_or_deleted_notes_its_product(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    product = ProductFactory(title="Mật ong hoa nhãn")
    IndexOutbox.objects.all().delete()

    image = ProductImageFactory(product=product)
    assert [row["products"] for row in IndexOutbox.objects.values_list("work", flat=True)] == [[product.pk]]
    IndexOutbox.objects.all().delete()

    image.delete()
    assert [row["products"] for row in IndexOutbox.objects.values_list("work", flat=True)] == [[product.pk]]


def test_an_index_built_before_cards_is_answered_from_the_database(client, search_alias, stock, caplog):
    """A deploy answers correctly between its migration and its `search_rebuild_index`."""
    assert index_rebuild(alias=search_alias).bulk.failed == 0
    backend = ElasticsearchBackend(index=search_alias)
    hit = backend.client.search(index=search_alias, query={"term": {"kind": "product"}}, size=1)["hits"][
        "hits"
    ][0]
    old = {key: value for key, value in hit["_source"].items() if key != "card"}
    backend.client.index(index=hit["_index"], id=hit["_id"], document=old, refresh=True)

    response = client.get(URL)

    assert (response.status_code, response.json()["backend"]) == (200, "database")
    assert len(response.json()["results"]) == 4
    assert "run search_rebuild_index" in caplog.text


def test_the_database_keeps_a_pages_cards_until_the_catalogue_changes(
    settings, stock, django_assert_num_queries
):
    settings.ELASTICSEARCH_URL = None
    backend = DatabaseBackend()
    first = backend.search_cards(SearchQuery(sort="price_asc"))

    with django_assert_num_queries(0):
        again = backend.search_cards(SearchQuery(sort="price_asc"))
    honey = Product.objects.get(title="Mật ong hoa nhãn")
    honey.title = "Mật ong hoa nhãn Khoái Châu"
    honey.save()
    after = backend.search_cards(SearchQuery(sort="price_asc"))

    assert again.hits == first.hits
    assert [card["title"] for card in after.hits][0] == "Mật ong hoa nhãn Khoái Châu"
