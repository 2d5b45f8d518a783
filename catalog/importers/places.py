"""Reading the places list (`catalog/data/ocop-places.csv`): display points, fairs and events.

Only the reading and checking lives here, with the provinces it resolves. The rows are written by
the apps that own their models: `shop.displays.importers` (display points) and `cms.importers`
(fair pages), which also runs the whole file in one transaction.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..utils import slugify
from .base import ProvinceResolver, RowErrors
from .tables import Columns, Upload, table_read

if TYPE_CHECKING:
    from ..models import Province
    from .base import Report

COLUMNS = (
    "kind",
    "name",
    "province_old",
    "province_new",
    "address",
    "start_date",
    "end_date",
    "organizer",
    "details",
    "source",
)
PLACES_LIST = Columns(required=COLUMNS)
LIMITS = {"name": 255, "address": 255, "organizer": 255, "source": 500, "start_date": 64}
DISPLAY_POINT = "display_point"
SLUG_LENGTH = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PlaceRow:
    row: int
    kind: str
    name: str
    slug: str
    province: Province
    values: dict[str, str]
    start_date: datetime.date | None
    end_date: datetime.date | None

    @property
    def is_display_point(self) -> bool:
        return self.kind == DISPLAY_POINT

    @property
    def dates_note(self) -> str:
        """The dates as announced, when they are not plain ISO dates (e.g. "(28/11)", "2021")."""
        raw = [self.values["start_date"], self.values["end_date"]]
        if all(not value or _ISO_DATE.match(value) for value in raw):
            return ""
        return " – ".join(value for value in raw if value)[:255]


def place_slug(name: str) -> str:
    """A readable slug cut at a word boundary."""
    slug = slugify(name)
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def places_validate(path: Path) -> list[PlaceRow]:
    """Every row checked; raises DataImportError listing each bad cell as file, row and field.

    The file is read as staff uploads are (`table_read`): not UTF-8, a NUL or an unknown column
    is refused there, before any row is checked."""
    errors = RowErrors(path.name)
    provinces = ProvinceResolver()
    rows: list[PlaceRow] = []
    seen: dict[str, int] = {}
    for number, values in table_read(Upload.from_path(path), PLACES_LIST).rows:
        parsed = _row_parse(number, values, errors, provinces)
        if parsed is None:
            continue
        if parsed.slug in seen:
            errors.add(number, "name", _("same address (slug) as row %(row)d") % {"row": seen[parsed.slug]})
        seen.setdefault(parsed.slug, number)
        rows.append(parsed)
    errors.raise_if_any()
    return rows


def _row_parse(
    number: int, values: dict[str, str], errors: RowErrors, provinces: ProvinceResolver
) -> PlaceRow | None:
    before = len(errors.errors)

    def report(field_name: str, message: str) -> None:
        errors.add(number, field_name, message)

    errors.check_length(number, values, LIMITS)
    if not values["kind"]:
        report("kind", _("a kind is required (display_point, fair, event…)"))
    slug = place_slug(values["name"])
    if not slug:
        report("name", _("a name is required"))
    province = provinces.resolve(new=values["province_new"], old=values["province_old"], report=report)
    start = _date(values["start_date"], "start_date", report)
    end = _date(values["end_date"], "end_date", report)
    if start and end and end < start:
        report("end_date", _("is before the start date"))
    if len(errors.errors) > before:
        return None
    return PlaceRow(number, values["kind"], values["name"], slug, province, values, start, end)


def _date(value: str, field_name: str, report: Report) -> datetime.date | None:
    """An ISO date, or None: other announced forms ("2017-09", "(28/11)") are kept as text."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        report(field_name, _("“%(value)s” is not a valid date") % {"value": value})
        return None
