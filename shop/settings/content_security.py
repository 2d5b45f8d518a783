"""The Content-Security-Policy of the site (django-csp), built here and set in base.py.

The storefront runs the site's own script files and inline scripts carrying the response's nonce
(`nonce="{{ request.csp_nonce }}"`), nothing else: no inline event handlers, no eval. Images may be
data: URIs (Bootstrap's icons in Oscar's CSS), and come from where media live (`media_origins`)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE


def csp_hash(source: str) -> str:
    """A CSP source allowing exactly this inline text (a style attribute's value, here)."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


# Oscar's basket and order preview hide their form parts with style="display:none"; this exact
# declaration is allowed, no other inline style.
OSCAR_INLINE_STYLES = ["display:none"]


def site_policy(*, media_origins: list[str]) -> dict[str, Any]:
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF],
            "style-src-attr": [UNSAFE_HASHES, *map(csp_hash, OSCAR_INLINE_STYLES)],
            "img-src": [SELF, "data:", *media_origins],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


# The JSON API's answers (search.api) are data, never a document that loads or frames anything: the
# strictest policy (OWASP's for REST answers), the same for every answer, so it is built once.
def api_policy() -> dict[str, Any]:
    return {"PREFIXES": ("/api/",), "DIRECTIVES": {"default-src": [NONE], "frame-ancestors": [NONE]}}


# Added on the card step only (shop.checkout.views.CardPaymentView): Stripe.js and the frames of
# its Payment Element and 3-D Secure challenge (https://docs.stripe.com/security/guide#content-security-policy).
CARD_PAYMENT = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


# The back offices' exception (shop/csp.py), for signed-in staff and producers only. Wagtail's
# admin and Oscar's dashboard ship templates we do not own with inline scripts (date widgets, inline
# panels, Oscar's `onbodyload` blocks), inline event handlers (Oscar's image widget) and inline
# style attributes (Oscar's charts): under these prefixes scripts and styles may be inline (with no
# nonce, which would make browsers ignore 'unsafe-inline'), images may be blob: previews of uploads,
# and Wagtail's preview panel may frame the page it previews. Everything else stays the site's.
def back_office_policy(site: dict[str, Any]) -> dict[str, Any]:
    return {
        "PREFIXES": ("/cms/", "/dashboard/"),
        "DIRECTIVES": {
            "script-src": [SELF, UNSAFE_INLINE],
            "style-src": [SELF, UNSAFE_INLINE],
            "style-src-attr": [UNSAFE_INLINE],
            "img-src": [*site["DIRECTIVES"]["img-src"], "blob:"],
            "frame-ancestors": [SELF],
        },
    }
