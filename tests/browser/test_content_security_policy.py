"""The Content-Security-Policy in Chromium: the storefront, the card step and both back offices run
under it without a single violation, and a script the page did not vouch for is refused.

Violations are recorded for every page by the `browser` fixture (tests/browser/conftest.py), which
also fails any browser test that caused one; here each screen is opened on purpose and its header
read, so the checks cannot pass because a policy went missing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model

from tests.browser.checkout_steps import checkout_from_basket
from tests.factories import PartnerFactory, sellable_product

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-123456789"


@pytest.fixture
def honey():
    return sellable_product(
        title="Mật ong bạc hà Mèo Vạc", producer=PartnerFactory(name="HTX Ong Mèo Vạc"), price=250000
    )


def open_screen(page: Page, url: str) -> str:
    """Go to `url`, let its scripts run; its Content-Security-Policy header."""
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")
    policy = response.header_value("Content-Security-Policy")
    assert policy, f"{url} has no Content-Security-Policy"
    return policy


def reported(browser, page: Page, seconds: float = 5.0) -> list[dict[str, str]]:
    """The violations recorded so far, once at least one has arrived (or `seconds` have passed)."""
    deadline = time.monotonic() + seconds
    while not browser.violations and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the page's reports
    return browser.violations


def test_the_storefront_runs_its_scripts_under_the_policy(browser, page, honey):
    for url in ("/", honey.get_absolute_url(), "/catalogue/", "/search/?q=mat+ong"):
        assert "'unsafe-inline'" not in open_screen(page, url)
    page.goto(honey.get_absolute_url())
    page.locator("form.buy-box__form [type=submit]").click()
    page.wait_for_load_state()
    open_screen(page, "/basket/")
    # The inline scripts ran: base.html's marks the page as scripted, layout.html's starts Oscar's UI.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert page.evaluate("typeof window.oscar === 'object'")
    page.wait_for_timeout(300)
    assert browser.violations == []


def test_a_script_without_the_nonce_is_refused_and_reported(browser, page, honey):
    open_screen(page, honey.get_absolute_url())
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )

    violations = reported(browser, page)
    assert page.evaluate("window.injected === undefined")
    assert [(v["page"], v["directive"], v["blocked"]) for v in violations] == [
        (honey.get_absolute_url(), "script-src-elem", "inline")
    ]
    browser.violations.clear()  # expected here: the fixture's own check must not fail the test


def test_the_card_step_allows_stripe_and_nothing_else_from_outside(browser, page, honey, stripe_settings):
    # No internet here or in CI: Stripe.js is refused by the network, not by the policy.
    page.route("https://js.stripe.com/**", lambda route: route.abort("internetdisconnected"))
    page.goto(honey.get_absolute_url())
    page.locator("form.buy-box__form [type=submit]").click()
    page.wait_for_load_state()
    checkout_from_basket(page, payment="card")
    page.wait_for_url("**/checkout/card/")

    policy = open_screen(page, "/checkout/card/")
    assert "https://js.stripe.com" in policy and "'unsafe-inline'" not in policy
    page.wait_for_function("document.querySelector('#card-errors').textContent.length > 0")
    assert browser.violations == []


def test_both_back_offices_open_under_their_policy(browser, page, honey):
    get_user_model().objects.create_superuser("admin", "admin@cho-ocop.local", PASSWORD)
    page.goto("/accounts/login/?next=/dashboard/")
    page.fill("input[name=login-username]", "admin@cho-ocop.local")
    page.fill("input[name=login-password]", PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.wait_for_url("**/dashboard/")

    for url in ("/dashboard/", "/dashboard/catalogue/", f"/dashboard/catalogue/products/{honey.pk}/"):
        open_screen(page, url)
    for url in ("/cms/", "/cms/pages/", "/cms/images/", "/cms/snippets/"):
        open_screen(page, url)
    open_screen(page, honey.get_absolute_url())  # the storefront with Wagtail's user bar
    page.wait_for_timeout(300)
    assert browser.violations == []
