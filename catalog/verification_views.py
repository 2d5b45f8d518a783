"""Certificate check by QR: the public verification page, its QR images, and shelf label sheets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import verification

# One A4 sheet holds 24 labels (3 × 8); staff printing for a fair booth name a few sheets' worth.
LABELS_PER_PAGE = 24
MAX_LABELS = 10 * LABELS_PER_PAGE
QR_MAX_AGE = 24 * 60 * 60


def _unknown_code(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "oscar/catalogue/verification_unknown.html", {"code": code}, status=404)


def verification_detail(request: HttpRequest, code: str) -> HttpResponse:
    """What a phone opens from the QR code: the product's certificate and whether it is valid."""
    product = verification.product_for_verification(code=code)
    if product is None:
        return _unknown_code(request, code)
    canonical = verification.verification_code(product)
    if code != canonical:
        return redirect("verification:detail", code=canonical, permanent=True)
    context = {
        "product": product,
        "status": product.certificate_status,
        "last_checked": product.last_checked_at or product.date_updated,
        "verification_url": verification.verification_url(product),
        "code": canonical,
        "may_print_labels": verification.may_print_labels(user=request.user, product=product),
    }
    return render(request, "oscar/catalogue/verification.html", context)


def verification_qr(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The QR code of the verification page, as SVG (web, print) or PNG (label software)."""
    product = verification.product_for_verification(code=code)
    if product is None:
        return _unknown_code(request, code)
    canonical = verification.verification_code(product)
    if code != canonical:
        return redirect(f"verification:qr-{kind}", code=canonical, permanent=True)
    url = verification.verification_url(product)
    if kind == "svg":
        response = HttpResponse(verification.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(verification.qr_png(url), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="ocop-{code}.{kind}"'
    # The same address always gives the same image; an unknown code's 404 is not kept.
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


def label_sheet_render(
    request: HttpRequest, *, products: Sequence[Any], title: str, back_url: str = ""
) -> HttpResponse:
    """The printable A4 sheets of shelf labels (name, stars, price, QR) for these products, at
    most MAX_LABELS of them: the one rendering of labels, for a product list here and a display
    point in shop.displays."""
    labels = [
        {"product": product, "qr": verification.qr_data_uri(verification.verification_url(product))}
        for product in products[:MAX_LABELS]
    ]
    pages = [labels[start : start + LABELS_PER_PAGE] for start in range(0, len(labels), LABELS_PER_PAGE)]
    context = {
        "labels": labels,
        "pages": pages,
        "omitted": max(len(products) - MAX_LABELS, 0),
        "title": title,
        "back_url": back_url,
    }
    return render(request, "oscar/catalogue/shelf_labels.html", context)


@login_required
def label_sheet(request: HttpRequest) -> HttpResponse:
    """Labels for the products named in `?products=12,7,30` (a fair booth's, say)."""
    ids = verification.parse_ids(request.GET.get("products", ""), limit=MAX_LABELS)
    if ids is None:
        message = _("Name the products as ?products= and their ids separated by commas (at most %(limit)s).")
        return HttpResponseBadRequest(
            message % {"limit": MAX_LABELS}, content_type="text/plain; charset=utf-8"
        )
    products = verification.label_products_by_ids(user=request.user, ids=ids)
    return label_sheet_render(request, products=products, title=_("Shelf labels"))
