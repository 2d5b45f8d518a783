"""Demo-only facts (prices, stock, certificate numbers), deterministic from a product's key.

Nothing here is real: certificate numbers start with "DEMO-" and only fill empty fields, so a
rerun changes nothing and real data entered later is never overwritten.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

# Plausible retail bands in đồng per product set (longest code prefix wins).
PRICE_BANDS: dict[str, tuple[int, int]] = {
    "I": (35_000, 350_000),
    "I.1": (35_000, 250_000),
    "I.2.a": (35_000, 220_000),
    "I.2.b": (120_000, 480_000),
    "I.4": (35_000, 180_000),
    "I.5": (80_000, 650_000),
    "I.6": (90_000, 520_000),
    "II": (45_000, 300_000),
    "II.1": (120_000, 850_000),
    "III": (150_000, 950_000),
    "IV": (150_000, 950_000),
    "V": (200_000, 950_000),
    "VI": (150_000, 900_000),
}
STOCK_RANGE = (5, 200)


def key_random(*parts: str) -> random.Random:
    """A random generator seeded by the parts (e.g. a product's natural key): same key, same facts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return random.Random(int(digest[:16], 16))


def product_upc(prefix: str, *key: str) -> str:
    """A stable UPC from the natural key, e.g. "OCOP-3F9A0C1D2E4B"."""
    return f"{prefix}-" + hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()[:12].upper()


def price_band(set_code: str) -> tuple[int, int]:
    parts = set_code.split(".")
    for size in range(len(parts), 0, -1):
        band = PRICE_BANDS.get(".".join(parts[:size]))
        if band:
            return band
    return PRICE_BANDS["I"]


def demo_price(rng: random.Random, set_code: str, stars: int | None) -> Decimal:
    """Whole đồng rounded to 1.000; better-rated products sit higher in their band."""
    low, high = price_band(set_code)
    bias = {5: 0.35, 4: 0.15}.get(stars or 0, 0.0)
    share = min(1.0, rng.random() ** 1.6 + bias * rng.random())
    return Decimal(round((low + (high - low) * share) / 1000) * 1000)


def demo_stock(rng: random.Random) -> int:
    return rng.randint(*STOCK_RANGE)


@dataclass(frozen=True)
class DemoCertificate:
    number: str
    level: str
    certified_on: datetime.date | None


def demo_certificate(rng: random.Random, *, stars: int, year: int | None) -> DemoCertificate:
    """A made-up recognition decision for a rated product, inside its recognition year.

    The national council recognises 5★ (Decision 148/QĐ-TTg); districts recognised 3★ until the
    districts were abolished on 1 July 2025; provinces recognise 4★ (and 3★ since then).
    """
    if stars == 5:
        level = "national"
    elif stars == 3 and year is not None and year < 2025:
        level = "district"
    else:
        level = "province"
    serial = rng.randint(1, 999_999)
    number = f"DEMO-OCOP-{year}-{serial:06d}" if year else f"DEMO-OCOP-{serial:06d}"
    return DemoCertificate(number=number, level=level, certified_on=_day_in_year(rng, year))


def _day_in_year(rng: random.Random, year: int | None) -> datetime.date | None:
    if year is None:
        return None
    start = datetime.date(year, 1, 1)
    day = start + datetime.timedelta(days=rng.randrange((datetime.date(year + 1, 1, 1) - start).days))
    # A decision cannot be dated in the future: this year's products are dated today at the latest.
    return min(day, timezone.localdate())
