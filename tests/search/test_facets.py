"""Facet vocabularies are cleared when a category or province is saved, and again after the commit."""

from __future__ import annotations

import pytest
from django.core.cache import cache

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
