"""Certificate check by QR (truy xuất nguồn gốc): a product's stable public code, the product
behind a code, its QR code, and which products a user may print shelf labels for."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from oscar.core.loading import get_model

from .querysets import producer_products_q

Product = get_model("catalogue", "Product")
CertificateClaim = get_model("catalogue", "CertificateClaim")

# A UPC of these characters is the code (the importers derive "OCOP-3F9A0C1D2E4B" from the row's
# natural key, so it survives re-imports and rebuilt databases). A product without such a UPC
# (a producer's own, or a UPC typed with "/" or spaces) is "sp-<id>" instead: ids survive
# re-imports too, and no UPC-based code starts with "sp-", so the two never name different goods.
CODE_REGEX = "[A-Za-z0-9_-]{1,64}"
FALLBACK_PREFIX = "sp-"
_UPC_CODE = re.compile(rf"\A(?!{FALLBACK_PREFIX}){CODE_REGEX}\Z", re.IGNORECASE)
_FALLBACK_CODE = re.compile(rf"\A{FALLBACK_PREFIX}([1-9][0-9]{{0,17}})\Z")


class CodeConverter:
    """Path converter for verification codes: URL-safe as they stand."""

    regex = CODE_REGEX

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def verification_code(product: Any) -> str:
    """The product's code on its QR and in `/xac-thuc/<code>/`."""
    if product.upc and _UPC_CODE.match(product.upc):
        return product.upc
    return f"{FALLBACK_PREFIX}{product.pk}"


def has_certificate(product: Any) -> bool:
    """Whether the product carries any OCOP certificate data worth a QR code."""
    return bool(product.stars or product.expires_on or product.certificate_number or product.decision_number)


def verification_path(product: Any) -> str:
    return reverse("verification:detail", kwargs={"code": verification_code(product)})


def verification_url(product: Any) -> str:
    """The absolute address a printed QR code carries (settings.SITE_URL: labels outlive requests)."""
    return settings.SITE_URL.rstrip("/") + verification_path(product)


def product_for_verification(*, code: str) -> Any | None:
    """The listed product a code names, with its producer, province and `last_checked_at` (when
    staff last verified its certificate claim, else None); None for an unknown code."""
    last_check = (
        CertificateClaim.objects.filter(
            product=OuterRef("pk"), status=CertificateClaim.Status.VERIFIED, checked_at__isnull=False
        )
        .order_by("-checked_at")
        .values("checked_at")[:1]
    )
    products = (
        Product.objects.browsable()
        .select_related("producer", "province")
        .annotate(last_checked_at=Subquery(last_check))
    )
    fallback = _FALLBACK_CODE.match(code)
    if fallback:
        # Also once the product has a UPC (and so another code): old labels still find it.
        return products.filter(pk=int(fallback.group(1))).first()
    return products.filter(upc=code).first()


def qr_code(data: str) -> segno.QRCode:
    """A QR code of the text; level M (15 % of it may be scuffed or covered and still read)."""
    return segno.make_qr(data, error="m")


def qr_svg(data: str) -> bytes:
    out = BytesIO()
    qr_code(data).save(out, kind="svg", scale=4, border=4, xmldecl=False, dark="#000", light="#fff")
    return out.getvalue()


def qr_png(data: str, *, scale: int = 8) -> bytes:
    out = BytesIO()
    qr_code(data).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_data_uri(data: str) -> str:
    """The QR as an SVG `data:` URI, for pages that print many codes at once (shelf labels)."""
    return qr_code(data).svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def label_products_scope(*, user: Any) -> Q:
    """Which products a user may print shelf labels for: staff every one, a producer's dashboard
    user its own stall's (the dashboard's rule); PermissionDenied for anyone else."""
    if user.is_staff:
        return Q()
    if user.has_perm("partner.dashboard_access") and user.partners.exists():
        return producer_products_q(user)
    raise PermissionDenied


def label_products_by_ids(*, user: Any, ids: list[int]) -> list[Any]:
    """The listed products of the ids in the given order, ready for labels; PermissionDenied if
    any of them is not the user's to print (another stall's product)."""
    scope = label_products_scope(user=user)
    products = Product.objects.for_listing().filter(pk__in=ids)
    allowed = set(products.prefetch_related(None).filter(scope).values_list("pk", flat=True))
    by_id = {product.pk: product for product in products}
    if set(by_id) - allowed:
        raise PermissionDenied
    return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


def label_products_of(*, user: Any, products: QuerySet) -> list[Any]:
    """Those of the products (a display point's, say) the user may print labels for, by title."""
    scope = label_products_scope(user=user)
    chosen = products.filter(scope).values("pk")
    return list(Product.objects.for_listing().filter(pk__in=chosen).order_by("title", "pk"))


def parse_ids(text: str, *, limit: int) -> list[int] | None:
    """ "12,7,30" → [12, 7, 30]; None when it is not such a list or names more than `limit`."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or len(parts) > limit or not all(part.isdigit() and len(part) <= 18 for part in parts):
        return None
    return [int(part) for part in parts]


def may_print_labels(*, user: Any, product: Any) -> bool:
    """Whether the user may print this product's shelf label (offered on its verification page)."""
    if not user.is_authenticated:
        return False
    try:
        scope = label_products_scope(user=user)
    except PermissionDenied:
        return False
    return Product.objects.filter(scope, pk=product.pk).exists()
