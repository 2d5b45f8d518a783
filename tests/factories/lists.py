"""Provincial OCOP lists as staff upload them: rows (dicts by column) written as CSV or XLSX bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from catalog.importers.product_rows import COLUMNS

HONEY = {
    "name_vi": "Mật ong hoa nhãn Thử Nghiệm",
    "producer": "Hợp tác xã Nuôi ong Thử Nghiệm",
    "producer_type": "cooperative",
    "province_old": "Hưng Yên",
    "province_new": "Hưng Yên",
    "stars": "4",
    "group": "Thực phẩm",
    "subgroup": "I.2.b Thực phẩm thô, sơ chế – Mật ong, mật khác và nông sản thực phẩm khác",
    "year": "2023",
    "source": "example.vn/mat-ong",
}
UNRATED_UNSOLD = {
    **HONEY,
    "name_vi": "Gạo sinh thái Thử Nghiệm",
    "producer": "",
    "producer_type": "",
    "province_old": "",
    "province_new": "Ninh Bình",
    "stars": "",
    "subgroup": "I.2.a Thực phẩm thô, sơ chế – Gạo, ngũ cốc, hạt sơ chế khác",
    "year": "",
}
FORMER_NAME = {
    **HONEY,
    "name_vi": "Vải thiều Thử Nghiệm",
    "producer": "Công ty TNHH Vải Thử Nghiệm",
    "producer_type": "enterprise",
    "province_old": "Bắc Giang",
    "province_new": "",
    "stars": "5",
    "subgroup": "I.1.a Thực phẩm tươi sống – Rau, củ, quả, hạt tươi",
    "year": "2021",
}
CERTIFIED = {
    **HONEY,
    "name_vi": "Trà hoa vàng Thử Nghiệm",
    "producer": "Hợp tác xã Trà Thử Nghiệm",
    "province_old": "Quảng Ninh",
    "province_new": "Quảng Ninh",
    "subgroup": "I.5.b Chè – Sản phẩm chè từ thực vật khác",
    "certificate_number": "QN-OCOP-2025-0042",
    "decision_number": "1234/QĐ-UBND",
    "decision_date": "14/03/2025",
    "score": "78",
    "expires_on": "",
}
CERTIFICATE_COLUMNS = ("certificate_number", "decision_number", "decision_date", "score", "expires_on")
WITH_CERTIFICATE = (*COLUMNS, *CERTIFICATE_COLUMNS)


def csv_bytes(
    rows: Iterable[dict[str, str]], columns: Sequence[str] = COLUMNS, delimiter: str = ","
) -> bytes:
    handle = io.StringIO(newline="")
    writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return handle.getvalue().encode("utf-8")


def xlsx_bytes(
    rows: Iterable[dict[str, object]],
    columns: Sequence[str] = COLUMNS,
    *,
    header: Sequence[str] | None = None,
) -> bytes:
    """A workbook as Excel saves it: numbers as numbers (stars 4, not "4"), one sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách OCOP"
    sheet.append(list(header or columns))
    for row in rows:
        sheet.append([_excel_value(row.get(name, "")) for name in columns])
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def _excel_value(value: object) -> object:
    if isinstance(value, str) and value.isdigit() and len(value) < 6:
        return int(value)
    return value if value != "" else None


def list_file(tmp_path: Path, content: bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# A damaged file, and what the reader says about it: the second row (row 3) has a "source" cell.
DAMAGES = {
    "not-utf8": r'row 3, field "source": is not UTF-8 text \(byte 0xE1\)',
    "nul": r'row 3, field "source": contains a NUL character',
    "extra-column": r'row 1, field "price": unknown column',
}


def damaged_csv_bytes(rows: Sequence[dict[str, str]], columns: Sequence[str], damage: str) -> bytes:
    """The rows as CSV with one damage of DAMAGES: row 3's source as a Windows code page writes
    “Báo”, or with a NUL in it, or an extra column no list has."""
    rows = [dict(row) for row in rows]
    if damage == "extra-column":
        return csv_bytes([{**row, "price": "125000"} for row in rows], [*columns, "price"])
    rows[1]["source"] = "Báo\x00Thử" if damage == "nul" else "Báo Thử Nghiệm"
    content = csv_bytes(rows, columns)
    return content.replace("Báo".encode(), "B\xe1o".encode("latin-1")) if damage == "not-utf8" else content
