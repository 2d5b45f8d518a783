"""Errors under /api/ are JSON {"error": reason} (400, 404, 405 and 500 alike); HTML elsewhere."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import path

from shop.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


def broken(request: HttpRequest):
    raise RuntimeError("an unhandled bug")


urlpatterns = [
    path("api/broken/", broken),
    path("broken/", broken),
    *site_urlpatterns,
]


@pytest.fixture
def with_broken_views(settings) -> None:
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize("url", ["/api/nope/", "/api/search/nope/", "/api/"])
def test_an_unknown_url_under_api_is_a_json_404(client, url):
    response = client.get(url)

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert list(response.json()) == ["error"]


def test_a_wrong_method_under_api_is_a_json_405_keeping_allow(client):
    response = client.post("/api/search/")

    assert (response.status_code, response["Content-Type"]) == (405, "application/json")
    assert response["Allow"] == "GET"
    assert response.json()["error"]


def test_an_unhandled_exception_under_api_is_a_json_500(with_broken_views):
    response = Client(raise_request_exception=False).get("/api/broken/")

    assert (response.status_code, response["Content-Type"]) == (500, "application/json")
    assert list(response.json()) == ["error"]


def test_pages_outside_api_keep_their_html_error_pages(client, with_broken_views):
    missing = client.get("/khong-co-trang-nay/")
    broken_page = Client(raise_request_exception=False).get("/broken/")

    assert (missing.status_code, missing["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert (broken_page.status_code, broken_page["Content-Type"]) == (500, "text/html; charset=utf-8")


def test_a_400_of_the_api_keeps_its_own_json(client):
    response = client.get("/api/search/", {"page": "0"})

    assert response.status_code == 400
    assert list(response.json()) == ["error", "parameter"]
