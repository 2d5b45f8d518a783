"""The embedded default (SQLite) takes concurrent checkouts: buyers queue for the write lock.

SQLite in WAL mode with a busy timeout and IMMEDIATE transactions (shop/settings/base.py):
checkouts wait for each other instead of failing with "database is locked", and since each
placement transaction holds the write lock from its first statement, the stock check and the
allocation of one buyer never interleave with another's (SQLite has no row locks).

The tests database is in memory and shared-cache, where SQLite locks whole tables and fails at
once rather than waiting: these tests copy it to a file, as the embedded default runs.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections
from oscar.core.loading import get_model

from tests.factories import sellable_product
from tests.shop.test_stock import TITLE, buyer, stock

Line = get_model("order", "Line")
Order = get_model("order", "Order")

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def file_database(tmp_path: Path) -> Iterator[Path]:
    """Every connection, in every thread, uses a file copy of the tests database (WAL, as configured)."""
    connection = connections["default"]
    settings_dict = connections.settings["default"]
    assert connection.settings_dict is settings_dict  # threads' connections read the same dict
    memory_name = settings_dict["NAME"]
    assert connection.is_in_memory_db(), memory_name
    # The in-memory database lives while a connection to it is open: keep one.
    keep_alive = sqlite3.connect(memory_name, uri=True)
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as copy:
        keep_alive.backup(copy)
    copy.close()
    settings_dict["NAME"] = str(path)
    connection.close()  # really closes now that NAME is a file; the next query opens the copy
    try:
        assert connection.cursor().execute("PRAGMA journal_mode").fetchone() == ("wal",)
        yield path
    finally:
        connections.close_all()
        settings_dict["NAME"] = memory_name
        connection.ensure_connection()
        keep_alive.close()


def run_buyers(products: list) -> list[tuple[str, str]]:
    """One thread per product, all placing their order at once (tests/shop/test_stock.py's buyer)."""
    barrier = threading.Barrier(len(products))
    results: list = [None] * len(products)
    threads = [
        threading.Thread(target=buyer, args=(product, barrier, results, index))
        for index, product in enumerate(products)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_ten_concurrent_buyers_of_different_products_get_ten_orders(file_database):
    products = [
        sellable_product(title=f"Trà shan tuyết số {n}", price=Decimal("95000"), num_in_stock=5)
        for n in range(10)
    ]

    results = run_buyers(products)

    assert [outcome for outcome, _text in results] == ["order"] * 10, results
    assert Order.objects.count() == 10
    assert sorted(Line.objects.values_list("product_id", flat=True)) == sorted(p.pk for p in products)
    assert [stock(product) for product in products] == [(5, 1)] * 10


def test_fifty_concurrent_buyers_of_the_last_ten_units_get_exactly_ten_orders(file_database):
    product = sellable_product(title=TITLE, price=Decimal("180000"), num_in_stock=10)

    results = run_buyers([product] * 50)

    outcomes = [outcome for outcome, _text in results]
    assert "error" not in outcomes, [text for outcome, text in results if outcome == "error"]
    assert outcomes.count("order") == 10
    assert Order.objects.count() == 10
    assert sum(Line.objects.values_list("quantity", flat=True)) == 10
    assert stock(product) == (10, 10)  # never more allocated than in stock
    for outcome, text in results:
        if outcome == "order":
            continue
        # Refused at placement (our message on the preview page) or, once the winners had
        # committed, already by Oscar's basket precondition (its message on the basket page).
        message = {
            "preview": f"Rất tiếc, “{TITLE}” đã hết hàng; vui lòng cập nhật giỏ hàng.",
            "basket": f"'{TITLE}' hiện không thể mua (hết hàng). Vui lòng điều chỉnh giỏ hàng để tiếp tục",
        }[outcome]
        assert message in text
