"""Facet vocabularies are cleared when a category or province is saved, and again after the commit."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from django.core.cache import cache

from search import facets
from search.facets import facet_choices
from tests.factories import category, province

pytestmark = pytest.mark.django_db

KEY = "search:facet-choices:vi"


@pytest.mark.parametrize(
    ("facet", "reference_row"),
    [("category", lambda: category("I.2.b")), ("province", lambda: province("01"))],
    ids=["category", "province"],
)
def test_a_rename_clears_the_facet_vocabulary_again_after_its_commit(
    facet, reference_row, django_capture_on_commit_callbacks
):
    row = reference_row()
    facet_choices()
    with django_capture_on_commit_callbacks(execute=True):
        row.name = "Tên mới"
        row.save()
        assert cache.get(KEY) is None
        # Another server reads the old rows before this transaction commits, and caches them.
        cache.set(KEY, {"stale": []})

    assert cache.get(KEY) is None
    assert any("Tên mới" in label for _value, label, _depth in facet_choices()[facet])


def test_a_process_holds_its_vocabulary_while_the_token_stays_the_same():
    province("01")
    first = facet_choices()
    assert facet_choices() is first  # held: not read from the shared cache again

    # Another server renames a province: it clears the token and the shared vocabularies, and
    # caches the new one when it next reads it.
    cache.delete(facets.TOKEN_KEY)
    cache.set(KEY, {**first, "province": [("01", "Hà Nội mới", 0)]})

    assert facet_choices()["province"] == [("01", "Hà Nội mới", 0)]


def test_a_request_reads_the_token_once_and_no_vocabulary(client):
    province("01")
    client.get("/api/search/?q=ha+noi")  # the vocabularies are held from here on
    reads = []
    real_get = cache.get

    def counted(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    with patch.object(cache, "get", counted):
        assert client.get("/api/search/?q=ha+noi&province=01").status_code == 200

    assert reads.count(facets.TOKEN_KEY) == 1
    assert not [key for key in reads if key.startswith(("search:facet-choices", facets.PLACES_KEY))]


def test_a_change_made_in_this_process_is_read_at_once():
    row = province("01")
    facet_choices()
    row.name = "Tên mới"
    row.save()
    assert any("Tên mới" in label for _value, label, _depth in facet_choices()["province"])
