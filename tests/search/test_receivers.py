"""Saves queue re-indexing after commit, except inside a bulk load that ends with a rebuild."""

import pytest

from search.receivers import PendingChanges, search_updates_paused
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def reindex_batches(callbacks) -> set[int]:
    """The distinct batches the captured on-commit callbacks would send."""
    return {id(cb.__self__) for cb in callbacks if getattr(cb, "__func__", None) is PendingChanges.send}


@pytest.fixture
def elasticsearch_configured(settings):
    # Only the queueing is under test: the callbacks are captured, never run.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"


def test_saving_a_product_queues_one_reindex_after_commit(
    elasticsearch_configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        ProductFactory(title="Mật ong hoa nhãn")

    assert len(reindex_batches(callbacks)) == 1


def test_saves_inside_a_paused_bulk_load_queue_nothing(
    elasticsearch_configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, search_updates_paused():
        ProductFactory(title="Mật ong hoa nhãn")
        ProductFactory(title="Chè Thái Nguyên")

    assert reindex_batches(callbacks) == set()
