"""The VietQR encoder: the published vector, the CRC, the field limits, Vietnamese notes folded to
ASCII, and the QR image read back by a real decoder."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image

from shop.payment.vietqr import (
    Bank,
    bank_for_bin,
    crc16_ccitt_false,
    transfer_note,
    transfer_payable,
    vietqr_payload,
    vietqr_png,
    vietqr_svg,
)

# 120.000 ₫ to VietinBank account 0011001932418, note "ung ho lu lut" (the vector NAPAS's
# format is usually shown with; the vietnam-qr-pay README and the issue quote it).
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def tlv(payload: str) -> dict[str, str]:
    """The top-level ID-length-value fields of an EMVCo payload."""
    fields, rest = {}, payload
    while rest:
        tag, length = rest[:2], int(rest[2:4])
        fields[tag], rest = rest[4 : 4 + length], rest[4 + length :]
    return fields


def test_the_published_vector_is_encoded_exactly() -> None:
    payload = vietqr_payload(
        bank_bin="970415", account_no="0011001932418", amount=120000, note="ung ho lu lut"
    )

    assert payload == PUBLISHED


def test_fields_are_those_napas_profiles() -> None:
    fields = tlv(vietqr_payload(bank_bin="970436", account_no="1023456789", amount=Decimal("345000.00")))

    assert fields == {
        "00": "01",
        "01": "12",
        "38": "0010A000000727012400069704360110102345678902" + "08QRIBFTTA",
        "53": "704",
        "54": "345000",
        "58": "VN",
        "63": fields["63"],
    }


def test_without_an_amount_the_code_is_static() -> None:
    fields = tlv(vietqr_payload(bank_bin="970436", account_no="1023456789", amount=None))

    assert fields["01"] == "11" and "54" not in fields


@pytest.mark.parametrize(
    ("data", "crc"),
    [("123456789", "29B1"), ("", "FFFF"), (PUBLISHED[:-4], "C15C")],
)
def test_crc_is_ccitt_false(data: str, crc: str) -> None:
    assert crc16_ccitt_false(data) == crc


def test_the_crc_covers_everything_up_to_its_own_tag() -> None:
    payload = vietqr_payload(bank_bin="970422", account_no="0912345678", amount=1, note="OCOP100123")

    assert payload[-8:-4] == "6304"
    assert payload[-4:] == crc16_ccitt_false(payload[:-4])
    assert re.fullmatch(r"[0-9A-F]{4}", payload[-4:])


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("ủng hộ lũ lụt", "ung ho lu lut"),
        ("Đặc sản Đà Lạt", "Dac san Da Lat"),
        ("  OCOP100123   thanh   toán ", "OCOP100123 thanh toan"),
        ("Ưu đãi Tết", "Uu dai Tet"),
    ],
)
def test_vietnamese_notes_are_folded_to_ascii(text: str, note: str) -> None:
    assert transfer_note(text) == note
    assert tlv(vietqr_payload(bank_bin="970415", account_no="1", amount=1, note=text))["62"] == (
        f"08{len(note):02d}{note}"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bank_bin", "97041", "The bank BIN '97041' must be 6 digits"),
        ("bank_bin", "97041A", "The bank BIN '97041A' must be 6 digits"),
        ("bank_bin", "9704150", "The bank BIN '9704150' must be 6 digits"),
        ("account_no", "", "The account number '' must be 1 to 19 letters or digits"),
        ("account_no", "1" * 20, f"The account number '{'1' * 20}' must be 1 to 19"),
        ("account_no", "0011-0019", "The account number '0011-0019' must be 1 to 19"),
        ("amount", 0, "The amount 0 must be 1 to 13 digits"),
        ("amount", -5, "The amount -5 must be 1 to 13 digits"),
        ("amount", 10**13, f"The amount {10**13} must be 1 to 13 digits"),
        ("amount", Decimal("1000.50"), "The amount 1000.50 is not a whole number of đồng"),
        ("note", "x" * 26, f"The transfer note '{'x' * 26}' is 26 characters long; VietQR carries at"),
        ("note", "Thanh toán đơn hàng số 100123", "is 29 characters long"),
        ("note", "tab\x07bell", "has characters a bank cannot carry"),
    ],
)
def test_a_field_past_its_limit_is_refused_naming_it(field: str, value, message: str) -> None:
    fields = {"bank_bin": "970415", "account_no": "0011001932418", "amount": 120000, "note": "ok"}

    with pytest.raises(ValueError, match=re.escape(message)):
        vietqr_payload(**{**fields, field: value})


def test_the_largest_fields_still_fit() -> None:
    payload = vietqr_payload(bank_bin="970415", account_no="9" * 19, amount=10**13 - 1, note="x" * 25)

    assert tlv(payload)["54"] == "9" * 13
    assert tlv(payload)["62"] == "0825" + "x" * 25


def test_the_png_decodes_back_to_the_payload() -> None:
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(vietqr_png(PUBLISHED))))

    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == PUBLISHED


def test_the_svg_is_inline_markup_without_style_attributes() -> None:
    svg = vietqr_svg(PUBLISHED, title="VietQR")

    assert svg.startswith('<svg viewBox="0 0 ') and svg.endswith("</svg>")
    assert "<title>VietQR</title>" in svg
    assert "style=" not in svg and "<?xml" not in svg


@pytest.mark.parametrize(
    ("bank_bin", "short_name"),
    [("970436", "Vietcombank"), ("970415", "VietinBank"), ("970418", "BIDV"), ("970405", "Agribank")],
)
def test_banks_are_named_by_their_bin(bank_bin: str, short_name: str) -> None:
    bank = bank_for_bin(bank_bin)

    assert isinstance(bank, Bank) and (bank.bin, bank.short_name) == (bank_bin, short_name)


def test_an_unlisted_bin_has_no_name() -> None:
    assert bank_for_bin("123456") is None


@pytest.mark.parametrize(
    ("amount", "payable"),
    [
        (Decimal("345000.00"), True),
        (Decimal(1), True),
        (Decimal(10**13 - 1), True),
        (Decimal(0), False),
        (Decimal(-5), False),
        (Decimal("1000.50"), False),
        (Decimal(10**13), False),
    ],
)
def test_transfer_payable_says_which_totals_a_code_can_ask_for(amount: Decimal, payable: bool) -> None:
    assert transfer_payable(amount) is payable
