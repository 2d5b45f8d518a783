"""The "available near me" filter of the database backend: great-circle distances to display points.

There are a few thousand display points at most, so their distances are computed in Python and the
products are filtered by the ids of the points within the radius."""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from .base import GeoPoint, haversine_km


def points_within(near: GeoPoint, radius_km: float | None) -> dict[int, float]:
    """Display point id → km from `near`, for the points with coordinates within the radius
    (every point with coordinates when the radius is None)."""
    DisplayPoint = apps.get_model("displays", "DisplayPoint")
    rows = DisplayPoint.objects.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "pk", "latitude", "longitude"
    )
    found = {}
    for pk, lat, lon in rows:
        km = haversine_km(near, GeoPoint(float(lat), float(lon)))
        if radius_km is None or km <= radius_km:
            found[pk] = km
    return found


def _stock():
    return apps.get_model("displays", "DisplayPoint").products.through.objects


def stocked_at_q(point_ids: Iterable[int]) -> Q:
    """Products stocked at one of the display points."""
    return Q(Exists(_stock().filter(product=OuterRef("pk"), displaypoint_id__in=list(point_ids))))


def nearest_km(points: dict[int, float], product_ids: Iterable[int] | None = None) -> dict[int, float]:
    """Product id → km to its nearest stocking display point among `points` (all their products,
    or only `product_ids`)."""
    rows = _stock().filter(displaypoint_id__in=list(points))
    if product_ids is not None:
        rows = rows.filter(product_id__in=list(product_ids))
    nearest: dict[int, float] = {}
    for product_id, point_id in rows.values_list("product_id", "displaypoint_id"):
        km = points[point_id]
        if km < nearest.get(product_id, math.inf):
            nearest[product_id] = km
    return nearest
