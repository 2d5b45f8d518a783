"""Search fixtures: `backend` runs a behavioural test against the database and against Elasticsearch.

Elasticsearch indexes get this session's unique prefix and are deleted when the session ends."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone

from search.backends.base import SearchBackend, SearchQuery, SearchResults, Suggestion
from search.backends.database import DatabaseBackend
from tests.factories import PartnerFactory, ProductFactory, category, province, sellable_product


@dataclass
class BackendUnderTest:
    """A backend and how to make it see the database as it is now."""

    name: str
    backend: SearchBackend
    sync: Callable[[], None]

    def search(self, query: SearchQuery) -> SearchResults:
        return self.backend.search(query)

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        return self.backend.suggest(text, limit)

    def refresh(self) -> None:
        """(Re)index the current database state; nothing to do for the database backend."""
        self.sync()


@pytest.fixture(autouse=True)
def search_isolated(settings) -> None:
    """No test reaches a cluster's real alias by accident: Elasticsearch is off unless a fixture
    below (or the test) points the settings at an alias of its own."""
    settings.ELASTICSEARCH_URL = None


def indexes_delete(url: str, pattern: str) -> None:
    """Delete the indexes matching `pattern` (the cluster refuses wildcard deletes)."""
    from search.backends.elasticsearch import es_client

    client = es_client(url)
    names = list(client.indices.get(index=pattern, allow_no_indices=True, expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture(scope="session")
def search_index_prefix(elasticsearch_url: str) -> Iterator[str]:
    """A prefix of this session's aliases and indexes; any index left under it goes at the end."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield prefix
    indexes_delete(elasticsearch_url, f"{prefix}-*")


@pytest.fixture
def search_alias(settings, elasticsearch_url: str, search_index_prefix: str) -> Iterator[str]:
    """Point the settings at the test cluster and at an alias of this test's own (deleted after)."""
    alias = f"{search_index_prefix}-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX = alias
    yield alias
    indexes_delete(elasticsearch_url, f"{alias}*")


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, db) -> BackendUnderTest:
    if request.param == "database":
        return BackendUnderTest("database", DatabaseBackend(), lambda: None)
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.indexing import index_rebuild

    alias = request.getfixturevalue("search_alias")

    def rebuild() -> None:
        report = index_rebuild(alias=alias)
        assert report.bulk.failed == 0, report.lines()

    rebuild()
    return BackendUnderTest("elasticsearch", ElasticsearchBackend(index=alias), rebuild)


@pytest.fixture
def shelf(backend):
    """Five products across stars, provinces, categories, producer types, prices and certificates."""
    today = timezone.localdate()
    enterprise = PartnerFactory(name="Công ty Trà Shan Tuyết", kind="enterprise", province=province("15"))
    household = PartnerFactory(name="Hộ kinh doanh Bà Tư", kind="household", province=province("79"))
    products = {
        "tea": sellable_product(
            title="Chè Thái Nguyên",
            price=150000,
            stars=4,
            province=province("15"),
            producer=enterprise,
            categories=[category("II.2.a")],
            certified_on=None,
            expires_on=today + datetime.timedelta(days=400),
        ),
        "honey": sellable_product(
            title="Mật ong hoa nhãn",
            price=95000,
            stars=5,
            province=province("01"),
            categories=[category("I.2.b")],
            certified_on=None,
            expires_on=today + datetime.timedelta(days=30),
        ),
        "fish_sauce": sellable_product(
            title="Nước mắm Cần Giờ",
            price=100000,
            stars=3,
            province=province("79"),
            producer=household,
            categories=[category("I.4.a")],
            certified_on=None,
            expires_on=today - datetime.timedelta(days=1),
        ),
        "rice": sellable_product(
            title="Gạo nếp cái hoa vàng",
            price=650000,
            stars=4,
            province=province("01"),
            categories=[category("I.2.a")],
            certified_on=None,
            expires_on=today + datetime.timedelta(days=800),
        ),
        "basket": ProductFactory(
            title="Giỏ mây tre đan",
            stars=None,
            province=province("79"),
            producer=household,
            categories=[category("IV.1")],
            certified_on=None,
            expires_on=None,
        ),
    }
    backend.refresh()
    return products
