"""Reading a list as staff upload it: CSV (UTF-8) or an Excel workbook (XLSX), as numbered rows of text.

A problem with the file itself (encoding, format, header, stray cells) becomes a RowError on the
row and column where a person finds it in a spreadsheet (the header is row 1); nothing is guessed.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .base import RowErrors

XLSX_MAGIC = b"PK\x03\x04"  # a zip archive, as every .xlsx is
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 Excel (OLE2) format
CSV_SUFFIXES = {".csv", ".txt"}
MAX_ROWS = 100_000  # a provincial list has hundreds; the national catalogue 16,543
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a workbook that unpacks to more is a zip bomb, not a list
Cells = list[str]


@dataclass(frozen=True)
class Upload:
    """A list file: its name (for messages and its format) and its bytes."""

    name: str
    content: bytes

    @classmethod
    def from_path(cls, path: Path) -> Upload:
        return cls(path.name, path.read_bytes())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Columns:
    """The header a list must have: required columns, optional ones, and groups of which at least
    one column must be present (e.g. the province, current or former)."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.required, *self.optional)))


@dataclass(frozen=True)
class Table:
    """The rows of a list with the number each has in the spreadsheet; blank rows are left out."""

    file: str
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]


def table_read(upload: Upload, columns: Columns) -> Table:
    """The rows of a CSV or XLSX list, each cell stripped; raises DataImportError on any problem
    with the file or its header, and on a cell that no header names or that holds a NUL."""
    errors = RowErrors(upload.name)
    records = records_read(upload)
    if not any(any(cells) for _number, cells in records):
        errors.add(1, "", _("the file is empty: the first row must name the columns"))
    elif not any(records[0][1]):
        errors.add(1, "", _("the first row is empty: it must name the columns"))
    errors.raise_if_any()
    (_number, header), *body = records
    names = _header_check(header, columns, errors)
    rows = [(number, _row(number, cells, names, errors)) for number, cells in body if any(cells)]
    if not rows and not errors.errors:
        errors.add(2, "", _("there are no rows under the header"))
    errors.raise_if_any()
    return Table(upload.name, tuple(name for name in names if name), rows)


def records_read(upload: Upload) -> list[tuple[int, Cells]]:
    """Every row of a CSV or XLSX file as (row number, stripped cells), before any header is looked
    for (bank statements have a title above theirs); DataImportError on a problem with the file."""
    errors = RowErrors(upload.name)
    records = _xlsx_records(upload, errors) if _is_xlsx(upload, errors) else _csv_records(upload, errors)
    errors.raise_if_any()
    assert records is not None  # no errors, so the file was read
    return records


def _is_xlsx(upload: Upload, errors: RowErrors) -> bool:
    """XLSX by its content (a zip), whatever the name; refuse what is neither CSV nor XLSX."""
    if upload.content.startswith(XLSX_MAGIC):
        return True
    suffix = Path(upload.name).suffix.lower()
    if upload.content.startswith(XLS_MAGIC):
        errors.add(1, "", _("is an old Excel workbook (.xls): save it as .xlsx or as CSV UTF-8"))
    elif suffix == ".xlsx":
        errors.add(1, "", _("is not a readable XLSX workbook"))
    elif suffix not in CSV_SUFFIXES:
        errors.add(1, "", _("is not a CSV or XLSX file (the name ends in “%(suffix)s”)") % {"suffix": suffix})
    return False


# ---------------------------------------------------------------- CSV


