"""Wagtail pages under the indexes that exist after `migrate`: `parent.add_child(instance=…)` helpers,
published with a revision unless asked otherwise (wagtail-factories is not installed)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from cms.models import (
    FairIndexPage,
    FairPage,
    FairProducer,
    FairProduct,
    StoryIndexPage,
    StoryPage,
    StoryProduct,
)


def days(n: int) -> datetime.date:
    """Today (Vietnam time) plus `n` days."""
    return timezone.localdate() + datetime.timedelta(days=n)


def _publish(page, live: bool):
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page


def fair_page(
    title: str = "Hội chợ OCOP",
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    producers: Iterable[Any] = (),
    products: Iterable[Any] = (),
    live: bool = True,
    **fields: Any,
) -> FairPage:
    """A fair under the fairs index, starting in 10 days for 4 days unless told otherwise."""
    start = start if start is not None or "dates_note" in fields else days(10)
    end = end if end is not None or start is None else start + datetime.timedelta(days=4)
    fair = FairPage(title=title, start_date=start, end_date=end, **fields)
    fair.participants = [FairProducer(producer=producer) for producer in producers]
    fair.fair_products = [FairProduct(product=product) for product in products]
    FairIndexPage.objects.get().add_child(instance=fair)
    return _publish(fair, live)


def story_page(
    title: str = "Câu chuyện sản phẩm",
    *,
    body: list[dict] | None = None,
    products: Iterable[Any] = (),
    live: bool = True,
    **fields: Any,
) -> StoryPage:
    """A story (or news item, `kind=StoryPage.Kind.NEWS`) under the stories index."""
    story = StoryPage(title=title, body=json.dumps(body or []), **fields)
    story.related_products = [StoryProduct(product=product) for product in products]
    StoryIndexPage.objects.get().add_child(instance=story)
    return _publish(story, live)


def product_block(product) -> dict:
    return {"type": "product", "value": {"product": product.pk}}


def stall_block(producer) -> dict:
    return {"type": "stall", "value": {"producer": producer.pk}}
