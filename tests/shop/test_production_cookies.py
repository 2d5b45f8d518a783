"""In production every cookie the site sets is Secure and HttpOnly (shop/settings/production.py)."""

from __future__ import annotations

import importlib
import re

import pytest
from django.http import HttpResponse
from django.urls import reverse
from oscar.apps.customer.history import CustomerHistoryManager

from tests.factories import sellable_product

pytestmark = pytest.mark.django_db

COOKIE_SETTING = re.compile(r"[A-Z_]+_COOKIE_(SECURE|HTTPONLY)")
EXPECTED = {
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "OSCAR_BASKET_COOKIE_SECURE",
    "OSCAR_RECENTLY_VIEWED_COOKIE_SECURE",
}


def production_cookie_settings(monkeypatch) -> dict[str, object]:
    """The cookie settings production.py declares (it needs its secrets in the environment)."""
    monkeypatch.setenv("SECRET_KEY", "test-only-" + "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "cho-ocop.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://ocop@127.0.0.1:5432/ocop")
    monkeypatch.setenv("SITE_URL", "https://cho-ocop.example")
    production = importlib.import_module("shop.settings.production")
    return {name: getattr(production, name) for name in dir(production) if COOKIE_SETTING.fullmatch(name)}


@pytest.fixture
def production_cookies(settings, monkeypatch) -> None:
    for name, value in production_cookie_settings(monkeypatch).items():
        setattr(settings, name, value)
    # Oscar reads the history cookie's flags once, when its module is imported (under production
    # settings, at start-up); here that import happened under the test settings.
    monkeypatch.setitem(
        CustomerHistoryManager.cookie_kwargs, "secure", settings.OSCAR_RECENTLY_VIEWED_COOKIE_SECURE
    )


def flags(response: HttpResponse) -> dict[str, tuple[bool, bool]]:
    """(Secure, HttpOnly) of each cookie the response sets (a deleted one carries nothing)."""
    return {
        name: (bool(morsel["secure"]), bool(morsel["httponly"]))
        for name, morsel in response.cookies.items()
        if morsel.value
    }


def test_production_sets_every_cookie_secure_and_httponly(monkeypatch):
    declared = production_cookie_settings(monkeypatch)

    assert set(declared) == EXPECTED
    assert all(value is True for value in declared.values())


@pytest.mark.usefixtures("production_cookies")
def test_basket_add_cookies_are_secure_and_httponly(client, settings):
    product = sellable_product(title="Chè Thái Nguyên")

    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1"})

    assert response.status_code == 302
    cookies = flags(response)
    assert settings.OSCAR_BASKET_COOKIE_OPEN in cookies
    assert cookies == dict.fromkeys(cookies, (True, True))


@pytest.mark.usefixtures("production_cookies")
def test_language_switch_cookie_is_secure_and_httponly(client, settings):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})

    assert response.status_code == 302
    cookies = flags(response)
    assert settings.LANGUAGE_COOKIE_NAME in cookies
    assert cookies == dict.fromkeys(cookies, (True, True))


@pytest.mark.usefixtures("production_cookies")
def test_product_page_cookies_are_secure_and_httponly(client, settings):
    product = sellable_product(title="Mật ong hoa nhãn")

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    cookies = flags(response)
    assert {settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME, settings.CSRF_COOKIE_NAME} <= set(cookies)
    assert cookies == dict.fromkeys(cookies, (True, True))


def test_without_production_settings_the_history_cookie_is_not_secure(client, settings):
    """The check above can fail: under the test settings Oscar's cookies are plain."""
    product = sellable_product(title="Mật ong hoa nhãn")

    response = client.get(product.get_absolute_url())

    assert flags(response)[settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME] == (False, True)
