"""VietQR: the QR code a Vietnamese banking app scans to fill in a NAPAS 24/7 transfer (account,
amount, note), encoded here, and the bank names of the receiving banks' BINs.

The payload is EMVCo merchant-presented QR (EMV QRCPS) as NAPAS profiles it for VietQR: ID-length-
value fields, the NAPAS GUID and the receiving bank's BIN and account in field 38, service code
QRIBFTTA (transfer to an account), the amount in whole đồng, the note in the additional data's
purpose field (62/08), and a CRC-16/CCITT-FALSE over all of it. The kept packages on the index
(vietnam-qr-pay, vietqr-emvco, napas-qr-python, vnqr, vietqr-generator) are single-release or
unvalidated (a 30-character note or a 20-digit account is encoded, and banks refuse the code), so
the encoder is this module's sixty lines.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

import segno
from anyascii import anyascii

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY = "VN"
NOTE_MAX_LENGTH = 25
BANKS_CSV = Path(__file__).parent / "data" / "banks.csv"

_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_AMOUNT = re.compile(r"[1-9]\d{0,12}")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Bank:
    """A NAPAS member bank: its 6-digit BIN, the short name people know, its full name."""

    bin: str
    short_name: str
    name: str


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is {len(value)} characters long; at most 99 fit.")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) as 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def transfer_note(text: str) -> str:
    """A note as banks carry it: Vietnamese folded to ASCII ("ủng hộ lũ lụt" → "ung ho lu lut",
    "Đà Lạt" → "Da Lat"), spaces collapsed; ValueError past 25 characters."""
    note = _SPACES.sub(" ", anyascii(text)).strip()
    if not note.isprintable() or not note.isascii():
        raise ValueError(f"The transfer note {text!r} has characters a bank cannot carry.")
    if len(note) > NOTE_MAX_LENGTH:
        raise ValueError(
            f"The transfer note {note!r} is {len(note)} characters long; VietQR carries at most "
            f"{NOTE_MAX_LENGTH}."
        )
    return note


def transfer_payable(amount: Decimal) -> bool:
    """Whether a VietQR code can ask for this amount: whole đồng, 1 to 13 digits."""
    return amount == amount.to_integral_value() and bool(_AMOUNT.fullmatch(str(int(amount))))


def _amount(amount: int | Decimal) -> str:
    if Decimal(amount) != Decimal(amount).to_integral_value():
        raise ValueError(f"The amount {amount} is not a whole number of đồng.")
    digits = str(int(amount))
    if not _AMOUNT.fullmatch(digits):
        raise ValueError(f"The amount {amount} must be 1 to 13 digits of đồng, more than zero.")
    return digits


def vietqr_payload(*, bank_bin: str, account_no: str, amount: int | Decimal | None, note: str = "") -> str:
    """The VietQR text for a transfer to `account_no` at the bank `bank_bin`: dynamic (the
    amount filled in, point of initiation 12) when `amount` is given, static (11) otherwise.

    ValueError names the field that does not fit: BIN 6 digits, account 1–19 letters or digits,
    amount 1–13 digits of whole đồng, note at most 25 ASCII characters once folded."""
    if not _BIN.fullmatch(bank_bin or ""):
        raise ValueError(f"The bank BIN {bank_bin!r} must be 6 digits, e.g. 970436 (Vietcombank).")
    if not _ACCOUNT.fullmatch(account_no or ""):
        raise ValueError(f"The account number {account_no!r} must be 1 to 19 letters or digits.")
    beneficiary = _field("00", bank_bin) + _field("01", account_no)
    account = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", SERVICE_TO_ACCOUNT)
    payload = _field("00", "01") + _field("01", "11" if amount is None else "12") + _field("38", account)
    payload += _field("53", CURRENCY_VND)
    if amount is not None:
        payload += _field("54", _amount(amount))
    payload += _field("58", COUNTRY)
    if note := transfer_note(note):
        payload += _field("62", _field("08", note))
    payload += "6304"
    return payload + crc16_ccitt_false(payload)


def vietqr_svg(payload: str, *, title: str = "") -> str:
    """The QR code as inline SVG markup (it scales to its box; level M, a quiet zone of 4)."""
    qr = segno.make_qr(payload, error="m")
    return qr.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True, title=title or None)


def vietqr_png(payload: str, *, scale: int = 8) -> bytes:
    """The same QR code as a PNG (for printing, and for the decoding test)."""
    out = BytesIO()
    segno.make_qr(payload, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


@cache
def _banks() -> dict[str, Bank]:
    # A file of the repository, read once per process: it changes with a deploy, never at run time.
    with BANKS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {row["bin"]: Bank(row["bin"], row["short_name"], row["name"]) for row in rows}


def bank_for_bin(bank_bin: str) -> Bank | None:
    """The bank of a BIN from shop/payment/data/banks.csv, or None for one it does not list."""
    return _banks().get(bank_bin)
