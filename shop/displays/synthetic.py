"""Synthetic display points for the "near me" demo and benchmarks.

A few points per province, scattered within JITTER_KM of its administrative centre
(`catalog/data/province_centres.csv`), each stocking a deterministic sample of the province's
synthetic products. They are named "Điểm bán OCOP (mô phỏng) …" with slugs "syn-…", so nobody takes
them for real showrooms; the real display points keep empty coordinates, which are not published.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.importers.base import DATA_DIR, ImportSummary, Progress, RowErrors, no_progress
from catalog.importers.demo import key_random
from catalog.importers.synthetic import PREFIX as PRODUCT_PREFIX
from catalog.importers.tables import Columns, Upload, table_read

from .models import DisplayPoint

if TYPE_CHECKING:
    from catalog.models import Province as ProvinceModel

Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")

CENTRES = DATA_DIR / "province_centres.csv"
CENTRE_COLUMNS = Columns(required=("code", "centre", "latitude", "longitude"), optional=("province",))
SLUG_PREFIX = "syn-"
NAME = "Điểm bán OCOP (mô phỏng) {province} số {number}"
SOURCE = "Dữ liệu mô phỏng (demo), không phải địa điểm thật"
POINTS_PER_PROVINCE = 3
STOCK_PER_POINT = 300
JITTER_KM = 20.0
KM_PER_DEGREE = 111.32


def province_centres(path: Path = CENTRES) -> dict[str, tuple[str, float, float]]:
    """Province code → (administrative centre, latitude, longitude); bad rows name row and field."""
    errors = RowErrors(path.name)
    known = set(Province.objects.values_list("code", flat=True))
    centres = {}
    for number, row in table_read(Upload.from_path(path), CENTRE_COLUMNS).rows:
        if row["code"] not in known:
            errors.add(number, "code", _("no province has this code"))
            continue
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            errors.add(number, "latitude", _("not a number"))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors.add(number, "latitude", _("not a place on Earth"))
            continue
        centres[row["code"]] = (row["centre"], lat, lon)
    errors.raise_if_any()
    return centres


def display_points_generate(
    *,
    seed: int,
    per_province: int = POINTS_PER_PROVINCE,
    stock: int = STOCK_PER_POINT,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Create the synthetic display points that do not exist yet (once: a rerun leaves them where
    they are) and top up each one's stock to `stock` synthetic products of its province."""
    summary = ImportSummary()
    centres = province_centres()
    provinces = list(Province.objects.filter(code__in=centres).order_by("code"))
    existing = {p.slug: p for p in DisplayPoint.objects.filter(slug__startswith=SLUG_PREFIX)}
    with transaction.atomic():
        for province in progress(provinces, total=len(provinces), desc="synthetic display points"):
            points = []
            for number in range(1, per_province + 1):
                slug = f"{SLUG_PREFIX}{province.slug}-{number}"
                point = existing.get(slug)
                if point is None:
                    point = _point_create(province, centres[province.code], number, slug, seed)
                    summary.add("synthetic display points", "created")
                else:
                    summary.add("synthetic display points", "unchanged")
                points.append(point)
            _stock_top_up(province, points, stock, summary)
    return summary


def _point_create(
    province: ProvinceModel, centre: tuple[str, float, float], number: int, slug: str, seed: int
) -> DisplayPoint:
    name, lat, lon = centre
    rng = key_random(str(seed), slug)
    # Uniform over a disc: the square root keeps points from crowding the centre.
    km, bearing = JITTER_KM * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat += km * math.cos(bearing) / KM_PER_DEGREE
    lon += km * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return DisplayPoint.objects.create(
        name=NAME.format(province=province.name, number=number),
        slug=slug,
        province=province,
        address=f"Gần trung tâm {name} (vị trí mô phỏng)",
        latitude=Decimal(f"{lat:.6f}"),
        longitude=Decimal(f"{lon:.6f}"),
        details="Điểm bán mô phỏng cho tính năng tìm sản phẩm gần bạn và đo tải; không phải địa điểm thật.",
        source=SOURCE,
    )


def _stock_top_up(
    province: ProvinceModel, points: Sequence[DisplayPoint], stock: int, summary: ImportSummary
) -> None:
    candidates = list(
        Product.objects.filter(province=province, upc__startswith=PRODUCT_PREFIX, is_public=True).values_list(
            "pk", "upc"
        )
    )
    for point in points:
        stocked = set(point.products.filter(upc__startswith=PRODUCT_PREFIX).values_list("pk", flat=True))
        wanted = stock - len(stocked)
        if wanted <= 0:
            continue
        # The same products for the same point and catalogue, whatever the order of runs.
        order = sorted(
            (item for item in candidates if item[0] not in stocked),
            key=lambda item: key_random(point.slug, item[1]).random(),
        )
        chosen = [pk for pk, _upc in order[:wanted]]
        point.products.add(*chosen)
        summary.add("synthetic display point products", "created", len(chosen))
