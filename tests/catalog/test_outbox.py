"""One outbox row per transaction, merged; a full row makes way for another."""

from __future__ import annotations

import pytest
from django.db import transaction
from oscar.core.loading import get_model

from catalog import outbox as outbox_module
from catalog.outbox import work_merge
from catalog.search_texts import outbox, search_texts_outbox_drain

SearchTextOutbox = get_model("catalogue", "SearchTextOutbox")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_never_run(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_work_merges_id_lists_once_each_and_flags_or_ed():
    assert work_merge({"products": [3, 1], "provinces": True}, {"products": [2, 3], "producers": []}) == {
        "products": [1, 2, 3],
        "provinces": True,
    }
    assert work_merge({}, {"provinces": False, "products": []}) == {}


def test_notes_of_one_transaction_share_a_row_until_it_is_full(monkeypatch):
    monkeypatch.setattr(outbox_module, "ROW_IDS", 3)
    with transaction.atomic():
        outbox.note(producers=[1, 2])
        outbox.note(producers=[2, 3])  # merged: 3 ids, the row is now full
        outbox.note(provinces=[7])

    works = sorted(SearchTextOutbox.objects.values_list("work", flat=True), key=str)
    assert works == [{"producers": [1, 2, 3]}, {"provinces": [7]}]


def test_nothing_to_do_writes_no_row():
    outbox.note(producers=[], provinces=[])

    assert not SearchTextOutbox.objects.exists()
    assert search_texts_outbox_drain() == (0, 0)
