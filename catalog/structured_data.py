"""schema.org JSON-LD built as plain dicts: products with their offer, breadcrumb trails, places.

The `json_ld` tag (catalog/templatetags/seo_tags.py) emits them escaped like json_script. The OCOP
stars are a certification by the authorities (Decision 148/QĐ-TTg), not shoppers' reviews: they are
never given as a rating (`aggregateRating`, `review`) but as the product's certification."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from typing import Any

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .links import absolute_url
from .richtext import clean_rich_text

SCHEMA = "https://schema.org"
# Google reads at most this much of a description; a shorter summary is kinder to every reader.
DESCRIPTION_CHARS = 500
# Search results show about this much of a meta description.
META_DESCRIPTION_CHARS = 160


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: its label and its address (a path on this site)."""

    name: str
    url: str


def without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def plain_text(html: str, chars: int = DESCRIPTION_CHARS) -> str:
    """Rich text as one line of plain text, cut at a word before `chars` characters. Sanitised
    first, so a <script> stored before sanitising existed leaves no text behind."""
    text = " ".join(unescape(strip_tags(clean_rich_text(html or ""))).split())
    return Truncator(text).chars(chars)


def product_summary(product: Any) -> str:
    """The product's meta description: its own, else its text, else what it is and who makes it."""
    text = product.meta_description or plain_text(product.description)
    if not text:
        parts = [product.get_title()]
        if product.shows_badge:
            parts.append(_("OCOP %(stars)s-star product") % {"stars": product.stars})
        if product.producer_id:
            parts.append(_("made by %(producer)s") % {"producer": product.producer.name})
        if product.province_id:
            parts.append(_("from %(province)s") % {"province": product.province.name})
        text = ", ".join(str(part) for part in parts) + "."
    return Truncator(text).chars(META_DESCRIPTION_CHARS)


def home_crumbs(*steps: Crumb) -> list[Crumb]:
    return [Crumb(_("Home"), "/"), *steps]


def category_crumbs(category: Any) -> list[Crumb]:
    """Home › Products › sector › product set (the category's ancestors and itself)."""
    steps = [Crumb(c.display_name, c.get_absolute_url()) for c in category.get_ancestors_and_self()]
    return home_crumbs(Crumb(_("Products"), reverse("catalogue:index")), *steps)


def product_crumbs(product: Any, category: Any = None) -> list[Crumb]:
    """The product page's trail: its category's, then the product."""
    trail = (
        category_crumbs(category)
        if category
        else home_crumbs(Crumb(_("Products"), reverse("catalogue:index")))
    )
    return [*trail, Crumb(product.get_title(), product.get_absolute_url())]


def breadcrumb_list(crumbs: Sequence[Crumb]) -> dict[str, Any]:
    """A `BreadcrumbList` of the trail shown on the page, every step with its absolute address."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(crumb.name),
                "item": absolute_url(crumb.url),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def postal_address(*, street: str, province: Any = None) -> dict[str, Any]:
    return without_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": street,
            "addressRegion": province.name if province is not None else None,
            "addressCountry": "VN",
        }
    )


def geo_coordinates(place: Any) -> dict[str, Any] | None:
    """A `GeoCoordinates` of a GeoPoint (display point, fair venue) with a known location."""
    if not place.has_coordinates:
        return None
    return {"@type": "GeoCoordinates", "latitude": float(place.latitude), "longitude": float(place.longitude)}


def organization_ref(producer: Any) -> dict[str, Any]:
    """The producer, named and linked to its stall: a product's seller and maker."""
    return {"@type": "Organization", "name": producer.name, "url": absolute_url(producer.get_absolute_url())}


def _price(purchase_info: Any) -> Decimal | None:
    price = getattr(purchase_info, "price", None)
    if price is None or not price.exists:
        return None
    return price.incl_tax if price.is_tax_known else price.excl_tax


def aggregate_rating(*, count: int, average: float) -> dict[str, Any]:
    """Shoppers' approved reviews (one to five stars) as an `AggregateRating`."""
    return {
        "@type": "AggregateRating",
        "ratingValue": round(float(average), 1),
        "reviewCount": count,
        "bestRating": 5,
        "worstRating": 1,
    }


def product_offer(product: Any, purchase_info: Any) -> dict[str, Any] | None:
    """The `Offer` of a product sold here: price in whole đồng, stock, and the producer selling it."""
    amount = _price(purchase_info)
    if amount is None or purchase_info.stockrecord is None:
        return None
    in_stock = purchase_info.availability.is_available_to_buy
    return without_empty(
        {
            "@type": "Offer",
            "url": absolute_url(product.get_absolute_url()),
            "price": str(amount.quantize(Decimal(1))),  # VND has no minor unit
            "priceCurrency": purchase_info.price.currency or "VND",
            "availability": f"{SCHEMA}/{'InStock' if in_stock else 'OutOfStock'}",
            "itemCondition": f"{SCHEMA}/NewCondition",
            "seller": organization_ref(product.producer) if product.producer_id else None,
        }
    )


def product_certification(product: Any) -> dict[str, Any] | None:
    """The OCOP certificate as a `Certification`, while it is valid to show (never once expired)."""
    if not product.shows_badge:
        return None
    return without_empty(
        {
            "@type": "Certification",
            "name": f"OCOP {product.stars}★",
            "certificationIdentification": product.certificate_number or product.decision_number,
            "validFrom": product.certified_on.isoformat() if product.certified_on else None,
            "expires": product.expires_on.isoformat() if product.expires_on else None,
        }
    )


def product_schema(product: Any, purchase_info: Any, images: Iterable[str] = ()) -> dict[str, Any]:
    """A `Product` with its `Offer` when sold here; `images` are the image addresses to give."""
    category = next(iter(product.categories.all()), None)
    return without_empty(
        {
            "@context": SCHEMA,
            "@type": "Product",
            "name": product.get_title(),
            "url": absolute_url(product.get_absolute_url()),
            "image": [absolute_url(url) for url in images],
            "description": plain_text(product.description) or product_summary(product),
            "sku": product.upc,
            "category": category.display_name if category else None,
            "manufacturer": organization_ref(product.producer) if product.producer_id else None,
            "countryOfOrigin": {"@type": "Country", "name": "VN"},
            "hasCertification": product_certification(product),
            "offers": product_offer(product, purchase_info),
        }
    )
