"""The Elasticsearch index lifecycle: rebuilds behind an alias, re-indexing after commits, outages."""

from __future__ import annotations

import logging
import re
import threading
from decimal import Decimal
from functools import partial
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks.signals import task_enqueued
from oscar.core.loading import get_model

from search import indexing
from search.backends import FallbackBackend, get_backend
from search.backends.base import GeoPoint, SearchQuery, Suggestion
from search.backends.elasticsearch import ElasticsearchBackend, es_client
from search.indexing import index_rebuild, index_update
from search.models import IndexOutbox
from search.receivers import outbox
from tests.factories import (
    CategoryFactory,
    DisplayPointFactory,
    PartnerFactory,
    ProductFactory,
    StockRecordFactory,
    category,
    sellable_product,
)

DisplayPoint = get_model("displays", "DisplayPoint")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(search_alias, elasticsearch_url):
    return es_client(elasticsearch_url)


def product_doc_ids(es, alias: str) -> set[str]:
    es.indices.refresh(index=alias)
    found = es.search(index=alias, query={"term": {"kind": "product"}}, size=1000, source=False)
    return {hit["_id"] for hit in found["hits"]["hits"]}


def indexes_of(es, alias: str) -> set[str]:
    return {name for name in es.indices.get(index=f"{alias}-*") if re.fullmatch(rf"{alias}-\d{{20}}", name)}


def found(text: str = "", **query) -> list[str]:
    return [product.title for product in ElasticsearchBackend().search(SearchQuery(text=text, **query)).hits]


# ---------------------------------------------------------------- rebuild


def test_a_rebuild_fills_a_new_index_swaps_the_alias_and_deletes_the_old_one(es, search_alias):
    products = ProductFactory.create_batch(3)
    first_out, second_out = StringIO(), StringIO()

    call_command("search_rebuild_index", stdout=first_out, verbosity=0)
    first = set(es.indices.get_alias(name=search_alias))
    call_command("search_rebuild_index", stdout=second_out, verbosity=0)
    second = set(es.indices.get_alias(name=search_alias))

    assert len(first) == len(second) == 1
    assert first != second
    assert indexes_of(es, search_alias) == second  # the first version is gone
    assert product_doc_ids(es, search_alias) == {str(product.pk) for product in products}
    assert re.search(r"\(\d+ producer, 3 product, \d+ province\)", second_out.getvalue())
    assert ", 0 errors" in second_out.getvalue()
    assert f"alias {search_alias} -> {second.pop()}; deleted {first.pop()}" in second_out.getvalue()


def test_searches_keep_answering_during_rebuilds(es, search_alias):
    ProductFactory.create_batch(30)
    index_rebuild(alias=search_alias)
    answers: list[int] = []
    failures: list[Exception] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                answers.append(es.count(index=search_alias, query={"term": {"kind": "product"}})["count"])
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(error)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            assert index_rebuild(alias=search_alias).swapped
    finally:
        stop.set()
        searcher.join()

    assert failures == []
    assert len(answers) > 10
    assert set(answers) == {30}


def test_bulk_errors_fail_the_rebuild_and_leave_the_alias_alone(es, search_alias):
    ProductFactory.create_batch(2)
    index_rebuild(alias=search_alias)
    before = set(es.indices.get_alias(name=search_alias))
    broken = ProductFactory(title="Toạ độ sai")
    DisplayPointFactory(products=[broken])
    # The form refuses a latitude of 95; the column does not, and neither may the rebuild.
    DisplayPoint.objects.update(latitude=Decimal("95"))
    out = StringIO()

    with pytest.raises(CommandError, match="1 documents failed to index; the alias was not swapped"):
        call_command("search_rebuild_index", stdout=out, verbosity=0)

    assert ", 1 errors" in out.getvalue()
    assert re.search(rf"index {broken.pk}: 400 .*latitude", out.getvalue())
    assert set(es.indices.get_alias(name=search_alias)) == before
    assert indexes_of(es, search_alias) == before


def test_a_rebuild_needs_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = None

    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("search_rebuild_index", verbosity=0)


def test_generating_a_catalogue_ends_with_a_rebuild(es, search_alias):
    out = StringIO()

    call_command("ocop_generate_catalog", products=5, no_images=True, stdout=out, verbosity=0)

    assert "5 product" in out.getvalue()
    assert f"alias {search_alias} -> " in out.getvalue()
    assert len(product_doc_ids(es, search_alias)) == Product.objects.count() == 5


