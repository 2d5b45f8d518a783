"""Vietnamese first, English on request."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_even_for_an_english_browser(client):
    response = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.content.decode()


def test_choosing_english_switches_the_site_and_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})
    assert response.status_code == 302

    page = client.get("/catalogue/")

    assert page.headers["Content-Language"] == "en"
    assert '<html lang="en"' in page.content.decode()


def test_unknown_language_choice_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"

    response = client.get("/catalogue/")

    assert response.headers["Content-Language"] == "vi"
