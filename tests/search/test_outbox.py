"""Re-indexing survives a crash between the commit and the task: the work waits in the outboxes
until a task or `search_outbox_drain` does it, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend, es_client
from search.indexing import index_rebuild
from search.models import IndexOutbox
from tests.factories import PartnerFactory, sellable_product

SearchTextOutbox = get_model("catalogue", "SearchTextOutbox")

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_never_run(settings):
    """A task backend that keeps what is enqueued and runs nothing: a crash after the commit."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def drain() -> str:
    out = io.StringIO()
    call_command("search_outbox_drain", stdout=out)
    return out.getvalue().strip()


def found(alias: str, text: str) -> tuple[list[str], list[str]]:
    """Titles found by Elasticsearch and by the database."""
    es_client().indices.refresh(index=alias)
    query = SearchQuery(text=text)
    return (
        [hit.title for hit in ElasticsearchBackend(index=alias).search(query).hits],
        [hit.title for hit in DatabaseBackend().search(query).hits],
    )


def test_a_rename_whose_tasks_never_ran_is_searchable_after_a_drain(
    search_alias, tasks_never_run, django_capture_on_commit_callbacks
):
    alpha = PartnerFactory(name="HTX Alpha")
    sellable_product(title="Mật ong rừng", producer=alpha)
    index_rebuild(alias=search_alias)
    with django_capture_on_commit_callbacks(execute=True):
        alpha.name = "HTX Omega Bravo"
        alpha.save()

    assert SearchTextOutbox.objects.count() == 1 and IndexOutbox.objects.count() == 1
    assert found(search_alias, "omega bravo") == ([], [])

    summary = drain()

    assert summary.startswith("Search texts: 1 outbox rows, 1 products rewritten. Index: 2 outbox rows")
    assert found(search_alias, "omega bravo") == (["Mật ong rừng"], ["Mật ong rừng"])
    assert found(search_alias, "alpha") == ([], [])
    assert not SearchTextOutbox.objects.exists() and not IndexOutbox.objects.exists()
    assert drain() == (
        "Search texts: 0 outbox rows, 0 products rewritten. Index: 0 outbox rows, 0 documents sent."
    )


def test_a_drain_that_cannot_reach_elasticsearch_keeps_the_rows(
    settings, search_alias, tasks_never_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        product = sellable_product(title="Chè Thái Nguyên")
    work = IndexOutbox.objects.get().work
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(CommandError, match="outbox rows are kept"):
        drain()

    assert IndexOutbox.objects.get().work == work
    assert product.pk in work["products"]


def test_without_elasticsearch_the_drain_still_fixes_search_texts(
    tasks_never_run, django_capture_on_commit_callbacks
):
    alpha = PartnerFactory(name="HTX Alpha")
    sellable_product(title="Mật ong rừng", producer=alpha)
    with django_capture_on_commit_callbacks(execute=True):
        alpha.name = "HTX Omega Bravo"
        alpha.save()

    assert drain() == (
        "Search texts: 1 outbox rows, 1 products rewritten. "
        "Index: ELASTICSEARCH_URL is not set, nothing to re-index."
    )
    assert [hit.title for hit in DatabaseBackend().search(SearchQuery(text="omega bravo")).hits] == [
        "Mật ong rừng"
    ]
    assert not IndexOutbox.objects.exists()
