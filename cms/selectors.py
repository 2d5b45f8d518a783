"""Reads for the content pages: fair and story listings, a fair's stalls, and the pages that feature
a product or a producer (content ↔ commerce), each in a fixed number of queries."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Page, ReferenceIndex

from catalog import selectors as catalog_selectors

from .models import FairIndexPage, FairPage, StoryIndexPage, StoryPage

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")

PER_PAGE = 12
HOME_FAIRS = 4
HOME_STORIES = 3
FEATURING_LIMIT = 6
FEED_LIMIT = 500


# ---------------------------------------------------------------- fairs
def _fairs(index: FairIndexPage | None = None) -> QuerySet:
    fairs = FairPage.objects.live().select_related("province", "image")
    return fairs.child_of(index) if index is not None else fairs


def _not_over(today: datetime.date) -> Q:
    """Fairs still to come or under way: not ended yet (a one-day fair ends on its start date)."""
    return Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)


def _upcoming_first(fairs: QuerySet, today: datetime.date) -> QuerySet:
    """Upcoming and current fairs by start date, then past ones newest first (undated ones last);
    each fair carries `is_past`."""
    return fairs.annotate(
        is_past=Case(
            When(_not_over(today), then=Value(False)), default=Value(True), output_field=BooleanField()
        ),
        upcoming_start=Case(When(is_past=False, then=F("start_date"))),
    ).order_by("is_past", "upcoming_start", F("start_date").desc(nulls_last=True), "title", "pk")


def fairs_upcoming(
    *,
    today: datetime.date,
    index: FairIndexPage | None = None,
    limit: int | None = None,
    dated_only: bool = False,
) -> list[FairPage]:
    """Live fairs that have not ended, soonest first."""
    fairs = _fairs(index).filter(_not_over(today))
    if dated_only:
        fairs = fairs.filter(start_date__isnull=False)
    return list(fairs.order_by("start_date", "title", "pk")[: limit or FEED_LIMIT])


def fair_list(
    *,
    index: FairIndexPage,
    today: datetime.date,
    province: str | None = None,
    month: datetime.date | None = None,
    page: Any = None,
) -> PaginatorPage:
    """One page (12) of the fairs index: upcoming first, then past; filtered by province code and by
    the month a fair overlaps. A page number out of range or not a number gives the last or first page."""
    fairs = _fairs(index)
    if province:
        fairs = fairs.filter(province__code=province)
    if month:
        first = month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        fairs = fairs.annotate(last_day=Coalesce("end_date", "start_date")).filter(
            start_date__lte=last, last_day__gte=first
        )
    return Paginator(_upcoming_first(fairs, today), PER_PAGE).get_page(page)


def fair_map_url(*, fair: FairPage) -> str:
    """OpenStreetMap at the fair's coordinates, else a search for its address; '' when neither."""
    if fair.has_coordinates:
        lat, lon = f"{fair.latitude:.6f}", f"{fair.longitude:.6f}"
        return f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
    if fair.address_line:
        return "https://www.openstreetmap.org/search?query=" + quote(f"{fair.address_line}, Việt Nam")
    return ""


@dataclass
class Stall:
    producer: Any
    products: list = field(default_factory=list)


def fair_stalls(*, fair: FairPage) -> list[Stall]:
    """Participating producers in the editor's order, each with its products on show; a product
    whose producer was not listed brings its producer's stall in after them."""
    participants = fair.participants.select_related("producer__province").order_by("sort_order", "pk")
    stalls = {row.producer_id: Stall(row.producer) for row in participants}
    product_ids = list(fair.fair_products.order_by("sort_order", "pk").values_list("product_id", flat=True))
    orphans: list = []
    for product in catalog_selectors.product_list_for_cards(ids=product_ids):
        if product.producer_id is None:
            orphans.append(product)
            continue
        stalls.setdefault(product.producer_id, Stall(product.producer)).products.append(product)
    result = list(stalls.values())
    if orphans:
        result.append(Stall(None, orphans))
    return result


