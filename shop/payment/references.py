"""The order reference a buyer types in a bank transfer's note, and finding it again.

Banks keep a transfer note as ASCII, often upper-cased, sometimes with their own text around
it and spaces or dashes dropped or added: "OCOP100123" comes back as "MBVCB.123.OCOP 100123.CT
tu ..." or "ocop-100123". The reference is the order number behind a fixed prefix, so a number in
the note that is not an order reference (an account, a date) is never taken for one."""

from __future__ import annotations

import re

PREFIX = "OCOP"
# The VietQR purpose field (tag 62/08) holds at most 25 characters.
MAX_LENGTH = 25
_FOUND = re.compile(rf"{PREFIX}[\s.\-_:#]*(\d{{1,{MAX_LENGTH - len(PREFIX)}}})(?!\d)", re.IGNORECASE)


def transfer_reference(order_number: str) -> str:
    """The note to type for an order: "OCOP" and its number, e.g. "OCOP100123"."""
    reference = f"{PREFIX}{order_number}"
    if not order_number.isdigit() or len(reference) > MAX_LENGTH:
        raise ValueError(f"Order number {order_number!r} cannot make a transfer reference")
    return reference


def order_number_found(note: str) -> str | None:
    """The order number of the first reference in a transfer note, or None."""
    found = _FOUND.search(note or "")
    return found.group(1) if found else None