def test_the_search_page_answers_from_elasticsearch(es, search_alias, client):
    ProductFactory(title="Mật ong rừng U Minh")
    index_rebuild(alias=search_alias)

    response = client.get(reverse("search:search"), {"q": "mat ong u minh"})

    assert response.status_code == 200
    assert response.context["results"].backend == "elasticsearch"
    assert "Mật ong rừng U Minh" in response.content.decode()


# ---------------------------------------------------------------- re-index after commit


def test_a_saved_product_is_re_indexed_after_the_commit(es, search_alias, django_capture_on_commit_callbacks):
    product = ProductFactory(title="Mật ong rừng")
    index_rebuild(alias=search_alias)

    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Mật ong bạc hà"
        product.save()
        es.indices.refresh(index=search_alias)
        assert found("bac ha") == []  # not before the commit

    es.indices.refresh(index=search_alias)
    assert found("bac ha") == ["Mật ong bạc hà"]
    assert found("rung") == []


def test_one_task_re_indexes_all_changes_of_a_transaction(
    es, search_alias, django_capture_on_commit_callbacks
):
    products = ProductFactory.create_batch(3)
    index_rebuild(alias=search_alias)
    enqueued = []

    def collect(sender, task_result, **kwargs) -> None:
        enqueued.append(task_result)

    task_enqueued.connect(collect)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for product in products:
                product.title = f"{product.title} mới"
                product.save()
            StockRecordFactory(product=products[0], price=Decimal("77000"))
    finally:
        task_enqueued.disconnect(collect)

    assert [result.task.name for result in enqueued] == ["search_index_update"]
    assert enqueued[0].return_value["rows"] == 1  # the transaction's one outbox row
    assert not IndexOutbox.objects.exists()
    es.indices.refresh(index=search_alias)
    assert len(found("moi")) == 3
    assert found(price_max=80000) == [products[0].title]


def test_a_price_change_is_re_indexed(es, search_alias, django_capture_on_commit_callbacks):
    product = sellable_product(title="Cà phê Robusta", price=90000)
    index_rebuild(alias=search_alias)

    with django_capture_on_commit_callbacks(execute=True):
        record = product.stockrecords.get()
        record.price = Decimal("250000")
        record.save()

    es.indices.refresh(index=search_alias)
    assert found(filters={"price": ("200000-500000",)}) == ["Cà phê Robusta"]


def test_a_renamed_producer_re_indexes_its_products_and_suggestion(
    es, search_alias, django_capture_on_commit_callbacks
):
    producer = PartnerFactory(name="Hợp tác xã Chè Tân Cương")
    ProductFactory(title="Chè búp", producer=producer)
    index_rebuild(alias=search_alias)

    with django_capture_on_commit_callbacks(execute=True):
        producer.name = "Hợp tác xã Trà Hảo Đạt"
        producer.save()

    es.indices.refresh(index=search_alias)
    assert found("hao dat") == ["Chè búp"]
    assert found("tan cuong") == []
    suggestions = ElasticsearchBackend().suggest("hop tac xa tra")
    assert Suggestion("Hợp tác xã Trà Hảo Đạt", "producer", producer.get_absolute_url()) in suggestions
    assert ElasticsearchBackend().suggest("hop tac xa che tan") == []


def test_a_moved_display_point_re_indexes_the_products_it_stocks(
    es, search_alias, django_capture_on_commit_callbacks
):
    product = ProductFactory(title="Ô mai")
    point = DisplayPointFactory(latitude=Decimal("10.776"), longitude=Decimal("106.700"), products=[product])
    index_rebuild(alias=search_alias)
    hanoi = {"near": GeoPoint(21.0285, 105.8542), "radius_km": 10}
    assert found(**hanoi) == []

    with django_capture_on_commit_callbacks(execute=True):
        point.latitude, point.longitude = Decimal("21.03"), Decimal("105.85")
        point.save()
    es.indices.refresh(index=search_alias)
    assert found(**hanoi) == ["Ô mai"]

    with django_capture_on_commit_callbacks(execute=True):
        point.products.remove(product)
    es.indices.refresh(index=search_alias)
    assert found(**hanoi) == []


def test_a_renamed_category_re_indexes_its_products(es, search_alias, django_capture_on_commit_callbacks):
    sector = CategoryFactory(code="T.1", name="Nhóm thử", slug="nhom-thu")
    ProductFactory(title="Sản phẩm thử", categories=[sector])
    index_rebuild(alias=search_alias)

    with django_capture_on_commit_callbacks(execute=True):
        sector.slug = "nhom-moi"
        sector.save()

    es.indices.refresh(index=search_alias)
    assert found(scope={"category": ("nhom-moi",)}) == ["Sản phẩm thử"]
    assert found(scope={"category": ("nhom-thu",)}) == []


