"""Signing in follows `redirect_url` only to a page of ours; anything else goes home, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings
from oscar.test.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "mat-khau-rat-dai-2025"


@pytest.fixture
def shopper():
    return UserFactory(email="khach@example.vn", password=PASSWORD)


def sign_in(client, redirect_url: str):
    return client.post(
        LOGIN,
        {
            "login_submit": "1",
            "login-username": "khach@example.vn",
            "login-password": PASSWORD,
            "login-redirect_url": redirect_url,
        },
    )


@pytest.mark.parametrize("redirect_url", ["on", "basket", "//evil.example/", "https://evil.example/"])
def test_a_redirect_that_is_not_a_page_of_ours_goes_home(client, shopper, redirect_url):
    response = sign_in(client, redirect_url)

    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("redirect_url", ["/basket/", "/catalogue/?stars=5"])
def test_a_redirect_to_a_page_of_ours_is_followed(client, shopper, redirect_url):
    response = sign_in(client, redirect_url)

    assert (response.status_code, response["Location"]) == (302, redirect_url)
