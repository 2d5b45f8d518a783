"""Template tags of the content pages, also loaded by the shop's product and stall pages
(`{% load cms_tags %}`): the shop never imports cms, its templates ask cms for the content."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import template

from catalog.structured_data import Crumb, home_crumbs

from .. import selectors

register = template.Library()


@register.filter
def date_range(start: datetime.date | None, end: datetime.date | None = None) -> str:
    """`12/12/2025`, `12–16/12/2025`, `28/11–02/12/2025`, `28/12/2025–03/01/2026`."""
    if not start:
        return ""
    if not end or end == start:
        return start.strftime("%d/%m/%Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{end:%d/%m/%Y}"
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


@register.simple_tag(takes_context=True)
def page_crumbs(context: template.Context, page: Any) -> list[Crumb]:
    """A page's breadcrumb trail: Home, its ancestors below the home page, the page itself."""
    request = context.get("request")
    steps = [Crumb(a.title, a.get_url(request)) for a in page.get_ancestors() if a.depth > 2]
    return home_crumbs(*steps, Crumb(page.title, page.get_url(request)))


@register.simple_tag
def featuring(*, product: Any = None, producer: Any = None) -> selectors.Featuring:
    """The published stories and fairs that feature a product or a producer."""
    return selectors.featuring(product=product, producer=producer)


@register.filter
def card_for(cards_by_id: dict | None, obj: Any) -> Any:
    """The object loaded for cards with the same primary key as `obj` (None when absent)."""
    return (cards_by_id or {}).get(getattr(obj, "pk", None))


@dataclass(frozen=True)
class Pager:
    """What components/pagination.html reads: the page, the number of pages and the page links."""

    page: int
    num_pages: int
    page_range: list[int | None]


@register.simple_tag
def pager(page: Any) -> Pager:
    """A paginator page as components/pagination.html wants it: 1 … 4 5 [6] 7 8 … 20 (None marks a gap)."""
    paginator = page.paginator
    window = [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pager(page.number, paginator.num_pages, window)
