"""Shared importer plumbing: row errors that name file, row and field; progress; provinces.

Files are read by `tables.table_read`, the one reader for uploads and the files in catalog/data."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from tqdm import tqdm

from ..utils import fold

if TYPE_CHECKING:
    from ..models import Province

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # reference and demo facts (CSV)
T = TypeVar("T")
Report = Callable[[str, str], None]  # (field, message) for the row being checked


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a list is read, checked and written. A list
    makes tens of thousands of objects that live to the end, and each of them counts toward the
    next full collection of the whole heap: on a 5,000-row import that was 1.3 s of 6.8 s. Memory
    stays bounded by the list (at most MAX_ROWS rows); what is left is collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Progress(Protocol):
    """Wraps an iterable to show progress (tqdm in commands; nothing in tests)."""

    def __call__(self, items: Iterable[T], *, total: int, desc: str) -> Iterable[T]: ...


def no_progress(items: Iterable[T], *, total: int, desc: str) -> Iterable[T]:
    return items


def tqdm_progress(enabled: bool) -> Progress:
    """A progress wrapper for commands: a tqdm bar, or nothing (verbosity 0)."""

    def progress(items: Iterable[T], *, total: int, desc: str) -> Iterable[T]:
        return tqdm(items, total=total, desc=desc, unit="", disable=not enabled, leave=True)

    return progress


@dataclass(frozen=True)
class RowError:
    """One problem in one cell; `row` counts as a person does in the file (header = row 1).

    `field` is the column's name, empty for a problem of the whole row or file."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.field:
            return f"{self.file}: row {self.row}: {self.message}"
        return f'{self.file}: row {self.row}, field "{self.field}": {self.message}'


class DataImportError(ValueError):
    """A file had bad rows: every problem is listed and nothing was written."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class RowErrors:
    """Collects the errors of one file, then raises them all at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[RowError] = []

    def add(self, row: int, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.file, row, field_name, message))

    def check_length(self, row: int, values: dict[str, str], limits: dict[str, int]) -> None:
        for name, limit in limits.items():
            if len(values.get(name, "")) > limit:
                self.add(row, name, _("longer than %(limit)d characters") % {"limit": limit})

    def raise_if_any(self) -> None:
        if self.errors:
            raise DataImportError(self.errors)


@dataclass
class ImportSummary:
    """Created / updated / unchanged counts per kind of record."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, entity: str, outcome: str, number: int = 1) -> None:
        self.counts[entity][outcome] += number

    def merge(self, other: ImportSummary) -> None:
        for entity, counter in other.counts.items():
            self.counts[entity].update(counter)

    def lines(self) -> list[str]:
        outcomes = ("created", "updated", "unchanged")
        return [
            f"{entity}: " + ", ".join(f"{counter[outcome]} {outcome}" for outcome in outcomes)
            for entity, counter in self.counts.items()
        ]


class ProvinceResolver:
    """Current names (the 34) and former names (the old 63) to current provinces."""

    def __init__(self) -> None:
        Province = get_model("catalogue", "Province")
        FormerName = get_model("catalogue", "ProvinceFormerName")
        self.current = {fold(p.name): p for p in Province.objects.all()}
        self.former_names = {f.folded: f for f in FormerName.objects.select_related("province")}
        self.former = {folded: f.province for folded, f in self.former_names.items()}

    def former_name(self, old: str) -> Any:
        """The former province (ProvinceFormerName) a row names in `province_old`, or None."""
        return self.former_names.get(fold(old)) if old else None

    def resolve(self, *, new: str, old: str, report: Report) -> Province | None:
        """The current province for a row; `province_new` wins, `province_old` must agree with it."""
        province = self._current(new, report) if new else None
        if old:
            before = self.former.get(fold(old)) or self.current.get(fold(old))
            if before is None:
                report("province_old", _("“%(name)s” is not a former province name") % {"name": old})
            elif province is not None and before != province:
                report(
                    "province_old",
                    _("“%(old)s” became %(before)s, not %(new)s")
                    % {"old": old, "before": before.name, "new": province.name},
                )
            province = province or before
        elif not new:
            report("province_new", _("a province is required"))
        return province

    def _current(self, name: str, report: Report) -> Province | None:
        province = self.current.get(fold(name))
        if province is None:
            hint = self.former.get(fold(name))
            message = _("“%(name)s” is not one of the 34 current provinces") % {"name": name}
            if hint is not None:
                message += " " + _("(it is now part of %(province)s)") % {"province": hint.name}
            report("province_new", message)
        return province
