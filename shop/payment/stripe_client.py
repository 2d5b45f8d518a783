"""A configured `stripe.StripeClient` (the library's client object; no module-level globals).

Settings (shop/settings/base.py, "payments"): STRIPE_SECRET_KEY is the API key; STRIPE_API_BASE,
when set, replaces Stripe's API address (tests and CI point it at stripe-mock on
http://127.0.0.1:12111). Use the v1 services: `get_client().v1.payment_intents.create(...)`.
"""

from __future__ import annotations

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Network retries for idempotent-safe requests (the library adds Idempotency-Key to POSTs).
MAX_NETWORK_RETRIES = 2


def is_enabled() -> bool:
    """True when both Stripe keys are configured, i.e. card payment is offered."""
    return bool(getattr(settings, "STRIPE_ENABLED", False))


def get_client(*, api_key: str | None = None, api_base: str | None = None) -> stripe.StripeClient:
    """A `stripe.StripeClient` for the configured account (or the given key and API address).

    Raises ImproperlyConfigured when no secret key is set: callers check `is_enabled()` first.
    """
    key = api_key or getattr(settings, "STRIPE_SECRET_KEY", None)
    if not key:
        raise ImproperlyConfigured("STRIPE_SECRET_KEY is not set: card payment is disabled.")
    base = (api_base or getattr(settings, "STRIPE_API_BASE", None) or "").rstrip("/")
    return stripe.StripeClient(
        key,
        # stripe-mock serves the whole API (file uploads too) on one address; unset keys keep
        # Stripe's own addresses.
        base_addresses={"api": base, "files": base} if base else None,
        max_network_retries=MAX_NETWORK_RETRIES,
    )
