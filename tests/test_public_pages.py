"""Every public page opens for every role without a server error; none is listed by hand.

The walk starts at the home page and every public route without parameters (from the URL
resolver), then follows every same-site link outside the two back offices, each route once per set
of query parameter names. It runs as a visitor, a customer, a producer, trade-promotion staff and a
superuser: what a signed-in role sees differs (basket, account links, dashboard links).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page, get_page_models

from catalog.verification import verification_path
from tests.site_walk import client_for, site_world, walk

pytestmark = pytest.mark.django_db

BACK_OFFICES = ("/cms/", "/dashboard/", "/django-admin/", "/admin/")
ROLES = ("anonymous", "customer", "producer", "trade promotion staff", "superuser")


def public(url: str) -> bool:
    return not url.startswith(BACK_OFFICES)


def public_routes() -> set[str]:
    """Every public route with no parameters."""
    found: set[str] = set()

    def visit(patterns: Iterable, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("^") or "(?P" in route or "\\" in route:
                continue  # regular-expression routes take parameters
            if isinstance(pattern, URLResolver):
                visit(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "<" not in prefix + route:
                found.add("/" + prefix + route)

    visit(get_resolver().url_patterns, "")
    return {url for url in found if public(url)}


def test_every_public_page_opens_for_every_role(capsys):
    world = site_world()
    starts = {"/"} | public_routes()
    walks = {role: walk(client_for(world["roles"][role]), starts, public) for role in ROLES}

    with capsys.disabled():
        for role, result in walks.items():
            counts = dict(sorted(Counter(result.statuses.values()).items()))
            print(f"\npublic walk: {role}: {len(result.statuses)} URLs, {result.seconds:.0f} s, {counts}")
    assert {role: result.errors for role, result in walks.items() if result.errors} == {}
    assert {role: w.remote_assets for role, w in walks.items() if w.remote_assets} == {}
    # The walk reached the pages people come for, as a visitor.
    opened = {url for url, status in walks["anonymous"].statuses.items() if status == 200}
    pages = [page.specific for page in Page.objects.live().filter(depth__gt=1)]
    assert {page.url for page in pages} <= opened, "a live page is not linked from the site"
    assert {world["product"].get_absolute_url(), world["producer"].get_absolute_url()} <= opened
    # The certificate check and its QR, linked from the product page's certificate panel.
    check = verification_path(world["product"])
    assert {check, f"{check}qr.svg", f"{check}qr.png"} <= opened
    assert {model for model in get_page_models() if model is not Page} == {type(p) for p in pages}
