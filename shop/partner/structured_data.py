"""schema.org JSON-LD of a producer's stall: the producer as an `Organization`, or a
`LocalBusiness` when it gives the address where shoppers find it."""

from __future__ import annotations

from typing import Any

from catalog.links import absolute_url
from catalog.structured_data import SCHEMA, plain_text, postal_address, without_empty


def stall_organization(producer: Any) -> dict[str, Any]:
    """The producer with its contact, its logo and its stalls on other marketplaces (`sameAs`)."""
    return without_empty(
        {
            "@context": SCHEMA,
            "@type": "LocalBusiness" if producer.address else "Organization",
            "name": producer.name,
            "url": absolute_url(producer.get_absolute_url()),
            "logo": absolute_url(producer.logo.url) if producer.logo else None,
            "image": absolute_url(producer.banner.url) if producer.banner else None,
            "description": plain_text(producer.story),
            "telephone": producer.phone,
            "email": producer.email,
            "address": postal_address(street=producer.address, province=producer.province)
            if producer.address or producer.province_id
            else None,
            "sameAs": [link.url for link in producer.links.all()],
        }
    )
