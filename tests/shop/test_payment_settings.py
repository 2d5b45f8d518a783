"""Payment settings (shop/settings/payments.py): VietQR is offered when its account is set, hidden
when none of it is, and a mistyped account stops the start-up saying which variable is wrong.

Each case runs in a fresh interpreter with production settings: settings are read once per process.
"""

from __future__ import annotations

import pytest

from tests.shop.test_production_settings import load_settings, run

pytestmark = pytest.mark.once

ACCOUNT = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_ACCOUNT_NO": "1023456789",
    "VIETQR_ACCOUNT_NAME": "Hợp tác xã  Chợ OCOP",
    "VIETQR_WEBHOOK_TOKEN": "a-long-random-token-the-notification-service-sends",
}
# Whatever the environment running the tests holds (CI sets stripe-mock's keys): Stripe off here.
NO_STRIPE = {"STRIPE_SECRET_KEY": "", "STRIPE_PUBLISHABLE_KEY": ""}
SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.VIETQR_ENABLED, s.VIETQR_BANK_BIN, s.VIETQR_ACCOUNT_NO, repr(s.VIETQR_ACCOUNT_NAME), "
    "s.STRIPE_ENABLED)"
)


def test_vietqr_is_on_with_its_account_and_the_name_as_banks_show_it():
    result = run("-c", SHOW, **ACCOUNT, **NO_STRIPE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 970436 1023456789 'HOP TAC XA CHO OCOP' False"


def test_vietqr_is_off_without_its_variables():
    result = run("-c", SHOW, without=tuple(ACCOUNT), **NO_STRIPE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False None None None False"


def test_production_check_deploy_stays_clean_with_vietqr_and_stripe():
    stripe = {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_PUBLISHABLE_KEY": "pk_live_x"}

    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **ACCOUNT, **stripe)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"VIETQR_BANK_BIN": "97043"},
            "VIETQR_BANK_BIN must be the bank's 6-digit BIN (e.g. 970436 for Vietcombank), not '97043'.",
        ),
        ({"VIETQR_BANK_BIN": "Vietcombank"}, "VIETQR_BANK_BIN must be the bank's 6-digit BIN"),
        (
            {"VIETQR_ACCOUNT_NO": "0011-0019-3241"},
            "VIETQR_ACCOUNT_NO must be 1 to 19 letters or digits (no spaces or dashes), "
            "not '0011-0019-3241'.",
        ),
        ({"VIETQR_ACCOUNT_NO": "1" * 20}, "VIETQR_ACCOUNT_NO must be 1 to 19 letters or digits"),
        (
            {"VIETQR_ACCOUNT_NAME": ""},
            "VietQR bank transfer needs VIETQR_ACCOUNT_NAME too (or no VIETQR_ account variable).",
        ),
    ],
)
def test_a_wrong_vietqr_account_stops_the_start_up(overrides, message):
    result = load_settings(**{**ACCOUNT, **overrides})

    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"ImproperlyConfigured: {message}" in result.stderr


def test_a_bin_alone_stops_the_start_up_naming_what_is_missing():
    result = load_settings(without=tuple(ACCOUNT), VIETQR_BANK_BIN="970436")

    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: VietQR bank transfer needs VIETQR_ACCOUNT_NO, VIETQR_ACCOUNT_NAME too"
        in result.stderr
    )
