"""Product.search_text follows the names it is made of: producer and province renames."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks.signals import task_enqueued
from oscar.core.loading import get_model

from catalog.search_texts import search_texts_outbox_drain, search_texts_refresh
from tests.factories import PartnerFactory, ProductFactory, province

Product = get_model("catalogue", "Product")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
SearchTextOutbox = get_model("catalogue", "SearchTextOutbox")

pytestmark = pytest.mark.django_db


def pending() -> list[dict]:
    """The work in the search-text outbox."""
    return list(SearchTextOutbox.objects.values_list("work", flat=True))


@pytest.fixture
def refreshes():
    """The search-text tasks enqueued, each as the outbox's work when it was enqueued."""
    seen = []

    def collect(sender, task_result, **kwargs) -> None:
        if task_result.task.name == "search_texts_refresh_task":
            seen.append(pending())

    task_enqueued.connect(collect)
    yield seen
    task_enqueued.disconnect(collect)


def test_renaming_a_producer_rewrites_its_products_texts_after_the_commit(
    refreshes, django_capture_on_commit_callbacks
):
    alpha = PartnerFactory(name="HTX Alpha")
    mine = [ProductFactory(title=f"Mật ong {n}", producer=alpha) for n in range(3)]
    other = ProductFactory(title="Chè", producer=PartnerFactory(name="HTX Khác"))
    with django_capture_on_commit_callbacks(execute=True):
        alpha.name = "HTX Omega Bravo"
        alpha.save()
        assert "alpha" in Product.objects.get(pk=mine[0].pk).search_text  # not before the commit

    assert refreshes == [[{"producers": [alpha.pk]}]]
    assert pending() == []  # the task deleted the row it did
    for product in mine:
        text = Product.objects.get(pk=product.pk).search_text
        assert " omega bravo " in text and "alpha" not in text
    assert Product.objects.get(pk=other.pk).search_text == other.search_text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rename_saved_outside_a_transaction_rewrites_the_texts_with_the_new_name():
    """Oscar's dashboard saves in autocommit, where an on-commit callback runs at once: the refresh
    must be asked for after the row holds the new name, not before the save."""
    alpha = PartnerFactory(name="HTX Alpha")
    product = ProductFactory(title="Mật ong", producer=alpha)

    alpha.name = "HTX Omega Bravo"
    alpha.save()

    text = Product.objects.get(pk=product.pk).search_text
    assert " omega bravo " in text and "alpha" not in text


def test_a_save_that_renames_nothing_enqueues_nothing(refreshes, django_capture_on_commit_callbacks):
    producer = PartnerFactory(name="HTX Alpha")
    with django_capture_on_commit_callbacks(execute=True):
        producer.phone = "0912345678"
        producer.save()
        province("01").save()
        PartnerFactory(name="HTX Mới")
    assert refreshes == []


def test_a_former_name_moved_between_provinces_rewrites_both(refreshes, django_capture_on_commit_callbacks):
    hanoi, hue = province("01"), province("46")
    in_hanoi, in_hue = ProductFactory(province=hanoi), ProductFactory(province=hue)
    former = ProvinceFormerName.objects.create(province=hanoi, name="Kẻ Chợ")
    search_texts_refresh(province_ids=[hanoi.pk])
    assert " ke cho " in Product.objects.get(pk=in_hanoi.pk).search_text

    with django_capture_on_commit_callbacks(execute=True):
        former.province = hue
        former.save()

    assert refreshes[-1] == [{"provinces": sorted([hanoi.pk, hue.pk])}]
    assert " ke cho " not in Product.objects.get(pk=in_hanoi.pk).search_text
    assert " ke cho " in Product.objects.get(pk=in_hue.pk).search_text


def test_an_unchanged_text_is_not_written_again(django_assert_num_queries):
    producer = PartnerFactory(name="HTX Alpha")
    ProductFactory(producer=producer)
    assert search_texts_refresh(producer_ids=[producer.pk]) == []


# ---------------------------------------------------------------- the outbox


@pytest.fixture
def tasks_never_run(settings):
    """A task backend that keeps what is enqueued and runs nothing: a crash after the commit."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_rename_whose_task_never_runs_leaves_its_work_in_the_outbox(
    tasks_never_run, django_capture_on_commit_callbacks
):
    alpha = PartnerFactory(name="HTX Alpha")
    product = ProductFactory(title="Mật ong", producer=alpha, province=province("01"))
    with django_capture_on_commit_callbacks(execute=True):
        alpha.name = "HTX Omega Bravo"
        alpha.save()
        # Another rename in the same transaction: the same one row.
        ProvinceFormerName.objects.create(province=province("46"), name="Kẻ Chợ")

    assert pending() == [{"producers": [alpha.pk], "provinces": [province("46").pk]}]
    assert "alpha" in Product.objects.get(pk=product.pk).search_text

    call_command("search_outbox_drain", stdout=(out := io.StringIO()))

    assert out.getvalue().startswith("Search texts: 1 outbox rows, 1 products rewritten.")
    assert " omega bravo " in Product.objects.get(pk=product.pk).search_text
    assert pending() == []
    call_command("search_outbox_drain", stdout=(again := io.StringIO()))
    assert again.getvalue().startswith("Search texts: 0 outbox rows, 0 products rewritten.")


def test_a_rolled_back_rename_writes_nothing_to_the_outbox(tasks_never_run):
    alpha = PartnerFactory(name="HTX Alpha")
    with pytest.raises(RuntimeError), transaction.atomic():
        alpha.name = "HTX Omega Bravo"
        alpha.save()
        raise RuntimeError

    assert pending() == []


def test_a_rename_rolled_back_to_a_savepoint_leaves_the_rest_of_the_transaction(
    tasks_never_run, django_capture_on_commit_callbacks
):
    first, second, third = (PartnerFactory(name=f"HTX {n}") for n in ("Một", "Hai", "Ba"))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first.name = "HTX Một Mới"
        first.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            second.name = "HTX Hai Mới"
            second.save()
            raise RuntimeError
        third.name = "HTX Ba Mới"
        third.save()

    # Ids noted before the rollback may be done again, never lost: the row holds first and third.
    [work] = pending()
    assert {first.pk, third.pk} <= set(work["producers"])


def test_a_savepoint_that_wrote_the_row_rolls_it_back_and_the_next_rename_begins_another(
    tasks_never_run, django_capture_on_commit_callbacks
):
    first, second = PartnerFactory(name="HTX Một"), PartnerFactory(name="HTX Hai")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            first.name = "HTX Một Mới"
            first.save()
            raise RuntimeError
        second.name = "HTX Hai Mới"
        second.save()

    assert pending() == [{"producers": [second.pk]}]


def test_two_drains_do_the_work_once(tasks_never_run, django_capture_on_commit_callbacks):
    alpha = PartnerFactory(name="HTX Alpha")
    ProductFactory(producer=alpha)
    with django_capture_on_commit_callbacks(execute=True):
        alpha.name = "HTX Omega"
        alpha.save()

    assert search_texts_outbox_drain() == (1, 1)
    assert search_texts_outbox_drain() == (0, 0)
