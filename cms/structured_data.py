"""schema.org JSON-LD of the content pages, built as plain dicts like the shop's
(catalog.structured_data) and emitted by the same `json_ld` tag (catalog seo_tags)."""

from __future__ import annotations

import datetime
from typing import Any

from catalog.structured_data import SCHEMA, geo_coordinates, postal_address, without_empty

from .links import absolute_url, page_absolute_url
from .models.fairs import FairPage

IMAGE_SPEC = "fill-1200x675"


def _date(day: datetime.date | None, at: datetime.datetime | None) -> str | None:
    if at is not None:
        return at.isoformat()
    return day.isoformat() if day else None


def fair_event(fair: FairPage) -> dict[str, Any]:
    """An `Event` with its `Place` (PostalAddress, and GeoCoordinates when known) and organiser."""
    address = postal_address(
        street=fair.street_address or fair.venue, province=fair.province if fair.province_id else None
    )
    place = without_empty(
        {
            "@type": "Place",
            "name": fair.venue or fair.address_line or None,
            "address": address,
            "geo": geo_coordinates(fair),
        }
    )
    image = absolute_url(fair.image.get_rendition(IMAGE_SPEC).url) if fair.image_id else None
    return without_empty(
        {
            "@context": SCHEMA,
            "@type": "Event",
            "name": fair.title,
            "startDate": _date(fair.start_date, fair.starts_at),
            "endDate": _date(fair.last_date, fair.ends_at),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
            "location": place,
            "organizer": {"@type": "Organization", "name": fair.organiser} if fair.organiser else None,
            "url": page_absolute_url(fair),
            "image": [image] if image else None,
            "description": fair.summary or fair.search_description,
            "inLanguage": "vi",
        }
    )
