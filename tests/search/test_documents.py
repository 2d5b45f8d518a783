"""Index documents read for a set of product ids: exactly those products, in a constant number of
queries whatever the ids look like (runs of consecutive ids are read as ranges)."""

from __future__ import annotations

import pytest

from search.indexing import IDS_PER_QUERY, product_documents
from tests.factories import sellable_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def products() -> list[int]:
    return [sellable_product(title=f"Trà Shan tuyết lô {n}").pk for n in range(12)]


@pytest.mark.parametrize(
    "picked",
    [
        pytest.param(range(12), id="one run"),
        pytest.param([0, 1, 2, 3, 5, 8, 9, 11], id="runs, a pair and singletons"),
        pytest.param([1, 4, 7, 10], id="singletons"),
        pytest.param([], id="none"),
    ],
)
def test_the_documents_of_the_ids_asked_for_and_no_others(products, picked, django_assert_num_queries):
    ids = [products[i] for i in picked]
    # rows, former names, provinces, categories, producers, prices, images, links, display points;
    # with no product found there is no producer to read.
    queries = 9 if ids else 8
    with django_assert_num_queries(queries):
        docs = dict(product_documents([*ids, max(products) + 1000]))  # an id that is no product
    assert sorted(int(doc_id) for doc_id in docs) == sorted(ids)
    assert all(doc["title"].startswith("Trà Shan tuyết") for doc in docs.values())


def test_provinces_and_categories_are_read_once_for_many_chunks(
    products, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("search.indexing.IDS_PER_QUERY", 5)
    assert IDS_PER_QUERY > 5  # the real chunk is larger: this test makes three of twelve ids
    # each further chunk: rows, producers, prices, images, links, display points
    with django_assert_num_queries(9 + 2 * 6):
        docs = dict(product_documents(products))
    assert len(docs) == 12