@pytest.mark.parametrize("change", ["delete", "hide"])
def test_a_deleted_or_hidden_product_leaves_the_index(
    es, search_alias, django_capture_on_commit_callbacks, change
):
    product, other = ProductFactory.create_batch(2)
    pk = product.pk
    index_rebuild(alias=search_alias)

    with django_capture_on_commit_callbacks(execute=True):
        if change == "delete":
            product.delete()
        else:
            product.is_public = False
            product.save()

    assert product_doc_ids(es, search_alias) == {str(other.pk)}
    assert not es.exists(index=search_alias, id=str(pk))


def test_an_update_across_chunks_indexes_the_browsable_and_deletes_the_rest(es, search_alias, monkeypatch):
    """Documents stream from the database in id order, a chunk at a time, matched to the ids asked
    for: hidden and deleted products among them, at chunk edges, each get a delete, and no other."""
    monkeypatch.setattr(indexing, "IDS_PER_QUERY", 2)
    monkeypatch.setattr(indexing, "BULK_CHUNK", 3)
    products = ProductFactory.create_batch(7)
    ids = [product.pk for product in products]
    index_rebuild(alias=search_alias)
    Product.objects.filter(pk__in=[ids[1], ids[2]]).update(is_public=False)
    Product.objects.filter(pk=ids[4]).delete()
    Product.objects.filter(pk=ids[5]).update(title="Mắm tôm Hậu Lộc")

    report = index_update(product_ids=[*reversed(ids), ids[0]], alias=search_alias)

    assert report.sent == 7
    assert product_doc_ids(es, search_alias) == {str(ids[0]), str(ids[3]), str(ids[5]), str(ids[6])}
    assert es.get(index=search_alias, id=str(ids[5]))["_source"]["title"] == "Mắm tôm Hậu Lộc"


def test_without_elasticsearch_saves_queue_nothing(settings, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = None

    with django_capture_on_commit_callbacks() as callbacks:
        product = ProductFactory(categories=[category("I.2.b")])
        StockRecordFactory(product=product)
        DisplayPointFactory(products=[product])

    assert not IndexOutbox.objects.exists()
    assert [c for c in callbacks if isinstance(c, partial) and c.func.__self__ is outbox] == []


# ---------------------------------------------------------------- outage


@pytest.fixture
def outage(settings):
    """Elasticsearch configured at a port where nothing listens."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX = "ocop-outage"
    FallbackBackend._resting.clear()
    yield
    FallbackBackend._resting.clear()


def test_an_unreachable_cluster_answers_from_the_database_with_a_warning(outage, caplog):
    ProductFactory(title="Mật ong rừng U Minh")

    with caplog.at_level(logging.WARNING, logger="search.backends"):
        results = get_backend().search(SearchQuery(text="mat ong"))

    assert results.backend == "database"
    assert [product.title for product in results.hits] == ["Mật ong rừng U Minh"]
    assert "elasticsearch search failed (ConnectionError" in caplog.text
    assert "answering from database" in caplog.text


def test_suggestions_come_from_the_database_during_an_outage(outage):
    product = ProductFactory(title="Mật ong rừng U Minh")

    suggestions = get_backend().suggest("mat ong r")

    assert Suggestion("Mật ong rừng U Minh", "product", product.get_absolute_url()) in suggestions


def test_the_search_page_answers_during_an_outage(outage, client):
    ProductFactory(title="Mật ong rừng U Minh")

    response = client.get(reverse("search:search"), {"q": "mat ong"})

    assert response.status_code == 200
    assert "Mật ong rừng U Minh" in response.content.decode()


def test_a_missing_index_answers_from_the_database(es, settings, caplog):
    settings.ELASTICSEARCH_INDEX = "test-no-such-alias"
    ProductFactory(title="Mật ong rừng U Minh")

    with caplog.at_level(logging.WARNING, logger="search.backends"):
        results = get_backend().search(SearchQuery(text="mat ong"))

    assert results.backend == "database"
    assert "NotFoundError" in caplog.text


def test_a_save_during_an_outage_still_succeeds(outage, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = ProductFactory(title="Lưu khi mất kết nối")

    assert Product.objects.filter(pk=product.pk).exists()


def test_a_rebuild_during_an_outage_exits_non_zero(outage):
    with pytest.raises(CommandError, match="Elasticsearch at http://127.0.0.1:9 failed"):
        call_command("search_rebuild_index", verbosity=0)
