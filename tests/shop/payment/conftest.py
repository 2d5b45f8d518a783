"""Payment state-machine fixtures: webhooks signed with the test secret, no Stripe needed."""

from __future__ import annotations

import pytest

from tests.shop.stripe_helpers import TEST_WEBHOOK_SECRET


@pytest.fixture
def webhook_secret(settings):
    """Webhooks verified with the secret the test helpers sign with; Stripe's API unreachable
    (a closed local port), so nothing here can reach a real or mock Stripe by accident."""
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    return settings