def _csv_records(upload: Upload, errors: RowErrors) -> list[tuple[int, Cells]] | None:
    if errors.errors:
        return None
    content = upload.content
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        errors.add(1, "", _("is UTF-16 text: save it as CSV UTF-8"))
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        prefix = content[: error.start].decode("utf-8-sig")
        row, column = _position(prefix, _delimiter(prefix))
        byte = content[error.start]
        errors.add(
            row,
            column,
            _("is not UTF-8 text (byte 0x%(byte)02X): save the file as CSV UTF-8") % {"byte": byte},
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records: list[tuple[int, Cells]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                errors.add(number, "", _("has more than %(rows)d rows: split the list") % {"rows": MAX_ROWS})
                return None
            records.append((number, [cell.strip() for cell in cells]))
    except csv.Error as error:
        errors.add(len(records) + 1, "", _("is not valid CSV (%(error)s)") % {"error": error})
        return None
    return records


def _delimiter(text: str) -> str:
    """Comma, or the semicolon (or tab) that spreadsheets set to Vietnamese use in their CSV."""
    # The first line that has one: a bank statement may open with a title line of plain text.
    header = next((line for line in text.splitlines() if any(d in line for d in ",;\t")), "")
    return max((",", ";", "\t"), key=header.count)


def _position(prefix: str, delimiter: str) -> tuple[int, str]:
    """The row and column (by its header name) where the text after `prefix` begins."""
    records = list(csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter)) or [[]]
    if prefix.endswith(("\n", "\r")):
        records.append([])
    index = max(len(records[-1]) - 1, 0)
    header = records[0] if len(records) > 1 else []
    name = header[index].strip() if index < len(header) else _column_label(index)
    return len(records), name


def _column_label(index: int) -> str:
    """A column without a header, by its spreadsheet letter: 0 → A, 26 → AA."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = chr(ord("A") + remainder) + label
    return _("column %(letter)s") % {"letter": label}


# ---------------------------------------------------------------- XLSX


def _xlsx_records(upload: Upload, errors: RowErrors) -> list[tuple[int, Cells]] | None:
    """The first sheet's rows; formulas give the value Excel last computed."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(upload.content)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            errors.add(
                1, "", _("unpacks to more than %(mb)d MB: split the list") % {"mb": MAX_UNZIPPED_BYTES >> 20}
            )
            return None
        workbook = load_workbook(io.BytesIO(upload.content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        errors.add(1, "", _("is not a readable XLSX workbook"))
        return None
    try:
        sheet = workbook.worksheets[0]
        records = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if number > MAX_ROWS:
                errors.add(number, "", _("has more than %(rows)d rows: split the list") % {"rows": MAX_ROWS})
                return None
            records.append((number, [_cell_text(value) for value in values]))
        return records
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the text a person typed: 4.0 → "4", a date → "2025-03-14"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---------------------------------------------------------------- header and rows


def _header_check(header: Cells, columns: Columns, errors: RowErrors) -> list[str]:
    """The column name of each position ("" for an unnamed one), header problems added to `errors`."""
    names = [cell.strip().lower() for cell in header]
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name in seen:
            errors.add(1, name, _("this column appears twice"))
        elif name not in columns.known:
            errors.add(
                1,
                name,
                _("unknown column; the columns are: %(columns)s") % {"columns": ", ".join(columns.known)},
            )
        seen.add(name)
    for name in columns.required:
        if name not in seen:
            errors.add(1, name, _("column is missing"))
    for group in columns.one_of:
        if not seen.intersection(group):
            errors.add(1, group[0], _("column is missing (give %(columns)s)") % {"columns": _or(group)})
    return names


def _or(names: Sequence[str]) -> str:
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _row(number: int, cells: Cells, names: list[str], errors: RowErrors) -> dict[str, str]:
    values = {name: "" for name in names if name}
    for index, cell in enumerate(cells):
        name = names[index] if index < len(names) else ""
        if not cell:
            continue
        if not name:
            errors.add(number, _column_label(index), _("this cell has a value but its column has no name"))
        elif "\x00" in cell:
            errors.add(number, name, _("contains a NUL character: the file is damaged or not text"))
        else:
            # One spelling of each letter: "Mật" typed as composed or decomposed Unicode (tổ hợp)
            # must name the same product.
            values[name] = unicodedata.normalize("NFC", cell)
    return values
