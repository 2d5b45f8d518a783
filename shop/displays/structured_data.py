"""schema.org JSON-LD of a display point: a `LocalBusiness` (a showroom that sells OCOP goods)."""

from __future__ import annotations

from typing import Any

from catalog.links import absolute_url
from catalog.structured_data import SCHEMA, geo_coordinates, plain_text, postal_address, without_empty


def display_point_business(display_point: Any) -> dict[str, Any]:
    """The showroom with its address, map position, phone and who runs it."""
    return without_empty(
        {
            "@context": SCHEMA,
            "@type": "LocalBusiness",
            "name": display_point.name,
            "url": absolute_url(display_point.get_absolute_url()),
            "description": plain_text(display_point.details),
            "telephone": display_point.phone,
            "address": postal_address(street=display_point.address, province=display_point.province),
            "geo": geo_coordinates(display_point),
            "parentOrganization": {"@type": "Organization", "name": display_point.organiser}
            if display_point.organiser
            else None,
        }
    )
