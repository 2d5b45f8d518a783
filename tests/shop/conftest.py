"""Shop test fixtures: two producers' goods, Stripe unreachable or switched off (`stripe_settings` is
in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.shop.payment_helpers import two_producer_goods
from tests.shop.stripe_helpers import TEST_WEBHOOK_SECRET


@pytest.fixture
def goods():
    """Two producers' products in stock (payment_helpers.two_producer_goods); a module may define its own."""
    return two_producer_goods()


@pytest.fixture
def stripe_unreachable(settings):
    """Card payment on, but nothing listens where Stripe should answer (a closed local port)."""
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_ENABLED = True
    return settings


@pytest.fixture
def cash_only(settings):
    """No Stripe keys: only cash on delivery is offered."""
    settings.STRIPE_SECRET_KEY = None
    settings.STRIPE_PUBLISHABLE_KEY = None
    settings.STRIPE_ENABLED = False
    return settings
