"""Template helpers of the certificate check by QR (catalog.verification)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from catalog import verification

register = template.Library()


@register.simple_tag
def certificate_check(product: Any) -> dict[str, str] | None:
    """The certificate check page of a product with a certificate and its QR image, else None."""
    if not verification.has_certificate(product):
        return None
    code = verification.verification_code(product)
    return {
        "url": verification.verification_path(product),
        "qr_svg": reverse("verification:qr-svg", kwargs={"code": code}),
        "qr_png": reverse("verification:qr-png", kwargs={"code": code}),
    }
