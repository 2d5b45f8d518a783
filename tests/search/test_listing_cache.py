"""Listing pages' answers from Elasticsearch kept in the cache under the catalogue version: read
once, and never kept past a change the index has taken."""

from __future__ import annotations

import pytest

from search.backends.elasticsearch import es_client
from search.catalogue_version import catalogue_version, catalogue_version_bump
from search.indexing import index_rebuild
from search.tasks import index_outbox_drain
from tests.factories import sellable_product

pytestmark = pytest.mark.django_db


def titles(client, path: str) -> list[str]:
    return [product.title for product in client.get(path).context["products"]]


def test_a_listing_is_answered_from_the_cache_until_the_catalogue_version_changes(client, search_alias):
    honey = sellable_product(title="Mật ong hoa nhãn")
    sellable_product(title="Chè Shan tuyết")
    index_rebuild(alias=search_alias)
    first = titles(client, "/catalogue/?sort=price_asc")
    # Behind the application's back: only a version bump makes the listing ask the index again.
    es_client().delete(index=search_alias, id=str(honey.pk), refresh=True)
    kept = titles(client, "/catalogue/?sort=price_asc")
    catalogue_version_bump()
    asked_again = titles(client, "/catalogue/?sort=price_asc")

    assert sorted(first) == sorted(kept) == ["Chè Shan tuyết", "Mật ong hoa nhãn"]
    assert asked_again == ["Chè Shan tuyết"]


def test_each_page_sort_and_language_is_kept_apart(client, search_alias, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 1
    sellable_product(title="Mật ong hoa nhãn", price=95_000)
    sellable_product(title="Chè Shan tuyết", price=150_000)
    index_rebuild(alias=search_alias)

    assert titles(client, "/catalogue/?sort=price_asc") == ["Mật ong hoa nhãn"]
    assert titles(client, "/catalogue/?sort=price_desc") == ["Chè Shan tuyết"]
    assert titles(client, "/catalogue/?sort=price_asc&page=2") == ["Chè Shan tuyết"]
    english = client.get("/catalogue/?sort=price_asc&lang=en").context["facets"]["stars"]
    assert [value.label for value in english] == ["5 stars", "4 stars", "3 stars"]


def test_a_listing_asked_between_a_rename_and_its_re_indexing_is_not_kept_past_it(
    client, search_alias, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # re-index later
    honey = sellable_product(title="Mật ong hoa nhãn")
    index_rebuild(alias=search_alias)
    with django_capture_on_commit_callbacks(execute=True):
        honey.title = "Mật ong rừng U Minh"
        honey.save()
    meanwhile = titles(client, "/search/?q=rung+u+minh")  # the index still has the old title
    index_outbox_drain()
    after = titles(client, "/search/?q=rung+u+minh")

    assert (meanwhile, after) == ([], ["Mật ong rừng U Minh"])


def test_a_rebuild_makes_listings_ask_the_index_again(client, search_alias):
    sellable_product(title="Mật ong hoa nhãn")
    index_rebuild(alias=search_alias)
    before = catalogue_version()
    index_rebuild(alias=search_alias)

    assert catalogue_version() != before
