"""Keeping `Product.search_text` true to the names it is made of.

A product's search text holds its title, its producer's name and its province's current and
former names (catalog.services.product_search_text). `Product.save` writes it; when a producer is
renamed, or a province or one of its former names changes, the texts of all their products are
recomputed here — in one task after the commit, since a province has hundreds of products — and
`products_imported` is sent for the ones that changed, so the search app re-indexes them and both
backends find the new names. The rename notes its producers and provinces in an outbox row of its
own transaction (catalog.outbox), which the task deletes as it writes the texts: a crash between
the commit and the task leaves the row for the next task or `search_outbox_drain`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django_tasks import task
from oscar.core.loading import get_model

from .outbox import TransactionOutbox, Work, outbox_drain
from .services import product_place_names, product_search_text
from .signals import products_imported

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
SearchTextOutbox = get_model("catalogue", "SearchTextOutbox")

BATCH = 1000


def search_texts_refresh(*, producer_ids: Iterable[int] = (), province_ids: Iterable[int] = ()) -> list[int]:
    """Recompute the search text of these producers' and provinces' products; write and announce
    the ones that changed. Returns their ids."""
    producer_ids, province_ids = sorted(set(producer_ids)), sorted(set(province_ids))
    if not producer_ids and not province_ids:
        return []
    products = (
        Product.objects.filter(Q(producer_id__in=producer_ids) | Q(province_id__in=province_ids))
        .select_related("producer", "province", "province_old")
        .prefetch_related("province__former_names")
        .only("pk", "title", "search_text", "producer__name", "province__name", "province_old__name")
        .order_by("pk")
    )
    changed = []
    for product in products.iterator(chunk_size=BATCH):
        text = product_search_text(
            title=product.title,
            producer_name=product.producer.name if product.producer_id else "",
            province_names=product_place_names(
                product.province.search_names() if product.province_id else (),
                product.province_old.name if product.province_old_id else "",
            ),
        )
        if text != product.search_text:
            product.search_text = text
            changed.append(product)
    with transaction.atomic():
        Product.objects.bulk_update(changed, ["search_text"], batch_size=BATCH)
        ids = [product.pk for product in changed]
        if ids:
            products_imported.send(sender=Product, product_ids=ids, producer_ids=[])
    return ids


def search_texts_outbox_drain() -> tuple[int, int]:
    """Recompute the texts the search-text outbox asks for; each round's writes and the delete of
    its rows are one transaction. Returns (rows drained, product texts rewritten)."""
    rows = rewritten = 0
    for taken, ids in outbox_drain(SearchTextOutbox, _refresh_work):
        rows, rewritten = rows + taken, rewritten + len(ids)
    return rows, rewritten


def _refresh_work(work: Work) -> list[int]:
    return search_texts_refresh(
        producer_ids=work.get("producers", ()), province_ids=work.get("provinces", ())
    )


@task()
def search_texts_refresh_task() -> int:
    """Drain the search-text outbox (enqueued after each commit that wrote to it)."""
    return search_texts_outbox_drain()[1]


outbox = TransactionOutbox(SearchTextOutbox, after_commit=lambda: search_texts_refresh_task.enqueue())


def _refresh_after_commit(*, producer_ids: Iterable[int] = (), province_ids: Iterable[int] = ()) -> None:
    """Note the work in this transaction's outbox row; the task runs once it commits."""
    outbox.note(producers=list(producer_ids), provinces=list(province_ids))


def _renamed(instance: Any, *fields: str) -> bool:
    """Whether saving `instance` changes these fields of its row (a new row changes nothing yet)."""
    if instance.pk is None:
        return False
    before = type(instance).objects.filter(pk=instance.pk).values_list(*fields).first()
    return before is not None and before != tuple(getattr(instance, name) for name in fields)


def _note(instance: Any, **ids: Iterable[int]) -> None:
    """Remember on the instance what its save renames: the old row is read before the save, the
    refresh is asked for after it (_saved), when the new name is in the row. Outside a transaction
    an on-commit callback runs at once: from pre_save it would read the old name."""
    instance._search_texts_renamed = ids


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    ids = instance.__dict__.pop("_search_texts_renamed", None)
    if ids and not raw:
        _refresh_after_commit(**ids)


def _producer_saving(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and _renamed(instance, "name"):
        _note(instance, producer_ids=[instance.pk])


def _province_saving(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and _renamed(instance, "name"):
        _note(instance, province_ids=[instance.pk])


def _former_name_saving(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A former name added, renamed or moved to another province: both provinces' products."""
    if raw:
        return
    before = (
        sender.objects.filter(pk=instance.pk).values_list("province_id", "name").first()
        if instance.pk
        else None
    )
    if before != (instance.province_id, instance.name):
        _note(instance, province_ids={instance.province_id, *(before[:1] if before else ())})


def _former_name_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_after_commit(province_ids=[instance.province_id])


def receivers_connect() -> None:
    """Called from CatalogueConfig.ready."""
    uid = "catalog-search-text"
    pre_save.connect(_producer_saving, sender=Partner, dispatch_uid=f"{uid}-producer")
    pre_save.connect(_province_saving, sender=Province, dispatch_uid=f"{uid}-province")
    pre_save.connect(_former_name_saving, sender=ProvinceFormerName, dispatch_uid=f"{uid}-former-name")
    post_delete.connect(_former_name_deleted, sender=ProvinceFormerName, dispatch_uid=f"{uid}-former-name")
    for model in (Partner, Province, ProvinceFormerName):
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-{model.__name__}-saved")
