"""Saves note re-indexing in the transaction's outbox row, except inside a bulk load that ends
with a rebuild, and without an index."""

from functools import partial

import pytest

from search.models import IndexOutbox
from search.receivers import outbox, search_updates_paused
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def reindex_batches(callbacks) -> set[int]:
    """The outbox rows whose tasks the captured on-commit callbacks would enqueue."""
    return {id(cb.args[1]) for cb in callbacks if isinstance(cb, partial) and cb.func.__self__ is outbox}


@pytest.fixture
def elasticsearch_configured(settings):
    # Only the noting is under test: the task backend keeps the tasks and runs none.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_saving_products_in_one_transaction_notes_one_row_and_one_task_after_commit(
    elasticsearch_configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        honey = ProductFactory(title="Mật ong hoa nhãn")
        tea = ProductFactory(title="Chè Thái Nguyên")

    [work] = IndexOutbox.objects.values_list("work", flat=True)
    assert work["products"] == sorted([honey.pk, tea.pk])
    assert set(work["producers"]) == {honey.producer_id, tea.producer_id}
    assert len(reindex_batches(callbacks)) == 1


def test_saves_inside_a_paused_bulk_load_note_nothing(elasticsearch_configured):
    with search_updates_paused():
        ProductFactory(title="Mật ong hoa nhãn")
        ProductFactory(title="Chè Thái Nguyên")

    assert not IndexOutbox.objects.exists()


def test_without_elasticsearch_nothing_is_noted(settings):
    ProductFactory(title="Mật ong hoa nhãn")

    assert not IndexOutbox.objects.exists()
