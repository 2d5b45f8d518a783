"""Reference data every installation has: the 34 provinces with former names, the OCOP
category tree (Decision 148/QĐ-TTg) and Vietnam as the shipping country. Idempotent."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from oscar.core.loading import get_model

from .utils import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def reference_data_load() -> None:
    """Create or update provinces, former names, categories and the shipping country."""
    provinces_load()
    categories_load()
    Country = get_model("address", "Country")
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Cộng hòa Xã hội chủ nghĩa Việt Nam",
            "display_order": 1,
            "is_shipping_country": True,
        },
    )


def provinces_load() -> None:
    Province = get_model("catalogue", "Province")
    FormerName = get_model("catalogue", "ProvinceFormerName")
    old = {row["old_name"]: row for row in read_csv("provinces_old63.csv")}
    kinds = {row["new_code"]: row["new_kind"] for row in old.values()}
    for row in read_csv("provinces.csv"):
        province, _ = Province.objects.update_or_create(
            code=row["new_code"],
            defaults={
                "name": row["new_name"],
                "slug": slugify(row["new_name"]),
                "kind": kinds.get(row["new_code"], ""),
            },
        )
        for name in row["old_names"].split("|"):
            before = old.get(name, {})
            FormerName.objects.update_or_create(
                name=name,
                defaults={
                    "province": province,
                    "old_code": before.get("old_gso_code", ""),
                    "iso_code": before.get("iso_3166_2", ""),
                },
            )


def categories_load() -> None:
    Category = get_model("catalogue", "Category")
    existing = {c.code: c for c in Category.objects.exclude(code=None)}
    for row in read_csv("categories.csv"):
        sector = existing.get(row["sector_code"])
        if sector is None:
            sector = Category.add_root(
                code=row["sector_code"],
                name=row["sector_vi"],
                name_en=row["sector_en"],
                slug=slugify(row["sector_vi"]),
            )
            existing[sector.code] = sector
        if row["set_code"] not in existing:
            # Re-read the parent: treebeard keeps child counts on the node.
            parent = Category.objects.get(pk=sector.pk)
            child = parent.add_child(
                code=row["set_code"],
                name=row["set_vi"],
                name_en=row["set_en"],
                slug=slugify(row["set_vi"])[:200],
            )
            existing[child.code] = child
