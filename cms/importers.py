"""Fair pages from the places list, and the places list as a whole (display points and fairs).

The rows are read and checked by `catalog.importers.places`; display points are written by
`shop.displays.importers`. This is the top app, so the whole file is imported here, in one
transaction: a bad row leaves neither display points nor fairs behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.importers.base import ImportSummary, Progress, RowErrors, no_progress
from catalog.importers.places import PlaceRow, places_validate
from shop.displays.importers import display_points_import

from .models import FairIndexPage, FairPage


def places_import(path: Path, *, demo: bool = False, progress: Progress = no_progress) -> ImportSummary:
    """Validate the whole places list, then write its display points and fairs in one transaction."""
    rows = places_validate(path)
    fairs = [row for row in rows if not row.is_display_point]
    index = FairIndexPage.objects.order_by("path").first()
    if fairs and index is None:
        errors = RowErrors(path.name)
        for row in fairs:
            errors.add(row.row, "kind", _("there is no fairs index page to publish this under"))
        errors.raise_if_any()
    summary = ImportSummary()
    with transaction.atomic():
        for row in progress(rows, total=len(rows), desc="places"):
            if row.is_display_point:
                summary.merge(display_points_import([row], demo=demo))
            elif index is not None:  # checked above: every fair row has an index to go under
                summary.merge(fairs_import([row], index=index))
    return summary


def fairs_import(rows: Iterable[PlaceRow], *, index: FairIndexPage) -> ImportSummary:
    """Create or update a published fair page under `index` per row (matched by slug); each change
    is saved as a published revision, and an unchanged row writes nothing."""
    summary = ImportSummary()
    for row in rows:
        summary.add("fairs", _fair_write(row, index))
    return summary


def _fair_write(row: PlaceRow, index: FairIndexPage) -> str:
    values = {
        "title": row.name,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "dates_note": row.dates_note,
        "province_id": row.province.pk,
        "venue": row.values["address"],
        "organiser": row.values["organizer"],
        "summary": row.values["details"],
        "source": row.values["source"],
    }
    page = FairPage.objects.child_of(index).filter(slug=row.slug).first()
    if page is None:
        page = index.add_child(instance=FairPage(slug=row.slug, draft_title=row.name, **values))
        outcome = "created"
    else:
        changed = {name: value for name, value in values.items() if getattr(page, name) != value}
        if not changed:
            return "unchanged"
        for name, value in changed.items():
            setattr(page, name, value)
        page.draft_title = page.title
        outcome = "updated"
    page.save_revision().publish()
    return outcome
