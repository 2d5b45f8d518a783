"""A synthetic catalogue at national scale (16,543 products) for load, search and paging tests.

Titles compose real product-type words with real place names ("Mật ong hoa nhãn Hưng Yên").
Every synthetic product has a UPC starting "SYN-" and says so in its source. Rows are written with
bulk_create, so the derived fields Product.save would compute are computed here.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import QuerySet
from oscar.checks import use_productcategory_materialised_view
from oscar.core.loading import get_model

from ..services import product_place_names, product_search_text
from ..utils import slugify
from .base import DATA_DIR, ImportSummary, Progress, no_progress
from .demo import demo_certificate, demo_price, demo_stock, key_random
from .product_plan import ocop_product_class
from .product_rows import PRODUCT_LIST
from .tables import Upload, table_read
from .vocabulary import (
    ACTIVITIES,
    BRANDS,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    PRODUCT_WORDS,
    QUALIFIERS,
    SURNAMES,
    TRADES,
)

if TYPE_CHECKING:
    from oscar.apps.partner.abstract_models import AbstractPartner as PartnerModel
    from oscar.apps.partner.abstract_models import AbstractStockRecord as StockRecordModel

    from ..models import Category as CategoryModel
    from ..models import Product as ProductModel
    from ..models import Province as ProvinceModel

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Province = get_model("catalogue", "Province")
StockRecord = get_model("partner", "StockRecord")

PREFIX = "SYN-"
PRODUCER_CODE_PREFIX = "syn-"
SOURCE = "Dữ liệu mô phỏng (demo), không phải sản phẩm thật"
STAR_WEIGHTS = {3: 44, 4: 40, 5: 4, None: 12}
KIND_WEIGHTS = {"cooperative": 35, "enterprise": 35, "household": 25, "cooperative_group": 5}
EXISTING_PRODUCER_SHARE = 0.12
BATCH_SIZE = 2000


@dataclass
class Reference:
    """What every synthetic row is drawn from, read once."""

    provinces: list[ProvinceModel]
    place_names: dict[int, list[str]]
    search_names: dict[int, list[str]]
    sets: list[CategoryModel]
    set_weights: list[int]
    sectors: dict[str, CategoryModel]
    product_class: Any
    producers: dict[int, list[PartnerModel]] = field(default_factory=lambda: defaultdict(list))
    taken_names: set[str] = field(default_factory=set)


def reference_read() -> Reference:
    provinces = list(Province.objects.prefetch_related("former_names").order_by("code"))
    sets = [c for c in Category.objects.exclude(code=None).order_by("path") if c.code in PRODUCT_WORDS]
    demo = table_read(Upload.from_path(DATA_DIR / "ocop-products.csv"), PRODUCT_LIST)
    real = Counter(row["subgroup"].split()[0] for _number, row in demo.rows)
    ref = Reference(
        provinces=provinces,
        place_names={p.pk: list(dict.fromkeys(p.search_names())) for p in provinces},
        search_names={p.pk: p.search_names() for p in provinces},
        sets=sets,
        set_weights=[real.get(c.code, 0) + 2 for c in sets],
        sectors={c.code: c for c in Category.objects.filter(depth=1)},
        product_class=ocop_product_class(),
    )
    for partner in Partner.objects.only("pk", "name", "province_id"):
        ref.taken_names.add(partner.name)
        if partner.province_id and not partner.code.startswith(PRODUCER_CODE_PREFIX):
            ref.producers[partner.province_id].append(partner)
    return ref


def catalog_generate(
    *, count: int, seed: int, images: bool = True, progress: Progress = no_progress
) -> ImportSummary:
    """Add `count` synthetic products (and about a third as many new producers) in one transaction.

    Deterministic for a seed and a database state; a rerun adds `count` more with new UPCs.
    """
    summary = ImportSummary()
    ref = reference_read()
    offset = _last_serial(Product.objects.filter(upc__startswith=PREFIX), "upc", len(PREFIX))
    rng = random.Random(f"{seed}:{offset}")
    with transaction.atomic():
        pool = producers_create(rng, ref, count, summary)
        pictures = image_pool(ref) if images else {}
        batch = Batch(pictures)
        for index in progress(range(count), total=count, desc="synthetic products"):
            batch.add(*product_build(rng, ref, pool, index, serial=offset + index + 1))
            if len(batch) >= BATCH_SIZE:
                batch.flush(summary)
        batch.flush(summary)
    if use_productcategory_materialised_view():
        # Oscar refreshes this view on each ProductCategory save; bulk_create sends no signals.
        with connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY catalogue_product_category_hierarchy;")
    return summary


def _last_serial(queryset: QuerySet, field_name: str, start: int) -> int:
    """The highest zero-padded serial after the prefix ("SYN-0000042" → 42): reruns never collide."""
    last = queryset.order_by(f"-{field_name}").values_list(field_name, flat=True).first()
    digits = "".join(itertools.takewhile(str.isdigit, last[start:])) if last else ""
    return int(digits) if digits else 0


def producers_create(
    rng: random.Random, ref: Reference, count: int, summary: ImportSummary
) -> dict[int, list[PartnerModel]]:
    """New producers of all four kinds, spread over the provinces in turn."""
    total = max(count // 3, min(count, len(ref.provinces)), 4)
    first = _last_serial(Partner.objects.filter(code__startswith=PRODUCER_CODE_PREFIX), "code", 4) + 1
    kinds = list(KIND_WEIGHTS)
    partners = []
    for index in range(total):
        province = ref.provinces[index % len(ref.provinces)]
        kind = kinds[index] if index < len(kinds) else rng.choices(kinds, list(KIND_WEIGHTS.values()))[0]
        name = _unique(ref, lambda kind=kind, province=province: producer_name(rng, kind, ref, province))
        code = f"{PRODUCER_CODE_PREFIX}{first + index:06d}-{slugify(name)[:90]}"
        partners.append(Partner(name=name, code=code, kind=kind, province=province))
    created = Partner.objects.bulk_create(partners)
    summary.add("synthetic producers", "created", len(created))
    pool: dict[int, list[PartnerModel]] = defaultdict(list)
    for partner in created:
        pool[partner.province_id].append(partner)
    return pool


def _unique(ref: Reference, make: Callable[[], str]) -> str:
    for _attempt in range(50):
        name = make()
        if name not in ref.taken_names:
            break
    suffix = 2
    while name in ref.taken_names:
        name = f"{name.rsplit(' (', 1)[0]} ({suffix})"
        suffix += 1
    ref.taken_names.add(name)
    return name


def producer_name(rng: random.Random, kind: str, ref: Reference, province: ProvinceModel) -> str:
    place = rng.choice(ref.place_names[province.pk])
    if kind == "household":
        return f"Hộ kinh doanh {rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
    if kind == "enterprise":
        if rng.random() < 0.5:
            return f"Công ty TNHH {rng.choice(TRADES)} {rng.choice(BRANDS)} {place}"
        return f"Công ty Cổ phần {rng.choice(TRADES)} {rng.choice(BRANDS)}"
    form = "Hợp tác xã" if kind == "cooperative" else "Tổ hợp tác"
    activity, brand = rng.choice(ACTIVITIES), rng.choice(BRANDS)
    return rng.choice(
        (f"{form} {activity} {brand}", f"{form} {activity} {place}", f"{form} {activity} {brand} {place}")
    )


def _pick(rng: random.Random, index: int, values: list[Any], weights: list[int]) -> Any:
    """The first products cover every value once; the rest follow the weights."""
    return values[index] if index < len(values) else rng.choices(values, weights)[0]


def product_build(
    rng: random.Random, ref: Reference, pool: dict[int, list[PartnerModel]], index: int, *, serial: int
) -> tuple[ProductModel, CategoryModel, StockRecordModel]:
    province = _pick(rng, index, ref.provinces, [1] * len(ref.provinces))
    product_set = _pick(rng, index, ref.sets, ref.set_weights)
    stars = _pick(rng, index, list(STAR_WEIGHTS), list(STAR_WEIGHTS.values()))
    existing = ref.producers.get(province.pk)
    if existing and rng.random() < EXISTING_PRODUCER_SHARE:
        producer = rng.choice(existing)
    else:
        producer = rng.choice(pool.get(province.pk) or [p for group in pool.values() for p in group])
    title = product_title(rng, product_set.code, ref.place_names[province.pk])
    upc = f"{PREFIX}{serial:07d}"
    # The former province it was certified in: one of those merged into its province, in turn.
    formers = list(province.former_names.all())
    province_old = formers[serial % len(formers)] if formers else None
    product = Product(
        structure=Product.STANDALONE,
        is_public=True,
        product_class=ref.product_class,
        title=title,
        slug=slugify(title)[:255],
        upc=upc,
        province=province,
        province_old=province_old,
        producer=producer,
        producer_kind=producer.kind,  # Product.save would copy it; bulk_create does not call it
        stars=stars,
        source=SOURCE,
        search_text=product_search_text(
            title=title,
            producer_name=producer.name,
            province_names=product_place_names(
                ref.search_names[province.pk], province_old.name if province_old else ""
            ),
        ),
    )
    if stars:
        _certify(product, year=rng.randint(2019, 2025))
    offer = StockRecord(
        partner=producer,
        partner_sku=upc,
        price_currency="VND",
        price=demo_price(rng, product_set.code, stars),
        num_in_stock=demo_stock(rng),
    )
    product.lowest_price = offer.price  # its only offer; bulk_create skips catalog.prices' receivers
    return product, product_set, offer


def product_title(rng: random.Random, set_code: str, places: list[str]) -> str:
    title = f"{rng.choice(PRODUCT_WORDS[set_code])} {rng.choice(places)}"
    if rng.random() < 0.35:
        title += f" {rng.choice(QUALIFIERS[set_code.split('.')[0]])}"
    return title


def _certify(product: ProductModel, *, year: int) -> None:
    certificate = demo_certificate(key_random("certificate", product.upc), stars=product.stars, year=year)
    product.recognition_year = year
    product.certificate_number = certificate.number
    product.certification_level = certificate.level
    product.certified_on = certificate.certified_on
    # Product.save would compute this; bulk_create does not call it.
    product.expires_on = Product.default_expiry(certificate.certified_on)


class Batch:
    """Products with their category link, offer and picture, written together."""

    def __init__(self, pictures: dict[str, str]) -> None:
        self.pictures = pictures
        # Each shared picture's size, read once: bulk_create skips ProductImage.save, which reads it.
        self.sizes = {code: stored_image_size(name) for code, name in pictures.items()}
        self.rows: list[tuple[ProductModel, CategoryModel, StockRecordModel]] = []

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, product: ProductModel, product_set: CategoryModel, offer: StockRecordModel) -> None:
        self.rows.append((product, product_set, offer))

    def flush(self, summary: ImportSummary) -> None:
        if not self.rows:
            return
        products = Product.objects.bulk_create([product for product, _set, _offer in self.rows])
        ProductCategory.objects.bulk_create(
            ProductCategory(product=product, category=product_set)
            for product, (_p, product_set, _offer) in zip(products, self.rows, strict=True)
        )
        for product, (_p, _set, offer) in zip(products, self.rows, strict=True):
            offer.product = product
        StockRecord.objects.bulk_create(offer for _p, _set, offer in self.rows)
        if self.pictures:
            ProductImage.objects.bulk_create(
                ProductImage(
                    product=product,
                    original=self.pictures[product_set.code],
                    caption=product.title[:200],
                    width=self.sizes[product_set.code][0],
                    height=self.sizes[product_set.code][1],
                )
                for product, (_p, product_set, _offer) in zip(products, self.rows, strict=True)
            )
        summary.add("synthetic products", "created", len(products))
        self.rows = []


def stored_image_size(name: str) -> tuple[int | None, int | None]:
    from django.core.files.storage import default_storage

    from ..models import image_size

    with default_storage.open(name) as picture:
        return image_size(picture)


def image_pool(ref: Reference) -> dict[str, str]:
    """One shared generated picture per product set (file names under images/products/ocop/pool/)."""
    from ..images import pool_image_ensure

    pictures = {}
    for product_set in ref.sets:
        sector = ref.sectors.get(product_set.code.split(".")[0])
        title = product_set.name.split(" – ", 1)[-1]
        pictures[product_set.code] = pool_image_ensure(
            code=product_set.code, title=title, subtitle=sector.name if sector else ""
        )
    return pictures
