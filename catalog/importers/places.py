"""The places importer: display points (điểm giới thiệu và bán sản phẩm OCOP) and fairs.

Columns are those of `catalog/data/ocop-places.csv`. `kind=display_point` rows become
`displays.DisplayPoint`; every other kind (fair, event…) a published `cms.FairPage` under the
fairs index. Matched by slug; coordinates are never invented.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from ..utils import slugify
from .base import ImportSummary, Progress, ProvinceResolver, RowErrors, csv_rows, no_progress
from .demo import key_random

if TYPE_CHECKING:
    from cms.models import FairIndexPage
    from shop.displays.models import DisplayPoint

    from ..models import Province
    from .base import Report

COLUMNS = (
    "kind",
    "name",
    "province_old",
    "province_new",
    "address",
    "start_date",
    "end_date",
    "organizer",
    "details",
    "source",
)
LIMITS = {"name": 255, "address": 255, "organizer": 255, "source": 500, "start_date": 64}
DISPLAY_POINT = "display_point"
ASSORTMENT_SIZE = 30
SLUG_LENGTH = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PlaceRow:
    row: int
    kind: str
    name: str
    slug: str
    province: Province
    values: dict[str, str]
    start_date: datetime.date | None
    end_date: datetime.date | None

    @property
    def dates_note(self) -> str:
        """The dates as announced, when they are not plain ISO dates (e.g. "(28/11)", "2021")."""
        raw = [self.values["start_date"], self.values["end_date"]]
        if all(not value or _ISO_DATE.match(value) for value in raw):
            return ""
        return " – ".join(value for value in raw if value)[:255]


def place_slug(name: str) -> str:
    """A readable slug cut at a word boundary."""
    slug = slugify(name)
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def places_validate(path: Path) -> list[PlaceRow]:
    errors = RowErrors(path.name)
    provinces = ProvinceResolver()
    fair_index = _fair_index()
    rows: list[PlaceRow] = []
    seen: dict[str, int] = {}
    for number, values in csv_rows(path, COLUMNS):
        parsed = _row_parse(number, values, errors, provinces)
        if parsed is None:
            continue
        if parsed.kind != DISPLAY_POINT and fair_index is None:
            errors.add(number, "kind", _("there is no fairs index page to publish this under"))
        if parsed.slug in seen:
            errors.add(number, "name", _("same address (slug) as row %(row)d") % {"row": seen[parsed.slug]})
        seen.setdefault(parsed.slug, number)
        rows.append(parsed)
    errors.raise_if_any()
    return rows


def _row_parse(
    number: int, values: dict[str, str], errors: RowErrors, provinces: ProvinceResolver
) -> PlaceRow | None:
    before = len(errors.errors)

    def report(field_name: str, message: str) -> None:
        errors.add(number, field_name, message)

    errors.check_length(number, values, LIMITS)
    if not values["kind"]:
        report("kind", _("a kind is required (display_point, fair, event…)"))
    slug = place_slug(values["name"])
    if not slug:
        report("name", _("a name is required"))
    province = provinces.resolve(new=values["province_new"], old=values["province_old"], report=report)
    start = _date(values["start_date"], "start_date", report)
    end = _date(values["end_date"], "end_date", report)
    if start and end and end < start:
        report("end_date", _("is before the start date"))
    if len(errors.errors) > before:
        return None
    return PlaceRow(number, values["kind"], values["name"], slug, province, values, start, end)


def _date(value: str, field_name: str, report: Report) -> datetime.date | None:
    """An ISO date, or None: other announced forms ("2017-09", "(28/11)") are kept as text."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        report(field_name, _("“%(value)s” is not a valid date") % {"value": value})
        return None


def places_import(path: Path, *, demo: bool = False, progress: Progress = no_progress) -> ImportSummary:
    """Validate the whole file, then create or update display points and fairs in one transaction.

    With `demo=True` an empty display point is stocked with up to 30 products of its province.
    """
    rows = places_validate(path)
    summary = ImportSummary()
    with transaction.atomic():
        for row in progress(rows, total=len(rows), desc="places"):
            if row.kind == DISPLAY_POINT:
                point = _display_point_write(row, summary)
                if demo:
                    _assortment_fill(point, summary)
            else:
                _fair_write(row, summary)
    return summary


def _display_point_write(row: PlaceRow, summary: ImportSummary) -> DisplayPoint:
    DisplayPoint = apps.get_model("displays", "DisplayPoint")
    values = {
        "name": row.name,
        "province_id": row.province.pk,
        "address": row.values["address"],
        "organiser": row.values["organizer"],
        "details": row.values["details"],
        "opened_on": row.values["start_date"],
        "source": row.values["source"],
    }
    point = DisplayPoint.objects.filter(slug=row.slug).first()
    if point is None:
        point = DisplayPoint(slug=row.slug, **values)
        point.full_clean()
        point.save()
        summary.add("display points", "created")
        return point
    changed = {name: value for name, value in values.items() if getattr(point, name) != value}
    if changed:
        DisplayPoint.objects.filter(pk=point.pk).update(**changed)
    summary.add("display points", "updated" if changed else "unchanged")
    return point


def _assortment_fill(point: DisplayPoint, summary: ImportSummary) -> None:
    """A deterministic demo assortment: the point's own province, OCOP-listed products only."""
    if point.products.exists():
        return
    Product = apps.get_model("catalogue", "Product")
    candidates = list(
        Product.objects.filter(
            province_id=point.province_id, is_public=True, upc__startswith="OCOP-"
        ).values_list("pk", "upc")
    )
    chosen = sorted(candidates, key=lambda item: key_random(point.slug, item[1]).random())[:ASSORTMENT_SIZE]
    point.products.add(*(pk for pk, _upc in chosen))
    summary.add("display point products", "created", len(chosen))


def _fair_index() -> FairIndexPage | None:
    FairIndexPage = apps.get_model("cms", "FairIndexPage")
    return FairIndexPage.objects.order_by("path").first()


def _fair_write(row: PlaceRow, summary: ImportSummary) -> None:
    """Create or update a published fair page; each change is saved as a published revision."""
    FairPage = apps.get_model("cms", "FairPage")
    index = _fair_index()
    values = {
        "title": row.name,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "dates_note": row.dates_note,
        "province_id": row.province.pk,
        "venue": row.values["address"],
        "organiser": row.values["organizer"],
        "summary": row.values["details"],
        "source": row.values["source"],
    }
    page = FairPage.objects.child_of(index).filter(slug=row.slug).first()
    if page is None:
        page = index.add_child(instance=FairPage(slug=row.slug, draft_title=row.name, **values))
        outcome = "created"
    else:
        changed = {name: value for name, value in values.items() if getattr(page, name) != value}
        if not changed:
            summary.add("fairs", "unchanged")
            return
        for name, value in changed.items():
            setattr(page, name, value)
        page.draft_title = page.title
        outcome = "updated"
    page.save_revision().publish()
    summary.add("fairs", outcome)
