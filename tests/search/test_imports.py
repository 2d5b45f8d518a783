"""An imported product list is searchable at once: one re-index task after the import's commit
(Elasticsearch), and the database backend's caches (typo vocabulary, producer suggestions) renewed."""

from __future__ import annotations

from functools import partial

import pytest
from django_tasks.signals import task_enqueued
from oscar.core.loading import get_model

from catalog.importers import DataImportError, products_import
from catalog.importers.tables import Upload
from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend
from search.models import IndexOutbox
from search.receivers import outbox, search_updates_paused
from tests.factories.lists import FORMER_NAME, HONEY, UNRATED_UNSOLD, csv_bytes, xlsx_bytes

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

LIST = Upload("list.xlsx", xlsx_bytes([HONEY, UNRATED_UNSOLD, FORMER_NAME]))


def reindex_batches(callbacks) -> set[int]:
    """The index outbox rows whose tasks the captured on-commit callbacks would enqueue."""
    return {id(cb.args[1]) for cb in callbacks if isinstance(cb, partial) and cb.func.__self__ is outbox}


@pytest.fixture
def enqueued():
    """The search tasks enqueued while the test runs."""
    found = []

    def collect(sender, task_result, **kwargs) -> None:
        found.append(task_result)

    task_enqueued.connect(collect)
    yield found
    task_enqueued.disconnect(collect)


def test_an_import_queues_one_reindex_of_every_product_and_new_producer(
    settings, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # queued only: the callbacks are not run

    with django_capture_on_commit_callbacks() as callbacks:
        products_import(LIST)

    assert len(reindex_batches(callbacks)) == 1
    [work] = IndexOutbox.objects.values_list("work", flat=True)  # one row for the whole list
    assert work["products"] == sorted(Product.objects.values_list("pk", flat=True))
    assert work["producers"] == sorted(Partner.objects.values_list("pk", flat=True))


def test_an_unchanged_reimport_queues_nothing(settings, django_capture_on_commit_callbacks):
    products_import(LIST)
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    with django_capture_on_commit_callbacks() as callbacks:
        products_import(LIST)

    assert reindex_batches(callbacks) == set()


def test_a_refused_list_queues_nothing(settings, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(DataImportError),
    ):
        products_import(Upload("list.csv", csv_bytes([HONEY, {**FORMER_NAME, "stars": "2"}])))

    assert reindex_batches(callbacks) == set()


def test_a_demo_load_inside_paused_updates_queues_nothing(settings, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    with django_capture_on_commit_callbacks() as callbacks, search_updates_paused():
        products_import(LIST, demo=True)

    assert reindex_batches(callbacks) == set()


def test_the_database_search_finds_imported_products_with_a_typo_and_suggests_their_producers():
    backend = DatabaseBackend()
    assert backend.search(SearchQuery(text="vai thieu")).total == 0  # reads the typo vocabulary
    assert backend.suggest("cong ty tnhh vai") == []  # reads the producer names

    products_import(LIST)

    assert [p.title for p in backend.search(SearchQuery(text="vai thieeu")).hits] == [FORMER_NAME["name_vi"]]
    assert [s.text for s in backend.suggest("cong ty tnhh vai") if s.kind == "producer"] == [
        FORMER_NAME["producer"]
    ]


def test_imported_products_are_in_elasticsearch_right_after_the_import(
    search_alias, enqueued, django_capture_on_commit_callbacks
):
    from search.backends.elasticsearch import ElasticsearchBackend, es_client
    from search.indexing import index_rebuild

    index_rebuild(alias=search_alias)

    with django_capture_on_commit_callbacks(execute=True):
        products_import(LIST)

    assert [result.task.name for result in enqueued] == ["search_index_update"]
    es_client().indices.refresh(index=search_alias)
    found = ElasticsearchBackend(index=search_alias).search(SearchQuery(text="mat ong hoa nhan thu nghiem"))
    assert [p.title for p in found.hits] == [HONEY["name_vi"]]
    assert ElasticsearchBackend(index=search_alias).search(SearchQuery(text="Bac Giang")).total == 1
