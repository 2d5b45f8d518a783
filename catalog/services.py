"""Writes to the catalogue: derived fields, producers' products, their review and certificates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from oscar.core.loading import get_model

from . import emails
from .utils import words


def product_search_text(*, title: str, producer_name: str = "", province_names: Iterable[str] = ()) -> str:
    """The accent-folded words a product is found by: its title, producer and province names
    (current and former, so "yen bai" finds products of Lào Cai).

    Padded with spaces so a search can match whole words (" ong ") or word starts (" on")."""
    found = [word for part in (title, producer_name, *province_names) if part for word in words(part)]
    return f" {' '.join(found)} " if found else ""


def product_place_names(province_names: Iterable[str], former_province: str = "") -> list[str]:
    """The place names a product is found by: its province's current and former names, and the
    former province it was certified in (already among them when the data agrees)."""
    names = list(province_names)
    if former_province and former_province not in names:
        names.append(former_province)
    return names


# ---------------------------------------------------------------- producers' products and certificates


@transaction.atomic
def product_listing_submit(*, product: Any) -> Any:
    """A producer's new product, or its change of title, description or images: hidden until
    staff approve it (price and stock changes never come here)."""
    Product = get_model("catalogue", "Product")
    product.listing_status = Product.ListingStatus.PENDING
    product.listing_note = ""
    product.is_public = False
    product.save()
    return product


@transaction.atomic
def product_listing_approve(*, product: Any, checked_by: Any) -> Any:
    """Publish a reviewed product and tell its producer."""
    Product = get_model("catalogue", "Product")
    product = Product.objects.select_for_update().get(pk=product.pk)
    product.listing_status = Product.ListingStatus.APPROVED
    product.listing_note = ""
    product.is_public = True
    product.save()
    emails.product_review_email_enqueue(product_id=product.pk, event=emails.PRODUCT_PUBLISHED)
    return product


@transaction.atomic
def product_listing_reject(*, product: Any, checked_by: Any, reason: str) -> Any:
    """Keep a reviewed product hidden, with the reason, and tell its producer."""
    Product = get_model("catalogue", "Product")
    if not reason.strip():
        raise ValidationError({"reason": gettext("Give the producer a reason.")})
    product = Product.objects.select_for_update().get(pk=product.pk)
    product.listing_status = Product.ListingStatus.REJECTED
    product.listing_note = reason.strip()
    product.is_public = False
    product.save()
    emails.product_review_email_enqueue(product_id=product.pk, event=emails.PRODUCT_REJECTED)
    return product


@transaction.atomic
def certificate_claim_submit(*, product: Any, submitted_by: Any, **certificate: Any) -> Any:
    """Record a producer's OCOP certificate for the product, unverified; it replaces the product's
    claim still awaiting staff. Raises ValidationError (Decision 148 score bands, dates)."""
    CertificateClaim = get_model("catalogue", "CertificateClaim")
    unknown = set(certificate) - set(CertificateClaim.CERTIFICATE_FIELDS)
    if unknown:
        raise TypeError(f"Not certificate fields: {sorted(unknown)}")
    claim = CertificateClaim(product=product, submitted_by=submitted_by, **certificate)
    claim.full_clean(exclude=["product", "submitted_by"])
    if not claim.expires_on:
        claim.expires_on = product.default_expiry(claim.certified_on)
    CertificateClaim.objects.filter(product=product, status=CertificateClaim.Status.PENDING).delete()
    claim.save()
    return claim


@transaction.atomic
def certificate_claim_verify(*, claim: Any, checked_by: Any) -> Any:
    """Staff checked the claim against the recognition decision: its values become the product's
    certificate (so the badge, filters, facets, search and statistics show it from now on)."""
    CertificateClaim = get_model("catalogue", "CertificateClaim")
    Product = get_model("catalogue", "Product")
    claim = CertificateClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != CertificateClaim.Status.PENDING:
        raise ValidationError(gettext("This certificate was already checked."))
    product = Product.objects.select_for_update().get(pk=claim.product_id)
    for name in CertificateClaim.CERTIFICATE_FIELDS:
        setattr(product, name, getattr(claim, name))
    product.recognition_year = claim.certified_on.year
    product.full_clean(exclude=_not_certificate_fields(Product))
    product.save()  # post_save re-indexes the product (search.receivers)
    claim.status = CertificateClaim.Status.VERIFIED
    claim.reason = ""
    claim.checked_by, claim.checked_at = checked_by, timezone.now()
    claim.save()
    emails.certificate_claim_email_enqueue(claim_id=claim.pk)
    return claim


@transaction.atomic
def certificate_claim_reject(*, claim: Any, checked_by: Any, reason: str) -> Any:
    """Staff found the claim does not match the decision: the product keeps its certificate."""
    CertificateClaim = get_model("catalogue", "CertificateClaim")
    if not reason.strip():
        raise ValidationError({"reason": gettext("Give the producer a reason.")})
    claim = CertificateClaim.objects.select_for_update().select_related("product").get(pk=claim.pk)
    if claim.status != CertificateClaim.Status.PENDING:
        raise ValidationError(gettext("This certificate was already checked."))
    claim.status = CertificateClaim.Status.REJECTED
    claim.reason = reason.strip()
    claim.checked_by, claim.checked_at = checked_by, timezone.now()
    claim.save()
    emails.certificate_claim_email_enqueue(claim_id=claim.pk)
    return claim


def _not_certificate_fields(model: Any) -> list[str]:
    certificate = set(get_model("catalogue", "CertificateClaim").CERTIFICATE_FIELDS)
    return [field.name for field in model._meta.fields if field.name not in certificate]


@transaction.atomic
def product_draft_create(
    *,
    producer: Any,
    title: str,
    category: Any,
    submitted_by: Any,
    description: str = "",
    certificate: dict[str, Any] | None = None,
) -> tuple[Any, Any]:
    """A new producer's first product, hidden and awaiting review, with its certificate claim
    (None without `certificate`). For sign-up: the producer and province come from the stall."""
    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    from .importers.product_plan import ocop_product_class

    product = Product(
        title=title,
        description=description,
        product_class=ocop_product_class(),
        producer=producer,
        province_id=producer.province_id,
        is_public=False,
        listing_status=Product.ListingStatus.PENDING,
    )
    product.full_clean(exclude=["product_class", "upc", "slug"])
    product.save()
    ProductCategory.objects.create(product=product, category=category)
    claim = None
    if certificate:
        claim = certificate_claim_submit(product=product, submitted_by=submitted_by, **certificate)
    return product, claim
