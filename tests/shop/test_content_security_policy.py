"""The Content-Security-Policy header: on every kind of response, strict on the storefront, Stripe
on the card step only, the back offices' exception under their prefixes; and every inline script
the storefront renders carries the response's nonce (checked on a walk of the site, so a future
template that forgets it fails here)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.shop.payment_helpers import card_checkout, two_producer_goods
from tests.site_walk import site_world, walk

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
BACK_OFFICES = ("/cms/", "/dashboard/", "/django-admin/", "/admin/")
NOT_EXECUTED = {"application/json", "application/ld+json", "text/template", "text/html"}


def directives(response) -> dict[str, list[str]]:
    """The response's policy as {directive: sources}."""
    policy = response[HEADER]
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


class InlineCode(HTMLParser):
    """What a page runs or styles inline: scripts without the nonce, event handlers, javascript:
    URLs, and style attributes the policy does not list."""

    def __init__(self, nonce: str | None) -> None:
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        executed = tag == "script" and not values.get("src") and values.get("type") not in NOT_EXECUTED
        if executed and (not self.nonce or values.get("nonce") != self.nonce):
            self.problems.append(f"<script> without the response's nonce at line {self.getpos()[0]}")
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"inline handler {name}={value!r} on <{tag}>")
            elif name in {"href", "action", "src"} and url.startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")
            elif name == "style" and value not in settings.OSCAR_INLINE_STYLES:
                self.problems.append(f"style={value!r} on <{tag}>")


def inline_problems(response) -> list[str]:
    nonce = re.search(r"'nonce-([^']+)'", response.get(HEADER, ""))
    parser = InlineCode(nonce.group(1) if nonce else None)
    parser.feed(response.content.decode())
    return parser.problems


class PolicyCheckingClient(Client):
    """A test client noting, for every HTML page it opens, a missing header and inline code the
    storefront's policy would refuse."""

    def __init__(self, **kwargs) -> None:
        super().__init__(raise_request_exception=False, **kwargs)
        self.problems: dict[str, list[str]] = {}

    def request(self, **request):
        response = super().request(**request)
        if "html" in response.get("Content-Type", "") and response.status_code == 200:
            found = [] if HEADER in response else ["no Content-Security-Policy header"]
            found += inline_problems(response)
            if found:
                self.problems[request["PATH_INFO"]] = found
        return response


@pytest.fixture
def world():
    return site_world()


@pytest.mark.parametrize("role", ["anonymous", "customer", "producer"])
def test_every_storefront_page_runs_only_nonced_inline_scripts(world, role):
    client = PolicyCheckingClient()
    if (user := world["roles"][role]) is not None:
        client.force_login(user)
    starts = {"/", world["product"].get_absolute_url(), world["producer"].get_absolute_url(), "/basket/"}

    result = walk(client, starts, lambda url: not url.startswith(BACK_OFFICES))

    assert client.problems == {}
    assert sum(status == 200 for status in result.statuses.values()) >= 20, "the walk opened too little"


@pytest.mark.parametrize("url", ["/", "/catalogue/", "/basket/"])
def test_storefront_answers_carry_the_strict_policy(client, world, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert not any("stripe" in source for sources in policy.values() for source in sources)


@pytest.mark.parametrize(
    "url", ["/api/search/?q=che", "/api/search/suggest/?q=ch", "/api/search/?page=0", "/api/no-such-thing/"]
)
def test_api_answers_carry_the_policy_that_allows_nothing(client, world, url):
    response = client.get(url)

    assert response["Content-Type"].startswith("application/json")
    assert directives(response) == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


def test_a_product_page_allows_its_inline_scripts_by_this_response_nonce(client, world):
    first = client.get(world["product"].get_absolute_url())
    second = client.get(world["product"].get_absolute_url())

    nonces = [re.search(r"'nonce-([^']+)'", r[HEADER]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    assert f'nonce="{nonces[0]}"' in first.content.decode()
    assert directives(first)["script-src"] == ["'self'", f"'nonce-{nonces[0]}'"]


def test_error_pages_carry_the_policy(client, world):
    assert HEADER in client.get("/no-such-page/")
    assert HEADER in client.get("/api/search/?page=0")


def test_the_card_step_alone_adds_stripe(client, stripe_settings):
    card_checkout(client, two_producer_goods())

    response = client.get(reverse("checkout:card-payment"))

    assert response.status_code == 200
    policy = directives(response)
    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= set(policy["script-src"])
    assert set(policy["frame-src"]) == {
        "https://js.stripe.com",
        "https://*.js.stripe.com",
        "https://hooks.stripe.com",
    }
    assert policy["connect-src"] == ["'self'", "https://api.stripe.com"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert inline_problems(response) == []


@pytest.mark.parametrize("url", ["/cms/login/", "/dashboard/login/"])
def test_the_back_offices_have_their_exception_and_nothing_more(client, url):
    response = client.get(url, follow=True)

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
