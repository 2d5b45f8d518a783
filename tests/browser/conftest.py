"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every browser context records the Content-Security-Policy violations of every page and frame it
opens; a test that caused one fails at teardown. So every journey also checks the policy.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls from the
# test body are still synchronous, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Runs in every frame before the page's own scripts (Playwright's init scripts are not subject to
# the page's policy); reports each violation through the binding below.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation({
    page: location.pathname,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
}));
"""


class CspWatchingBrowser:
    """The Playwright browser; each context it opens records CSP violations in `violations`."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.violations: list[dict[str, str]] = []

    def new_context(self, **kwargs: Any) -> Any:
        context = self.browser.new_context(**kwargs)
        context.expose_function("reportCspViolation", lambda violation: self.violations.append(violation))
        context.add_init_script(CSP_LISTENER)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self.browser, name)


@pytest.fixture
def browser(chromium_path: str) -> Iterator[CspWatchingBrowser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = CspWatchingBrowser(
            playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        )
        yield browser
        browser.close()
        assert browser.violations == [], "Content-Security-Policy violations:\n" + "\n".join(
            map(str, browser.violations)
        )


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
    # ORM calls made while Playwright runs get their own connection (Playwright switches
    # greenlets, and Django's connections are per context): close it, or PostgreSQL refuses
    # to drop the test database at the end of the run.
    connections.close_all()
