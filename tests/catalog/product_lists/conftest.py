"""Provincial product lists: error texts are asserted in English."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Error texts are asserted in English; staff read them in Vietnamese (test_vietnamese_*)."""
    with translation.override("en"):
        yield
