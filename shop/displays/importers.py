"""Display points from the places list (rows read and checked by `catalog.importers.places`)."""

from __future__ import annotations

from collections.abc import Iterable

from oscar.core.loading import get_model

from catalog.importers.base import ImportSummary
from catalog.importers.demo import key_random
from catalog.importers.places import PlaceRow

from .models import DisplayPoint

Product = get_model("catalogue", "Product")

ASSORTMENT_SIZE = 30


def display_points_import(rows: Iterable[PlaceRow], *, demo: bool = False) -> ImportSummary:
    """Create or update the display points of these rows (matched by slug; coordinates are never
    invented). With `demo=True` an empty point is stocked with up to 30 products of its province.

    Runs inside the caller's transaction: the places list is imported all or nothing."""
    summary = ImportSummary()
    for row in rows:
        point = _display_point_write(row, summary)
        if demo:
            _assortment_fill(point, summary)
    return summary


def _display_point_write(row: PlaceRow, summary: ImportSummary) -> DisplayPoint:
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
    candidates = list(
        Product.objects.filter(
            province_id=point.province_id, is_public=True, upc__startswith="OCOP-"
        ).values_list("pk", "upc")
    )
    chosen = sorted(candidates, key=lambda item: key_random(point.slug, item[1]).random())[:ASSORTMENT_SIZE]
    point.products.add(*(pk for pk, _upc in chosen))
    summary.add("display point products", "created", len(chosen))