# ---------------------------------------------------------------- stories
def _stories(index: StoryIndexPage | None = None) -> QuerySet:
    stories = (
        StoryPage.objects.live()
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-first_published_at", "-pk")
    )
    return stories.child_of(index) if index is not None else stories


def story_list(*, index: StoryIndexPage, kind: str = "", page: Any = None) -> PaginatorPage:
    """One page (12) of stories and news, newest first, of one kind when given."""
    stories = _stories(index)
    if kind:
        stories = stories.filter(kind=kind)
    return Paginator(stories, PER_PAGE).get_page(page)


def stories_latest(*, limit: int = HOME_STORIES) -> list[StoryPage]:
    return list(_stories()[:limit])


def story_products(*, story: StoryPage) -> list:
    """The story's related products, then those embedded in its body, once each, ready for cards."""
    ids = [row.product_id for row in story.related_products.all()]
    ids += story.body_product_ids()
    return catalog_selectors.product_list_for_cards(ids=list(dict.fromkeys(ids)))


# ---------------------------------------------------------------- content ↔ commerce
def _content_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def _pages_referencing(targets: Q) -> set[int]:
    """Ids of pages whose saved (live) content chooses one of `targets`: a chooser field, an inline
    row or a StreamField block, as recorded by Wagtail's reference index."""
    rows = ReferenceIndex.objects.filter(targets, base_content_type=_content_type(Page))
    return {int(object_id) for object_id in rows.values_list("object_id", flat=True).distinct()}


@dataclass
class Featuring:
    stories: list = field(default_factory=list)
    fairs: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.stories or self.fairs)


def featuring(*, product: Any = None, producer: Any = None, limit: int = FEATURING_LIMIT) -> Featuring:
    """Published stories and fairs that feature a product, or a producer (its stall or any of its
    products): four queries, whatever the number of pages."""
    targets = Q(pk__in=[])
    if product is not None:
        targets |= Q(to_content_type=_content_type(Product), to_object_id=str(product.pk))
    if producer is not None:
        own_products = Product.objects.filter(producer=producer).annotate(key=Cast("pk", CharField()))
        targets |= Q(to_content_type=_content_type(Partner), to_object_id=str(producer.pk))
        targets |= Q(to_content_type=_content_type(Product), to_object_id__in=own_products.values("key"))
    ids = _pages_referencing(targets)
    if not ids:
        return Featuring()
    return Featuring(
        stories=list(_stories().filter(pk__in=ids)[:limit]),
        fairs=list(_upcoming_first(_fairs().filter(pk__in=ids), timezone.localdate())[:limit]),
    )


# ---------------------------------------------------------------- home
def index_pages(*, home: Page) -> dict[str, Page]:
    """The live fairs and stories indexes under the home page, by kind: one query."""
    kinds = {
        _content_type(FairIndexPage).pk: "fairs_index",
        _content_type(StoryIndexPage).pk: "stories_index",
    }
    children = home.get_children().live().filter(content_type_id__in=kinds)
    return {kinds[child.content_type_id]: child for child in children}


def home_sections(*, page) -> dict[str, Any]:
    """Featured products (curated, else the newest 5★), sectors, provinces, upcoming fairs and the
    latest stories."""
    curated = [row.product_id for row in page.featured.all()]
    featured = (
        catalog_selectors.product_list_for_cards(ids=curated)
        if curated
        else catalog_selectors.product_list_for_cards(stars=5, limit=8)
    )
    return {
        "featured_products": featured,
        "featured_curated": bool(curated),
        "sectors": list(Category.get_root_nodes().filter(is_public=True)),
        "provinces": catalog_selectors.province_list_with_counts(),
        "upcoming_fairs": fairs_upcoming(today=timezone.localdate(), limit=HOME_FAIRS),
        "latest_stories": stories_latest(),
        **index_pages(home=page),
    }
