"""Product.search_text follows the names it is made of: producer and province renames."""

from __future__ import annotations

import pytest
from django_tasks.signals import task_enqueued
from oscar.core.loading import get_model

from catalog.search_texts import search_texts_refresh
from tests.factories import PartnerFactory, ProductFactory, province

Product = get_model("catalogue", "Product")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshes():
    """The search-text tasks enqueued, as (producer ids, province ids)."""
    seen = []

    def collect(sender, task_result, **kwargs) -> None:
        if task_result.task.name == "search_texts_refresh_task":
            seen.append(tuple(task_result.args))

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

    assert refreshes == [([alpha.pk], [])]
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

    assert sorted(refreshes[-1][1]) == sorted([hanoi.pk, hue.pk])
    assert " ke cho " not in Product.objects.get(pk=in_hanoi.pk).search_text
    assert " ke cho " in Product.objects.get(pk=in_hue.pk).search_text


def test_an_unchanged_text_is_not_written_again(django_assert_num_queries):
    producer = PartnerFactory(name="HTX Alpha")
    ProductFactory(producer=producer)
    assert search_texts_refresh(producer_ids=[producer.pk]) == []
