"""Reference data every installation has: the 34 provinces with former names, the OCOP
category tree (Decision 148/QĐ-TTg) and Vietnam as the shipping country. Idempotent."""

from __future__ import annotations

from django.db import transaction
from oscar.core.loading import get_model

from .importers.base import DATA_DIR
from .importers.tables import Columns, Upload, table_read
from .utils import slugify

OLD_PROVINCES = Columns(
    required=("old_gso_code", "old_name", "iso_3166_2", "new_code", "new_name", "new_kind")
)
PROVINCES = Columns(required=("new_code", "new_name", "old_names"))
CATEGORIES = Columns(required=("sector_code", "sector_vi", "sector_en", "set_code", "set_vi", "set_en"))


def read_csv(name: str, columns: Columns) -> list[dict[str, str]]:
    """The rows of a file in catalog/data, read and checked as every list is (`table_read`)."""
    return [values for _number, values in table_read(Upload.from_path(DATA_DIR / name), columns).rows]


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
    old = {row["old_name"]: row for row in read_csv("provinces_old63.csv", OLD_PROVINCES)}
    kinds = {row["new_code"]: row["new_kind"] for row in old.values()}
    for row in read_csv("provinces.csv", PROVINCES):
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
    for row in read_csv("categories.csv", CATEGORIES):
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
