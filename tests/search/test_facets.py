"""Facet vocabularies are cleared when a category or province is saved, and again after the commit."""

from __future__ import annotations

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


def test_a_process_reads_the_shared_vocabulary_once_per_local_seconds(monkeypatch):
    province("01")
    clock = [1000.0]
    monkeypatch.setattr(facets.time, "monotonic", lambda: clock[0])
    first = facet_choices()
    # Another server renames a province: the shared cache holds its vocabulary...
    cache.set(KEY, {**first, "province": [("01", "Hà Nội mới", 0)]})

    clock[0] += facets.LOCAL_SECONDS / 2
    assert facet_choices() is first  # ...this process keeps its own a little longer,

    clock[0] += facets.LOCAL_SECONDS
    assert facet_choices()["province"] == [("01", "Hà Nội mới", 0)]  # ...then reads it.


def test_a_change_made_in_this_process_is_read_at_once():
    row = province("01")
    facet_choices()
    row.name = "Tên mới"
    row.save()
    assert any("Tên mới" in label for _value, label, _depth in facet_choices()["province"])
