"""The OCOP product list importer: the provincial lists staff upload, and the demo data.

A list (CSV or XLSX; columns in `product_rows`) is read, every row checked by a form, then planned
against the database (`product_plan`): each row creates, updates or leaves unchanged one product,
and its producer is matched by name and province, or created. The dry run stops there; an import
writes the plan in one transaction — one bad row and nothing is written — and re-importing the
same list changes nothing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from .base import (
    DataImportError,
    ImportSummary,
    Progress,
    ProvinceResolver,
    RowError,
    RowErrors,
    collector_paused,
    no_progress,
)
from .product_plan import ProductPlan, ocop_product_class
from .product_rows import COLUMNS, PRODUCT_LIST, ProductRow, ProductRowForm
from .tables import Upload, table_read

Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")

__all__ = [
    "COLUMNS",
    "Outcome",
    "ProductListCheck",
    "ProductRow",
    "RowReport",
    "Upload",
    "ocop_product_class",
    "products_check",
    "products_import",
    "products_validate",
]

Source = Upload | Path


class Outcome(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.CREATE: pgettext_lazy("import outcome", "will create"),
    Outcome.UPDATE: pgettext_lazy("import outcome", "will update"),
    Outcome.UNCHANGED: pgettext_lazy("import outcome", "unchanged"),
    Outcome.ERROR: pgettext_lazy("import outcome", "error"),
}


@dataclass
class RowReport:
    """What importing the list does (or would do) with one of its rows."""

    row: int
    title: str
    outcome: Outcome
    changes: list[str] = field(default_factory=list)  # the columns an update changes
    new_producer: str = ""  # the producer this row creates
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ProductListCheck:
    """The dry run of a list: each row's outcome, every error, and the counts an import gives."""

    file: str
    rows: list[RowReport]
    errors: list[RowError]
    summary: ImportSummary

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class RowsRead:
    rows: list[ProductRow]
    errors: RowErrors
    bad_titles: dict[int, str] = field(default_factory=dict)  # the title of each refused row


def products_check(
    source: Upload | Path, *, demo: bool = False, progress: Progress = no_progress
) -> ProductListCheck:
    """Read, check and plan a list, writing nothing: the dry run. A problem with the file itself
    (encoding, format, header) raises DataImportError; bad rows are reported in the check."""
    with collector_paused():
        check, _plan = _check(_upload(source), demo=demo, progress=progress)
    return check


def products_import(
    source: Upload | Path, *, demo: bool = False, dry_run: bool = False, progress: Progress = no_progress
) -> ImportSummary:
    """Check the whole list, then create or update its products and producers in one transaction.

    Raises DataImportError naming every bad cell (file, row, column), having written nothing.
    Imports run one at a time: the transaction first locks the OCOP product class row. The search
    index update runs on the commit, inside the pause of the garbage collector too."""
    upload = _upload(source)
    with collector_paused(), transaction.atomic():
        list(ProductClass.objects.select_for_update().filter(pk=ocop_product_class().pk).values_list("pk"))
        check, plan = _check(upload, demo=demo, progress=progress)
        if not check.ok:
            raise DataImportError(check.errors)
        if not dry_run:
            plan.apply()
    return check.summary


def products_validate(source: Upload | Path) -> list[ProductRow]:
    """Every row read and checked, duplicates found; raises DataImportError on any bad cell."""
    read = _rows_read(_upload(source), no_progress)
    read.errors.raise_if_any()
    return read.rows


def _upload(source: Upload | Path) -> Upload:
    return source if isinstance(source, Upload) else Upload.from_path(source)


def _check(upload: Upload, *, demo: bool, progress: Progress) -> tuple[ProductListCheck, ProductPlan]:
    read = _rows_read(upload, progress)
    plan = ProductPlan(read.rows, demo=demo, errors=read.errors)
    plan.build(progress)
    reports = {number: RowReport(number, title, Outcome.ERROR) for number, title in read.bad_titles.items()}
    for row in read.rows:
        step = plan.steps.get(row.row)
        if step is None:  # the plan found the row at odds with the database
            reports[row.row] = RowReport(row.row, row.title, Outcome.ERROR)
        else:
            reports[row.row] = RowReport(
                row.row, row.title, Outcome(step.outcome), step.changes, step.new_producer
            )
    errors = sorted(read.errors.errors, key=_error_order)
    for error in errors:
        reports[error.row].errors.append(error)
    check = ProductListCheck(
        upload.name, [reports[number] for number in sorted(reports)], errors, plan.summary
    )
    return check, plan


def _error_order(error: RowError) -> tuple[int, int]:
    """By row, then by column in the file's usual order."""
    columns = PRODUCT_LIST.known
    return error.row, columns.index(error.field) if error.field in columns else len(columns)


def _rows_read(upload: Upload, progress: Progress) -> RowsRead:
    """The rows the form accepts, and the errors of the others (a bad file raises at once)."""
    table = table_read(upload, PRODUCT_LIST)
    read = RowsRead([], RowErrors(upload.name))
    provinces = ProvinceResolver()
    categories = {c.code: c for c in Category.objects.exclude(code=None).exclude(code="")}
    seen: dict[tuple[str, str], int] = {}
    today = timezone.localdate()
    for number, values in progress(table.rows, total=len(table.rows), desc="checking"):
        form = ProductRowForm(values, provinces=provinces, categories=categories, today=today)
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    read.errors.add(number, name, message)
            read.bad_titles[number] = values.get("name_vi", "")
            continue
        row = form.product_row(number)
        if row.key in seen:
            read.errors.add(number, "name_vi", _("duplicate of row %(row)d") % {"row": seen[row.key]})
            read.bad_titles[number] = row.title
            continue
        seen[row.key] = number
        read.rows.append(row)
    return read
