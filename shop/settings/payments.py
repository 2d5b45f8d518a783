"""Payment settings, imported by base.py: cards through Stripe, and VietQR bank transfers to the
operator's own account. Each method is offered when its variables are set, hidden otherwise."""

from __future__ import annotations

import re

from anyascii import anyascii
from django.core.exceptions import ImproperlyConfigured

from .environment import env

# ---------------------------------------------------------------- Stripe
# Card payments through Stripe PaymentIntents. Unset: card payment is hidden and only cash on
# delivery is offered. The operator's Stripe account sits in a country Stripe supports (Stripe
# does not onboard Vietnam-registered businesses); amounts are in whole đồng (VND is zero-decimal).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
# The webhook endpoint's signing secret (whsec_…): events without a valid signature are refused.
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
# Unset: Stripe's own API. Tests and CI point it at stripe-mock (http://127.0.0.1:12111).
STRIPE_API_BASE = env("STRIPE_API_BASE")
STRIPE_ENABLED = bool(STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY)

# ---------------------------------------------------------------- VietQR bank transfer
# The account buyers transfer to by scanning a VietQR code (NAPAS 24/7): the bank's 6-digit BIN
# (970436 Vietcombank, 970415 VietinBank…; shop/payment/data/banks.csv names them), the account
# number, and the holder's name as banking apps show it (upper-case ASCII; "Hợp tác xã Chợ OCOP"
# is shown "HOP TAC XA CHO OCOP"). All three unset: the method is hidden. Checked here, so a
# mistyped account stops the start-up instead of showing buyers a code their bank refuses.
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN")
VIETQR_ACCOUNT_NO = env("VIETQR_ACCOUNT_NO")
VIETQR_ACCOUNT_NAME = " ".join(anyascii(env("VIETQR_ACCOUNT_NAME") or "").upper().split()) or None
# The secret a transfer-notification service (SePay, Casso…) sends with each incoming transfer.
VIETQR_WEBHOOK_TOKEN = env("VIETQR_WEBHOOK_TOKEN")

_VIETQR_ACCOUNT = {
    "VIETQR_BANK_BIN": VIETQR_BANK_BIN,
    "VIETQR_ACCOUNT_NO": VIETQR_ACCOUNT_NO,
    "VIETQR_ACCOUNT_NAME": VIETQR_ACCOUNT_NAME,
}
if any(_VIETQR_ACCOUNT.values()) and not all(_VIETQR_ACCOUNT.values()):
    _missing = ", ".join(name for name, value in _VIETQR_ACCOUNT.items() if not value)
    raise ImproperlyConfigured(f"VietQR bank transfer needs {_missing} too (or no VIETQR_ account variable).")
if VIETQR_BANK_BIN and not re.fullmatch(r"\d{6}", VIETQR_BANK_BIN):
    raise ImproperlyConfigured(
        "VIETQR_BANK_BIN must be the bank's 6-digit BIN (e.g. 970436 for Vietcombank), "
        f"not {VIETQR_BANK_BIN!r}."
    )
if VIETQR_ACCOUNT_NO and not re.fullmatch(r"[0-9A-Za-z]{1,19}", VIETQR_ACCOUNT_NO):
    raise ImproperlyConfigured(
        "VIETQR_ACCOUNT_NO must be 1 to 19 letters or digits (no spaces or dashes), "
        f"not {VIETQR_ACCOUNT_NO!r}."
    )
VIETQR_ENABLED = all(_VIETQR_ACCOUNT.values())
