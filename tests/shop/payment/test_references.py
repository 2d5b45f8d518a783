"""The order reference in a transfer note: written for an order, found again in what banks send."""

from __future__ import annotations

import pytest

from shop.payment.references import order_number_found, transfer_reference


def test_reference_is_prefix_and_order_number() -> None:
    assert transfer_reference("100123") == "OCOP100123"


@pytest.mark.parametrize("number", ["", "12-3", "1" * 22])
def test_reference_refuses_what_the_qr_cannot_carry(number: str) -> None:
    with pytest.raises(ValueError):
        transfer_reference(number)


@pytest.mark.parametrize(
    ("note", "number"),
    [
        ("OCOP100123", "100123"),
        ("ocop100123", "100123"),
        ("MBVCB.3278614.OCOP 100123.CT tu 0011001932418 NGUYEN VAN A", "100123"),
        ("ocop-100123 thanh toan", "100123"),
        ("IBFT OCOP.100123", "100123"),
    ],
)
def test_reference_found_in_what_banks_send(note: str, number: str) -> None:
    assert order_number_found(note) == number


@pytest.mark.parametrize("note", ["", "chuyen tien 100123", "OCOPX100123", "thanh toan don hang"])
def test_no_reference_without_the_prefix(note: str) -> None:
    assert order_number_found(note) is None
