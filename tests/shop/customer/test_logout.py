"""Signing out takes a POST with its CSRF token: a GET (a link on another site) only asks."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from oscar.test.factories import UserFactory
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

LOGOUT = "/accounts/logout/"


@pytest.fixture
def shopper():
    return UserFactory(email="khach@example.vn")


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_logout_url_is_oscar_customer_logout():
    assert reverse("customer:logout") == LOGOUT


def test_get_logout_shows_a_post_form_and_does_not_sign_out(client, shopper):
    client.force_login(shopper)

    response = client.get(LOGOUT)

    assert response.status_code == 200
    assert signed_in(client)
    assertContains(response, f'<form id="logout-form" method="post" action="{LOGOUT}">')
    assertContains(response, 'name="csrfmiddlewaretoken"')
    assert client.get(reverse("customer:profile-view")).status_code == 200


def test_post_logout_signs_out_and_goes_home(client, shopper):
    client.force_login(shopper)

    response = client.post(LOGOUT)

    assert (response.status_code, response.url) == (302, "/")
    assert not signed_in(client)
    assert client.get(reverse("customer:profile-view")).status_code == 302  # to the sign-in page


def test_post_logout_without_csrf_token_is_refused_and_keeps_the_session(shopper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shopper)

    response = client.post(LOGOUT)

    assert response.status_code == 403
    assert signed_in(client)


def test_the_footer_signs_out_with_a_post_form_not_a_link(client, shopper):
    client.force_login(shopper)

    response = client.get("/catalogue/")

    assertContains(
        response, f'<form class="site-footer__logout" action="{LOGOUT}" method="post">', html=False
    )
    assertNotContains(response, f'href="{LOGOUT}"')


def test_the_confirmation_page_for_an_anonymous_visitor_offers_sign_in(client):
    response = client.get(LOGOUT)

    assert response.status_code == 200
    assertNotContains(response, 'id="logout-form"')
    assertContains(response, f'href="{reverse("customer:login")}"')


@pytest.mark.parametrize("url", ["/dashboard/logout/", "/cms/logout/"])
def test_dashboard_and_cms_sign_out_by_post_only(client, url):
    """Wagtail's own view answered a GET with 405 but deleted the session cookie all the same."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(url).status_code == 405
    assert signed_in(client)

    assert client.post(url).status_code == 302
    assert not signed_in(client)
