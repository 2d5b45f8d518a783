"""Every screen of both back offices opens for every role, and none answers 5xx.

Nothing here lists screens by hand. The screens are found three ways:
- the URL resolver: every admin route without parameters;
- every Wagtail page type's add view under each allowed parent and its edit view, and every
  snippet's add and edit view (a page type or snippet with no instance in the data fails the test:
  a future one is covered, or the test says what to add);
- a walk of each role's own admin: every link on every screen it can open, following each route
  (and each page type, for page routes) once.
Then every role opens every screen any role found: a screen it may not use answers 302, 403, 404
or 405 — never 5xx — and the admin pages load nothing from another host (the admin works offline).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from tests.site_walk import client_for, route_key, site_world, walk

pytestmark = [pytest.mark.django_db, pytest.mark.walk]

ADMIN_PREFIXES = ("/cms/", "/dashboard/")


def in_admin(url: str) -> bool:
    return url.startswith(ADMIN_PREFIXES)


@pytest.fixture
def world() -> dict:
    return site_world()


# ---------------------------------------------------------------- finding the screens


def resolver_screens() -> set[str]:
    """Every admin route with no parameters."""
    found: set[str] = set()

    def walk(patterns: Iterable, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("^") or "(?P" in route or "\\" in route:
                continue  # regular-expression routes take parameters
            path = prefix + route
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, path)
            elif isinstance(pattern, URLPattern) and "<" not in path:
                found.add("/" + path)

    walk(get_resolver().url_patterns, "")
    return {url for url in found if url.startswith(ADMIN_PREFIXES)}


def editor_screens() -> dict[str, bool]:
    """Each page type's add view under every allowed parent type and its edit view, each snippet's
    add and edit view: URL → whether a superuser may use it (a page type at its max_count may not)."""
    screens: dict[str, bool] = {}
    for model in get_page_models():
        if model is Page:
            continue
        instance = model.objects.first()
        assert instance is not None, f"add a {model.__name__} to the smoke data (sample_pages)"
        screens[reverse("wagtailadmin_pages:edit", args=(instance.pk,))] = True
        meta = model._meta
        for parent_model in model.allowed_parent_page_models():
            for parent in parent_model.objects.all()[:1]:
                url = reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk))
                screens[url] = model.can_create_at(parent)
    finder = AdminURLFinder()
    for model in get_snippet_models():
        screens[reverse(model.snippet_viewset.get_url_name("add"))] = True
        instance = model.objects.first()
        assert instance is not None, f"add a {model.__name__} to the smoke data"
        screens[finder.get_edit_url(instance)] = True
    return screens


# ---------------------------------------------------------------- the test


def test_every_admin_screen_opens_for_every_role_without_a_server_error(world, capsys):
    starts = resolver_screens() | set(editor_screens()) | set(ADMIN_PREFIXES)
    walks = {role: walk(client_for(user), starts, in_admin) for role, user in world["roles"].items()}
    # Then each role opens, once per route, what the others found.
    for role, user in world["roles"].items():
        client = client_for(user)
        opened = {route_key(url, with_query=False) for url in walks[role].statuses}
        for url in sorted(set().union(*(w.statuses for w in walks.values()))):
            key = route_key(url, with_query=False)
            if key not in opened:
                opened.add(key)
                walks[role].open(client, url)

    with capsys.disabled():
        for role, result in walks.items():
            counts = dict(sorted(Counter(result.statuses.values()).items()))
            slowest = ", ".join(f"{url} {seconds:.2f} s" for seconds, url in result.slowest)
            opened = len(result.statuses)
            print(f"\nadmin smoke: {role}: {opened} URLs, {result.seconds:.0f} s, statuses {counts}")
            print(f"  slowest: {slowest}")
    errors = {role: result.errors for role, result in walks.items() if result.errors}
    assert errors == {}
    assert {role: w.remote_assets for role, w in walks.items() if w.remote_assets} == {}
    public = {url for url, status in walks["anonymous"].statuses.items() if status == 200}
    for role in ("producer", "customer"):
        opened = {url for url, status in walks[role].statuses.items() if status == 200}
        assert {url for url in opened - public if url.startswith("/cms/")} == set(), (
            f"{role} in Wagtail admin"
        )
    usable = {url for url, ok in editor_screens().items() if ok}
    assert {url: walks["superuser"].statuses[url] for url in usable} == dict.fromkeys(usable, 200)
    # Trade-promotion staff edit every page below the home page (and the home page itself).
    page_editors = {url for url in usable if url.startswith("/cms/pages/")}
    promo = walks["trade promotion staff"].statuses
    assert {url: promo[url] for url in page_editors} == dict.fromkeys(page_editors, 200)
