"""Benchmark guest cash-on-delivery checkouts at 1, 10 and 50 concurrent buyers on PostgreSQL.

    psql -h 127.0.0.1 -p 5433 -U postgres -c "create database ocop_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/ocop_bench .venv/bin/python bench/checkout.py

Creates a few products with large stock, then runs --checkouts whole guest checkouts (basket,
address, shipping, payment, place order) per level through Django's test client, one thread
per buyer, every buyer putting two of the same hot products in its basket so that placements
contend for the same stock rows. Prints checkouts per second and the p50 / p95 latency of the
whole checkout and of the place-order request, then checks that no stock was oversold.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADDRESS = {
    "full_name": "Nguyễn Thị Lan",
    "line1": "Số 12 Hàng Bạc",
    "line4": "Phường Hoàn Kiếm",
    "state": "Hà Nội",
    "postcode": "100000",
    "country": "VN",
    "phone_number": "0912345678",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkouts", type=int, default=100, help="checkouts per concurrency level")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50], help="concurrent buyers")
    parser.add_argument("--products", type=int, default=3, help="hot products shared by every buyer")
    return parser.parse_args()


def setup_django() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/checkout.py measures row locking: set DATABASE_URL=postgres://… (SQLite refused)")
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    os.environ.setdefault("MEDIA_ROOT", str(cache / "bench-media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shop.settings.test"
    import django

    django.setup()
    # Oscar logs every submission and stock alert at INFO: keep the figures readable.
    logging.disable(logging.INFO)


def create_products(count: int) -> list:
    from django.core.management import call_command
    from oscar.core.loading import get_model
    from oscar.test.factories import create_product

    call_command("migrate", verbosity=0)
    run = time.strftime("%Y%m%d%H%M%S")
    products = [
        create_product(
            title=f"Bench product {run}-{index}",
            upc=f"BENCH-{run}-{index}",
            price=Decimal("95000"),
            num_in_stock=1_000_000,
        )
        for index in range(count)
    ]
    # Each placed order emails its producers too (locmem backend in test settings).
    Partner = get_model("partner", "Partner")
    Partner.objects.filter(stockrecords__product__in=products).update(email="bench@cho-ocop.local")
    return products


def checkout(products: list, offset: int) -> tuple[float, float, bool]:
    """One guest COD checkout; returns (whole ms, place-order ms, order placed)."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    start = time.perf_counter()
    # Two hot products added in a rotating order: the locks must still be taken by primary key.
    for index in range(2):
        product = products[(offset + index) % len(products)]
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    client.post(reverse("checkout:shipping-method"), {"method_code": "standard"})
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))
    place = time.perf_counter()
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    end = time.perf_counter()
    placed = response.status_code == 302 and response["Location"] == reverse("checkout:thank-you")
    return (end - start) * 1000, (end - place) * 1000, placed


def run_level(products: list, buyers: int, total: int) -> tuple[float, list[float], list[float], int]:
    from django.db import connections

    counter = iter(range(total))
    lock = threading.Lock()
    whole: list[float] = []
    placing: list[float] = []
    failures = [0]
    barrier = threading.Barrier(buyers)

    def buyer() -> None:
        try:
            barrier.wait()
            while True:
                with lock:
                    offset = next(counter, None)
                if offset is None:
                    return
                whole_ms, place_ms, placed = checkout(products, offset)
                with lock:
                    whole.append(whole_ms)
                    placing.append(place_ms)
                    failures[0] += not placed
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buyer) for _ in range(buyers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, whole, placing, failures[0]


def percentile(values: list[float], fraction: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))]


def check_no_oversell(products: list, expected_orders: int) -> None:
    from django.db.models import Sum
    from oscar.core.loading import get_model

    Line = get_model("order", "Line")
    StockRecord = get_model("partner", "StockRecord")
    records = StockRecord.objects.filter(product__in=products)
    ordered = Line.objects.filter(stockrecord__in=records).aggregate(total=Sum("quantity"))["total"] or 0
    allocated = sum(record.num_allocated or 0 for record in records)
    oversold = [record.pk for record in records if (record.num_allocated or 0) > record.num_in_stock]
    orders = Line.objects.filter(stockrecord__in=records).values("order").distinct().count()
    print(
        f"\nstock check: {orders} orders, {ordered} units ordered, {allocated} allocated, oversold {oversold}"
    )
    if ordered != allocated or oversold or orders != expected_orders:
        sys.exit("stock check FAILED: allocations do not match the orders placed")
    print("stock check: ok")


def main() -> None:
    args = parse_args()
    setup_django()
    products = create_products(args.products)
    from django.db import connection

    print(f"database: {connection.vendor}; {args.checkouts} guest COD checkouts per level, 7 requests each\n")
    print(
        f"{'buyers':>6} {'checkouts/s':>11} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'place p50':>10} {'place p95':>10} {'failed':>6}"
    )
    placed = 0
    for buyers in args.levels:
        seconds, whole, placing, failed = run_level(products, buyers, args.checkouts)
        placed += len(whole) - failed
        print(
            f"{buyers:>6} {len(whole) / seconds:>11.1f} {statistics.median(whole):>8.0f} "
            f"{percentile(whole, 0.95):>8.0f} {statistics.median(placing):>10.0f} "
            f"{percentile(placing, 0.95):>10.0f} {failed:>6}"
        )
    check_no_oversell(products, placed)


if __name__ == "__main__":
    main()
