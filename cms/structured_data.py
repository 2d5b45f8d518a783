"""schema.org JSON-LD built as plain dicts (emitted by the `json_ld` tag, escaped like json_script)."""

from __future__ import annotations

import datetime
from typing import Any

from .links import absolute_url, page_absolute_url
from .models.fairs import FairPage

SCHEMA = "https://schema.org"
IMAGE_SPEC = "fill-1200x675"


def _date(day: datetime.date | None, at: datetime.datetime | None) -> str | None:
    if at is not None:
        return at.isoformat()
    return day.isoformat() if day else None


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def fair_event(fair: FairPage) -> dict[str, Any]:
    """An `Event` with its `Place` (PostalAddress, and GeoCoordinates when known) and organiser."""
    address = _without_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": fair.street_address or fair.venue,
            "addressRegion": fair.province.name if fair.province_id else None,
            "addressCountry": "VN",
        }
    )
    place = _without_empty(
        {
            "@type": "Place",
            "name": fair.venue or fair.address_line or None,
            "address": address,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(fair.latitude),
                "longitude": float(fair.longitude),
            }
            if fair.has_coordinates
            else None,
        }
    )
    image = absolute_url(fair.image.get_rendition(IMAGE_SPEC).url) if fair.image_id else None
    return _without_empty(
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
